"""The QOF indicator table of a meeting: one row per indicator, decidable like a breach.

Each row is also a reading-like item (`indicator_reading`) whose metric id is `qof:<code>`, so
a decision on an indicator is keyed, stored, gated and frozen exactly as one on a metric.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from domain.detail import Detail, Fact, IndicatorResponse
from domain.markdown import table
from domain.qof import IndicatorOutlook, by_value_per_patient
from domain.readings import Reading
from domain.records import Decision
from domain.status import Status, Thresholds

PREFIX = "qof:"
"""Metric ids of QOF indicators: `qof:HYP008`."""


def indicator_id(code: str) -> str:
    return PREFIX + code


def is_indicator(metric_id: str | None) -> bool:
    return bool(metric_id) and str(metric_id).startswith(PREFIX)


@dataclass(frozen=True)
class IndicatorRow:
    """One indicator as the meeting saw it: plain values that store as JSON for the minutes."""

    code: str
    name: str
    achievement: float | None
    lower: float
    upper: float
    points: float
    max_points: float
    at_stake: float
    patients_needed: int
    weeks_left: float
    recoverability: str
    response: str
    note: str = ""
    numerator: float = 0.0
    eligible: float = 0.0

    @classmethod
    def of(cls, o: IndicatorOutlook) -> IndicatorRow:
        return cls(
            code=o.code, name=o.name, achievement=o.achievement, lower=o.lower, upper=o.upper,
            points=o.points, max_points=o.max_points, at_stake=o.at_stake,
            patients_needed=o.patients_needed, weeks_left=o.weeks_left,
            recoverability=o.recoverability, response=o.response, note=o.note,
            numerator=o.numerator, eligible=o.denominator - o.pcas,
        )  # fmt: skip

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> IndicatorRow:
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in known})

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def metric_id(self) -> str:
        return indicator_id(self.code)

    @property
    def title(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def per_patient(self) -> float:
        return self.at_stake / self.patients_needed if self.patients_needed else 0.0

    @property
    def status(self) -> Status:
        """GREEN at or above the upper threshold, RED at or below the lower, else AMBER."""
        if self.achievement is None or self.achievement <= self.lower:
            return Status.RED
        return Status.GREEN if self.achievement >= self.upper else Status.AMBER

    @property
    def achievement_text(self) -> str:
        return "—" if self.achievement is None else f"{self.achievement:.1f}%"

    @property
    def thresholds_text(self) -> str:
        return f"{self.lower:g}–{self.upper:g}%"

    @property
    def points_text(self) -> str:
        return f"{self.points:.1f}/{self.max_points:g}"


@dataclass(frozen=True)
class QofTable:
    """The indicator table of a practice at a date, with where it came from."""

    rows: tuple[IndicatorRow, ...] = ()
    as_of: dt.date | None = None
    source_file: str = ""
    problem: str | None = None
    """Why there is no table (no QOF source, or its data cannot be used)."""

    def row(self, metric_id: str) -> IndicatorRow | None:
        return next((r for r in self.rows if r.metric_id == metric_id), None)

    def reading(self, metric_id: str) -> Reading | None:
        """The reading-like item of one indicator (see `indicator_reading`)."""
        found = self.row(metric_id)
        return None if found is None else indicator_reading(found, self.as_of, self.source_file)


def rows_of(outlooks: Iterable[IndicatorOutlook]) -> list[IndicatorRow]:
    """The table's rows in its order: most £ recoverable per patient needed first."""
    return [IndicatorRow.of(o) for o in by_value_per_patient(outlooks)]


def indicator_reading(row: IndicatorRow, as_of: dt.date | None, source_file: str) -> Reading:
    """The indicator as a reading, so it can be decided on (and frozen) like any breach."""
    detail = Detail.of(
        Fact("points", row.points_text),
        Fact("£ at stake", f"£{row.at_stake:,.0f}"),
        Fact("patients needed", str(row.patients_needed)),
        Fact("weeks to 31 March", f"{row.weeks_left:.0f}"),
        *IndicatorResponse(row.recoverability, row.response).facts(),
    )
    if row.note:
        detail = detail.plus(Fact("why", row.note))
    return Reading(
        metric_id=row.metric_id,
        title=row.title,
        unit="%",
        precision=1,
        value=row.achievement,
        status=row.status,
        thresholds=Thresholds("higher", amber=row.upper, red=row.lower),
        period_end=as_of,
        as_of=as_of,
        source_file=source_file,
        numerator=row.numerator,
        denominator=row.eligible,
        detail=detail,
    )


def money(value: float) -> str:
    """£ to the pound, with £k from £10,000 (a table cell stays short)."""
    if abs(value) >= 10_000:
        return f"£{value / 1000:,.1f}k"
    return f"£{value:,.0f}"


HEADERS = ("Indicator", "Achievement", "Thresholds", "Points", "£ at stake", "Patients needed",
           "£ per patient", "Recoverability", "Response", "Decision")  # fmt: skip


def minutes_table(rows: Iterable[IndicatorRow], decisions: Iterable[Decision]) -> str:
    """The indicator table for the minutes, with the decision recorded on each (if any)."""
    decided = {d.metric_id: d for d in decisions if is_indicator(d.metric_id)}
    lines = []
    weeks = None
    at_upper = 0
    for row in rows:
        weeks = row.weeks_left
        decision = decided.get(row.metric_id)
        if row.patients_needed == 0 and decision is None:
            at_upper += 1
            continue
        lines.append(
            (
                row.title, row.achievement_text, row.thresholds_text, row.points_text,
                money(row.at_stake), str(row.patients_needed), money(row.per_patient),
                row.recoverability, row.response, decision.kind.value if decision else "—",
            )
        )  # fmt: skip
    if weeks is None:
        return ""
    head = f"QOF indicators ({weeks:.0f} weeks to 31 March), most £ per patient needed first:"
    text = (
        head + "\n\n" + table(HEADERS, lines)
        if lines
        else head + "\n\nNone below the upper threshold."
    )
    if at_upper:
        text += (
            f"\n\n{at_upper} more indicator{'s' if at_upper != 1 else ''} at the upper threshold."
        )
    return text
