"""What the meeting sees, driven by keys: attendance at the start (in the minutes), previous
minutes read before approval with an amendment, a decision on a QOF indicator (in the minutes'
indicator table), a metric's detail, and the variation beside each status."""

from __future__ import annotations

import datetime as dt
from typing import Any

from textual import events
from textual.keys import _character_to_key as key_name

from domain.keys import SectionKey, Target
from domain.records import DecisionKind, MinutesState
from tests.tui.conftest import TODAY
from tests.tui.helpers import press, ready, screen_text, settle, type_text
from tests.tui.notices import notices
from tests.tui.test_meeting_walk import decide, meeting
from tui.screens.attendance import AttendanceScreen
from tui.screens.metric_detail import MetricDetailScreen
from tui.screens.previous_minutes import PreviousMinutesScreen

MONTHLY = "monthly-management"


def close_a_previous_meeting(app: Any) -> None:
    """A monthly meeting four weeks ago, closed with Sam, Jo and Lee present, Tom's apologies."""
    service = app.service
    earlier = service.meetings.start(MONTHLY, date=TODAY - dt.timedelta(days=28))
    service.attendance.record(earlier.id, ("sp", "jm", "lc"), ("tb",))
    service.meetings.close(earlier.id)


async def test_attendance_is_recorded_at_the_start_and_heads_the_minutes(app_factory: Any) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        close_a_previous_meeting(app)
        await press(pilot, "down", "down", "s")
        modal = app.screen
        assert isinstance(modal, AttendanceScreen), "a new meeting opens with attendance"
        text = screen_text(app)
        assert "(from the last meeting of this type)" in text
        assert "[a] ✓ present    Sam Patel" in text and "[f] ✗ apologies  Tom Baker" in text
        # b: Dr Okafor joins; c twice: Jo Morgan present -> apologies -> not here; space on the
        # highlighted (Jo) again: present.
        await press(pilot, "b", "d", "d", "d")  # Lee: present -> apologies -> not here -> present
        await press(pilot, "e")  # Ruth: present
        await press(pilot, "c", "c")  # Jo: not here
        await press(pilot, "tab")
        await type_text(pilot, "Dr Jane Visitor (ICB), Priya Shah")
        await press(pilot, "ctrl+s")
        await settle(pilot)
        screen = meeting(app)
        recorded = app.service.meetings.get(screen.meeting.id)
        assert recorded.present == ("sp", "ao", "lc", "rk")
        assert recorded.apologies == ("tb",)
        assert recorded.guests == ("Dr Jane Visitor (ICB)", "Priya Shah")
        minutes = app.service.minutes.markdown(screen.meeting.id)
        assert "- **Present:** Sam Patel, Dr Ada Okafor, Lee Chen, Ruth Kaur" in minutes
        assert "- **Apologies:** Tom Baker" in minutes
        assert "- **Guests:** Dr Jane Visitor (ICB), Priya Shah" in minutes


async def test_previous_minutes_are_read_before_approval_and_amended(app_factory: Any) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        close_a_previous_meeting(app)
        await press(pilot, "down", "down", "s", "escape")
        screen = meeting(app)
        await press(pilot, "d")
        shown = app.screen
        assert isinstance(shown, PreviousMinutesScreen)
        text = screen_text(app)
        assert "Minutes of the meeting on 2026-10-29" in text
        assert "Present: Sam Patel, Jo Morgan, Lee Chen" in text  # the minutes themselves
        # The cursor is in the amendments already: the words typed after `d` land there.
        await type_text(pilot, "Lee Chen joined at 10:15")
        await press(pilot, "ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        previous = app.service.meetings.get(screen.meeting.previous_meeting_id)
        assert previous.minutes_state is MinutesState.AMENDED
        assert app.service.minutes.amendments_of(previous.id) == "Lee Chen joined at 10:15"
        await press(pilot, "n")
        assert screen.view is not None and screen.view.key == "matters-arising"


async def test_a_qof_indicator_is_decided_on_and_in_the_minutes(app_factory: Any) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await press(pilot, "down", "down", "s", "escape", "n", "n", "n")
        screen = meeting(app)
        assert screen.view is not None and screen.view.key == SectionKey.of_dashboard("qof")
        text = screen_text(app)
        assert "weeks to 31 March" in text and "indicators below their upper threshold" in text
        header = next(line for line in text.splitlines() if "Metric / indicator" in line)
        assert "£ stake" in header and "Decision" in header
        keys = [row.key for row in screen.rows]
        first = next(k for k in keys if k.kind == "metric" and k.ident.startswith("qof:"))
        code = first.ident.removeprefix("qof:")
        screen.table.move_cursor(row=keys.index(first))
        await settle(pilot)
        row = screen.current_row()
        assert row is not None and row.reading is not None
        assert row.cells[5] == "low effort / high value → prioritise quickly"
        assert "Recoverability → response: low effort / high" in screen_text(app)
        await decide(pilot, "m", "three patients need spirometry", "+28d")  # not a breach
        decision = screen.current_row().decision
        assert decision is not None and decision.kind is DecisionKind.MONITOR
        assert decision.metric_id == f"qof:{code}"
        assert decision.snapshot is not None and decision.snapshot.metric_id == f"qof:{code}"
        # The RED trajectory still needs its own decision before the section closes.
        screen.table.move_cursor(row=keys.index(Target.metric("qof-points-vs-trajectory")))
        await settle(pilot)
        await decide(pilot, "c", "the indicator plan is the response", "lee")
        await press(pilot, "n")
        assert screen.view is not None and screen.view.key == SectionKey.of_dashboard("workforce")
        minutes = app.service.minutes.markdown(screen.meeting.id)
        line = next(x for x in minutes.splitlines() if x.startswith(f"| {code} "))
        assert line.rstrip().endswith("| monitor |")
        assert "three patients need spirometry" in minutes


async def test_metric_detail_and_variation_beside_the_status(app_factory: Any) -> None:
    app = app_factory()
    given = notices(app)  # each notice as given (a toast goes after 5 s)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await press(pilot, "down", "down", "s", "escape", "n", "n")
        screen = meeting(app)
        assert screen.view is not None and screen.view.key == SectionKey.of_dashboard("access")
        row = screen.current_row()
        assert row is not None and row.reading is not None and row.reading.metric_id == "dna-rate"
        text = screen_text(app)
        dna = next(line for line in text.splitlines() if "DNA rate" in line and "5.0%" in line)
        assert "▲ AMBER !H" in dna, "special cause concern (high) beside the status"
        same_day = next(line for line in text.splitlines() if "Same-day" in line)
        assert "✓ GREEN ~" in same_day, "common cause"
        # The latest point is itself a special cause: no assurance beside it.
        assert "SPC !H: special cause — concern (high)\n" in text + "\n"
        assert "hit and miss" not in text
        await press(pilot, "i")
        detail = app.screen
        assert isinstance(detail, MetricDetailScreen)
        text = screen_text(app)
        assert "Thresholds: amber ≥ 4.5, red ≥ 6, critical ≥ 8 (lower is better)" in text
        assert "Agreed response (AMBER):" in text
        assert "Peers (median): PCN 4.5%, ICB 4.7%, England 4.5%" in text
        assert "SPC over 18 periods: mean" in text and "process limits" in text
        assert "Completeness: 96%" in text
        assert detail.query_one("#periods").row_count == 18
        await settle(pilot)
        source = str(detail.query_one("#source").render())
        assert "Source 'appointments' (gpad)" in source and "rows" in source
        assert "File: Practice_Level_Crosstab_*.csv (" in source  # once, with its months
        await press(pilot, "q")
        assert app.screen is screen
        await press(pilot, "c")  # DNA rate is AMBER, below monthly management's RED: no form
        assert app.screen is screen
        assert "c acknowledges a breach" in given


async def test_amendments_typed_then_escape_at_once_are_kept_as_a_draft(app_factory: Any) -> None:
    """`d`, the amendments and escape as one run of keys: escape waits behind the words (it
    kept nothing when it ran before they reached the box); `d` offers them back."""
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        close_a_previous_meeting(app)
        await press(pilot, "down", "down", "s", "escape")
        screen = meeting(app)
        words = "Item 3: the DNA rate"
        # Straight onto the app's queue, as a terminal delivers a burst (Pilot.press would wait
        # for each key to be handled before sending the next).
        for key, char in [("d", "d"), *[(key_name(ch), ch) for ch in words], ("escape", None)]:
            app.post_message(events.Key(key, char))
        await settle(pilot)
        assert app.screen is screen
        previous = app.service.meetings.get(screen.meeting.previous_meeting_id)
        assert previous.minutes_state is not MinutesState.AMENDED
        await press(pilot, "d")
        shown = app.screen
        assert isinstance(shown, PreviousMinutesScreen)
        assert shown.value("amendments") == words
        assert "Your amendments" in screen_text(app) and "are back" in screen_text(app)
