"""Exceptions: tracker rows staff know should not count (housebound, declined, under secondary
care, already booked, coding to correct, left the practice), each with a reason and an expiry.

An exception names a row of a tracker (a search, a member of staff's course, a claim, a
complaint), never a patient: a search's exception carries how many of its patients it covers.
The reading keeps the count as the data gives it and says how many are excepted; its status
is judged on the count without them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from domain.privacy import nhs_number_problem
from domain.readings import Reading, streak_of

EXCEPTION_REASONS = (
    "housebound",
    "declined",
    "under secondary care",
    "already booked",
    "coding to correct",
    "left the practice",
    "other",
)
"""The short list a person picks from ('other' needs words)."""

Effect = Literal["subtract", "denominator"]
"""How an excepted row changes the value: `subtract` takes its share off the count (or £);
`denominator` takes it out of the whole (a percentage in date: a leaver's course)."""


@dataclass(frozen=True)
class RowBehind:
    """One tracker row behind a metric's latest value."""

    key: str
    """Stable within its tracker: the search name, 'staff · course', 'scheme · month'."""
    cells: tuple[str, ...]
    """What the detail shows, in the columns of its `RowsBehind`."""
    share: float
    """What the row adds to the latest value (patients, £, 1); 0 for a row listed for notice
    only (a course expiring soon)."""
    due: dt.date | None = None
    """When it falls due (This week); None when nothing is due."""
    what: str = ""
    """What is due, in words, for This week ('Safeguarding adults level 2 expires (Sam Patel)')."""


@dataclass(frozen=True)
class RowsBehind:
    """The rows behind a tracker metric's latest value."""

    metric_id: str
    columns: tuple[str, ...]
    rows: tuple[RowBehind, ...]
    effect: Effect = "subtract"
    countable: bool = False
    """True when an exception may carry a count (a search's patients); else one row is one."""

    def row(self, key: str) -> RowBehind | None:
        return next((r for r in self.rows if r.key == key), None)


@dataclass(frozen=True)
class RowException:
    """One exception on one tracker row."""

    id: int | None
    metric_id: str
    row_key: str
    reason: str
    expires: dt.date
    note: str = ""
    count: int = 1
    created: dt.datetime | None = None
    by_login: str = ""
    meeting_id: int | None = None

    def is_live(self, on: dt.date) -> bool:
        return self.expires >= on

    @property
    def reason_text(self) -> str:
        return f"other: {self.note}" if self.reason == "other" else self.reason


def exception_problems(
    exception: RowException, on: dt.date, rows: RowsBehind | None = None
) -> list[str]:
    """Why this exception cannot be recorded, one sentence each (empty: it can)."""
    problems: list[str] = []
    if exception.reason not in EXCEPTION_REASONS:
        problems.append(f"Reason must be one of: {', '.join(EXCEPTION_REASONS)}")
    if exception.reason == "other" and not exception.note.strip():
        problems.append("Reason 'other' needs words saying why")
    if exception.expires < on:
        problems.append("The exception's expiry date is in the past")
    if exception.count < 1:
        problems.append("An exception covers at least one")
    problem = nhs_number_problem(exception.note)
    if problem:
        problems.append(problem)
    if rows is not None:
        row = rows.row(exception.row_key)
        if row is None:
            problems.append(f"'{exception.row_key}' is not a row behind this metric's latest value")
        elif rows.countable and exception.count > row.share:
            problems.append(f"'{exception.row_key}' has only {row.share:g} to except")
        elif not rows.countable and exception.count != 1:
            problems.append("One row is one exception here")
    return problems


def excepted_share(rows: RowsBehind, exceptions: Iterable[RowException], on: dt.date) -> float:
    """How much of the latest value the live exceptions take off (never more than a row has)."""
    taken: dict[str, float] = {}
    for exception in exceptions:
        if exception.metric_id != rows.metric_id or not exception.is_live(on):
            continue
        row = rows.row(exception.row_key)
        if row is None or row.share <= 0:
            continue  # the row has gone from the tracker (done, or left the count)
        wanted = exception.count if rows.countable else row.share
        taken[row.key] = min(row.share, taken.get(row.key, 0.0) + wanted)
    return sum(taken.values())


def excepted_count(rows: RowsBehind, exceptions: Iterable[RowException], on: dt.date) -> int:
    """How many rows (or a search's patients) the live exceptions cover, for the words."""
    live = [
        e
        for e in exceptions
        if e.metric_id == rows.metric_id
        and e.is_live(on)
        and (r := rows.row(e.row_key)) is not None
        and r.share > 0
    ]
    return sum(e.count for e in live) if rows.countable else len({e.row_key for e in live})


def with_exceptions(
    reading: Reading, rows: RowsBehind, exceptions: Iterable[RowException], on: dt.date
) -> Reading:
    """The reading judged without its live exceptions: its value and status use the count
    without them; `excepted` says how many, `raw_value` keeps the count as the data gives it."""
    chosen = [e for e in exceptions if e.metric_id == reading.metric_id]
    share = excepted_share(rows, chosen, on)
    if share <= 0 or reading.value is None:
        return reading
    count = excepted_count(rows, chosen, on)
    numerator, denominator = reading.numerator, reading.denominator
    if rows.effect == "denominator" and numerator is not None and denominator:
        denominator = denominator - share
        value = numerator / denominator * 100 if denominator > 0 else reading.value
    else:
        value = max(0.0, reading.value - share)
        numerator = None if numerator is None else max(0.0, numerator - share)
    status = reading.thresholds.classify(value) if reading.status.severity >= 0 else reading.status
    trend = reading.trend[:-1] + (value,) if reading.trend else reading.trend
    statuses = reading.trend_statuses[:-1] + (status,) if reading.trend_statuses else ()
    history = reading.history[:-1] + (value,) if reading.history else reading.history
    return dataclasses.replace(
        reading,
        value=value,
        status=status,
        numerator=numerator,
        denominator=denominator,
        trend=trend,
        trend_statuses=statuses,
        history=history,
        streak=streak_of(statuses) if statuses else reading.streak,
        raw_value=reading.value,
        excepted=count,
    )
