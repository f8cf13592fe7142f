"""The section gate: each rule of PRODUCT.md produces its plain-words refusal, and a complete
section closes."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from domain.gate import Breach, SectionContext, breaches_for, evaluate_gate
from domain.keys import SectionKey, Target
from domain.readings import Reading
from domain.records import (
    Action,
    ActionStatus,
    ActionUpdate,
    AobItem,
    Decision,
    DecisionKind,
    MinutesState,
)
from domain.status import Status, Thresholds

DAY = dt.date(2026, 2, 3)
PEOPLE = frozenset({"sp", "jm"})
LOWER = Thresholds("lower", amber=4.5, red=6.0, critical=8.0)


def reading(metric_id: str, status: Status, title: str = "", streak: int = 1) -> Reading:
    return Reading(
        metric_id=metric_id,
        title=title or metric_id,
        unit="%",
        precision=1,
        value=1.0,
        status=status,
        thresholds=LOWER,
        streak=streak,
    )


def action(**changes: object) -> Action:
    base = Action(id=11, description="Review rota", owner_id="jm", due=DAY + dt.timedelta(days=14))
    return replace(base, **changes)  # type: ignore[arg-type]


def act(metric_id: str | None = "dna", **changes: object) -> Decision:
    base = Decision(
        id=7,
        section_key=SectionKey.of_dashboard("access"),
        kind=DecisionKind.ACT,
        metric_id=metric_id,
        title="DNA rate",
        actions=(action(),),
        escalation_owner_id="jm",  # another kind on a breach names an owner
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def dashboard(*decisions: Decision, status: Status = Status.RED) -> SectionContext:
    return SectionContext(
        kind="dashboard",
        meeting_date=DAY,
        decide_at=Status.RED,
        known_people=PEOPLE,
        breaches=(Breach(reading("dna", status, "DNA rate")),),
        decisions=decisions,
    )


# --- breaches_for -------------------------------------------------------------------------


def test_breaches_are_readings_at_or_above_the_decision_level() -> None:
    readings = [
        reading("g", Status.GREEN),
        reading("a", Status.AMBER),
        reading("r", Status.RED),
        reading("c", Status.CRITICAL),
        reading("n", Status.NO_DATA),
        reading("s", Status.STALE),
    ]
    assert [b.metric_id for b in breaches_for(readings, Status.RED, 3)] == ["r", "c"]
    assert [b.metric_id for b in breaches_for(readings, Status.AMBER, 3)] == ["a", "r", "c"]
    assert [b.metric_id for b in breaches_for(readings, Status.CRITICAL, 3)] == ["c"]


def test_no_data_and_stale_are_never_breaches_even_at_the_lowest_level() -> None:
    readings = [reading("n", Status.NO_DATA), reading("s", Status.STALE)]
    assert breaches_for(readings, Status.GREEN, 3) == ()


def test_persistent_means_red_or_worse_for_the_streak() -> None:
    readings = [
        reading("r2", Status.RED, streak=2),
        reading("r3", Status.RED, streak=3),
        reading("c5", Status.CRITICAL, streak=5),
        reading("a9", Status.AMBER, streak=9),
    ]
    persistent = {b.metric_id: b.persistent for b in breaches_for(readings, Status.AMBER, 3)}
    assert persistent == {"r2": False, "r3": True, "c5": True, "a9": False}


# --- rule 1: every breach has a decision ---------------------------------------------------


def test_rule1_a_breach_without_decision_is_named_with_its_status() -> None:
    unmet = evaluate_gate(dashboard())
    assert [(u.message, u.target) for u in unmet] == [
        ("DNA rate (RED): no decision yet", Target.metric("dna"))
    ]


def test_rule1_a_decision_on_another_metric_does_not_count() -> None:
    unmet = evaluate_gate(dashboard(act(metric_id="other")))
    assert unmet[0].message == "DNA rate (RED): no decision yet"


# --- rule 2: decisions are complete --------------------------------------------------------


def test_rule2_act_needs_an_action() -> None:
    unmet = evaluate_gate(dashboard(act(actions=())))
    assert [u.message for u in unmet] == ["Act decision on 'DNA rate' has no action"]
    assert unmet[0].target == Target.metric("dna")


def test_rule2_action_without_owner_points_at_the_action() -> None:
    unmet = evaluate_gate(dashboard(act(actions=(action(owner_id=None),))))
    assert [(u.message, u.target) for u in unmet] == [
        ("Action 'Review rota' has no owner", Target.action(11))
    ]


def test_rule2_an_unknown_owner_counts_as_no_owner() -> None:
    unmet = evaluate_gate(dashboard(act(actions=(action(owner_id="xx"),))))
    assert [u.message for u in unmet] == ["Action 'Review rota' has an unknown owner 'xx'"]


def test_rule2_action_due_before_the_meeting() -> None:
    late = action(due=DAY - dt.timedelta(days=1))
    unmet = evaluate_gate(dashboard(act(actions=(late,))))
    assert [u.message for u in unmet] == ["Action 'Review rota' is due before the meeting date"]


def test_rule2_action_due_on_the_meeting_date_is_fine() -> None:
    assert evaluate_gate(dashboard(act(actions=(action(due=DAY),)))) == []


def test_rule2_escalation_needs_a_destination_and_an_owner() -> None:
    decision = act(
        kind=DecisionKind.ESCALATE, actions=(), escalate_to=None, escalation_owner_id=None
    )
    messages = [u.message for u in evaluate_gate(dashboard(decision))]
    assert messages == [
        "Escalation of 'DNA rate' does not say where it goes",
        "Escalation of 'DNA rate' has no owner",
    ]


def test_rule2_monitor_needs_a_reason_and_a_review_date() -> None:
    decision = act(kind=DecisionKind.MONITOR, actions=())
    messages = [u.message for u in evaluate_gate(dashboard(decision))]
    assert messages == [
        "Monitor decision on 'DNA rate' has no reason",
        "Monitor decision on 'DNA rate' has no review date",
    ]


def test_rule2_a_complete_monitor_decision_closes_the_section() -> None:
    decision = act(kind=DecisionKind.MONITOR, actions=(), reason="seasonal", review_date=DAY)
    assert evaluate_gate(dashboard(decision)) == []


def test_rule2_applies_to_decisions_on_metrics_below_the_decision_level() -> None:
    extra = act(metric_id="amber-one", title="Amber one", kind=DecisionKind.ACCEPT, actions=())
    unmet = evaluate_gate(dashboard(act(), extra))
    assert [(u.message, u.target) for u in unmet] == [
        ("Accept decision on 'Amber one' has no reason", Target.metric("amber-one"))
    ]


def test_rule2_the_latest_decision_on_a_metric_is_the_one_judged() -> None:
    incomplete = act(actions=())
    assert evaluate_gate(dashboard(incomplete, act())) == []
    assert evaluate_gate(dashboard(act(), incomplete)) != []


# --- rule 3: CRITICAL is escalated or says why not ----------------------------------------


def test_rule3_critical_not_escalated_without_a_reason() -> None:
    unmet = evaluate_gate(dashboard(act(), status=Status.CRITICAL))
    assert [u.message for u in unmet] == [
        "CRITICAL breach 'DNA rate' is not escalated and no reason is recorded"
    ]


def test_rule3_critical_with_a_reason_or_an_escalation_passes() -> None:
    with_reason = act(not_escalated_reason="already with partners this week")
    assert evaluate_gate(dashboard(with_reason, status=Status.CRITICAL)) == []
    escalated = act(
        kind=DecisionKind.ESCALATE, actions=(), escalate_to="partners", escalation_owner_id="sp"
    )
    assert evaluate_gate(dashboard(escalated, status=Status.CRITICAL)) == []


# --- rule 4: matters arising ---------------------------------------------------------------


def matters(*actions: Action, updated: frozenset[int] = frozenset()) -> SectionContext:
    return SectionContext(
        kind="matters-arising",
        meeting_date=DAY,
        decide_at=Status.RED,
        known_people=PEOPLE,
        actions_due_back=actions,
        updated_action_ids=updated,
        person_names={"jm": "Jo Morgan"},
    )


def test_rule4_an_action_due_back_without_update() -> None:
    unmet = evaluate_gate(matters(action()))
    assert [(u.message, u.target) for u in unmet] == [
        ("Matters arising: action 'Review rota' (owner Jo Morgan) has no update", Target.action(11))
    ]


def test_rule4_done_needs_evidence_and_dropped_needs_a_reason() -> None:
    when = dt.datetime(2026, 2, 3, 9, 30)
    done = action(updates=(ActionUpdate(when, "jmorgan", ActionStatus.DONE),))
    dropped = action(id=12, updates=(ActionUpdate(when, "jmorgan", ActionStatus.DROPPED),))
    unmet = evaluate_gate(matters(done, dropped, updated=frozenset({11, 12})))
    assert [(u.message, u.target) for u in unmet] == [
        (
            "Matters arising: action 'Review rota' is done but no evidence is recorded",
            Target.action(11),
        ),
        (
            "Matters arising: action 'Review rota' is dropped but no reason is recorded",
            Target.action(12),
        ),
    ]


def test_rule4_good_updates_close_the_section() -> None:
    when = dt.datetime(2026, 2, 3, 9, 30)
    updates = [
        ActionUpdate(when, "jm", ActionStatus.DONE, evidence="rota published"),
        ActionUpdate(when, "jm", ActionStatus.IN_PROGRESS, new_due=DAY + dt.timedelta(days=7)),
        ActionUpdate(when, "jm", ActionStatus.BLOCKED, note="waiting for IT"),
        ActionUpdate(when, "jm", ActionStatus.DROPPED, note="superseded"),
    ]
    actions = [action(id=i, updates=(u,)) for i, u in enumerate(updates)]
    assert evaluate_gate(matters(*actions, updated=frozenset(range(4)))) == []


def test_rule4_progress_needs_a_new_date() -> None:
    when = dt.datetime(2026, 2, 3, 9, 30)
    update = ActionUpdate(when, "jm", ActionStatus.IN_PROGRESS)
    unmet = evaluate_gate(matters(action(updates=(update,)), updated=frozenset({11})))
    assert [u.message for u in unmet] == [
        "Matters arising: action 'Review rota' is in progress but has no new date"
    ]


# --- rule 5: previous minutes --------------------------------------------------------------


def previous(state: MinutesState | None) -> SectionContext:
    return SectionContext(
        kind="previous-minutes",
        meeting_date=DAY,
        decide_at=Status.RED,
        known_people=PEOPLE,
        previous_minutes=state,
    )


def test_rule5_draft_previous_minutes_block_the_section() -> None:
    unmet = evaluate_gate(previous(MinutesState.DRAFT))
    assert [(u.message, u.target) for u in unmet] == [
        ("Previous minutes are not yet approved", "minutes")
    ]


def test_rule5_approved_amended_or_no_previous_minutes_pass() -> None:
    for state in (MinutesState.APPROVED, MinutesState.AMENDED, None):
        assert evaluate_gate(previous(state)) == []


# --- escalations in and AOB ----------------------------------------------------------------


def escalations(*decisions: Decision) -> SectionContext:
    incoming = Decision(
        id=99, section_key=SectionKey.of_dashboard("x"), kind=DecisionKind.ESCALATE, title="QOF"
    )
    return SectionContext(
        kind="escalations-in",
        meeting_date=DAY,
        decide_at=Status.RED,
        known_people=PEOPLE,
        escalations_in=(incoming,),
        decisions=decisions,
    )


def test_escalations_in_each_need_a_decision_here() -> None:
    unmet = evaluate_gate(escalations())
    assert [(u.message, u.target) for u in unmet] == [
        ("Escalation in: 'QOF' has no decision yet", Target.of("escalation", 99))
    ]
    answer = act(answers_escalation_id=99, title="QOF", metric_id=None)
    assert evaluate_gate(escalations(answer)) == []
    incomplete = replace(answer, actions=(action(due=None),))
    assert [u.message for u in evaluate_gate(escalations(incomplete))] == [
        "Action 'Review rota' has no due date"
    ]


def test_aob_items_with_a_decision_must_be_complete() -> None:
    decision = Decision(id=None, section_key="aob", kind=DecisionKind.DEFER)
    items = (
        AobItem(id=3, title="Car park"),
        AobItem(id=4, title="Flu clinic", decision=decision),
    )
    ctx = SectionContext(
        kind="aob", meeting_date=DAY, decide_at=Status.RED, known_people=PEOPLE, aob_items=items
    )
    unmet = evaluate_gate(ctx)
    assert [(u.message, u.target) for u in unmet] == [
        ("Defer decision on 'Flu clinic' has no reason", Target.of("aob", 4)),
        ("Defer decision on 'Flu clinic' has no review date", Target.of("aob", 4)),
    ]
    done = replace(decision, reason="after the rota", review_date=DAY + dt.timedelta(days=7))
    ok = replace(ctx, aob_items=(items[0], replace(items[1], decision=done)))
    assert evaluate_gate(ok) == []


def test_all_met_lets_a_dashboard_section_close() -> None:
    assert evaluate_gate(dashboard(act())) == []


def test_a_section_without_breaches_closes() -> None:
    ctx = SectionContext(
        kind="dashboard", meeting_date=DAY, decide_at=Status.RED, known_people=PEOPLE
    )
    assert evaluate_gate(ctx) == []


def test_check_data_is_always_a_breach_and_needs_query_data_with_an_owner() -> None:
    from domain.readings import Series, make_reading

    # a reading whose data is in doubt is CHECK DATA whatever its value, with the reason
    metric = type("M", (), {"id": "dna", "title": "DNA rate", "unit": "%", "precision": 1,
                            "stale_after_days": 60, "thresholds": LOWER})()  # fmt: skip
    series = Series(periods=(DAY,), values=(9.0,), doubt="file.csv last line: cut off part-way")
    doubtful = make_reading(metric, series, DAY)
    assert doubtful.status is Status.CHECK_DATA and doubtful.streak == 0
    assert doubtful.reason == "file.csv last line: cut off part-way (CRITICAL if the data is right)"
    # a breach even where the meeting decides only at CRITICAL
    assert [b.metric_id for b in breaches_for([doubtful], Status.CRITICAL, 3)] == ["dna"]
    context = replace(
        dashboard(status=Status.RED), breaches=breaches_for([doubtful], Status.RED, 3)
    )
    assert [u.message for u in evaluate_gate(context)] == ["DNA rate (CHECK DATA): no decision yet"]
    # an operational decision is refused; query data needs a reason, a re-check date and an owner
    refused = evaluate_gate(replace(context, decisions=(act(),)))
    assert any(
        "is CHECK DATA (the data is in doubt): decide 'query data'" in u.message for u in refused
    )
    bare = act(kind=DecisionKind.QUERY_DATA, reason="download cut", review_date=DAY, actions=())
    assert any(
        "has no owner" in u.message for u in evaluate_gate(replace(context, decisions=(bare,)))
    )
    good = replace(bare, actions=(action(description="Download again and re-run chair check"),))
    assert evaluate_gate(replace(context, decisions=(good,))) == []
