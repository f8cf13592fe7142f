"""A PCN's view of a dashboard: member practices side by side per metric, with the PCN median.

The PCN's own reading of a metric is made from the median of the member practices' values in
each period, classified against the metric's thresholds like any reading: that is what a PCN
meeting's gate decides on (decisions owned at PCN level). Each practice's value, status and
variation word are shown beside it.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from domain.readings import Reading, Series, variation_text
from domain.status import Status


@dataclass(frozen=True)
class PracticeCell:
    """One practice's reading of one metric, as shown in the PCN table."""

    practice_code: str
    value: str
    status: Status
    variation: str = ""
    """The Making Data Count variation in words ('' with too little history)."""


@dataclass(frozen=True)
class PcnRow:
    """One metric across the member practices, with the PCN's own (median) reading."""

    pcn: Reading
    cells: tuple[PracticeCell, ...]

    @property
    def breaching(self) -> tuple[str, ...]:
        """Codes of the practices at RED or worse."""
        return tuple(
            c.practice_code for c in self.cells if c.status.severity >= Status.RED.severity
        )


def _known(value: float | None) -> bool:
    return value is not None and not math.isnan(value)


def median_series(readings: Sequence[Reading]) -> Series:
    """The per-period median of the practices' values (periods matched by date), oldest first.

    A practice with no value in a period is left out of that period's median; the source says
    how many practices the latest median covers."""
    by_period: dict[dt.date, list[float]] = {}
    for reading in readings:
        periods = reading.history_periods
        values = reading.history
        for period, value in zip(periods, values, strict=False):
            if _known(value):
                by_period.setdefault(period, []).append(float(value))  # type: ignore[arg-type]
    if not by_period:
        problems = sorted({r.reason for r in readings if r.reason})
        return Series(
            problem="no member practice has data" + (f" ({problems[0]})" if problems else "")
        )
    periods = tuple(sorted(by_period))
    latest = by_period[periods[-1]]
    as_of = [r.as_of for r in readings if r.as_of is not None]
    return Series(
        periods=periods,
        values=tuple(statistics.median(by_period[p]) for p in periods),
        as_of=min(as_of) if as_of else periods[-1],
        source_file=f"median of {len(latest)} of {len(readings)} practices",
    )


def side_by_side(
    pcn_readings: Sequence[Reading], by_practice: Mapping[str, Sequence[Reading]]
) -> list[PcnRow]:
    """One row per metric of the PCN readings: each practice's cell, in the mapping's order."""
    rows = []
    for pcn in pcn_readings:
        cells = []
        for code, readings in by_practice.items():
            reading = next((r for r in readings if r.metric_id == pcn.metric_id), None)
            if reading is None:
                cells.append(PracticeCell(code, "—", Status.NO_DATA))
                continue
            cells.append(
                PracticeCell(code, reading.display_value, reading.status, variation_text(reading))
            )
        rows.append(PcnRow(pcn, tuple(cells)))
    return rows


def breaching_detail(row: PcnRow) -> str:
    """e.g. '3 of 8 practices RED or worse: X99001, X99004, X99007' ('' if none)."""
    codes = row.breaching
    if not codes:
        return ""
    return f"{len(codes)} of {len(row.cells)} practices RED or worse: {', '.join(codes)}"
