"""The assurance pack's record (PRODUCT.md, `chair report assurance`): plain values storage
gathers from the meeting record, and what follows from them (open risks, data-quality findings,
did it work).

"Evidence alone is not assurance": per dashboard, who reviewed it, what they saw, what they
understood and decided, what was done and whether it worked, what was escalated and where it
went, and the chain head of the record it was drawn from, so it can be checked later.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from domain.gate import Acknowledgement
from domain.minutes_input import MetricRow
from domain.records import Action, Decision, DecisionKind

QUALITY_WORDS = frozenset({"CHECK DATA", "NO DATA", "STALE"})
"""Statuses that are findings about the data, not about the practice."""
OPEN_RISK_WORDS = frozenset({"RED", "CRITICAL"})


@dataclass(frozen=True)
class Review:
    """One meeting that reviewed a dashboard: who was there, what they saw, what they decided."""

    meeting_id: int
    date: dt.date
    meeting_title: str
    chair: str
    present: tuple[str, ...]
    """Names (guests included, marked)."""
    apologies: tuple[str, ...] = ()
    minutes_state: str = "draft"
    metrics: tuple[MetricRow, ...] = ()
    """The metrics table of the minutes: the readings as shown in that section."""
    decisions: tuple[Decision, ...] = ()
    """The decisions made in that section, each with its frozen snapshot."""


@dataclass(frozen=True)
class EscalationAnswer:
    """Where an escalation went and what was decided there (None: not yet taken up)."""

    meeting_date: dt.date
    meeting_title: str
    decision: Decision


@dataclass(frozen=True)
class DashboardPack:
    id: str
    title: str
    question: str
    owner_role: str
    owners: tuple[str, ...]
    """Names of the people who hold the owner role."""
    layer: str
    reviews: tuple[Review, ...] = ()
    actions: tuple[Action, ...] = ()
    """The actions raised on its decisions in the period, as they stand now (with updates)."""
    answers: Mapping[int, EscalationAnswer] = field(default_factory=dict)
    """Escalated decision id -> the decision that took it up."""
    acknowledgements: tuple[Acknowledgement, ...] = ()
    metric_ids: frozenset[str] = frozenset()

    @property
    def decisions(self) -> list[Decision]:
        return [d for r in self.reviews for d in r.decisions]

    @property
    def escalations(self) -> list[Decision]:
        return [d for d in self.decisions if d.kind is DecisionKind.ESCALATE]

    def latest_rows(self) -> dict[str, tuple[dt.date, MetricRow]]:
        """Each metric's most recent reading in the period, with the date it was reviewed."""
        latest: dict[str, tuple[dt.date, MetricRow]] = {}
        for review in sorted(self.reviews, key=lambda r: (r.date, r.meeting_id)):
            for row in review.metrics:
                latest[row.metric_id] = (review.date, row)
        return latest

    def open_risks(self) -> list[tuple[MetricRow, dt.date, Decision | None]]:
        """Metrics still RED or CRITICAL at their latest review, with the latest decision on
        them that put the risk in words (else the latest decision), most severe first."""
        last_decision: dict[str, Decision] = {}
        for decision in self.decisions:
            if decision.metric_id:
                worded = decision.risk_areas or decision.risk
                earlier = last_decision.get(decision.metric_id)
                if worded or earlier is None or not (earlier.risk_areas or earlier.risk):
                    last_decision[decision.metric_id] = decision
        found = [
            (row, day, last_decision.get(metric_id))
            for metric_id, (day, row) in self.latest_rows().items()
            if row.status in OPEN_RISK_WORDS
        ]
        return sorted(found, key=lambda item: (item[0].status != "CRITICAL", item[0].title))

    def quality_findings(self) -> list[tuple[dt.date, str, str, str]]:
        """(date, metric, status word, what was wrong or decided): readings the meetings met
        as CHECK DATA / NO DATA / STALE, and every `query data` decision."""
        findings: list[tuple[dt.date, str, str, str]] = []
        for review in self.reviews:
            for row in review.metrics:
                if row.status in QUALITY_WORDS:
                    findings.append((review.date, row.title, row.status, row.note or "—"))
            for d in review.decisions:
                if d.kind is DecisionKind.QUERY_DATA:
                    said = d.cause or d.reason or d.data_shows or "—"
                    findings.append(
                        (review.date, d.title or d.metric_id or "—", "query data", said)
                    )
        return findings


def did_it_work(action: Action, pack: DashboardPack, decided_on: Decision | None) -> str:
    """The metric that triggered the action then and at its latest review in the period, and
    the decision's success measure: 'RED 18.7% → GREEN 9.1% (2026-11-29); aim: below 15%'."""
    metric_id = action.metric_id or (decided_on.metric_id if decided_on else None)
    if not metric_id:
        return "—"
    then = decided_on.snapshot if decided_on else None
    latest = pack.latest_rows().get(metric_id)
    parts = []
    before = f"{then.status} {then.display_value}" if then else "not recorded"
    if latest is not None:
        day, row = latest
        parts.append(f"{before} → {row.status} {row.value} ({day.isoformat()})")
    else:
        parts.append(f"{before} → not reviewed since")
    if decided_on is not None and decided_on.success is not None:
        parts.append(f"aim: {decided_on.success.target}".rstrip())
        if decided_on.success.by:
            parts[-1] += f" by {decided_on.success.by.isoformat()}"
    return "; ".join(parts)


@dataclass(frozen=True)
class ChainHeadLine:
    table: str
    rows: int
    head: str


@dataclass(frozen=True)
class AssuranceInput:
    practice_name: str
    start: dt.date
    end: dt.date
    drawn_on: dt.date
    dashboards: tuple[DashboardPack, ...]
    chain_heads: tuple[ChainHeadLine, ...] = ()
    people: Mapping[str, str] = field(default_factory=dict)
    destinations: Mapping[str, str] = field(default_factory=dict)
    metric_titles: Mapping[str, str] = field(default_factory=dict)
