"""What every metric calculation receives and returns, and the helpers they share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

import polars as pl

from domain.detail import Detail, Fact
from domain.qof import QofYear
from domain.readings import PeerContext, Series

Param = str | int | float | bool
Params = Mapping[str, Param]


@dataclass(frozen=True)
class PracticeContext:
    """The practice a reading is for (from config), with its peer-group codes."""

    code: str
    list_size: int
    pcn_code: str | None = None
    icb_code: str | None = None


@dataclass(frozen=True)
class SourceFrames:
    """One source's frames as the readers produced them (names per format), plus provenance."""

    tables: Mapping[str, pl.DataFrame]
    source_file: str = ""
    as_of: dt.date | None = None
    file_date: dt.date | None = None
    """When the newest file was last saved (for trackers whose rows carry no activity date)."""
    qof: QofYear | None = None
    """For QOF sources: the year's points, thresholds and £ (shipped tables + config)."""
    settings: Mapping[str, str] = field(default_factory=dict)
    memo: dict[object, object] = field(default_factory=dict, compare=False, repr=False)
    """Results shared by calculations over the same frames (e.g. one metric for every practice
    of a PCN is computed once); only pure functions of the frames are kept here."""

    def table(self, name: str) -> pl.DataFrame:
        """A frame by name; MetricDataError (shown as NO DATA) when the reader gave none."""
        frame = self.tables.get(name)
        if frame is None:
            raise MetricDataError(f"the source has no {name} data")
        return frame


MetricFunction = Callable[[SourceFrames, Params, PracticeContext, dt.date], Series]


class MetricDataError(Exception):
    """The data cannot support this metric; the message becomes the NO DATA reason."""


def for_practice(frame: pl.DataFrame, practice: PracticeContext) -> pl.DataFrame:
    rows = frame.filter(pl.col("practice") == practice.code)
    if rows.height == 0:
        raise MetricDataError(f"practice {practice.code} is not in the file")
    return rows


def ratio_series(
    rows: pl.DataFrame,
    numerator: pl.Expr,
    denominator: pl.Expr,
    *,
    period: str = "period",
    scale: float = 100.0,
    source_file: str = "",
    as_of: dt.date | None = None,
    completeness: float | None = None,
    peer: PeerContext | None = None,
    detail: Detail | None = None,
) -> Series:
    """numerator / denominator x scale per period (oldest first); None where the denominator is 0."""
    frame = rows.sort(period).select(
        pl.col(period).alias("p"), numerator.cast(pl.Float64).alias("n"),
        denominator.cast(pl.Float64).alias("d"),
    )  # fmt: skip
    nums: list[float | None] = frame["n"].to_list()
    dens: list[float | None] = frame["d"].to_list()
    values = tuple(
        None if n is None or not d else n / d * scale for n, d in zip(nums, dens, strict=True)
    )
    periods: list[dt.date] = frame["p"].to_list()
    return Series(
        periods=tuple(periods), values=values, numerators=tuple(nums), denominators=tuple(dens),
        as_of=as_of, source_file=source_file, completeness=completeness, peer=peer,
        detail=detail or Detail(),
    )  # fmt: skip


def peer_medians(
    values: pl.DataFrame, practice: PracticeContext, pcn: str | None, icb: str | None
) -> PeerContext | None:
    """Medians of `value` among practices in the same PCN, the same (sub-)ICB, and all present.

    `values` has one row per practice (columns practice, pcn, icb, value). Nothing is returned
    when the file holds only the practice itself (no honest comparison is possible).
    """
    known = values.filter(pl.col("value").is_not_null() & pl.col("value").is_finite())
    if known.filter(pl.col("practice") != practice.code).height == 0:
        return None
    pcn = pcn or practice.pcn_code
    icb = icb or practice.icb_code

    def median(frame: pl.DataFrame) -> float | None:
        if frame.height < 2:
            return None
        result = frame["value"].median()
        return None if result is None else float(result)  # type: ignore[arg-type]

    return PeerContext(
        pcn_median=median(known.filter(pl.col("pcn") == pcn)) if pcn else None,
        icb_median=median(known.filter(pl.col("icb") == icb)) if icb else None,
        national_median=median(known),
    )


def month_ends(frame: pl.DataFrame, column: str = "month") -> pl.DataFrame:
    """Add `period`: the last day of each month in `column`."""
    return frame.with_columns(pl.col(column).dt.month_end().alias("period"))


def latest_codes(rows: pl.DataFrame) -> tuple[str | None, str | None]:
    """The practice's own PCN and (sub-)ICB codes as the file gives them (latest row)."""
    last = rows.sort("period").tail(1)
    pcn = last["pcn"][0] if "pcn" in last.columns else None
    icb = last["icb"][0] if "icb" in last.columns else None
    return pcn, icb


@dataclass(frozen=True)
class RatioSpec:
    """numerator / denominator x scale, with an optional completeness (0..1) per period."""

    numerator: pl.Expr
    denominator: pl.Expr
    scale: float = 100.0
    completeness: pl.Expr | None = None


@dataclass(frozen=True)
class PracticeRatios:
    """One ratio for every practice in a file: the rows per practice and the peer medians."""

    by_practice: Mapping[str, pl.DataFrame]
    """Per practice: period, pcn, icb, and n / d / c / value columns named `<key> n` etc."""
    key: str
    medians: Mapping[tuple[str, dt.date | None, str | None], tuple[float | None, int]]
    """(level, period, code) -> (median, practices); level is pcn, icb or all (a period's
    worked out when a reading first asks for it)."""


class _ByPractice(Mapping[str, pl.DataFrame]):
    """A practice's rows of a national frame (its values worked out for its rows only, oldest
    period first), filtered when first asked for (a PCN asks for 8 of thousands of practices:
    cheaper than working out and splitting the whole frame up front)."""

    def __init__(self, values: pl.LazyFrame) -> None:
        self._values = values
        self._found: dict[str, pl.DataFrame] = {}

    def __getitem__(self, code: str) -> pl.DataFrame:
        if code not in self._found:
            mine = self._values.filter(pl.col("practice") == code)
            self._found[code] = mine.sort("period", maintain_order=True).collect()
        rows = self._found[code]
        if rows.height == 0:
            raise KeyError(code)
        return rows

    def _codes(self) -> pl.Series:
        return self._values.select(pl.col("practice").unique(maintain_order=True)).collect()[
            "practice"
        ]

    def __iter__(self) -> Iterator[str]:
        return iter(self._codes().to_list())

    def __len__(self) -> int:
        return self._codes().len()


def practice_ratios(
    frames: SourceFrames, key: str, table: str, specs: Mapping[str, RatioSpec]
) -> PracticeRatios:
    """Every ratio in `specs` for every practice and period, computed together once per source
    (one pass for the values and the PCN / ICB / national medians); `key` picks the one wanted."""
    memo_key = ("ratios", table, tuple(specs))
    cached = frames.memo.get(memo_key)
    if not isinstance(cached, dict):
        cached = _all_ratios(frames.table(table), specs)
        frames.memo[memo_key] = cached
    return cached[key]


def _all_ratios(source: pl.DataFrame, specs: Mapping[str, RatioSpec]) -> dict[str, PracticeRatios]:
    frame = source.lazy()
    if "period" not in source.columns:
        frame = frame.with_columns(pl.col("month").dt.month_end().alias("period"))
    columns: list[pl.Expr] = []
    for name, spec in specs.items():
        n, d = spec.numerator.cast(pl.Float64), spec.denominator.cast(pl.Float64)
        completeness = spec.completeness if spec.completeness is not None else pl.lit(None)
        columns += [
            n.alias(f"{name} n"), d.alias(f"{name} d"),
            completeness.cast(pl.Float64).alias(f"{name} c"),
            pl.when(d != 0).then(n / d * spec.scale).alias(f"{name} value"),
        ]  # fmt: skip
    values = frame.select("practice", "pcn", "icb", "period", *columns)
    by_practice = _ByPractice(values)
    medians = _PeriodMedians(values, tuple(specs))
    return {
        name: PracticeRatios(by_practice=by_practice, key=name, medians=medians.of(name))
        for name in specs
    }


Median = tuple[float | None, int]
MedianKey = tuple[str, dt.date | None, str | None]
LEVELS: tuple[tuple[str, list[str]], ...] = (("pcn", ["pcn"]), ("icb", ["icb"]), ("all", []))


class _PeriodMedians:
    """Every ratio's PCN / ICB / national medians, worked out for a period when a reading first
    asks for one (a reading shows its latest period's: one or two periods of a national file,
    not every month of every release)."""

    def __init__(self, values: pl.LazyFrame, names: tuple[str, ...]) -> None:
        self._values = values
        self._names = names
        self._found: dict[str, dict[MedianKey, Median]] = {name: {} for name in names}
        self._periods: set[dt.date | None] = set()
        self._complete = False

    def of(self, name: str) -> _Medians:
        return _Medians(self, name)

    def period(self, name: str, period: dt.date | None) -> dict[MedianKey, Median]:
        if period not in self._periods and not self._complete:
            self._periods.add(period)
            self._add(self._values.filter(pl.col("period").eq_missing(period)))
        return self._found[name]

    def every(self, name: str) -> dict[MedianKey, Median]:
        if not self._complete:
            self._complete = True
            self._add(self._values)
        return self._found[name]

    def _add(self, rows: pl.LazyFrame) -> None:
        aggregations = []
        for name in self._names:
            value = pl.col(f"{name} value")
            known = value.filter(value.is_not_null() & value.is_finite())
            aggregations += [
                known.median().alias(f"{name} median"),
                known.len().alias(f"{name} len"),
            ]
        collected = pl.collect_all(
            [rows.group_by(["period", *keys]).agg(aggregations) for _, keys in LEVELS]
        )
        for name in self._names:
            found = self._found[name]
            for (level, _), summary in zip(LEVELS, collected, strict=True):
                codes = summary[level].to_list() if level != "all" else [None] * summary.height
                for period, code, median, count in zip(
                    summary["period"].to_list(), codes, summary[f"{name} median"].to_list(),
                    summary[f"{name} len"].to_list(), strict=True,
                ):  # fmt: skip
                    found[(level, period, code)] = (median, count)


class _Medians(Mapping[MedianKey, Median]):
    """One ratio's medians by (level, period, code), a period's worked out when first asked for."""

    def __init__(self, all_medians: _PeriodMedians, name: str) -> None:
        self._all = all_medians
        self._name = name

    def __getitem__(self, key: MedianKey) -> Median:
        return self._all.period(self._name, key[1])[key]

    def __iter__(self) -> Iterator[MedianKey]:
        return iter(self._all.every(self._name))

    def __len__(self) -> int:
        return len(self._all.every(self._name))


def ratio_reading(
    frames: SourceFrames, ratios: PracticeRatios, practice: PracticeContext, **extra: object
) -> Series:
    """The practice's Series from shared ratios, with PCN / ICB / national medians at its latest
    period (each median needs at least two practices, and the file must hold someone else)."""
    rows = ratios.by_practice.get(practice.code)
    if rows is None:
        raise MetricDataError(f"practice {practice.code} is not in the file")
    period: dt.date = rows["period"][-1]
    pcn = rows["pcn"][-1] or practice.pcn_code
    icb = rows["icb"][-1] or practice.icb_code

    def median(level: str, code: str | None) -> float | None:
        value, count = ratios.medians.get((level, period, code), (None, 0))
        return value if count >= 2 else None

    others = ratios.medians.get(("all", period, None), (None, 0))[1] > 1
    peer = (
        PeerContext(median("pcn", pcn), median("icb", icb), median("all", None)) if others else None
    )
    key = ratios.key
    completeness = rows[f"{key} c"][-1]
    return Series(
        periods=tuple(rows["period"].to_list()), values=tuple(rows[f"{key} value"].to_list()),
        numerators=tuple(rows[f"{key} n"].to_list()), denominators=tuple(rows[f"{key} d"].to_list()),
        as_of=extra.get("as_of", period), source_file=frames.source_file,  # type: ignore[arg-type]
        completeness=None if completeness is None else float(completeness), peer=peer,
        detail=extra.get("detail") or Detail(),  # type: ignore[arg-type]
    )  # fmt: skip


def year_earlier(series: Series) -> tuple[Fact, ...]:
    """The latest period beside the same month a year earlier, where the series has it (the
    seasonal comparison): 'same month a year earlier: Oct 2025: 5.1 (now 6.0, +0.9)'."""
    label = "same month a year earlier"
    if not series.periods or series.values[-1] is None:
        return ()
    latest = series.periods[-1]
    wanted = (latest.year - 1, latest.month)
    for period, value in zip(series.periods, series.values, strict=True):
        if (period.year, period.month) == wanted and value is not None:
            now = series.values[-1]
            return (
                Fact(label, f"{period:%b %Y}: {value:,.2f} (now {now:,.2f}, {now - value:+,.2f})"),
            )
    return (Fact(label, "not in the data"),)
