"""Decision validation per kind (gate rules 2 and 3), thresholds in words, snapshots."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from domain.decisions import (
    FieldProblem,
    describe_thresholds,
    snapshot_of,
    validate_decision,
    validate_update,
)
from domain.readings import Reading
from domain.records import Action, ActionStatus, ActionUpdate, Decision, DecisionKind
from domain.status import Status, Thresholds

DAY = dt.date(2026, 2, 3)
PEOPLE = frozenset({"sp", "jm"})
LATER = DAY + dt.timedelta(days=7)


def decision(kind: DecisionKind, **fields: object) -> Decision:
    if kind not in (DecisionKind.ACT, DecisionKind.ESCALATE):
        fields.setdefault("escalation_owner_id", "sp")  # a decision on a breach has an owner
    return Decision(id=1, section_key="s", kind=kind, metric_id="dna", title="DNA rate", **fields)  # type: ignore[arg-type]


def fields_of(problems: list[FieldProblem]) -> list[str]:
    return [p.field for p in problems]


def check(d: Decision, status: Status | None = Status.RED) -> list[FieldProblem]:
    return validate_decision(d, DAY, PEOPLE, status)


def test_act_with_a_good_action_is_valid() -> None:
    good = Action(id=None, description="Review rota", owner_id="jm", due=LATER)
    assert check(decision(DecisionKind.ACT, actions=(good,))) == []


def test_act_without_actions_flags_the_first_action_row() -> None:
    assert check(decision(DecisionKind.ACT)) == [
        FieldProblem("actions[0].description", "Act decision on 'DNA rate' has no action")
    ]


def test_act_flags_each_bad_action_field_by_index() -> None:
    good = Action(id=None, description="Review rota", owner_id="jm", due=LATER)
    bad = Action(id=None, description="", owner_id="zz", due=None)
    problems = check(decision(DecisionKind.ACT, actions=(good, bad)))
    assert problems == [
        FieldProblem("actions[1].description", "Action 2 on 'DNA rate' has no description"),
        FieldProblem("actions[1].owner", "Action 2 on 'DNA rate' has an unknown owner 'zz'"),
        FieldProblem("actions[1].due", "Action 2 on 'DNA rate' has no due date"),
    ]


def test_escalate_needs_destination_and_known_owner() -> None:
    assert fields_of(check(decision(DecisionKind.ESCALATE))) == ["escalate_to", "escalation_owner"]
    ok = decision(DecisionKind.ESCALATE, escalate_to="partners", escalation_owner_id="sp")
    assert check(ok) == []
    unknown = decision(DecisionKind.ESCALATE, escalate_to="partners", escalation_owner_id="xx")
    assert check(unknown) == [
        FieldProblem("escalation_owner", "Escalation of 'DNA rate' has an unknown owner 'xx'")
    ]


@pytest.mark.parametrize(
    ("kind", "name"),
    [
        (DecisionKind.MONITOR, "Monitor"),
        (DecisionKind.DEFER, "Defer"),
        (DecisionKind.QUERY_DATA, "Query data"),
    ],
)
def test_reason_and_review_date_kinds(kind: DecisionKind, name: str) -> None:
    assert check(decision(kind)) == [
        FieldProblem("reason", f"{name} decision on 'DNA rate' has no reason"),
        FieldProblem("review_date", f"{name} decision on 'DNA rate' has no review date"),
    ]
    past = decision(kind, reason="r", review_date=DAY - dt.timedelta(days=1))
    assert fields_of(check(past)) == ["review_date"]
    assert check(decision(kind, reason="r", review_date=DAY)) == []


def test_accept_needs_a_reason_but_no_review_date() -> None:
    assert check(decision(DecisionKind.ACCEPT)) == [
        FieldProblem("reason", "Accept decision on 'DNA rate' has no reason")
    ]
    assert check(decision(DecisionKind.ACCEPT, reason="not recoverable this year")) == []


def test_whitespace_is_not_a_reason() -> None:
    assert fields_of(check(decision(DecisionKind.ACCEPT, reason="   "))) == ["reason"]


def test_critical_needs_escalation_or_a_reason_why_not() -> None:
    accepted = decision(DecisionKind.ACCEPT, reason="known")
    assert fields_of(check(accepted, Status.CRITICAL)) == ["not_escalated_reason"]
    assert check(accepted, Status.RED) == []
    assert check(accepted, None) == []
    why = decision(DecisionKind.ACCEPT, reason="known", not_escalated_reason="partners present")
    assert check(why, Status.CRITICAL) == []


def test_free_text_with_an_nhs_number_is_refused_by_field() -> None:
    d = decision(DecisionKind.ACCEPT, reason="patient 943 476 5919 again")
    problems = check(d)
    assert fields_of(problems) == ["reason"]
    assert "943 476 5919" in problems[0].message
    action = Action(id=None, description="call 9434765919", owner_id="jm", due=LATER)
    assert fields_of(check(decision(DecisionKind.ACT, actions=(action,)))) == [
        "actions[0].description"
    ]


def test_validate_update_rules() -> None:
    action = Action(id=1, description="Review rota", owner_id="jm", due=DAY)
    when = dt.datetime(2026, 2, 3, 10, 0)

    def fields(status: ActionStatus, **kw: object) -> list[str]:
        update = ActionUpdate(when, "jm", status, **kw)  # type: ignore[arg-type]
        return fields_of(validate_update(update, action, DAY))

    assert fields(ActionStatus.DONE) == ["evidence"]
    assert fields(ActionStatus.DONE, evidence="audit attached") == []
    assert fields(ActionStatus.IN_PROGRESS) == ["new_due"]
    assert fields(ActionStatus.IN_PROGRESS, new_due=DAY - dt.timedelta(days=1)) == ["new_due"]
    assert fields(ActionStatus.IN_PROGRESS, new_due=LATER) == []
    assert fields(ActionStatus.BLOCKED) == []
    assert fields(ActionStatus.DROPPED) == ["note"]
    assert fields(ActionStatus.DROPPED, note="superseded") == []


def test_describe_thresholds_in_each_direction() -> None:
    lower = Thresholds("lower", amber=4.5, red=6.0, critical=8.0)
    assert describe_thresholds(lower) == "amber ≥ 4.5, red ≥ 6, critical ≥ 8 (lower is better)"
    higher = Thresholds("higher", amber=90.0, red=80.0)
    assert describe_thresholds(higher) == "amber ≤ 90, red ≤ 80 (higher is better)"
    band = Thresholds("band", amber=1.0, red=2.5, target_low=95.0, target_high=105.0)
    assert describe_thresholds(band) == "target 95 to 105; amber ≥ 1 outside, red ≥ 2.5 outside"
    assert describe_thresholds(Thresholds("lower")) == "no thresholds (lower is better)"


def test_snapshot_freezes_the_reading() -> None:
    reading = Reading(
        metric_id="dna",
        title="DNA rate",
        unit="%",
        precision=1,
        value=6.84,
        status=Status.RED,
        thresholds=Thresholds("lower", amber=4.5, red=6.0, critical=8.0),
        as_of=dt.date(2026, 1, 31),
        streak=4,
        source_file="gpad.csv",
    )
    snap = snapshot_of(reading)
    assert (snap.metric_id, snap.value, snap.display_value, snap.status) == (
        "dna",
        6.84,
        "6.8%",
        "RED",
    )
    assert snap.thresholds.startswith("amber ≥ 4.5")
    assert (snap.as_of, snap.streak, snap.source_file) == (dt.date(2026, 1, 31), 4, "gpad.csv")


@pytest.mark.parametrize(
    "kind",
    [DecisionKind.MONITOR, DecisionKind.ACCEPT, DecisionKind.DEFER, DecisionKind.QUERY_DATA],
)
def test_every_decision_on_a_breach_names_an_owner_whatever_its_kind(kind: DecisionKind) -> None:
    complete = decision(kind, reason="watching it", review_date=LATER)
    assert check(complete) == []
    no_owner = replace(complete, escalation_owner_id=None)
    name = "Query data" if kind is DecisionKind.QUERY_DATA else kind.value.capitalize()
    assert check(no_owner) == [
        FieldProblem("escalation_owner", f"{name} decision on 'DNA rate' has no owner")
    ]
    # On a CRITICAL breach too (not escalated, with the reason why not): still an owner.
    critical = replace(no_owner, not_escalated_reason="handled in house")
    assert fields_of(check(critical, Status.CRITICAL)) == ["escalation_owner"]
    # Not on an AOB item (no breach): the gate asks no owner of it.
    assert check(no_owner, None) == []
