"""The section gate: what must hold before the chair may leave a section (PRODUCT.md, 'The gate')."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from domain.readings import Reading
from domain.records import Action, Decision, MinutesState
from domain.status import Status

SectionKind = Literal["dashboard", "previous-minutes", "matters-arising", "escalations-in", "aob"]


@dataclass(frozen=True)
class Unmet:
    """One unmet requirement, in plain words, and what the cursor should go to."""

    message: str
    target: str
    """'metric:<id>', 'action:<id>', 'decision:<id>', 'aob:<id>', 'escalation:<id>' or 'minutes'."""


@dataclass(frozen=True)
class Breach:
    """A reading at or above the meeting type's decision level."""

    reading: Reading
    persistent: bool = False
    """RED or worse for at least the meeting type's persistent_after periods."""

    @property
    def metric_id(self) -> str:
        return self.reading.metric_id

    @property
    def status(self) -> Status:
        return self.reading.status


@dataclass(frozen=True)
class SectionContext:
    """Everything the gate needs to judge one section of one meeting."""

    kind: SectionKind
    meeting_date: dt.date
    decide_at: Status
    known_people: frozenset[str]
    breaches: tuple[Breach, ...] = ()
    decisions: tuple[Decision, ...] = ()
    """Decisions recorded in this section (for breaches, AOB items, escalations in)."""
    actions_due_back: tuple[Action, ...] = ()
    """Matters arising: actions due back at this meeting, as they stand now."""
    updated_action_ids: frozenset[int] = field(default_factory=frozenset)
    """Matters arising: ids of actions that received an update at this meeting."""
    previous_minutes: MinutesState | None = None
    """Previous minutes: the state of the last meeting's minutes (None: there is none)."""
    escalations_in: tuple[Decision, ...] = ()
    """Escalations in: decisions escalated to this meeting type, needing a decision here."""
