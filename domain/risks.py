"""The risk register: a risk's score (likelihood x impact, 1-5 each), when it is due review,
and which risks a Risk register section puts before the meeting."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from domain.privacy import nhs_number_problem
from domain.readings import TREND_PERIODS, Series

HIGH_SCORE = 15
"""A score at or above this is high: listed at every Risk register section."""

RISK_STATUSES = ("open", "tolerated", "closed")


@dataclass(frozen=True)
class RiskLink:
    kind: str
    """decision, action or metric."""
    ref: str


@dataclass(frozen=True)
class Risk:
    """One risk of the practice's register."""

    id: int | None
    ref: str
    title: str
    likelihood: int
    impact: int
    owner: str = ""
    cause: str = ""
    controls: str = ""
    review_date: dt.date | None = None
    status: str = "open"
    origin: str = ""
    links: tuple[RiskLink, ...] = ()
    last_review: str = ""
    """The latest review note, if any."""
    version: int = 1
    reviewed_at: tuple[int, ...] = field(default=())
    """Ids of the meetings that reviewed it."""

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

    @property
    def is_open(self) -> bool:
        return self.status != "closed"

    def due_review(self, on: dt.date) -> bool:
        """Open and its review date is on or before `on` (no date: due now)."""
        return self.is_open and (self.review_date is None or self.review_date <= on)

    def as_row(self) -> dict[str, str]:
        return {
            "ref": self.ref, "title": self.title, "cause": self.cause,
            "likelihood": str(self.likelihood), "impact": str(self.impact),
            "score": str(self.score), "owner": self.owner, "controls": self.controls,
            "review_date": self.review_date.isoformat() if self.review_date else "",
            "status": self.status,
            "links": "; ".join(f"{link.kind} {link.ref}" for link in self.links),
        }  # fmt: skip


def for_section(risks: Iterable[Risk], on: dt.date) -> list[Risk]:
    """What a Risk register section lists: open risks due review or scoring HIGH_SCORE and
    over; due ones first (oldest review date first), then by score, highest first."""
    chosen = [r for r in risks if r.is_open and (r.due_review(on) or r.score >= HIGH_SCORE)]
    return sorted(
        chosen,
        key=lambda r: (not r.due_review(on), r.review_date or dt.date.min, -r.score, r.ref),
    )


def risk_problems(risk: Risk, on: dt.date | None = None) -> list[str]:
    """Why a risk cannot be recorded as entered (empty: it can)."""
    problems: list[str] = []
    if not risk.title.strip():
        problems.append("A risk needs a title")
    for name, value in (("likelihood", risk.likelihood), ("impact", risk.impact)):
        if not 1 <= value <= 5:
            problems.append(f"The {name} is scored 1 to 5 (it was {value})")
    if risk.status not in RISK_STATUSES:
        problems.append(f"The status is one of {', '.join(RISK_STATUSES)}")
    if on is not None and risk.review_date is not None and risk.review_date < on:
        problems.append("The review date is in the past")
    for text in (risk.title, risk.cause, risk.controls):
        problem = nhs_number_problem(text)
        if problem:
            problems.append(problem)
            break
    return problems


def next_ref(refs: Iterable[str]) -> str:
    """The next reference after the register's own ('R05' after 'R04'; 'R01' when empty)."""
    numbers = [int(digits) for ref in refs if (digits := "".join(c for c in ref if c.isdigit()))]
    return f"R{(max(numbers) + 1 if numbers else 1):02d}"


def high_overdue_series(risks: Iterable[Risk], today: dt.date, params: object = None) -> Series:
    """'High risks past review date' read from the register: per month end (the last 12, then
    today), open risks scoring at least `min_score` (default 15) whose review date is before
    it. The register holds today's scores and dates: earlier points use them."""
    least = HIGH_SCORE
    if isinstance(params, Mapping) and "min_score" in params:
        least = int(params["min_score"])
    high = [r for r in risks if r.is_open and r.score >= least]
    ends: list[dt.date] = []
    cursor = today.replace(day=1) - dt.timedelta(days=1)
    for _ in range(TREND_PERIODS - 1):
        ends.append(cursor)
        cursor = cursor.replace(day=1) - dt.timedelta(days=1)
    periods = [*reversed(ends), today]
    late = [
        float(sum(1 for r in high if r.review_date is None or r.review_date < day))
        for day in periods
    ]
    return Series(
        periods=tuple(periods), values=tuple(late), numerators=tuple(late),
        denominators=tuple(float(len(high)) for _ in periods), as_of=today,
        source_file="the risk register (Chair)",
    )  # fmt: skip
