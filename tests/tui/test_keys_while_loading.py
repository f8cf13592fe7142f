"""Keys typed while the meeting screen is busy (a move being written, a section being read)
act once it can take them, in order: none is dropped.

The keys go in as the terminal sends a burst: all read by the app before the first is handled
(Pilot's `press` waits for each key to be handled before the next).
"""

from __future__ import annotations

import time
from typing import Any

from textual import events

from tests.tui.helpers import press, ready, settle
from tui.screens.meeting import MeetingScreen
from tui.screens.minutes import MinutesScreen


def burst(pilot: Any, *keys: str) -> None:
    """Keys read back to back, as typed at full speed in a terminal."""
    app = pilot.app
    for key in keys:
        event = events.Key(key, key if len(key) == 1 else None)
        event.set_sender(app)
        app._driver.send_message(event)


async def weekly_meeting(pilot: Any) -> MeetingScreen:
    """The sample's weekly operations meeting, on its first section (previous minutes)."""
    await ready(pilot)
    await press(pilot, "down", "s", "escape")  # its attendance later
    screen = pilot.app.screen
    assert isinstance(screen, MeetingScreen)
    assert screen.section_index == 0 and screen.view is not None
    return screen


async def test_each_n_of_a_burst_moves_a_section(app_factory: Any) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await weekly_meeting(pilot)
        titles = [s.title for s in screen.meeting.sections]
        burst(pilot, "n", "n", "n")  # the second came while the first was being written
        await settle(pilot)
        assert screen.section_index == 3, titles[screen.section_index]
        assert screen.meeting.current_section == 3  # written, not only shown
        burst(pilot, "p", "p")
        await settle(pilot)
        assert screen.section_index == 1 and screen.meeting.current_section == 1


async def test_a_key_after_n_onto_a_section_still_being_read_acts_there(
    app_factory: Any,
) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await weekly_meeting(pilot)
        screen.loader.forget(screen.meeting)  # the next section is not in memory: it is read
        build = screen.loader.build_view

        def slow_build(index: int, fresh: bool = False) -> Any:
            time.sleep(0.3)  # in the worker: as a dashboard's section reads on a busy machine
            return build(index, fresh)

        screen.loader.build_view = slow_build  # type: ignore[method-assign]
        burst(pilot, "n", "m")
        await settle(pilot)
        assert screen.section_index == 1
        assert isinstance(app.screen, MinutesScreen), "m was dropped while the section loaded"


async def test_keys_typed_as_the_meeting_opens_act_once_its_section_is_shown(
    app_factory: Any,
) -> None:
    from tui.screens.attendance import AttendanceScreen

    app = app_factory()
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        burst(pilot, "down", "s")
        while not isinstance(app.screen, AttendanceScreen):
            await pilot.pause(0.01)
        # Attendance later, then on at once (the first section may still be being read).
        burst(pilot, "escape", "n", "n")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        assert screen.section_index == 2 and screen.meeting.current_section == 2
        assert screen.keys_wait() is None


async def test_keys_typed_with_r_on_home_act_in_the_meeting_it_resumes(
    app_factory: Any, tmp_path: Any
) -> None:
    """`r n` at full speed: the `n` was read before `r`'s action ran (the meeting is read in a
    worker), reached Home and was lost; it now waits for the meeting and moves a section."""
    from config import load_config
    from storage.service.chair import ChairService
    from tests.tui.conftest import SAMPLE, TODAY

    with ChairService(load_config(SAMPLE), str(tmp_path / "chair.db"), TODAY, "spatel") as chair:
        chair.meetings.start("weekly-ops", present=("sp", "tb"))
    app = app_factory()
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        burst(pilot, "r", "n")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        assert screen.section_index == 1 and screen.meeting.current_section == 1
        assert not app.key_hold.holding
