"""Closing a meeting: `n` on the last section asks, proposing the next meeting on a working day
(editable; escape keeps the meeting open), and a meeting begun by mistake can be abandoned."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any

from config import load_config
from storage.service.chair import ChairService
from tests.tui.conftest import SAMPLE, TODAY
from tests.tui.helpers import press, ready, screen_text, type_text
from tests.tui.test_meeting_extras import palette
from tui.screens.closing import CloseMeetingForm
from tui.screens.meeting import MeetingScreen
from tui.screens.minutes import MinutesScreen

FRIDAY = dt.date(2026, 12, 18)
"""A weekly meeting on this day meets next on Christmas Day by its cadence alone."""


def weekly_on_its_last_section(tmp_path: Path) -> int:
    """The weekly operations meeting held on FRIDAY, its chair on Any other business."""
    chair = ChairService(load_config(SAMPLE), str(tmp_path / "chair.db"), TODAY, "spatel")
    meeting = chair.meetings.start("weekly-ops", date=FRIDAY)
    chair.sections.save_position(meeting.id, len(meeting.sections) - 1, 0, 60)
    chair.close()
    return meeting.id


def stored(tmp_path: Path, meeting_id: int) -> tuple[str, str | None]:
    with sqlite3.connect(tmp_path / "chair.db") as db:
        row = db.execute(
            "SELECT state, next_meeting FROM meetings WHERE id = ?", (meeting_id,)
        ).fetchone()
    return row[0], row[1]


async def test_n_on_the_last_section_asks_and_escape_keeps_the_meeting(
    app_factory: Any, tmp_path: Path
) -> None:
    meeting_id = weekly_on_its_last_section(tmp_path)
    app = app_factory()
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await press(pilot, "r")
        assert isinstance(app.screen, MeetingScreen)
        await press(pilot, "n")
        form = app.screen
        assert isinstance(form, CloseMeetingForm)
        said = str(form.query_one("#proposed").render())
        # 25 December is Christmas Day: the first working day after it (28th: Boxing Day's
        # substitute) is Tuesday 29 December.
        assert "Proposed next meeting: Tuesday 29 December 2026 (weekly" in said
        await press(pilot, "escape")
        assert isinstance(app.screen, MeetingScreen)
        assert app.screen.section_index == len(app.screen.meeting.sections) - 1
        assert stored(tmp_path, meeting_id) == ("in progress", None)
        # A bank holiday typed is refused beside the field; another working day is kept.
        await press(pilot, "n")
        await type_text(pilot, "28/12")
        await press(pilot, "enter")
        assert isinstance(app.screen, CloseMeetingForm)
        error = str(app.screen.query_one("#next_meeting-error").render())
        assert "Monday 28 December 2026 is a bank holiday: choose a working day" in error
        assert stored(tmp_path, meeting_id) == ("in progress", None)
        await press(pilot, "ctrl+u")
        await type_text(pilot, "wed")
        await press(pilot, "ctrl+s")
        for _ in range(100):
            if isinstance(app.screen, MinutesScreen):
                break
            await pilot.pause(0.05)
        assert isinstance(app.screen, MinutesScreen)
    assert stored(tmp_path, meeting_id) == ("closed", "2026-12-23")


async def test_enter_closes_with_the_proposed_date(app_factory: Any, tmp_path: Path) -> None:
    meeting_id = weekly_on_its_last_section(tmp_path)
    app = app_factory()
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await press(pilot, "r", "n", "enter")
        for _ in range(100):
            if isinstance(app.screen, MinutesScreen):
                break
            await pilot.pause(0.05)
        assert isinstance(app.screen, MinutesScreen)
        assert "## Next meeting\n\nTuesday 29 December 2026" in app.screen.markdown
    assert stored(tmp_path, meeting_id) == ("closed", "2026-12-29")


async def until(pilot: Any, check: Any) -> None:
    for _ in range(200):
        if check():
            return
        await pilot.pause(0.05)
    raise AssertionError("never happened")


async def test_a_meeting_begun_by_mistake_is_abandoned_from_the_palette(
    app_factory: Any, tmp_path: Path
) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await press(pilot, "s", "escape")  # the daily huddle, by mistake; attendance later
        assert isinstance(app.screen, MeetingScreen)
        meeting_id = app.screen.meeting.id
        await palette(pilot, "Abandon this meeting")
        assert "Abandon this meeting?" in screen_text(app)
        await press(pilot, "n")  # kept
        assert isinstance(app.screen, MeetingScreen) and not app.screen.closed
        await palette(pilot, "Abandon this meeting")
        await press(pilot, "y")
        await until(pilot, lambda: not isinstance(app.screen, MeetingScreen))
        await until(pilot, lambda: "No meeting in progress." in screen_text(app))
    with sqlite3.connect(tmp_path / "chair.db") as db:
        assert db.execute(
            "SELECT count(*) FROM meetings WHERE id = ?", (meeting_id,)
        ).fetchone() == (0,)


async def test_a_meeting_with_an_entry_is_closed_as_abandoned(
    app_factory: Any, tmp_path: Path
) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await press(pilot, "s", "escape", "o")
        await type_text(pilot, "Flu clinic rota")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, MeetingScreen)
        meeting_id = app.screen.meeting.id
        await palette(pilot, "Abandon this meeting")
        await press(pilot, "y")
        await until(pilot, lambda: isinstance(app.screen, MinutesScreen))
        assert isinstance(app.screen, MinutesScreen)
        assert "**This meeting was abandoned at section 1 (This week)" in app.screen.markdown
    assert stored(tmp_path, meeting_id)[0] == "closed"
