"""Acknowledged breaches: visible, no new decision until expiry or worsening; chair only."""

from __future__ import annotations

import datetime as dt

import pytest

from config import ChairConfig
from domain.gate import Acknowledgement, Breach, SectionContext, acknowledge_breaches, evaluate_gate
from domain.keys import SectionKey, Target
from domain.status import Status
from storage.errors import InvalidEntry, NotAllowed, NotFound
from storage.service.chair import ChairService
from tests.across.helpers import dna_reading, walk_to
from tests.storage.conftest import TODAY

ACCESS = SectionKey.of_dashboard("access")


def ack(expires: dt.date, status: Status = Status.RED) -> Acknowledgement:
    return Acknowledgement(
        id=1,
        metric_id="dna-rate",
        owner_id="jm",
        reason="Known rota gap",
        expires=expires,
        status_at_ack=status,
    )


def context(breach: Breach, on: dt.date = TODAY) -> SectionContext:
    return SectionContext(
        kind="dashboard",
        meeting_date=on,
        decide_at=Status.RED,
        known_people=frozenset({"jm"}),
        breaches=(breach,),
    )


@pytest.mark.parametrize(
    ("expires", "status", "now", "needs_decision"),
    [
        (TODAY, Status.RED, Status.RED, False),  # expires today: still live
        (TODAY + dt.timedelta(days=30), Status.RED, Status.RED, False),
        (TODAY - dt.timedelta(days=1), Status.RED, Status.RED, True),  # expired
        (TODAY + dt.timedelta(days=30), Status.RED, Status.CRITICAL, True),  # worse
        (TODAY + dt.timedelta(days=30), Status.CRITICAL, Status.RED, False),  # better
    ],
)
def test_the_gate_rule_for_acknowledged_breaches(
    expires: dt.date, status: Status, now: Status, needs_decision: bool
) -> None:
    [breach] = acknowledge_breaches([Breach(dna_reading(6.4, now))], [ack(expires, status)], TODAY)
    assert (breach.acknowledgement is None) is needs_decision
    unmet = evaluate_gate(context(breach))
    assert bool(unmet) is needs_decision
    if needs_decision:
        assert "no decision yet" in unmet[0].message


def test_a_breach_carrying_an_expired_acknowledgement_still_needs_a_decision() -> None:
    breach = Breach(dna_reading(6.4, Status.RED), acknowledgement=ack(TODAY - dt.timedelta(days=1)))
    assert [u.target for u in evaluate_gate(context(breach))] == [Target.metric("dna-rate")]


def test_acknowledgement_across_meetings_until_expiry_and_worsening(
    config: ChairConfig, db_url: str
) -> None:
    first = ChairService(config, db_url, TODAY, "spatel")
    meeting = first.meetings.start("weekly-ops")
    index = walk_to(first, meeting.id, ACCESS)
    red = [dna_reading(6.4, Status.RED)]
    assert first.sections.state(meeting.id, index, red).unmet
    saved = first.acknowledgements.acknowledge(
        meeting.id,
        "dna-rate",
        "jm",
        "Rota gap until the new GP starts",
        TODAY + dt.timedelta(days=10),
        "RED",
    )
    assert saved.status_at_ack is Status.RED and saved.id is not None
    ctx = first.sections.state(meeting.id, index, red).context
    assert [b.metric_id for b in ctx.breaches] == ["dna-rate"]  # still visible
    assert ctx.breaches[0].acknowledgement.expires == TODAY + dt.timedelta(days=10)
    assert first.sections.move_on(meeting.id, red).unmet == []
    while first.meetings.get(meeting.id).state.value == "in progress":
        assert first.sections.move_on(meeting.id).unmet == []

    # A week later: still live for RED...
    second = ChairService(config, db_url, TODAY + dt.timedelta(days=7), "spatel")
    meeting2 = second.meetings.start("weekly-ops")
    second.minutes.approve_previous(meeting2.id)
    index2 = walk_to(second, meeting2.id, ACCESS)
    assert second.sections.state(meeting2.id, index2, red).unmet == []
    # ...but a CRITICAL reading is worse than acknowledged: a decision is needed again.
    critical = [dna_reading(8.4, Status.CRITICAL)]
    [unmet] = second.sections.state(meeting2.id, index2, critical).unmet
    assert unmet.message == "DNA rate (CRITICAL): no decision yet"
    assert (
        second.sections.state(meeting2.id, index2, critical).context.breaches[0].acknowledgement
        is None
    )
    while second.meetings.get(meeting2.id).state.value == "in progress":
        assert second.sections.move_on(meeting2.id, red).unmet == []

    # Two weeks later the acknowledgement has expired.
    third = ChairService(config, db_url, TODAY + dt.timedelta(days=14), "spatel")
    meeting3 = third.meetings.start("weekly-ops")
    third.minutes.approve_previous(meeting3.id)
    index3 = walk_to(third, meeting3.id, ACCESS)
    assert [u.target for u in third.sections.state(meeting3.id, index3, red).unmet] == [
        Target.metric("dna-rate")
    ]
    for svc in (first, second, third):
        svc.close()


def test_an_acknowledgement_at_one_meeting_type_does_not_silence_another(
    service: ChairService,
) -> None:
    weekly = service.meetings.start("weekly-ops")
    service.acknowledgements.acknowledge(
        weekly.id, "dna-rate", "jm", "Known", TODAY + dt.timedelta(days=30), "RED"
    )
    monthly = service.meetings.start("monthly-management")
    index = [s.key for s in monthly.sections].index(ACCESS)
    assert evaluate_gate(
        service.sections.state(monthly.id, index, [dna_reading(6.4, Status.RED)]).context
    )


def test_only_a_chair_may_acknowledge(config: ChairConfig, db_url: str) -> None:
    chair = ChairService(config, db_url, TODAY, "spatel")
    meeting = chair.meetings.start("weekly-ops")
    for login in ("jmorgan", "intruder"):
        other = ChairService(config, db_url, TODAY, login)
        with pytest.raises(NotAllowed, match=f"{login} may not acknowledge"):
            other.acknowledgements.acknowledge(meeting.id, "dna-rate", "jm", "x", TODAY, "RED")
        other.close()
    assert chair.acknowledgements.find() == []
    chair.close()


def test_invalid_acknowledgements_are_refused(service: ChairService) -> None:
    meeting = service.meetings.start("weekly-ops")
    with pytest.raises(InvalidEntry) as refused:
        service.acknowledgements.acknowledge(
            meeting.id, "dna-rate", "zz", " ", TODAY - dt.timedelta(days=1), "GREEN"
        )
    assert {p.field for p in refused.value.problems} == {"status", "owner", "reason", "expires"}
    with pytest.raises(InvalidEntry, match="NHS number"):
        service.acknowledgements.acknowledge(
            meeting.id, "dna-rate", "jm", "Patient 943 476 5919", TODAY, "RED"
        )
    with pytest.raises(NotFound, match="no metric"):
        service.acknowledgements.acknowledge(meeting.id, "no-such-metric", "jm", "x", TODAY, "RED")
    assert service.acknowledgements.find() == []
