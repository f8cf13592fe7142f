"""Readings: a metric's latest value with its trend, provenance, status and streak."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from domain.detail import Detail
from domain.status import Status, Thresholds

if TYPE_CHECKING:
    from domain.spc import Spc

TREND_PERIODS = 13
HISTORY_PERIODS = 36
"""Periods a reading keeps for its detail and its SPC chart (the trend shows the last 13)."""


@dataclass(frozen=True)
class PeriodNote:
    """A short note on one period of a metric, kept with the record."""

    metric_id: str
    period_end: dt.date
    text: str
    change: bool = False
    """A change of process or recording: the SPC limits start again from this period."""
    by: str = ""
    id: int | None = None

    @property
    def words(self) -> str:
        """'Oct 2026: flu outbreak (change of process or recording)'."""
        mark = " (change of process or recording: new SPC baseline)" if self.change else ""
        return f"{self.period_end:%b %Y}: {self.text}{mark}"


@dataclass(frozen=True)
class PeerContext:
    """Medians of the same metric among peers, where a national file allows it."""

    pcn_median: float | None = None
    icb_median: float | None = None
    national_median: float | None = None
    basis: str = ""
    """What the medians compare when it differs from the reading's own value (e.g. calls only,
    where the practice's figure adds its own online requests); '' when they are like for like."""


def reading_notes(reading: Reading) -> list[str]:
    """Caveats the minutes must carry with a reading: a data problem, a provisional table,
    and the notes on the periods its trend shows."""
    found = [reading.detail.find(k) for k in ("data problem", "provisional", "practices", "result")]
    caveats = [f"{f.label}: {f.text}" for f in found if f is not None and f.text]
    return caveats + [f"note {note.words}" for note in shown_notes(reading)]


def shown_notes(reading: Reading) -> list[PeriodNote]:
    """The notes on the periods the reading's trend shows (the last 13)."""
    periods = reading.history_periods[-len(reading.trend) :] if reading.trend else ()
    start = periods[0] if periods else None
    return [n for n in reading.notes if start is None or n.period_end >= start]


@dataclass(frozen=True)
class DetailTable:
    """A small table behind a reading (e.g. calls by weekday and time band, income by scheme),
    shown in the metric detail and kept with the reading for the minutes. Cells are text."""

    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    note: str = ""
    """One line under the table: what is marked and why (e.g. '* the worst cells')."""

    def lines(self) -> list[str]:
        """The table as fixed-width text: the title, the header, one line per row, the note."""
        columns = list(zip(self.headers, *self.rows, strict=True))
        # A column with marked cells ("30*"): the others get a space, so the digits line up.
        marked = [any(cell.endswith("*") for cell in column[1:]) for column in columns]

        def cell(text: str, index: int) -> str:
            return text + " " if marked[index] and index and not text.endswith("*") else text

        widths = [max(len(cell(c, i)) for c in column) for i, column in enumerate(columns)]

        def line(cells: tuple[str, ...]) -> str:
            first = cells[0].ljust(widths[0])
            rest = [cell(c, i).rjust(widths[i]) for i, c in enumerate(cells) if i]
            return "  ".join([first, *rest]).rstrip()

        out = [f"{self.title}:", line(self.headers), *(line(row) for row in self.rows)]
        return [*out, self.note] if self.note else out


@dataclass(frozen=True)
class Series:
    """What a metric calculation returns: values per period, oldest first, plus provenance.

    `problem` is set (and values may be empty) when the data could not be read or computed;
    the reading then shows NO DATA with that reason.
    """

    periods: tuple[dt.date, ...] = ()
    values: tuple[float | None, ...] = ()
    numerators: tuple[float | None, ...] = ()
    denominators: tuple[float | None, ...] = ()
    as_of: dt.date | None = None
    source_file: str = ""
    completeness: float | None = None
    """Share (0..1) of the expected data present for the latest period, where knowable."""
    peer: PeerContext | None = None
    problem: str | None = None
    detail: Detail = Detail()
    """Named facts shown beside the reading (e.g. QOF points and £ at stake): domain.detail."""
    counted: tuple[str, str] | None = None
    """What the numerators and the denominators count, in words (domain.metrics.counts)."""
    doubt: str | None = None
    """Why the data behind the values is in doubt (e.g. a file cut off part-way): the reading
    is CHECK DATA with this reason, whatever its value."""
    tables: tuple[DetailTable, ...] = ()
    """Tables behind the latest value, for the metric detail and the minutes."""


class MetricLike(Protocol):
    """The parts of a configured metric that a reading needs (config.models.Metric has them)."""

    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def unit(self) -> str: ...
    @property
    def precision(self) -> int: ...
    @property
    def stale_after_days(self) -> int | None: ...
    @property
    def thresholds(self) -> Thresholds: ...


@dataclass(frozen=True)
class Reading:
    metric_id: str
    title: str
    unit: str
    precision: int
    value: float | None
    status: Status
    thresholds: Thresholds
    period_end: dt.date | None = None
    trend: tuple[float | None, ...] = ()
    trend_statuses: tuple[Status, ...] = ()
    as_of: dt.date | None = None
    source_file: str = ""
    completeness: float | None = None
    numerator: float | None = None
    denominator: float | None = None
    peer: PeerContext | None = None
    reason: str | None = None
    """Why a reading is NO DATA, STALE or CHECK DATA, in plain words."""
    streak: int = 0
    """Consecutive latest periods at this status or worse (0 when GREEN / NO DATA)."""
    detail: Detail = Detail()
    history_periods: tuple[dt.date, ...] = ()
    """Period ends of `history`, oldest first."""
    history: tuple[float | None, ...] = ()
    """Values of up to HISTORY_PERIODS periods up to the latest, oldest first (SPC, detail)."""
    tables: tuple[DetailTable, ...] = ()
    """Tables behind the latest value (Series.tables)."""
    counted: tuple[str, str] | None = None
    """What the numerator and the denominator count, in words."""
    notes: tuple[PeriodNote, ...] = ()
    """Notes people made on periods of this metric, oldest period first (domain.readings)."""

    @property
    def changes(self) -> frozenset[dt.date]:
        """Period ends where a person noted a change of process or recording (a new SPC
        baseline starts there)."""
        return frozenset(note.period_end for note in self.notes if note.change)

    raw_value: float | None = None
    """With exceptions: the value as the data gives it (`value` is judged without them)."""
    excepted: int = 0
    """How many tracker rows (or a search's patients) live exceptions take off the count."""

    @property
    def display_value(self) -> str:
        if self.excepted and self.raw_value is not None:
            raw = format_value(self.raw_value, self.unit, self.precision)
            return f"{raw} ({self.excepted} excepted)"
        return format_value(self.value, self.unit, self.precision)

    def spc(self) -> Spc | None:
        """The Making Data Count reading of the history (None with fewer than 12 periods)."""
        from domain.spc import assess

        if self.status in (Status.NO_DATA,):
            return None
        values = self.history or self.trend
        periods = self.history_periods if self.history else ()
        changes = [i for i, p in enumerate(periods) if p in self.changes]
        return assess(values, self.thresholds, unit=self.unit, changes=changes)

    def history_rows(self) -> list[tuple[dt.date | None, float | None, Status]]:
        """(period end, value, status) for every period held, oldest first."""
        values = self.history or self.trend
        periods: tuple[dt.date | None, ...] = self.history_periods or (None,) * len(values)
        return [(p, v, self.thresholds.classify(v)) for p, v in zip(periods, values, strict=False)]


def format_value(value: float | None, unit: str, precision: int) -> str:
    """A value to the precision the data supports, with its unit."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if unit == "£":
        return f"{MINUS if value < 0 else ''}£{abs(value):,.{precision}f}"
    text = f"{value:,.{precision}f}"
    if unit == "%":
        return f"{text}%"
    return f"{text} {unit}".strip()


MINUS = "\u2212"
"""The minus sign as people write it before money: '−£488', not '£-488'."""


def format_limit(value: float, unit: str, precision: int) -> str:
    """An SPC mean or limit: money in £k ('£10.1k', '−£0.5k'), else one place finer than the
    value's own precision."""
    if unit == "£":
        return f"{MINUS if value < 0 else ''}£{abs(value) / 1000:,.1f}k"
    return format_value(value, unit, precision + 1)


def peers_text(reading: Reading) -> str:
    """The peers' medians in words, e.g. 'PCN 4.5%, ICB 4.7%, England 4.5%' ('' if none)."""
    peer = reading.peer
    if peer is None:
        return ""
    pairs = (("PCN", peer.pcn_median), ("ICB", peer.icb_median), ("England", peer.national_median))
    text = ", ".join(
        f"{name} {format_value(value, reading.unit, reading.precision)}"
        for name, value in pairs
        if value is not None and not math.isnan(value)
    )
    return f"{text} ({peer.basis})" if text and peer.basis else text


def variation_text(reading: Reading) -> str:
    """The SPC variation (and assurance) in words; '' with fewer than 12 periods."""
    spc = reading.spc()
    return spc.words if spc is not None else ""


def streak_of(statuses: tuple[Status, ...]) -> int:
    """Consecutive statuses, counting back from the latest, at least as bad as the latest."""
    if not statuses or statuses[-1].severity <= 0:
        return 0
    latest = statuses[-1]
    count = 0
    for status in reversed(statuses):
        if status.severity >= latest.severity:
            count += 1
        else:
            break
    return count


DEFAULT_STALE_DAYS = 62


def make_reading(
    metric: MetricLike, series: Series, today: dt.date, stale_after: int | None = None
) -> Reading:
    """Classify a series' latest value; NO DATA when missing, STALE when older than
    `stale_after` days (default: the metric's own setting, else 62), CHECK DATA when the
    series' data is in doubt."""
    stale_days = stale_after or metric.stale_after_days or DEFAULT_STALE_DAYS
    thresholds = metric.thresholds
    base = dict(
        metric_id=metric.id,
        title=metric.title,
        unit=metric.unit,
        precision=metric.precision,
        thresholds=thresholds,
        source_file=series.source_file,
        peer=series.peer,
        counted=series.counted,
        detail=series.detail,
        tables=series.tables,
    )
    if series.problem is not None:
        return Reading(value=None, status=Status.NO_DATA, reason=series.problem, **base)  # type: ignore[arg-type]
    known = [(i, v) for i, v in enumerate(series.values) if v is not None and not math.isnan(v)]
    if not known:
        return Reading(value=None, status=Status.NO_DATA, reason="no values in the data", **base)  # type: ignore[arg-type]
    last_index, value = known[-1]
    window = slice(max(0, last_index + 1 - TREND_PERIODS), last_index + 1)
    held = slice(max(0, last_index + 1 - HISTORY_PERIODS), last_index + 1)
    trend = tuple(series.values[window])
    statuses = tuple(thresholds.classify(v) for v in trend)
    period_end = series.periods[last_index] if series.periods else None
    as_of = series.as_of or period_end

    def pick(values: tuple[float | None, ...]) -> float | None:
        return values[last_index] if len(values) > last_index else None

    status = thresholds.classify(value)
    reason = None
    if series.doubt is not None:
        return Reading(
            value=value, status=Status.CHECK_DATA, period_end=period_end, trend=trend,
            trend_statuses=statuses, as_of=as_of, completeness=series.completeness,
            numerator=pick(series.numerators), denominator=pick(series.denominators),
            reason=f"{series.doubt} ({status.word} if the data is right)", streak=0,
            **base,  # type: ignore[arg-type]
        )  # fmt: skip
    if as_of is not None and (today - as_of).days > stale_days:
        reason = (
            f"latest data is {as_of.isoformat()}, older than {stale_days} days "
            f"({status.word} when last measured)"
        )
        status = Status.STALE
    return Reading(
        value=value,
        status=status,
        period_end=period_end,
        trend=trend,
        trend_statuses=statuses,
        as_of=as_of,
        completeness=series.completeness,
        numerator=pick(series.numerators),
        denominator=pick(series.denominators),
        reason=reason,
        streak=streak_of(statuses) if status not in (Status.STALE, Status.NO_DATA) else 0,
        history_periods=tuple(series.periods[held]),
        history=tuple(series.values[held]),
        **base,  # type: ignore[arg-type]
    )
