"""The demo's past (sample/history.py): seeded through the real service, and the loop comes
back at today's meetings: previous minutes, matters arising, escalations in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from chair.commands.tui import seed_demo_history
from config import ChairConfig
from domain.gate import breaches_for
from domain.keys import SectionKey, Target
from domain.records import ActionStatus, Decision, DecisionKind, MinutesState, Verdict
from domain.status import Status
from domain.urgency import overdue_days, rank_actions
from sample.history import CALLBACK, MEETINGS, History, seed_history
from storage.service.chair import ChairService
from tests.db_templates import seeded_demo
from tests.storage.conftest import TODAY


def seed(config: ChairConfig, db: str) -> History:
    history = seed_history(lambda day, login: ChairService(config, db, day, login), config, TODAY)
    assert history is not None
    return history


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory, config: ChairConfig) -> tuple[str, History]:
    db = tmp_path_factory.mktemp("history") / "demo.db"
    return str(db), seeded_demo(db, TODAY)  # a copy of the demo seeded once per test process


@pytest.fixture(scope="module")
def config() -> ChairConfig:
    from config import load_config
    from tests.storage.conftest import SAMPLE

    return load_config(SAMPLE)


@pytest.fixture
def past(seeded: tuple[str, History], config: ChairConfig) -> Iterator[ChairService]:
    """The service over the seeded past itself (read, not changed), closed after the test."""
    with ChairService(config, seeded[0], TODAY, "spatel") as svc:
        yield svc


@pytest.fixture
def today_as(
    seeded: tuple[str, History], config: ChairConfig, tmp_path: Path
) -> Iterator[Callable[[str], ChairService]]:
    """Today's service, as a login, over a copy of the seeded past (the module's history stays
    as seeded), closed after the test."""
    opened: list[ChairService] = []

    def open_as(login: str) -> ChairService:
        copy = tmp_path / "today.db"
        with ChairService(config, seeded[0], TODAY, "spatel") as source:
            source.history.backup(copy)
        opened.append(ChairService(config, copy, TODAY, login))
        return opened[-1]

    yield open_as
    for svc in opened:
        svc.close()


def test_every_meeting_type_has_a_past_with_approved_minutes(
    seeded: tuple[str, History], config: ChairConfig, past: ChairService
) -> None:
    _, history = seeded
    meetings = past.meetings.newest_first()
    assert history.meetings == len(meetings) == len(MEETINGS)
    assert {m.meeting_type for m in meetings} == {t.id for t in config.meeting_types}
    assert all(m.state.value == "closed" for m in meetings)
    for meeting_type in config.meeting_types:
        own = [m for m in meetings if m.meeting_type == meeting_type.id]
        assert len(own) >= 2, meeting_type.id
        if any(s.fixed == "previous-minutes" for s in meeting_type.sections):
            # newest first: the latest is a draft for today's meeting; the others are locked
            assert own[0].minutes_state is MinutesState.DRAFT
            assert all(m.minutes_state is not MinutesState.DRAFT for m in own[1:])
    assert any(m.minutes_state is MinutesState.AMENDED for m in meetings)
    assert past.minutes.verify_locked() == []
    kinds = {d.kind for m in meetings for d in past.meetings.get(m.id).decisions}
    assert kinds == set(DecisionKind)


def test_todays_weekly_meeting_gets_the_loop_back(
    seeded: tuple[str, History], today_as: Callable[[str], ChairService]
) -> None:
    _, history = seeded
    svc = today_as("spatel")
    meeting = svc.meetings.start("weekly-ops")
    # Previous minutes: last week's draft must be approved first.
    assert [u.target for u in svc.sections.state(meeting.id, 0).unmet] == ["minutes"]
    svc.minutes.approve_previous(meeting.id)
    assert svc.sections.move_on(meeting.id).unmet == []
    # Matters arising: every action due back needs an update.
    due = {a.description: a for a in svc.arising.actions_due_back(meeting.id)}
    assert set(due) == {CALLBACK, "Audit DOAC monitoring searches", "Update the chaperone policy"}
    unmet = svc.sections.move_on(meeting.id).unmet
    assert {u.target for u in unmet} == {Target.action(a.id) for a in due.values()}
    for action in due.values():
        assert action.id is not None
        svc.actions.update(
            action.id, action.version, ActionStatus.DONE, evidence="Done", meeting_id=meeting.id,
            verdict=Verdict.WORKED if action.metric_id else None,
        )  # fmt: skip
    assert svc.sections.move_on(meeting.id).unmet == []
    # The persistent red comes back, persistent, and needs a decision again.
    reading = _missed_reading(svc, history)
    [breach] = breaches_for([reading], Status.RED, 3)
    assert breach.persistent
    telephony = [s.key for s in meeting.sections].index(SectionKey.of_dashboard("telephony"))
    assert [u.target for u in svc.sections.state(meeting.id, telephony, [reading]).unmet] == [
        Target.metric("missed-in-queue")
    ]


def _missed_reading(svc: ChairService, history: History):  # type: ignore[no-untyped-def]
    from sample.history import OCT, reading_of

    metric = svc.config.metric("missed-in-queue")
    assert metric is not None
    return reading_of(metric, OCT[0], OCT[1], TODAY)


def test_the_escalation_is_waiting_at_the_partners_meeting(
    seeded: tuple[str, History], today_as: Callable[[str], ChairService]
) -> None:
    _, history = seeded
    svc = today_as("aokafor")
    partners = svc.meetings.start("partners")
    [waiting] = svc.arising.escalations_in(partners.id)
    assert waiting.id == history.waiting_escalation_id
    assert waiting.metric_id == "missed-in-queue" and waiting.escalation_owner_id == "ao"
    assert waiting.snapshot is not None and waiting.snapshot.streak >= 3
    index = [s.key for s in partners.sections].index("escalations-in")
    assert [u.target for u in svc.sections.state(partners.id, index).unmet] == [
        Target.of("escalation", waiting.id)
    ]


def test_the_persistent_red_was_decided_at_consecutive_weekly_meetings(
    past: ChairService,
) -> None:
    weekly = sorted(past.meetings.newest_first("weekly-ops"), key=lambda m: m.date)
    streaks = []
    for meeting in weekly:
        [decision] = [
            d for d in past.meetings.get(meeting.id).decisions if d.metric_id == "missed-in-queue"
        ]
        assert decision.snapshot is not None and decision.snapshot.status == "RED"
        streaks.append(decision.snapshot.streak)
    assert len(weekly) >= 3 and all(s >= 3 for s in streaks[-4:])


def test_carry_forward_across_three_consecutive_meetings(
    seeded: tuple[str, History], past: ChairService
) -> None:
    _, history = seeded
    action = past.actions.get(history.actions[CALLBACK])
    weekly = [m.id for m in sorted(past.meetings.newest_first("weekly-ops"), key=lambda m: m.date)]
    at_meetings = [u for u in action.updates if u.status is ActionStatus.IN_PROGRESS]
    assert len(at_meetings) >= 3 and all(u.new_due for u in at_meetings)
    # carried once per meeting it was updated at and stayed open: 35, 28, 21 (progress),
    # 14 (blocked) and 7 days ago (progress again)
    assert action.carried == 5
    assert action.status is ActionStatus.IN_PROGRESS and action.due == TODAY
    assert len(action.updates) == 5 and len(weekly) >= 5


def test_actions_on_time_late_overdue_and_urgency_order(past: ChairService) -> None:
    everything = past.actions.find(include_closed=True)
    done = [a for a in everything if a.status is ActionStatus.DONE]
    assert all(a.evidence for a in done)
    assert any(a.completed and a.due and a.completed <= a.due for a in done)  # on time
    late = {a.description for a in done if a.completed and a.due and a.completed > a.due}
    assert "Add a temporary second phone line at 08:00" in late
    overdue = {a.description: overdue_days(a, TODAY) for a in everything if overdue_days(a, TODAY)}
    assert overdue == {
        "Close the two complaints past their target date": 10,
        "Approve six extra admin hours a week for claims": 10,
        "Update the chaperone policy": 3,
    }
    severity = {
        a.id: Status(d.snapshot.status).severity
        for m in past.meetings.newest_first()
        for d in past.meetings.get(m.id).decisions
        if d.snapshot
        for a in d.actions
        if a.id is not None
    }
    ranked = [a.description for a in rank_actions(past.actions.find(), TODAY, severity, None)]
    assert ranked[:3] == [
        "Close the two complaints past their target date",  # 10 days, RED behind it
        "Approve six extra admin hours a week for claims",  # 10 days, an escalation answer
        "Update the chaperone policy",
    ]
    assert ranked[3] == CALLBACK  # due today, carried five times
    figures = past.actions.completion()
    assert figures.done_on_time >= 5 and figures.carried_over >= 2


def test_seeding_is_deterministic_and_never_repeats(
    seeded: tuple[str, History], config: ChairConfig, tmp_path: Path
) -> None:
    db, history = seeded
    other = str(tmp_path / "again.db")
    again = seed(config, other)
    assert again == history
    first, second = (ChairService(config, d, TODAY, "spatel") for d in (db, other))

    def facts(svc: ChairService) -> list[tuple[object, ...]]:
        return [
            (a.id, a.description, a.owner_id, a.due, a.status, a.carried, a.completed, a.version)
            for a in svc.actions.find(include_closed=True)
        ]

    assert facts(first) == facts(second)
    assert (
        seed_history(lambda day, login: ChairService(config, other, day, login), config, TODAY)
        is None
    )
    assert len(second.meetings.newest_first()) == len(MEETINGS)
    first.close()
    second.close()


def test_chair_demo_seeds_a_new_database_once(config: ChairConfig, tmp_path: Path) -> None:
    svc = ChairService(config, tmp_path / "demo.db", TODAY, "spatel")
    seed_demo_history(svc)
    assert len(svc.meetings.newest_first()) == len(MEETINGS)
    seed_demo_history(svc)  # a database with meetings is kept as it is
    assert len(svc.meetings.newest_first()) == len(MEETINGS)
    svc.close()


def test_decisions_in_full_an_experience_in_six_parts_and_an_investment(
    seeded: tuple[str, History], config: ChairConfig, tmp_path: Path
) -> None:
    """The demo's past decides the way the method asks: cause, risk and measure on breaches,
    one experience decision in six parts, one investment at the partners meeting; the
    investment's review date brings it back to the partners as a matter arising."""
    import shutil

    db, _ = seeded
    svc = ChairService(config, db, TODAY, "spatel")
    meetings = [svc.meetings.get(m.id) for m in svc.meetings.newest_first()]
    decisions = [d for m in meetings for d in m.decisions]
    in_full = [d for d in decisions if d.cause and d.risk_areas and d.success]
    assert len(in_full) >= 8
    [experience] = [d for d in decisions if d.experience is not None]
    assert experience.experience is not None and experience.experience.missing() == []
    [invest] = [d for d in decisions if d.kind is DecisionKind.INVESTMENT]
    partners = next(m for m in meetings if any(d.id == invest.id for d in m.decisions))
    assert partners.meeting_type == "partners"
    assert invest.investment is not None and invest.investment.missing() == []
    review = invest.review_date
    assert review is not None and invest.actions[0].due == review
    minutes = svc.minutes.markdown(partners.id)
    assert "| Supervision needed | Named GP supervisor each session" in minutes
    svc.close()
    # On its review date, the next partners meeting has it among the matters arising.
    later = str(tmp_path / "later.db")
    shutil.copy(db, later)
    then = ChairService(config, later, review, "spatel")
    meeting = then.meetings.start("partners")
    due = [a.description for a in then.arising.actions_due_back(meeting.id)]
    assert any(text.startswith("Review the investment 'Advanced nurse") for text in due)
    then.close()


def test_an_escalation_in_says_where_it_came_from_and_why(
    today_as: Callable[[str], ChairService],
) -> None:
    """Escalations in name the meeting, date and section it came from (never a raw key), and
    the minutes list each with its origin, evidence and the sender's reason, once."""
    svc = today_as("aokafor")
    partners = svc.meetings.start("partners")
    [waiting] = svc.arising.escalations_in(partners.id)
    assert waiting.origin is not None
    sent_at = TODAY - dt.timedelta(days=14)  # sample/history.py: the weekly of 14 days ago
    assert waiting.origin.meeting_date == sent_at
    assert waiting.origin.words() == (
        f"Weekly operations meeting on {sent_at.isoformat()} (Telephony)"
    )
    assert waiting.origin.short == f"Weekly operations, {sent_at.day} {sent_at:%b}"
    minutes = svc.minutes.markdown(partners.id)
    [row] = [line for line in minutes.splitlines() if line.startswith("| Calls missed in queue")]
    assert f"| Weekly operations meeting on {sent_at.isoformat()} (Telephony) |" in row
    assert "| Five months RED despite rota changes: needs investment |" in row
    assert "18.7% (RED, 5 periods)" in row and "no decision recorded" in row


def test_an_aob_escalation_is_listed_once_in_the_minutes(
    today_as: Callable[[str], ChairService],
) -> None:
    """An AOB item's decision is among the meeting's decisions and its AOB item's: the
    Escalations part lists it once (it was listed twice)."""
    svc = today_as("spatel")
    monthly = svc.meetings.start("monthly-management")
    item = svc.meetings.add_aob(monthly.id, "Landlord proposes a rent rise")
    svc.decisions.record(
        monthly.id,
        Decision(
            id=None,
            section_key=SectionKey("aob"),
            kind=DecisionKind.ESCALATE,
            reason="The lease is the partners' to agree",
            escalate_to="partners",
            escalation_owner_id="sp",
        ),
        aob_item_id=item.id,
    )
    minutes = svc.minutes.markdown(monthly.id)
    escalations = minutes.split("## Escalations")[1].split("## Any other business")[0]
    rows = [line for line in escalations.splitlines() if "Partners meeting" in line]
    assert rows == [
        "| Landlord proposes a rent rise | Partners meeting | Sam Patel "
        "| The lease is the partners' to agree |"
    ]
