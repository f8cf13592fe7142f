"""Walk a whole monthly management meeting on the sample practice through the real service.

A refused `n`, a decision of each kind, an action with owner and date (and one more with `a`),
leaving mid-section and resuming exactly there, an AOB item, closing and exporting the minutes.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Input

from domain.keys import SectionKey, Target
from domain.records import DecisionKind, MeetingState
from tests.tui.helpers import press, ready, screen_text, type_text
from tui.screens.closing import CloseMeetingForm
from tui.screens.decision import DecisionForm
from tui.screens.forms import TextPrompt
from tui.screens.home import HomeScreen
from tui.screens.meeting import MeetingScreen
from tui.screens.minutes import MinutesScreen
from tui.widgets.letter_picker import LetterPicker


def meeting(app: Any) -> MeetingScreen:
    screen = app.screen
    assert isinstance(screen, MeetingScreen), f"expected the meeting, got {screen!r}"
    return screen


def highlight(pilot: Any, metric_id: str) -> int:
    screen = meeting(pilot.app)
    keys = [row.key for row in screen.rows]
    index = keys.index(Target.metric(metric_id))
    screen.table.move_cursor(row=index)
    return index


async def decide(pilot: Any, kind_key: str, *fields: str) -> None:
    """d, the kind letter (the cursor goes to the first empty field: the reason; what the data
    shows is pre-filled), then each field in tab order from there ('' skips one), ctrl+s."""
    await press(pilot, "d")
    assert isinstance(pilot.app.screen, DecisionForm)
    await press(pilot, kind_key)
    for index, value in enumerate(fields):
        if index:
            await press(pilot, "tab")
        if value:
            await type_text(pilot, value)
    await press(pilot, "ctrl+s")


async def start_monthly(pilot: Any) -> None:
    await ready(pilot)
    await press(pilot, "down", "down", "s", "escape")
    assert meeting(pilot.app).meeting.meeting_type == "monthly-management"


@pytest.mark.slow  # the whole monthly meeting, some 300 keys (16 CPU-seconds): the slow job
async def test_walk_a_whole_meeting(app_factory: Any, clock: Any, tmp_path: Any) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 32)) as pilot:
        await start_monthly(pilot)
        screen = meeting(app)
        # Previous minutes and matters arising have nothing due on a first meeting; Access has
        # only an AMBER (monthly management decides at RED): the gate lets all three pass.
        await press(pilot, "n", "n", "n")
        assert screen.view is not None and screen.view.key == SectionKey.of_dashboard("qof")

        # A refused n: every unmet requirement in words, cursor on the first.
        await press(pilot, "n")
        assert screen.view.key == SectionKey.of_dashboard("qof")
        text = screen_text(app)
        assert "Cannot move on yet" in text
        assert "QOF points vs trajectory (RED): no decision yet" in text
        assert screen.current_row().key == Target.metric("qof-points-vs-trajectory")

        # act: an owner that matches nobody is an error beside the field, never a crash.
        await decide(
            pilot, "a", "behind trajectory on diabetes", "Recall list for DM019", "zz", "+14d"
        )
        assert isinstance(app.screen, DecisionForm)
        assert "has an unknown owner" in screen_text(app) or "pick one person" in screen_text(app)
        owner = app.screen.query_one("#action_owner").input
        owner.value = ""
        owner.focus()
        await type_text(pilot, "lee")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, MeetingScreen)
        decision = screen.current_row().decision
        assert decision is not None and decision.kind is DecisionKind.ACT
        assert decision.actions[0].owner_id == "lc"
        assert decision.actions[0].due.isoformat() == "2026-12-10"

        # a: one more action on the same act decision.
        await press(pilot, "a")
        await type_text(pilot, "Book extra nurse clinics")
        await press(pilot, "tab")
        await type_text(pilot, "ruth")
        await press(pilot, "tab")
        await type_text(pilot, "10/12/2026")
        await press(pilot, "ctrl+s")
        assert len(screen.current_row().decision.actions) == 2
        assert "Loop: Data ✓ · Review ✓ · Decision ✓ · Owner ✓ · Follow-up ✓" in screen_text(app)
        await press(pilot, "n")
        assert screen.view.key == SectionKey.of_dashboard("workforce")

        # monitor (on an AMBER, below the decision level: allowed, and judged by the gate).
        await decide(pilot, "m", "one GP on leave until January", "+28d")  # no breach: no owner
        assert screen.current_row().decision.kind is DecisionKind.MONITOR
        # query data on the RED beside it: claimed ARRS hours against the workforce tracker.
        highlight(pilot, "arrs-fte-mismatch")
        # (a decision on a breach names its owner, whatever its kind)
        await decide(pilot, "q", "the link worker's hours may be out of date", "+7d", "jo")
        assert screen.current_row().decision.kind is DecisionKind.QUERY_DATA
        await press(pilot, "n")
        assert screen.view.key == SectionKey.of_dashboard("finance"), screen_text(app)

        # CRITICAL prompts escalation: the form opens with escalate chosen.
        highlight(pilot, "claims-unreconciled")
        await press(pilot, "d")
        assert app.screen.query_one(LetterPicker).value is DecisionKind.ESCALATE
        await press(pilot, "escape")
        await decide(pilot, "e", "payments missing since August", "partners", "ada")
        escalated = screen.current_row().decision
        assert escalated.kind is DecisionKind.ESCALATE
        assert (escalated.escalate_to, escalated.escalation_owner_id) == ("partners", "ao")

        # accept, on the AMBER beside it.
        highlight(pilot, "claims-outstanding")
        await decide(pilot, "c", "seasonal: claims go in on the 5th", "jo")
        assert screen.current_row().decision.kind is DecisionKind.ACCEPT
        await press(pilot, "n")
        assert screen.view.key == SectionKey.of_dashboard("compliance")

        # query data, then leave mid-section with the second row highlighted and 125 s run.
        highlight(pilot, "complaints-over-target")
        await decide(pilot, "q", "two complaints may be logged twice", "+7d", "jo")
        assert screen.current_row().decision.kind is DecisionKind.QUERY_DATA
        row = highlight(pilot, "training-compliance")
        clock.now += 125
        await press(pilot, "q")
        assert isinstance(app.screen, HomeScreen)
        assert "In progress" in screen_text(app)

        # Resume: the same section, the same row, the same clock.
        await press(pilot, "r")
        screen = meeting(app)
        assert screen.view is not None and screen.view.key == SectionKey.of_dashboard("compliance")
        assert screen.table.cursor_row == row
        assert int(screen.header.clock.elapsed()[0]) == 125

        # defer, with a UK date.
        await decide(pilot, "d", "waiting for the new training matrix", "10/12/2026", "jo")
        assert screen.current_row().decision.kind is DecisionKind.DEFER
        await press(pilot, "n", "n")
        assert screen.view.key == "aob"

        # An AOB item, decided on.
        await press(pilot, "o")
        await type_text(pilot, "Car park lighting")
        await press(pilot, "enter")
        assert screen.rows and screen.rows[0].aob is not None
        await decide(pilot, "c", "landlord repairs it next week")
        assert screen.rows[0].decision is not None

        # n on the last section asks, proposing the next meeting (monthly, on a working day:
        # Saturday 26 December moves to Tuesday 29th); enter closes the meeting and shows its
        # minutes; e offers the file (in the export folder) before writing it, enter writes it.
        await press(pilot, "n")
        assert isinstance(app.screen, CloseMeetingForm)
        assert "Tuesday 29 December 2026" in str(app.screen.query_one("#proposed").render())
        await press(pilot, "enter")
        for _ in range(100):
            if isinstance(app.screen, MinutesScreen):
                break
            await pilot.pause(0.05)
        assert isinstance(app.screen, MinutesScreen)
        assert "## Next meeting\n\nTuesday 29 December 2026" in app.screen.markdown
        assert "Monthly management meeting" in app.screen.markdown
        await press(pilot, "e")
        offered = tmp_path / "minutes" / "minutes-monthly-management-2026-11-26.md"
        assert isinstance(app.screen, TextPrompt)
        assert app.screen.query_one("#text", Input).value == str(offered)
        assert not offered.exists()  # shown, not yet written
        await press(pilot, "enter")
        assert "Recall list for DM019" in offered.read_text()
        assert offered.stat().st_mode & 0o777 == 0o600
        await press(pilot, "q")
        assert isinstance(app.screen, HomeScreen)
        with app.door() as service:
            closed = service.meetings.get(screen.meeting.id)
        assert closed.state is MeetingState.CLOSED


async def test_p_always_goes_back_and_help_lists_keys(app_factory: Any) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_monthly(pilot)
        screen = meeting(app)
        await press(pilot, "n", "n", "n", "n")
        assert screen.view.key == SectionKey.of_dashboard("qof")  # refused: an undecided RED
        await press(pilot, "p")
        assert screen.view.key == SectionKey.of_dashboard("access")
        await press(pilot, "question_mark")
        text = screen_text(app)
        assert "Move to the next section" in text
        await press(pilot, "escape")
        assert isinstance(app.screen, MeetingScreen)
