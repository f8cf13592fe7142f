"""Readings and decisions for the tests across meetings."""

from __future__ import annotations

import datetime as dt

from domain.keys import SectionKey
from domain.readings import Reading
from domain.records import Action, Decision, DecisionKind
from domain.status import Status, Thresholds
from storage.service.chair import ChairService
from tests.work_sections import settle_work_section

DNA = Thresholds("lower", amber=4.5, red=6.0, critical=8.0)


def dna_reading(value: float, status: Status, streak: int = 3) -> Reading:
    return Reading(
        metric_id="dna-rate",
        title="DNA rate",
        unit="%",
        precision=1,
        value=value,
        status=status,
        thresholds=DNA,
        trend=(6.1, 6.3, value),
        trend_statuses=(Status.RED, Status.RED, status),
        as_of=dt.date(2026, 10, 31),
        streak=streak,
    )


def act_on_dna(due: dt.date, owner: str = "jm") -> Decision:
    return Decision(
        id=None,
        section_key=SectionKey.of_dashboard("access"),
        kind=DecisionKind.ACT,
        metric_id="dna-rate",
        title="DNA rate",
        data_shows="DNA rate 6.4%, third month red",
        reason="Unfilled rota gaps on Mondays",
        actions=(Action(id=None, description="Review rota", owner_id=owner, due=due),),
    )


def walk_to(service: ChairService, meeting_id: int, key: str) -> int:
    """Advance (with no readings) until the current section is `key`; its index."""
    while True:
        meeting = service.meetings.get(meeting_id)
        if meeting.sections[meeting.current_section].key == key:
            return meeting.current_section
        settle_work_section(service, meeting_id)
        assert service.sections.move_on(meeting_id).unmet == []
