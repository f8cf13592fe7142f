"""A decision in full: risk areas in words, the success measure, six parts, an investment."""

from __future__ import annotations

import datetime as dt

from domain.decisions import validate_decision
from domain.in_full import (
    ExperienceParts,
    Investment,
    SuccessMeasure,
    parse_risk_areas,
    risk_text,
    risk_words,
)
from domain.in_full_text import in_full_lines, risk_cell
from domain.records import Decision, DecisionKind, Snapshot
from domain.status import Status

DAY = dt.date(2026, 2, 3)
LATER = DAY + dt.timedelta(days=28)
PEOPLE = frozenset({"sp"})
SNAP = Snapshot("dna", "DNA rate", 6.8, "6.8%", "RED", "red ≥ 6", DAY, 3)


def test_risk_areas_are_read_from_the_words_people_type() -> None:
    assert parse_risk_areas("income, safety") == (("income", "patient safety"), "")
    assert parse_risk_areas("CQC; patient experience") == (
        ("CQC / regulatory", "patient experience"),
        "",
    )
    assert parse_risk_areas("workforce reputation")[0] == ("workforce", "reputation")
    areas, problem = parse_risk_areas("income, morale")
    assert areas == ("income",)
    assert "unknown risk area 'morale'" in problem and "reputation" in problem
    assert risk_words(("patient safety", "income")) == "safety, income"


def test_the_risk_cell_is_the_risk_in_words_never_the_status() -> None:
    decided = Decision(
        1, "s", DecisionKind.ACT, "dna", snapshot=SNAP, risk_areas=("income",), risk="lost slots"
    )
    assert risk_cell(decided) == "income: lost slots"
    assert risk_cell(Decision(2, "s", DecisionKind.MONITOR, "dna", snapshot=SNAP)) == "not recorded"
    assert risk_cell(Decision(3, "aob", DecisionKind.MONITOR)) == "—"
    assert risk_text((), "only a phrase") == "only a phrase"


def test_a_success_measure_before_the_meeting_is_refused() -> None:
    early = Decision(
        1,
        "s",
        DecisionKind.MONITOR,
        "dna",
        reason="watch",
        review_date=LATER,
        escalation_owner_id=sorted(PEOPLE)[0],  # a decision on a breach names its owner
        success=SuccessMeasure("dna", "GREEN", DAY - dt.timedelta(days=1)),
    )
    problems = validate_decision(early, DAY, PEOPLE, Status.RED)
    assert [p.field for p in problems] == ["success_by"]
    assert "dated before the meeting" in problems[0].message


def test_an_experience_decision_answers_all_six_parts() -> None:
    parts = ExperienceParts(patients_say="hard to get through", data_shows="45% abandoned")
    d = Decision(1, "s", DecisionKind.ACT, "gpps", title="Survey", experience=parts)
    fields = [p.field for p in validate_decision(d, DAY, PEOPLE, None)]
    assert "experience.in_control" in fields and "experience.measure" in fields
    assert "experience.patients_say" not in fields


def test_an_investment_needs_its_six_answers_and_a_review_date() -> None:
    bare = Decision(1, "aob", DecisionKind.INVESTMENT, title="Second pharmacist")
    fields = [p.field for p in validate_decision(bare, DAY, PEOPLE, None)]
    assert fields == ["investment.problem", "review_date"]
    answered = Investment("a", "b", "c", "d", "e", "f")
    whole = Decision(
        1, "aob", DecisionKind.INVESTMENT, investment=answered, review_date=LATER, title="x"
    )
    assert validate_decision(whole, DAY, PEOPLE, None) == []
    half = Decision(
        1, "aob", DecisionKind.INVESTMENT, investment=Investment("a"), review_date=LATER
    )
    missing = [p.message for p in validate_decision(half, DAY, PEOPLE, None)]
    assert any("does not say: Supervision needed" in m for m in missing)


def test_the_minutes_lines_say_what_is_not_recorded_on_a_breach() -> None:
    d = Decision(1, "s", DecisionKind.ACT, "dna", snapshot=SNAP, cause="reminders stopped")
    lines = in_full_lines(d, {"dna": "DNA rate"}, on_breach=True)
    assert lines == [
        "- Cause: reminders stopped",
        "- Risk: not recorded",
        "- How we will know it worked: not recorded",
    ]
    measured = Decision(
        1, "s", DecisionKind.ACT, "dna", success=SuccessMeasure("dna", "below 5%", LATER)
    )
    assert in_full_lines(measured, {"dna": "DNA rate"}, on_breach=False) == [
        f"- How we will know it worked: DNA rate below 5% by {LATER.isoformat()}"
    ]
    invest = Decision(
        1,
        "aob",
        DecisionKind.INVESTMENT,
        investment=Investment("calls", "ARRS", "GP", "40 h", "safety", "waits"),
        review_date=LATER,
    )
    text = "\n".join(in_full_lines(invest, {}, on_breach=False))
    assert "| Problem it solves | calls |" in text
    assert f"| Review date | {LATER.isoformat()} |" in text
