"""Markdown minutes: structure, the practice's actions table, escaping, sparklines."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from domain.in_full import SuccessMeasure
from domain.keys import SectionKey
from domain.markdown import escape_cell, table
from domain.minutes import (
    Completion,
    MetricRow,
    MinutesInput,
    PreviousMinutes,
    completion_of,
    render_minutes,
    sparkline,
)
from domain.records import (
    Action,
    ActionStatus,
    ActionUpdate,
    AobItem,
    Decision,
    DecisionKind,
    Meeting,
    MeetingState,
    MinutesState,
    SectionRecord,
    Snapshot,
)
from tests.domain.markdown_rows import split_row

DAY = dt.date(2026, 2, 3)
SNAP = Snapshot(
    metric_id="dna",
    title="DNA rate",
    value=6.8,
    display_value="6.8%",
    status="RED",
    thresholds="amber ≥ 4.5, red ≥ 6, critical ≥ 8 (lower is better)",
    as_of=dt.date(2026, 1, 31),
    streak=4,
    source_file="gpad.csv",
)
NASTY = "rota | weekend\nshift *now* <b>"


def meeting() -> Meeting:
    act = Decision(
        id=1,
        section_key=SectionKey.of_dashboard("access"),
        kind=DecisionKind.ACT,
        metric_id="dna",
        title="DNA rate",
        data_shows=NASTY,
        snapshot=SNAP,
        cause="Text reminders stopped when the messaging contract lapsed",
        risk_areas=("income", "patient experience"),
        risk="wasted clinical time, longer waits",
        success=SuccessMeasure("dna", "GREEN (below 4.5%)", dt.date(2026, 3, 31)),
        actions=(
            Action(
                id=5,
                description=NASTY,
                owner_id="jm",
                due=dt.date(2026, 2, 17),
                review_meeting_type="weekly-ops",
            ),
        ),
    )
    escalate = Decision(
        id=2,
        section_key=SectionKey.of_dashboard("access"),
        kind=DecisionKind.ESCALATE,
        metric_id="calls",
        title="Calls abandoned",
        escalate_to="partners",
        escalation_owner_id="sp",
        reason="needs funding",
    )
    aob_decision = Decision(
        id=3, section_key="aob", kind=DecisionKind.MONITOR, reason="watch", review_date=DAY
    )
    return Meeting(
        id=10,
        meeting_type="weekly-ops",
        date=DAY,
        state=MeetingState.CLOSED,
        chair_id="sp",
        practice_code="X99001",
        present=("sp", "jm"),
        apologies=("ao",),
        sections=(
            SectionRecord("previous-minutes", "Previous minutes", 3, 120),
            SectionRecord("matters-arising", "Matters arising", 10, 300),
            SectionRecord(SectionKey.of_dashboard("access"), "Access", 10, 750),
            SectionRecord("aob", "Any other business", 5, 60),
        ),
        decisions=(act, escalate),
        aob=(AobItem(id=1, title="Car park", raised_by_id="jm", decision=aob_decision),),
        started=dt.datetime(2026, 2, 3, 9, 0),
        closed=dt.datetime(2026, 2, 3, 10, 2),
        next_meeting=dt.date(2026, 2, 10),
    )


def minutes_input(**changes: object) -> MinutesInput:
    values: dict[str, object] = dict(
        practice_name="Riverside Surgery",
        meeting_title="Weekly operations meeting",
        meeting=meeting(),
        people={"sp": "Sam Patel", "jm": "Jo Morgan", "ao": "Dr Ada Okafor"},
        destinations={"weekly-ops": "Weekly operations meeting", "partners": "Partners meeting"},
        questions={
            SectionKey.of_dashboard("access"): "Is capacity matching demand safely and sustainably?"
        },
        metrics={
            SectionKey.of_dashboard("access"): (
                MetricRow("dna", "DNA rate", "6.8%", "RED", (5.0, None, 6.0, 6.8), DAY, 4),
                MetricRow("calls", "Calls | abandoned", "—", "NO DATA", note="file missing"),
            )
        },
        previous=PreviousMinutes(dt.date(2026, 1, 27), MinutesState.AMENDED, "typo in item 3"),
        matters_arising=(
            Action(
                id=4,
                description="Audit recalls",
                owner_id="jm",
                due=DAY,
                status=ActionStatus.DONE,
                evidence="audit.pdf",
            ),
            Action(id=6, description="Fix phones", owner_id="sp", due=DAY),
        ),
        completion=Completion(
            due=10, done_on_time=7, carried_over=3, overdue_by_owner=(("jm", 2),)
        ),
    )
    values.update(changes)
    return MinutesInput(**values)  # type: ignore[arg-type]


def tables(markdown: str) -> list[list[str]]:
    """Each table in the document as its lines (header, delimiter, rows)."""
    found: list[list[str]] = []
    current: list[str] = []
    for line in markdown.splitlines():
        if line.startswith("|"):
            current.append(line)
        elif current:
            found.append(current)
            current = []
    if current:
        found.append(current)
    return found


def test_sections_appear_in_the_documented_order() -> None:
    text = render_minutes(minutes_input())
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings == [
        "# Weekly operations meeting: Tuesday 3 February 2026 (draft)",
        "## Previous minutes",
        "## Matters arising",
        "## Access",
        "### Decisions",
        "## Escalations",
        "## Any other business",
        "## Next meeting",
        "## Time",
        "## Action completion",
    ]


def test_header_names_practice_people_and_time() -> None:
    text = render_minutes(minutes_input())
    for expected in [
        "**Practice:** Riverside Surgery",
        "**Time:** 09:00–10:02",
        "**Chair:** Sam Patel",
        "**Present:** Sam Patel, Jo Morgan",
        "**Apologies:** Dr Ada Okafor",
        "approved with amendments: typo in item 3",
        "*Is capacity matching demand safely and sustainably?*",
        "Tuesday 10 February 2026",
        "Done on time: 7 of 10 due (70%)",
        "Overdue by owner: Jo Morgan 2",
    ]:
        assert expected in text


def test_every_table_keeps_its_column_count() -> None:
    found = tables(render_minutes(minutes_input()))
    assert len(found) >= 5
    for lines in found:
        widths = {len(split_row(line)) for line in lines}
        assert len(widths) == 1, lines
        assert set(split_row(lines[1])) == {"---"}


def test_actions_table_is_in_the_practice_form() -> None:
    found = tables(render_minutes(minutes_input()))
    action_tables = [
        t for t in found if t[0] == "| Issue | Evidence | Risk | Owner | Action | Review |"
    ]
    assert len(action_tables) == 2  # the Access section and AOB
    access = action_tables[0]
    cells = split_row(access[2])
    assert cells[0] == "DNA rate"
    assert cells[1].startswith("6.8% (RED, 4 periods) as of 2026-01-31")
    assert cells[2] == "income, patient experience: wasted clinical time, longer waits"
    assert cells[3] == "Jo Morgan"
    assert cells[4] == escape_cell(NASTY)
    assert cells[5] == "2026-02-17 at Weekly operations meeting"
    aob = split_row(action_tables[1][2])
    assert aob == ["Car park", "—", "—", "—", "monitor: watch", "2026-02-03"]
    escalation = split_row(access[3])
    assert escalation[3:6] == ["Sam Patel", "escalate to Partners meeting", "—"]


def test_metrics_table_shows_status_word_trend_and_as_of() -> None:
    found = tables(render_minutes(minutes_input()))
    metrics = next(t for t in found if t[0].startswith("| Metric |"))
    assert split_row(metrics[2]) == [
        "DNA rate",
        "6.8%",
        "RED (4 periods)",
        "—",
        "—",
        "▁·▅█",
        "2026-02-03",
    ]
    assert split_row(metrics[3])[0] == "Calls \\| abandoned"
    assert split_row(metrics[3])[2] == "NO DATA: file missing"


def test_decision_shows_its_frozen_snapshot() -> None:
    text = render_minutes(minutes_input())
    assert "**DNA rate: act**" in text
    assert (
        "- Reading decided on: 6.8% (RED, 4 periods) as of 2026-01-31; thresholds "
        "amber ≥ 4.5, red ≥ 6, critical ≥ 8 (lower is better); source gpad.csv"
    ) in text
    assert "- Escalated to: Partners meeting" in text


def test_matters_arising_show_each_outcome() -> None:
    found = tables(render_minutes(minutes_input()))
    matters = next(t for t in found if t[0] == "| Action | Owner | Due | Outcome |")
    assert split_row(matters[2])[3] == "done; evidence: audit.pdf"
    assert split_row(matters[3])[3] == "no update"


def test_user_text_never_breaks_out_of_its_line() -> None:
    text = render_minutes(minutes_input())
    assert NASTY not in text
    assert "rota \\| weekend<br>shift \\*now\\* \\<b\\>" in text
    assert "<b>" not in text


def test_time_against_the_box() -> None:
    found = tables(render_minutes(minutes_input()))
    time = next(t for t in found if t[0] == "| Section | Time box | Taken |")
    assert split_row(time[4]) == ["Access", "10 min", "12:30 (over by 2:30)"]
    assert split_row(time[-1]) == ["Total", "28 min", "20:30"]


def test_a_dashboard_section_without_a_question_still_has_its_part() -> None:
    text = render_minutes(minutes_input(questions={}))
    assert "## Access" in text
    assert "**DNA rate: act**" in text
    assert "## Any other business" in text and "## Matters arising" in text


def test_first_meeting_and_nothing_else_recorded() -> None:
    bare = Meeting(
        id=1,
        meeting_type="x",
        date=DAY,
        state=MeetingState.IN_PROGRESS,
        chair_id=None,
        practice_code="X99001",
    )
    text = render_minutes(
        minutes_input(meeting=bare, previous=None, matters_arising=(), completion=None)
    )
    assert "No previous meeting of this type." in text
    assert "No actions were due back at this meeting." in text
    assert "To be arranged." in text
    assert "Action completion" not in text


def test_update_outcomes_in_matters_arising() -> None:
    when = dt.datetime(2026, 2, 3, 9, 0)
    moved = Action(
        id=1,
        description="a",
        owner_id="jm",
        due=DAY,
        status=ActionStatus.IN_PROGRESS,
        updates=(ActionUpdate(when, "jm", ActionStatus.IN_PROGRESS, new_due=dt.date(2026, 3, 1)),),
    )
    text = render_minutes(minutes_input(matters_arising=(moved,)))
    assert "in progress; new date 2026-03-01" in text


def test_completion_figures_from_actions() -> None:
    actions = [
        Action(1, "on time", "jm", DAY, status=ActionStatus.DONE, completed=DAY),
        Action(2, "late", "jm", DAY, status=ActionStatus.DONE, completed=DAY + dt.timedelta(1)),
        Action(3, "overdue", "sp", DAY - dt.timedelta(3), carried=2),
        Action(4, "overdue too", "sp", DAY - dt.timedelta(1)),
        Action(5, "not yet due", "jm", DAY + dt.timedelta(5)),
    ]
    c = completion_of(actions, DAY)
    assert (c.due, c.done_on_time, c.carried_over) == (4, 1, 1)
    assert c.overdue_by_owner == (("sp", 2),)


# --- escaping and tables -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("a|b", "a\\|b"),
        ("a\nb", "a<br>b"),
        ("a\r\nb", "a<br>b"),
        ("back\\", "back\\\\"),
        ("*x* _y_ `z` [l](u) ~s~ &amp;", "\\*x\\* \\_y\\_ \\`z\\` \\[l\\](u) \\~s\\~ \\&amp;"),
        ("plain 6.8%", "plain 6.8%"),
    ],
)
def test_escape_cell(raw: str, escaped: str) -> None:
    assert escape_cell(raw) == escaped


def test_table_refuses_a_row_of_the_wrong_width() -> None:
    with pytest.raises(ValueError, match="2 cells"):
        table(("a", "b", "c"), [("1", "2")])


# --- sparkline -----------------------------------------------------------------------------


def test_sparkline_scales_between_min_and_max() -> None:
    assert sparkline([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]) == "▁▂▃▄▅▆▇█"
    assert sparkline([8.0, 1.0]) == "█▁"


def test_sparkline_gaps_and_flat_series() -> None:
    assert sparkline([None, 1.0, None, 2.0]) == " ▁ █"
    assert sparkline([float("nan"), 1.0], gap="·") == "·▄"
    assert sparkline([3.0, 3.0, 3.0]) == "▄▄▄"
    assert sparkline([]) == ""
    assert sparkline([None, None]) == "  "


def test_a_section_the_meeting_has_not_finished_is_not_said_to_need_no_decision() -> None:
    """A draft of a meeting still going: the section under discussion and the ones after it say
    so; "No decisions were needed" is said only of a section the meeting has passed."""
    telephony, workforce = (
        SectionKey.of_dashboard("telephony"),
        SectionKey.of_dashboard("workforce"),
    )
    sections = (
        SectionRecord(
            SectionKey.fixed("previous-minutes"), "Previous minutes", 3, 120, closed=True
        ),
        SectionRecord(SectionKey.of_dashboard("claims"), "Claims", 5, 60, closed=True),
        SectionRecord(telephony, "Telephony", 8, 30),
        SectionRecord(workforce, "Workforce", 6, 0),
    )
    going = Meeting(
        id=2,
        meeting_type="weekly-ops",
        date=DAY,
        state=MeetingState.IN_PROGRESS,
        chair_id="sp",
        practice_code="X99001",
        current_section=2,
        sections=sections,
    )

    def part(text: str, heading: str) -> str:
        return text.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]

    text = render_minutes(minutes_input(meeting=going, metrics={}, questions={}))
    assert part(text, "Claims").strip() == "No decisions were needed."
    assert part(text, "Telephony").strip() == "Under discussion: nothing decided yet."
    assert part(text, "Workforce").strip() == "Not reached yet."
    closed = render_minutes(
        minutes_input(meeting=replace(going, state=MeetingState.CLOSED), metrics={}, questions={})
    )
    assert part(closed, "Telephony").strip() == "No decisions were needed."
