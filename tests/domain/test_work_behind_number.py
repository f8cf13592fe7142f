"""The work behind the number, as pure rules: exceptions come off the count (and are capped
by the row), This week orders by urgency, the watch list holds undecided AMBERs, the risk
register's section list and score, and the gate's point 6."""

from __future__ import annotations

import datetime as dt

from domain.exceptions import (
    RowBehind,
    RowException,
    RowsBehind,
    exception_problems,
    with_exceptions,
)
from domain.gate import Acknowledgement, Breach, SectionContext, evaluate_gate
from domain.keys import Target
from domain.minutes_work import verdicts_part, watch_part
from domain.readings import Reading
from domain.records import (
    Action,
    ActionStatus,
    ActionUpdate,
    Decision,
    DecisionKind,
    Snapshot,
    Verdict,
)
from domain.risks import Risk, for_section, high_overdue_series, next_ref, risk_problems
from domain.status import Status, Thresholds
from domain.watch import WatchItem, WatchNote, watch_list, watch_note_problems
from domain.week import DueItem, this_week

DAY = dt.date(2026, 12, 6)
OVERDUE = Thresholds("lower", amber=10, red=25, critical=40)
IN_DATE = Thresholds("higher", amber=95, red=90, critical=80)


def searches() -> RowsBehind:
    rows = (
        RowBehind("DOAC", ("DOAC",), 18.0, DAY, "DOAC search"),
        RowBehind("Lithium", ("Lithium",), 9.0, DAY, "Lithium search"),
        RowBehind("Amiodarone", ("Amiodarone",), 0.0, None),
    )
    return RowsBehind("overdue", ("Search",), rows, countable=True)


def overdue_reading(value: float = 27.0) -> Reading:
    return Reading(
        metric_id="overdue", title="Overdue monitoring", unit="patients", precision=0,
        value=value, status=OVERDUE.classify(value), thresholds=OVERDUE, numerator=value,
        denominator=300.0, trend=(20.0, value), trend_statuses=(Status.AMBER, Status.RED), streak=1,
    )  # fmt: skip


def exception(key: str = "DOAC", count: int = 3, **more: object) -> RowException:
    values: dict[str, object] = dict(
        id=None, metric_id="overdue", row_key=key, reason="housebound", expires=DAY, count=count
    )
    values.update(more)
    return RowException(**values)  # type: ignore[arg-type]


def test_an_exception_comes_off_the_count_and_the_status_uses_what_is_left() -> None:
    judged = with_exceptions(overdue_reading(), searches(), [exception(count=3)], DAY)
    assert judged.display_value == "27 patients (3 excepted)"
    assert judged.value == 24.0
    assert judged.status is Status.AMBER  # 27 would be RED (red at 25)
    assert judged.trend[-1] == 24.0 and judged.trend_statuses[-1] is Status.AMBER


def test_an_exception_never_takes_more_than_its_row_and_an_expired_one_nothing() -> None:
    capped = with_exceptions(
        overdue_reading(), searches(), [exception("Lithium", 9), exception("Lithium", 5)], DAY
    )
    assert capped.value == 18.0  # the search has 9 overdue: no more than 9 come off
    expired = exception(expires=DAY - dt.timedelta(days=1))
    assert with_exceptions(overdue_reading(), searches(), [expired], DAY).value == 27.0
    gone = exception("Amiodarone", 1)  # the row has nothing overdue now
    assert (
        with_exceptions(overdue_reading(), searches(), [gone], DAY).display_value == "27 patients"
    )


def test_a_leavers_course_comes_out_of_the_whole_of_a_percentage() -> None:
    rows = RowsBehind(
        "training", ("Staff",),
        (RowBehind("Ellie · Fire safety", (), 1.0, DAY), RowBehind("Sam · BLS", (), 1.0, DAY)),
        effect="denominator",
    )  # fmt: skip
    reading = Reading(
        metric_id="training", title="Training in date", unit="%", precision=1,
        value=93 / 100 * 100, status=Status.AMBER, thresholds=IN_DATE, numerator=93.0,
        denominator=100.0, trend=(93.0,), trend_statuses=(Status.AMBER,),
    )  # fmt: skip
    left = RowException(None, "training", "Ellie · Fire safety", "left the practice", DAY)
    judged = with_exceptions(reading, rows, [left], DAY)
    assert round(judged.value or 0, 2) == round(93 / 99 * 100, 2)
    assert judged.display_value == "93.0% (1 excepted)"


def test_exception_problems_in_words() -> None:
    assert exception_problems(exception(), DAY, searches()) == []
    other = exception(reason="other", note="")
    assert "Reason 'other' needs words saying why" in exception_problems(other, DAY)
    assert any("only 18" in p for p in exception_problems(exception(count=19), DAY, searches()))
    assert any("not a row" in p for p in exception_problems(exception("Nope"), DAY, searches()))
    assert any(
        "past" in p for p in exception_problems(exception(expires=DAY - dt.timedelta(1)), DAY)
    )
    nhs = exception(reason="other", note="patient 943 476 5919 is housebound")
    assert any("NHS number" in p for p in exception_problems(nhs, DAY))


def test_this_week_is_most_urgent_first_and_stops_at_seven_days() -> None:
    items = [
        DueItem(DAY + dt.timedelta(days=3), "Claim", "claims"),
        DueItem(DAY - dt.timedelta(days=2), "Overdue course", "training", "Sam Patel"),
        DueItem(DAY + dt.timedelta(days=3), "Rota", "action", "Jo Morgan"),
        DueItem(DAY + dt.timedelta(days=8), "Far away", "action"),
    ]
    week = this_week(items, DAY)
    assert [i.what for i in week] == ["Overdue course", "Rota", "Claim"]
    assert week[0].when_words(DAY) == "2 days overdue"
    assert week[1].when_words(DAY) == "in 3 days"


def amber(metric_id: str, statuses: tuple[Status, ...]) -> Reading:
    periods = tuple(
        DAY.replace(month=12 - len(statuses) + i, day=1) for i in range(1, len(statuses) + 1)
    )
    return Reading(
        metric_id=metric_id, title=metric_id, unit="%", precision=1, value=5.0,
        status=statuses[-1], thresholds=OVERDUE, trend=(5.0,) * len(statuses),
        trend_statuses=statuses, history_periods=periods, history=(5.0,) * len(statuses),
        period_end=periods[-1],
    )  # fmt: skip


def test_the_watch_list_holds_ambers_not_decided_since_they_turned_amber() -> None:
    a = amber("dna", (Status.GREEN, Status.AMBER, Status.AMBER))
    b = amber("missed", (Status.AMBER,))
    g = amber("green", (Status.AMBER, Status.GREEN))
    since = a.history_periods[-2]
    items = watch_list(
        [("Access", a), ("Telephony", b), ("Access", g)], {"missed": b.history_periods[-1]}
    )
    assert [(i.metric_id, i.streak, i.since) for i in items] == [("dna", 2, since)]
    older = watch_list([("Access", a)], {"dna": since - dt.timedelta(days=40)})
    assert [i.metric_id for i in older] == ["dna"]  # decided before it turned amber: still on


def test_watch_notes_need_a_kind_and_words() -> None:
    assert watch_note_problems("noted", "Seasonal; review in January") == []
    assert len(watch_note_problems("shrug", "")) == 2


def test_the_risk_register_section_lists_due_and_high_risks_due_first() -> None:
    risks = [
        Risk(1, "R01", "Phones", 4, 3, review_date=DAY + dt.timedelta(days=4)),
        Risk(2, "R02", "GP capacity", 4, 4, review_date=DAY + dt.timedelta(days=30)),
        Risk(3, "R03", "Cash flow", 3, 3, review_date=DAY - dt.timedelta(days=10)),
        Risk(4, "R04", "Old", 5, 5, review_date=None, status="closed"),
    ]
    assert [r.ref for r in for_section(risks, DAY)] == ["R03", "R02"]
    assert risks[1].score == 16 and next_ref(r.ref for r in risks) == "R05"
    assert risk_problems(Risk(None, "", "", 6, 0)) == [
        "A risk needs a title", "The likelihood is scored 1 to 5 (it was 6)",
        "The impact is scored 1 to 5 (it was 0)",
    ]  # fmt: skip
    series = high_overdue_series(risks, DAY)
    assert series.values[-1] == 0.0  # R02 is high but not yet past review
    late = high_overdue_series(risks, DAY + dt.timedelta(days=31))
    assert late.values[-1] == 1.0


def context(kind: str, **more: object) -> SectionContext:
    return SectionContext(
        kind=kind,
        meeting_date=DAY,
        decide_at=Status.RED,  # type: ignore[arg-type]
        known_people=frozenset({"sp"}),
        **more,
    )  # type: ignore[arg-type]


def test_gate_point_6_watch_list_and_risk_register_need_their_notes() -> None:
    item = WatchItem("dna", "DNA rate", "Access", "5.0%", 2, DAY)
    assert [u.message for u in evaluate_gate(context("watch-list", watch_items=(item,)))] == [
        "Watch list: DNA rate (AMBER) has no note yet"
    ]
    assert (
        evaluate_gate(context("watch-list", watch_items=(item,), watch_noted=frozenset({"dna"})))
        == []
    )
    risk = Risk(3, "R03", "Cash flow", 3, 3, review_date=DAY)
    unmet = evaluate_gate(context("risk-register", risks_due=(risk,)))
    assert [(u.message, u.target) for u in unmet] == [
        ("Risk register: R03 'Cash flow' is due review: no review note", Target.of("risk", 3))
    ]
    assert (
        evaluate_gate(context("risk-register", risks_due=(risk,), risks_reviewed=frozenset({3})))
        == []
    )


def test_gate_point_6_an_action_that_did_not_work_brings_its_breach_back() -> None:
    red = overdue_reading()
    ack = Acknowledgement(1, "overdue", "sp", "in hand", DAY + dt.timedelta(days=20), Status.RED)
    breach = Breach(red, acknowledgement=ack)
    assert evaluate_gate(context("dashboard", breaches=(breach,))) == []  # acknowledged
    again = evaluate_gate(
        context("dashboard", breaches=(breach,), reopened={"overdue": "no change"})
    )
    assert [u.message for u in again] == [
        "Overdue monitoring (RED): the action came back 'no change': decide again"
    ]


def test_matters_arising_asks_whether_an_action_on_a_metric_worked() -> None:
    update = ActionUpdate(
        dt.datetime(2026, 12, 6, 10), "spatel", ActionStatus.DONE, evidence="done"
    )
    action = Action(11, "Recall list", "sp", DAY, metric_id="overdue", status=ActionStatus.DONE,
                    updates=(update,))  # fmt: skip
    ctx = context("matters-arising", actions_due_back=(action,), updated_action_ids=frozenset({11}))
    assert [u.message for u in evaluate_gate(ctx)] == [
        "Matters arising: action 'Recall list': did it work? (worked, no change, worse, too early)"
    ]
    judged = Action(11, "Recall list", "sp", DAY, metric_id="overdue", status=ActionStatus.DONE,
                    updates=(ActionUpdate(update.when, "spatel", ActionStatus.DONE, evidence="done",
                                          verdict=Verdict.NO_CHANGE),))  # fmt: skip
    ctx = context("matters-arising", actions_due_back=(judged,), updated_action_ids=frozenset({11}))
    assert evaluate_gate(ctx) == []


def snap(value: str, status: str) -> Snapshot:
    return Snapshot(
        "overdue", "Overdue monitoring", None, value, status, "", DAY, 1, variation="common cause"
    )


def test_minutes_print_the_verdict_beside_then_and_now_and_the_watch_notes() -> None:
    update = ActionUpdate(dt.datetime(2026, 12, 6, 10), "spatel", ActionStatus.DONE,
                          verdict=Verdict.WORSE, reading_now=snap("31 patients", "RED"))  # fmt: skip
    action = Action(11, "Recall list", "sp", DAY, metric_id="overdue", updates=(update,))
    text = verdicts_part([action], {11: snap("27 patients", "RED")})
    assert (
        "| Recall list | Overdue monitoring | 27 patients RED; common cause | 31 patients RED; common cause | worse |"
        in text
    )
    rows = [WatchItem("dna", "DNA rate", "Access", "5.0%", 2, DAY).as_row()]
    notes = {"dna": WatchNote("dna", "noted", "School holidays; check in January")}
    assert (
        "| DNA rate | Access | 5.0% | AMBER for 2 periods (since 2026-12-06) | — | noted: School holidays; check in January |"
        in watch_part("Watch list", rows, notes)
    )
    assert "no note" in watch_part("Watch list", rows, {})


def test_decision_kind_is_not_needed_to_close_a_this_week_section() -> None:
    assert evaluate_gate(context("this-week")) == []
    assert Decision(None, "x", DecisionKind.ACT).kind is DecisionKind.ACT
