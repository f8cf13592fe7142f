"""Telephony (CBT) put together from each file's month x practice x weekday sums.

A daily "By Day and Time" file is read down to date x practice groups (readers.cbt); those are
summed again here to one row per file, month, practice and weekday: the days of that weekday
present, the working days among them, each indicator's and each grid band's calls, and the
first and last date. What the readings need is a sum of those rows: the month x practice totals
("monthly") and the weekday x band grid ("weekdays", what the telephony metrics read), which
file gave each practice's rows, the dates the source spans. So each file's sums are kept
(readers.parts), with those added up to month x practice, and a new day's or month's file
adds its own to them: the source is not worked out again from every date of every file, and
a month only one file holds (each month of monthly files) is taken as kept, not summed again.
Only when two files share dates (a reissued file, `_v2`, whose rows win for the same date and
practice) are the dates put together first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import polars as pl

from domain.calendar import holidays_between
from domain.dates import month_end
from storage.data.readers.common import SourceData, report_no_usable_rows
from storage.data.readers.gpad import release_of
from storage.data.readers.named_month import check_named_months
from storage.data.readers.parts import PartStore

SUMS_VERSION = "cbtsums-1"
"""The version of each file's kept sums (`summed`'s columns): bump when they change."""

MONTHS_VERSION = "cbtmonths-1"
"""The version of each file's kept month x practice rows (`by_month`'s columns)."""

KEYS = ("file", "month", "practice", "weekday")


def summed(dated: pl.DataFrame, sums: Sequence[str]) -> pl.DataFrame:
    """File x month x practice x weekday sums of date x practice groups (`dated`: file, date,
    practice, pcn, icb, rows and the `sums` columns; a blank date or practice is a group of its
    own, counted in `rows` only)."""
    dates = dated["date"].drop_nulls()
    first: dt.date | None = dates.min()  # type: ignore[assignment]
    last: dt.date | None = dates.max()  # type: ignore[assignment]
    holidays = holidays_between(first.year, last.year) if first and last else []
    date = pl.col("date")
    return dated.group_by(
        "file", date.dt.truncate("1mo").alias("month"), "practice",
        date.dt.weekday().alias("weekday"),
    ).agg(
        pl.col("pcn").first(), pl.col("icb").first(), pl.col("rows").sum(),
        date.count().alias("days"), date.dt.is_business_day(holidays=holidays).sum()
        .alias("working_days"), *[pl.col(c).sum() for c in sums],
        date.min().alias("first"), date.max().alias("last"),
    )  # fmt: skip


def usable(sums: pl.DataFrame) -> pl.DataFrame:
    """The rows a reading can use: dated, of a practice (not `Unassigned`)."""
    practice = pl.col("practice")
    return sums.filter(
        pl.col("month").is_not_null() & practice.is_not_null() & (practice != "Unassigned")
    )


def overlapping(sums: Sequence[pl.DataFrame]) -> bool:
    """Whether two files' usable dates may meet (their first-to-last spans overlap): a reissue
    whose rows must win date by date."""
    spans = sorted(
        (first, last)
        for frame in sums
        for first, last in usable(frame).select(pl.col("first").min(), pl.col("last").max()).rows()
        if first is not None and last is not None
    )
    return any(later[0] <= earlier[1] for earlier, later in zip(spans, spans[1:], strict=False))


def by_month(sums: pl.DataFrame, counted: Sequence[str]) -> pl.DataFrame:
    """Usable weekday sums added up to file x month x practice (with the first and last date):
    kept per file too, so a new file adds its own to the others' as they are."""
    return usable(sums).group_by("month", "practice", "file").agg(
        pl.col("pcn").first(), pl.col("icb").first(), pl.col("days").sum(),
        pl.col("working_days").sum(), *[pl.col(c).sum() for c in counted],
        pl.col("first").min(), pl.col("last").max(),
    )  # fmt: skip


def kept_months(
    store: PartStore, file: Path, sums: pl.DataFrame, counted: Sequence[str], keep: bool
) -> pl.DataFrame:
    """The file's `by_month` rows: kept (readers.parts), or worked out from its sums (and kept
    when `keep`)."""
    months = store.load(file)
    if months is None:
        months = by_month(sums, counted)
        if keep:
            store.store(file, months)
    return months


def put_together(
    data: SourceData,
    files: Sequence[Path],
    kept: Mapping[Path, pl.DataFrame],
    together: pl.DataFrame,
    counted: Sequence[str],
    grid: Sequence[str],
    months: pl.DataFrame | None = None,
) -> None:
    """The source's frames, origin and dates from the files' sums: `kept` each file's own (its
    rows and months, for what `chair check` says), `together` the sums the readings use (the
    files' own, or worked out again from their dates after reissues won), `months` their
    `by_month` (None: worked out here)."""
    data.rows += sum(int(kept[f]["rows"].sum() or 0) for f in files)
    held: dict[str, set[dt.date]] = {
        f.name: set(kept[f]["month"].drop_nulls().unique().to_list())
        for f in files
        if kept[f].height
    }
    check_named_months(data, files, held, {f: release_of(f) for f in files})
    rows = usable(together)
    if rows.height == 0:
        report_no_usable_rows(data, files, "both a date and a practice code")
        return
    data.files = tuple(sorted(files))
    last_day: dt.date = rows["last"].max()  # type: ignore[assignment]
    newest = rows.filter(pl.col("last") == last_day)["file"].max()
    data.latest_file = next(f for f in files if f.name == newest)
    # A month one file holds alone (each month of a monthly file) is already summed: its rows
    # are taken as they are; only a month several files hold (daily files) is summed again.
    shared = pl.col("month").is_in(sorted(_shared(held.values())))
    by_file = by_month(rows, counted) if months is None else months
    monthly = _grouped(by_file, ("month", "practice"), shared, [
        pl.col("pcn").first(), pl.col("icb").first(), pl.col("days").sum(),
        pl.col("working_days").sum(), *[pl.col(c).sum() for c in counted],
    ]).sort("practice", "month")  # fmt: skip
    data.frames["monthly"] = monthly
    data.frames["weekdays"] = _grouped(rows, ("practice", "month", "weekday"), shared, [
        pl.col("pcn").first(), pl.col("icb").first(), pl.col("days").sum(),
        pl.col("first").min(), pl.col("last").max(), *[pl.col(c).sum() for c in grid],
    ])  # fmt: skip
    # Which file gave each practice's rows: its first and last date from each file.
    spans = by_file.group_by("practice", "file").agg(pl.col("first").min(), pl.col("last").max())
    data.origin = pl.concat([  # each first date, and each last one that is not also the first
        spans.select("practice", "file", pl.col("first").alias("period")),
        spans.filter(pl.col("last") != pl.col("first"))
        .select("practice", "file", pl.col("last").alias("period")),
    ])  # fmt: skip
    data.period_start = monthly["month"].min()  # type: ignore[assignment]
    data.period_end = month_end(last_day)
    # Files dated by month (every Date the 1st) hold whole months: as of the month's end.
    day = pl.col("first").dt.day() == 1
    monthly_dates = bool(rows.select((day & (pl.col("last").dt.day() == 1)).all()).item())
    data.as_of = data.period_end if monthly_dates else last_day


def _shared(held: Iterable[set[dt.date]]) -> set[dt.date]:
    """The months more than one file holds."""
    seen: set[dt.date] = set()
    shared: set[dt.date] = set()
    for months in held:
        shared |= seen & months
        seen |= months
    return shared


def _grouped(
    rows: pl.DataFrame, keys: Sequence[str], shared: pl.Expr, aggs: Sequence[pl.Expr]
) -> pl.DataFrame:
    """`rows` grouped by `keys`, summed again only where `shared` (a month several files
    hold); the other rows are taken as they are: `rows` has one row per file and `keys`."""
    columns = [*keys, *(a.meta.output_name() for a in aggs)]
    again = rows.filter(shared).group_by(*keys).agg(*aggs)
    alone = rows.filter(~shared).select(
        pl.col(c).cast(again.schema[c]) for c in columns
    )  # fmt: skip
    return pl.concat([alone, again.select(columns)]) if again.height else alone
