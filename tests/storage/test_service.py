"""The service layer on a real database: the loop across meetings, permissions, conflicts."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from config import ChairConfig
from domain.detail import Detail, Fact
from domain.keys import SectionKey, Target
from domain.readings import Reading
from domain.records import Action, ActionStatus, Decision, DecisionKind, MinutesState, Verdict
from domain.status import Status, Thresholds
from storage.errors import Conflict, InvalidEntry, NotAllowed
from storage.service.chair import ChairService
from tests.storage.conftest import TODAY
from tests.work_sections import settle_work_section

DNA = Thresholds("lower", amber=4.5, red=6.0, critical=8.0)


def dna_reading(value: float, status: Status) -> Reading:
    return Reading(
        metric_id="dna-rate",
        title="DNA rate",
        unit="%",
        precision=1,
        value=value,
        status=status,
        thresholds=DNA,
        trend=(5.0, 6.1, value),
        trend_statuses=(Status.AMBER, Status.RED, status),
        as_of=dt.date(2026, 10, 31),
        streak=2,
    )


def act(
    description: str = "Review rota", owner: str | None = "jm", due: dt.date | None = None
) -> Decision:
    return Decision(
        id=None,
        section_key=SectionKey.of_dashboard("access"),
        kind=DecisionKind.ACT,
        metric_id="dna-rate",
        title="DNA rate",
        data_shows="DNA rate 6.4%, second month red",
        reason="Unfilled rota gaps on Mondays",
        actions=(
            Action(
                id=None,
                description=description,
                owner_id=owner,
                due=due or TODAY + dt.timedelta(days=7),
            ),
        ),
    )


def walk_to(
    service: ChairService, meeting_id: int, key: str, readings: list[Reading] | None = None
) -> None:
    while (
        service.meetings.get(meeting_id)
        .sections[service.meetings.get(meeting_id).current_section]
        .key
        != key
    ):
        settle_work_section(service, meeting_id)
        unmet = service.sections.move_on(meeting_id, readings).unmet
        assert not unmet, unmet


def test_gate_refuses_until_the_breach_has_a_decision(service: ChairService) -> None:
    meeting = service.meetings.start("weekly-ops")
    walk_to(service, meeting.id, SectionKey.of_dashboard("access"))
    readings = [dna_reading(6.4, Status.RED)]
    unmet = service.sections.move_on(meeting.id, readings).unmet
    assert [u.message for u in unmet] == ["DNA rate (RED): no decision yet"]
    assert unmet[0].target == Target.metric("dna-rate")
    service.decisions.record(meeting.id, act(), breach_status="RED")
    assert service.sections.move_on(meeting.id, readings).unmet == []
    assert service.meetings.get(meeting.id).sections[2].closed


def test_invalid_decisions_are_refused_with_field_problems(service: ChairService) -> None:
    meeting = service.meetings.start("weekly-ops")
    with pytest.raises(InvalidEntry) as refused:
        service.decisions.record(meeting.id, act(owner=None, due=TODAY - dt.timedelta(days=1)))
    fields = {p.field for p in refused.value.problems}
    assert {"actions[0].owner", "actions[0].due"} <= fields
    assert service.meetings.get(meeting.id).decisions == ()


def test_free_text_with_an_nhs_number_is_refused(service: ChairService) -> None:
    meeting = service.meetings.start("weekly-ops")
    with pytest.raises(InvalidEntry, match="NHS number"):
        service.decisions.record(meeting.id, act(description="Call back 943 476 5919"))
    with pytest.raises(InvalidEntry, match="NHS number"):
        service.meetings.add_aob(meeting.id, "Complaint from 9434765919")
    assert service.meetings.get(meeting.id).aob == ()


def test_a_later_decision_on_the_same_breach_replaces_the_earlier(service: ChairService) -> None:
    meeting = service.meetings.start("weekly-ops")
    service.decisions.record(meeting.id, act("First try"))
    service.decisions.record(meeting.id, act("Second thoughts"))
    [decision] = service.meetings.get(meeting.id).decisions
    assert decision.actions[0].description == "Second thoughts"


def test_only_a_chair_runs_meetings(config: ChairConfig, db_url: str) -> None:
    reader = ChairService(config, db_url, TODAY, "jmorgan")
    with pytest.raises(NotAllowed, match="jmorgan may not start a meeting"):
        reader.meetings.start("weekly-ops")
    reader.close()


def test_owner_or_chair_may_update_an_action_others_may_not(
    config: ChairConfig, db_url: str
) -> None:
    chair = ChairService(config, db_url, TODAY, "spatel")
    meeting = chair.meetings.start("weekly-ops")
    [action] = chair.decisions.record(meeting.id, act(owner="jm")).actions
    stranger = ChairService(config, db_url, TODAY, "lchen")
    with pytest.raises(NotAllowed, match="only its owner"):
        stranger.actions.update(action.id, action.version, ActionStatus.IN_PROGRESS, note="x")
    nobody = ChairService(config, db_url, TODAY, "intruder")
    with pytest.raises(NotAllowed):
        nobody.actions.update(action.id, action.version, ActionStatus.IN_PROGRESS, note="x")
    owner = ChairService(config, db_url, TODAY, "jmorgan")
    updated = owner.actions.update(
        action.id, action.version, ActionStatus.IN_PROGRESS, note="started"
    )
    assert updated.status is ActionStatus.IN_PROGRESS
    for svc in (chair, stranger, nobody, owner):
        svc.close()


def test_a_stale_version_is_refused_and_nothing_is_overwritten(service: ChairService) -> None:
    meeting = service.meetings.start("weekly-ops")
    [action] = service.decisions.record(meeting.id, act()).actions
    service.actions.update(action.id, action.version, ActionStatus.BLOCKED, note="locum cancelled")
    with pytest.raises(Conflict):
        service.actions.update(action.id, action.version, ActionStatus.DONE, evidence="rota filled")
    assert service.actions.get(action.id).status is ActionStatus.BLOCKED


def test_done_needs_evidence_and_reschedule_needs_a_reason(service: ChairService) -> None:
    meeting = service.meetings.start("weekly-ops")
    [action] = service.decisions.record(meeting.id, act()).actions
    with pytest.raises(InvalidEntry, match="evidence"):
        service.actions.update(action.id, action.version, ActionStatus.DONE)
    with pytest.raises(InvalidEntry, match="reason"):
        service.actions.update(action.id, action.version, new_due=TODAY + dt.timedelta(days=20))


def finish(service: ChairService, meeting_id: int, readings: list[Reading]) -> None:
    while service.meetings.get(meeting_id).state.value == "in progress":
        settle_work_section(service, meeting_id)
        unmet = service.sections.move_on(meeting_id, readings).unmet
        assert not unmet, unmet


def test_the_loop_across_three_meetings(config: ChairConfig, db_url: str) -> None:
    """Minutes approved and locked, matters arising gated, carry-forward counted."""
    days = [TODAY, TODAY + dt.timedelta(days=7), TODAY + dt.timedelta(days=14)]
    first = ChairService(config, db_url, days[0], "spatel")
    meeting = first.meetings.start("weekly-ops")
    walk_to(first, meeting.id, SectionKey.of_dashboard("access"))
    readings = [dna_reading(6.4, Status.RED)]
    [action] = first.decisions.record(meeting.id, act(due=days[1]), breach_status="RED").actions
    assert first.sections.move_on(meeting.id, readings).unmet == []
    finish(first, meeting.id, [])
    assert first.meetings.get(meeting.id).minutes_state is MinutesState.DRAFT

    second = ChairService(config, db_url, days[1], "spatel")
    meeting2 = second.meetings.start("weekly-ops")
    assert meeting2.previous_meeting_id == meeting.id
    assert [u.target for u in second.sections.move_on(meeting2.id).unmet] == ["minutes"]
    second.minutes.approve_previous(meeting2.id, amendments="Dr Okafor was present.")
    assert second.sections.move_on(meeting2.id).unmet == []
    locked = second.meetings.get(meeting.id)
    assert locked.minutes_state is MinutesState.AMENDED
    assert "Dr Okafor was present." in second.minutes.markdown(meeting.id)
    assert second.minutes.verify_locked() == []

    due = second.arising.actions_due_back(meeting2.id)
    assert [a.id for a in due] == [action.id]
    unmet = second.sections.move_on(meeting2.id).unmet
    assert unmet and unmet[0].target == Target.action(action.id)
    second.actions.update(
        action.id,
        action.version,
        ActionStatus.IN_PROGRESS,
        note="half done",
        new_due=days[2],
        meeting_id=meeting2.id,
        verdict=Verdict.TOO_EARLY,  # raised on a metric: did it work?
    )
    assert second.sections.move_on(meeting2.id).unmet == []
    assert second.actions.get(action.id).carried == 1
    # Re-dated past this meeting, it is still listed here with its update, and minuted.
    [listed] = second.arising.actions_due_back(meeting2.id)
    assert listed.id == action.id and listed.updates[-1].note == "half done"
    assert "half done" in second.minutes.markdown(meeting2.id)
    finish(second, meeting2.id, [])

    third = ChairService(config, db_url, days[2], "spatel")
    meeting3 = third.meetings.start("weekly-ops")
    third.minutes.approve_previous(meeting3.id)
    third.sections.move_on(meeting3.id)
    current = third.actions.get(action.id)
    assert [a.id for a in third.arising.actions_due_back(meeting3.id)] == [action.id]
    third.actions.update(
        action.id,
        current.version,
        ActionStatus.DONE,
        evidence="Rota filled to March",
        meeting_id=meeting3.id,
        verdict=Verdict.WORKED,
    )
    assert third.sections.move_on(meeting3.id).unmet == []
    assert third.actions.get(action.id).status is ActionStatus.DONE
    for svc in (first, second, third):
        svc.close()


def test_tampered_minutes_are_detected(
    service: ChairService, config: ChairConfig, db_url: str
) -> None:
    meeting = service.meetings.start("weekly-ops")
    finish(service, meeting.id, [])
    later = ChairService(config, db_url, TODAY + dt.timedelta(days=7), "spatel")
    meeting2 = later.meetings.start("weekly-ops")
    later.minutes.approve_previous(meeting2.id)
    with later.engine.begin() as connection:
        connection.exec_driver_sql(
            "UPDATE meetings SET minutes_text = minutes_text || 'x' WHERE id = ?", (meeting.id,)
        ) if later.engine.dialect.name == "sqlite" else connection.exec_driver_sql(
            "UPDATE meetings SET minutes_text = minutes_text || 'x' WHERE id = %s", (meeting.id,)
        )
    [problem] = later.minutes.verify_locked()
    assert f"meeting {meeting.id}" in problem and "altered" in problem
    later.close()


def test_escalation_reaches_the_target_meeting(service: ChairService) -> None:
    meeting = service.meetings.start("weekly-ops")
    escalation = service.decisions.record(
        meeting.id,
        dataclasses.replace(
            act(),
            kind=DecisionKind.ESCALATE,
            actions=(),
            escalate_to="partners",
            escalation_owner_id="sp",
        ),
        breach_status="CRITICAL",
    )
    partners = service.meetings.start("partners")
    [incoming] = service.arising.escalations_in(partners.id)
    assert incoming.id == escalation.id
    index = [s.key for s in partners.sections].index("escalations-in")
    unmet = service.sections.state(partners.id, index).unmet
    assert unmet and unmet[0].target == Target.of("escalation", escalation.id)


def test_backup_is_a_consistent_private_copy(
    service: ChairService, tmp_path, config: ChairConfig
) -> None:
    if service.engine.dialect.name != "sqlite":
        pytest.skip("backup copies SQLite")
    meeting = service.meetings.start("weekly-ops")
    service.meetings.add_aob(meeting.id, "Flu clinic rota")
    target = tmp_path / "backup.db"
    service.history.backup(target)
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    restored = ChairService(config, target, TODAY, "spatel")
    assert [a.title for a in restored.meetings.get(meeting.id).aob] == ["Flu clinic rota"]
    restored.close()


def test_minutes_carry_a_readings_data_problem(service: ChairService) -> None:
    meeting = service.meetings.start("weekly-ops")
    walk_to(service, meeting.id, SectionKey.of_dashboard("access"))
    reading = dataclasses.replace(
        dna_reading(4.0, Status.GREEN),
        detail=Detail.of(Fact.data_problem("1 row could not be read (row 29)")),
    )
    assert service.sections.move_on(meeting.id, [reading]).unmet == []
    minutes = service.minutes.markdown(meeting.id)
    assert "data problem: 1 row could not be read (row 29)" in minutes


def test_a_decision_in_full_is_kept_and_read_back(service: ChairService) -> None:
    from domain.in_full import ExperienceParts, SuccessMeasure

    meeting = service.meetings.start("weekly-ops")
    whole = dataclasses.replace(
        act(),
        cause="Two receptionists left in October",
        risk_areas=("patient safety", "workforce"),
        risk="urgent calls wait",
        success=SuccessMeasure("dna-rate", "GREEN", TODAY + dt.timedelta(days=28)),
        experience=ExperienceParts("a", "b", "c", "d", "e", "f"),
    )
    service.decisions.record(meeting.id, whole, breach_status="RED")
    [saved] = service.meetings.get(meeting.id).decisions
    assert saved.cause == "Two receptionists left in October"
    assert saved.risk_areas == ("patient safety", "workforce")
    assert saved.risk == "urgent calls wait"
    assert saved.success == whole.success
    assert saved.experience == whole.experience and saved.investment is None
    with pytest.raises(InvalidEntry, match="NHS number"):
        service.decisions.record(meeting.id, dataclasses.replace(whole, cause="943 476 5919"))


def test_matters_arising_keep_their_order_when_one_is_re_dated(
    config: ChairConfig, db_url: str
) -> None:
    """The list keeps the order the actions were raised in: re-dating the first one past the
    second does not move it under the chair's cursor (a `j` after the save acts on the row
    below it, as the screen showed it)."""
    later = TODAY + dt.timedelta(days=7)
    first = ChairService(config, db_url, TODAY, "spatel")
    meeting = first.meetings.start("weekly-ops")
    walk_to(first, meeting.id, SectionKey.of_dashboard("access"))
    base = act(due=later - dt.timedelta(days=1))
    both = dataclasses.replace(
        base,
        actions=(
            base.actions[0],
            dataclasses.replace(base.actions[0], description="Recall list", due=later),
        ),
    )
    raised = first.decisions.record(meeting.id, both, breach_status="RED").actions
    assert first.sections.move_on(meeting.id, [dna_reading(6.4, Status.RED)]).unmet == []
    finish(first, meeting.id, [])

    second = ChairService(config, db_url, later, "spatel")
    meeting2 = second.meetings.start("weekly-ops")
    second.minutes.approve_previous(meeting2.id)
    second.sections.move_on(meeting2.id)
    before = [a.id for a in second.arising.actions_due_back(meeting2.id)]
    assert before == [a.id for a in raised]
    second.actions.update(
        raised[0].id,
        raised[0].version,
        ActionStatus.IN_PROGRESS,
        note="waiting on the rota",
        new_due=later + dt.timedelta(days=14),
        meeting_id=meeting2.id,
        verdict=Verdict.TOO_EARLY,
    )
    assert [a.id for a in second.arising.actions_due_back(meeting2.id)] == before
