"""`d` on Previous minutes and `m` open filled at once (the minutes read ahead), and never show
minutes older than the last change the screen made."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sample.history import seed_history
from storage.service.chair import ChairService
from tests.tui.conftest import TODAY
from tests.tui.helpers import press, ready, settle, type_text
from tests.tui.test_meeting_walk import meeting, start_monthly
from tui.screens.meeting import MeetingScreen
from tui.screens.meeting.prepared import PreparedMinutes
from tui.screens.minutes import MinutesScreen
from tui.screens.previous_minutes import PreviousMinutesScreen


def prepared(screen: MeetingScreen) -> PreparedMinutes:
    return screen.minutes.prepared


async def read_ahead(pilot: Any, screen: MeetingScreen, meeting_id: int, words: str = "") -> None:
    """The preview is read a moment after the meeting opens (or changes), in the screen's
    outbox: wait until it has been read (with `words` in it), not for a fixed time."""
    for _ in range(600):
        kept = prepared(screen).get(meeting_id)
        if kept is not None and words in kept[0]:
            await settle(pilot)
            return
        await pilot.pause(0.05)
    raise AssertionError(f"the minutes of meeting {meeting_id} were never read ahead")


async def test_the_preview_opens_filled_and_after_a_change_shows_it(app_factory: Any) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 32)) as pilot:
        await start_monthly(pilot)
        screen = meeting(app)
        await read_ahead(pilot, screen, screen.meeting.id)
        assert prepared(screen).get(screen.meeting.id) is not None
        await pilot.press("m")  # no worker waited for: the screen is there, filled
        assert isinstance(app.screen, MinutesScreen)
        assert "Monthly management meeting" in app.screen.markdown
        await settle(pilot)
        await press(pilot, "escape")

        await press(pilot, "o")
        await type_text(pilot, "Car park lighting")
        await press(pilot, "enter")
        # The change forgot what was read before it; it is read again a moment later.
        kept = prepared(screen).get(screen.meeting.id)
        assert kept is None or "Car park lighting" in kept[0]
        await read_ahead(pilot, screen, screen.meeting.id, "Car park lighting")
        kept = prepared(screen).get(screen.meeting.id)
        assert kept is not None and "Car park lighting" in kept[0]
        await pilot.press("m")
        assert isinstance(app.screen, MinutesScreen)
        assert "Car park lighting" in app.screen.markdown


async def test_the_previous_minutes_open_filled(app_factory: Any, tmp_path: Path) -> None:
    url = str(tmp_path / "chair.db")
    first = app_factory()  # creates the database; the past meetings are seeded into it
    async with first.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        with first.door() as service:
            config = service.config
    seed_history(lambda day, login: ChairService(config, url, day, login), config, TODAY)
    app = app_factory()
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await press(pilot, "down", "s", "escape")  # the weekly meeting: Previous minutes first
        screen = meeting(app)
        previous = screen.meeting.previous_meeting_id
        assert previous is not None and screen.view is not None
        assert screen.view.kind == "previous-minutes"
        await read_ahead(pilot, screen, previous)
        text, when = prepared(screen).get(previous) or ("", "")
        assert f"**Date:** {when}" in text  # the previous meeting's own minutes
        await pilot.press("d")
        assert isinstance(app.screen, PreviousMinutesScreen)
        assert app.screen.markdown == text
        assert app.screen.meeting_date == when
