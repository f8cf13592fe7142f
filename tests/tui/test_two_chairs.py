"""The second chair's screen: it follows the meeting another chair holds, refreshes by itself,
says who holds it, refuses its own writes, and takes over only after an explicit yes.

Sam Patel holds the meeting from another screen (a service with its own screen id, as his
terminal would); Dr Ada Okafor opens it in the TUI.
"""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path
from typing import Any

from config import load_config
from domain.records import DecisionKind
from storage.errors import NotAllowed
from storage.service.chair import ChairService
from tests.safety.test_two_chairs import _decision
from tests.tui.conftest import SAMPLE, TODAY
from tests.tui.helpers import press, ready, screen_text, settle
from tests.tui.notices import notices
from tui.app import make_app, service_factory_for
from tui.screens.attendance import AttendanceScreen
from tui.screens.choice import ChoiceModal
from tui.screens.meeting import MeetingScreen


async def _wait_for(pilot: Any, check: Any, what: str, seconds: float = 30.0) -> None:
    """The follower refreshes on its own timer: wait for it (bounded), never a fixed sleep."""
    for _ in range(int(seconds / 0.1)):
        if check():
            return
        await pilot.pause(0.1)
    raise AssertionError(f"the follower never showed {what}:\n{screen_text(pilot.app)}")


async def test_the_second_chair_follows_then_takes_over(tmp_path: Path) -> None:
    db = tmp_path / "chair.db"
    sam = ChairService(load_config(SAMPLE), db, TODAY, "spatel")
    sam.holder_token = "sam-terminal"
    meeting = sam.meetings.start("daily-huddle")
    assert sam.holders.hold(meeting.id).mine
    # Sam's terminal renews its lease as a screen does; without it, on a loaded machine the
    # lease lapsed (30 s) before the follower read it, and the banner said nobody held it.
    stop = threading.Event()

    def renew() -> None:
        while not stop.wait(2.0):
            with contextlib.suppress(Exception):
                sam.holders.hold(meeting.id, renewing=True)

    renewer = threading.Thread(target=renew, daemon=True)
    renewer.start()
    app = make_app(service_factory_for(SAMPLE, str(db), TODAY, "aokafor"), TODAY)
    given = notices(app)  # each notice as given (a toast goes after 5 s)
    try:
        async with app.run_test(size=(120, 36)) as pilot:
            await ready(pilot)
            await press(pilot, "r")
            if isinstance(app.screen, AttendanceScreen):  # a fresh meeting asks who is here
                await press(pilot, "escape")
            screen = app.screen
            assert isinstance(screen, MeetingScreen)
            await _wait_for(pilot, lambda: screen.following, "the follower banner")
            text = screen_text(app)
            assert "Following: Sam Patel holds this meeting since" in text
            assert "T Take over" in text  # on the footer
            # A write key on a follower's screen says why, in one line, and changes nothing.
            before = screen.section_index
            await press(pilot, "n")
            assert screen.section_index == before
            told = given.messages
            assert any(
                m.startswith("Sam Patel holds this meeting since ")
                and m.endswith(": T takes it over")
                for m in told
            ), told
            assert sam.meetings.get(meeting.id).current_section == before

            # Sam moves on and adds an item: the follower repaints by itself.
            sam.meetings.add_aob(meeting.id, "Flu clinic rota")
            aob = len(sam.store.meeting_type("daily-huddle").sections) - 1  # the last section
            sam.sections.save_position(meeting.id, aob, 0, 120)
            await _wait_for(pilot, lambda: screen.section_index == aob, "Sam's section")
            await _wait_for(pilot, lambda: "Flu clinic rota" in screen_text(app), "Sam's AOB item")

            # T asks first; n keeps following.
            await press(pilot, "T")
            assert isinstance(app.screen, ChoiceModal)
            assert "Sam Patel holds this meeting" in screen_text(app)
            await press(pilot, "n")
            assert screen.following
            await press(pilot, "T", "y")
            await _wait_for(pilot, lambda: not screen.following, "the take-over")
            assert screen.check_action("decide", ()) is not False or not screen.rows

            # Sam's screen learns it at its next renewal; his writes are refused by name.
            assert sam.holders.hold(meeting.id).name == "Dr Ada Okafor"
            try:
                sam.decisions.record(
                    meeting.id, _decision(DecisionKind.ACCEPT, "from Sam's screen")
                )
            except NotAllowed as refused:
                assert "Dr Ada Okafor holds this meeting" in str(refused)
            else:
                raise AssertionError("Sam's write went through after the take-over")
            await press(pilot, "q")
            await settle(pilot)
    finally:
        stop.set()
        renewer.join()
        sam.close()
