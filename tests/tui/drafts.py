"""Drafts in TUI tests: a draft written once typing pauses, the service over the database the
app went away from, and the attendance form that opens again when the meeting is resumed."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Static

from config.load import load_config
from domain.drafts import Draft
from storage.service.chair import ChairService
from tests.tui.conftest import SAMPLE, TODAY
from tests.tui.helpers import press, ready
from tui.screens.attendance import AttendanceScreen

CONFIG = load_config(SAMPLE)


async def wait_for_draft(
    service: ChairService | None,
    meeting_id: int | None,
    holds: Callable[[Draft], bool] | None = None,
) -> None:
    """The draft is written once typing pauses (a timer, then a worker); with `holds`, until a
    draft holds what was typed (on a loaded machine typing may pause, and a draft be kept,
    midway: the app must not go away before the last one)."""
    for _ in range(200):
        await asyncio.sleep(0.05)
        if service is not None and any(
            d.has_text and (holds is None or holds(d)) for d in service.drafts.of(meeting_id)
        ):
            return
    raise AssertionError("no draft was written" if holds is None else "no draft held the text")


def service_on(tmp_path: Path) -> ChairService:
    """The service over the test's database (the app's own is gone with it): open it in a
    `with` block, which closes it."""
    return ChairService(CONFIG, str(tmp_path / "chair.db"), TODAY, "spatel")


@asynccontextmanager
async def attendance_resumed(
    app_factory: Callable[..., Any],
) -> AsyncIterator[tuple[Pilot[Any], AttendanceScreen]]:
    """A new app, the meeting resumed with r: none recorded yet, so attendance opens again.
    The body checks what came back; then the form must say it holds unsaved text, and is saved."""
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await press(pilot, "r")
        form = app.screen
        assert isinstance(form, AttendanceScreen)
        yield pilot, form
        assert "Your unsaved text" in str(form.query_one("#draft-note", Static).render())
        await press(pilot, "ctrl+s")
