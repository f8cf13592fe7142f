"""What a decision form is about, and what it needs to know about the meeting (the decision
form and its parts read it: tui.screens.decision, tui.screens.decision_parts)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from domain.keys import SectionKey
from domain.records import Decision
from domain.status import Status

if TYPE_CHECKING:
    from config.models import MeetingType, Person
    from domain.in_full import ExperienceParts
    from domain.readings import Reading


@dataclass(frozen=True)
class DecisionSubject:
    """What the decision is about and what the form needs to know about the meeting."""

    section_key: SectionKey
    title: str
    meeting_date: dt.date
    people: list[Person]
    meeting_types: list[MeetingType]
    next_meeting: dt.date | None = None
    metric_id: str | None = None
    reading: Reading | None = None
    agreed_response: str = ""
    existing: Decision | None = None
    answers_escalation_id: int | None = None
    known_people: frozenset[str] = field(default_factory=frozenset)
    experience: ExperienceParts | None = None
    """An experience dashboard's six parts, the first two filled from the readings: the
    decision is made in the six parts."""
    investment_allowed: bool = False
    """An AOB item or an escalation in a strategic meeting: `investment` is offered."""
    operational: Callable[[], list[Reading]] | None = None
    """An experience decision: the linked dashboards' readings (may compute them: called in
    a worker), for 'what the operational data shows' when the form opens with it empty."""
    data_shows: str = ""
    """'What the data shows' to start with when there is no reading: an escalation in's
    evidence, as its sender recorded it."""
    sent_with: str = ""
    """An escalation in: where it came from and the sender's reason (shown under the heading)."""
    breach: bool = True
    """The reading is a breach (at or above the meeting's decision level): a decision on it
    names an owner, whatever its kind."""

    @property
    def status(self) -> Status | None:
        return self.reading.status if self.reading is not None else None

    @property
    def breach_status(self) -> Status | None:
        """The status the gate judges the decision against (None: not a breach)."""
        return self.status if self.breach else None
