"""Telephony in more depth: when patients struggle to get through (the weekday x time-band grid)
and how many calls the list makes.

Reads the CBT reader's "weekdays" frame (a row per practice, month and weekday: practice,
month, weekday (1 = Monday), pcn, icb, days (the days of that weekday present), first and last
(their dates), and one column per indicator and band summed over those days, e.g.
`CBT004 08:00-09:59`) and its "monthly" frame.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import polars as pl

from domain.calendar import working_days
from domain.dates import month_end
from domain.detail import Detail, Fact
from domain.metrics.base import (
    MetricDataError,
    Params,
    PracticeContext,
    SourceFrames,
    for_practice,
    month_ends,
    peer_medians,
    ratio_series,
    year_earlier,
)
from domain.readings import DetailTable, PeerContext, Series

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri")
MARKED = 3
"""Cells marked in each grid: the busiest (calls) and the worst (missed calls)."""


def _bands(weekdays: pl.DataFrame) -> list[str]:
    return [c.removeprefix("CBT001 ") for c in weekdays.columns if c.startswith("CBT001 ")]


def _by_weekday(frames: SourceFrames) -> pl.DataFrame:
    """Per practice, month and weekday (1 = Monday): the days of that weekday present in the data
    (a month has four or five Mondays) and each grid column summed over them; every practice at
    once, as the reader sums them ("weekdays")."""
    weekdays = frames.table("weekdays")
    on_the_first = (pl.col("first").dt.day() == 1) & (pl.col("last").dt.day() == 1)
    if weekdays.height and bool(weekdays.select(on_the_first.all()).item()):
        raise MetricDataError(
            "the telephony file is dated by month (every Date the 1st): no weekday to count by; "
            "use the daily 'By Day and Time' file"
        )
    return weekdays


def _cells(by_weekday: pl.DataFrame, bands: list[str]) -> pl.DataFrame:
    """Per practice, month, weekday and band (rows of `_by_weekday`, a row per band): calls and
    missed calls per day of that weekday present in the data."""
    days = pl.col("days")
    return pl.concat([
        by_weekday.select(
            "practice", "month", "weekday", pl.lit(band).alias("band"),
            (pl.col(f"CBT001 {band}") / days).alias("calls"),
            (pl.col(f"CBT004 {band}") / days).alias("missed"),
        )
        for band in bands
    ])  # fmt: skip


def _worst_shares(frames: SourceFrames, practice: PracticeContext) -> pl.DataFrame:
    """Per practice and month: the worst weekday-band's missed calls per day, the typical week's
    missed calls (the sum over every weekday and band), and the share, with the cell named;
    for the practice's own months and every practice's in its latest month (its peers'), not
    every month of every practice."""
    memo_key = f"telephony worst {practice.code}"
    cached = frames.memo.get(memo_key)
    if isinstance(cached, pl.DataFrame):
        return cached
    wide = _by_weekday(frames)
    own = for_practice(wide, practice).filter(pl.col("weekday") <= len(WEEKDAYS))
    latest = pl.col("month") == own["month"].max()  # its latest month with a weekday's calls
    wide = wide.filter((pl.col("practice") == practice.code) | latest)
    bands = sorted(_bands(frames.table("weekdays")))  # ties: the earlier weekday, then band
    missed = [pl.col(f"CBT004 {b}") / pl.col("days") for b in bands]
    # Each weekday row: its missed calls a day over the bands, and its worst band.
    day_worst = pl.max_horizontal(missed)
    per_day = wide.lazy().select(
        "practice", "pcn", "icb", "month", "weekday",
        pl.sum_horizontal(missed).alias("day total"), day_worst.alias("day worst"),
        pl.coalesce([pl.when(m == day_worst).then(pl.lit(b)) for b, m in zip(bands, missed, strict=True)])
        .alias("day band"),
    )  # fmt: skip
    week = per_day.group_by("practice", "month").agg(
        pl.col("day total").sum().alias("week"), pl.col("pcn").first(), pl.col("icb").first()
    )

    def at_worst(column: str) -> pl.Expr:  # the worst weekday's (ties: the earlier weekday)
        ranked = pl.col(column).sort_by(["day worst", "weekday"], descending=[True, False])
        return ranked.first()

    worst = (
        per_day.filter(pl.col("weekday") <= len(WEEKDAYS))
        .group_by("practice", "month")
        .agg(pl.col("day worst").max().alias("worst"), at_worst("weekday"),
             at_worst("day band").alias("band"))
    )  # fmt: skip
    joined = week.join(worst, on=["practice", "month"]).with_columns(
        pl.when(pl.col("week") > 0).then(pl.col("worst") / pl.col("week") * 100).alias("value")
    )
    shares = month_ends(joined.collect()).sort("practice", "period")
    frames.memo[memo_key] = shares
    return shares


def grid_tables(frames: SourceFrames, practice: PracticeContext) -> tuple[DetailTable, ...]:
    """Calls and missed calls per day, Monday to Friday x band, in the practice's latest month;
    the busiest and the worst cells marked with *."""
    own = for_practice(_by_weekday(frames), practice)
    latest: dt.date = own["month"].max()  # type: ignore[assignment]
    weekdays = own.filter((pl.col("month") == latest) & (pl.col("weekday") <= len(WEEKDAYS)))
    mine = _cells(weekdays, _bands(frames.table("weekdays")))
    bands = [
        b
        for b in _bands(frames.table("weekdays"))
        if mine.filter(pl.col("band") == b)["calls"].sum() > 0
    ]
    tables = []
    for column, words, what in (
        ("calls", "Calls a day", "busiest"),
        ("missed", "Missed calls a day", "worst"),
    ):
        order = mine.sort([column, "weekday", "band"], descending=[True, False, False])
        top = order.head(MARKED)  # ties: the earlier weekday, then the earlier band
        marked = {(w, b) for w, b, v in top.select("weekday", "band", column).iter_rows() if v > 0}
        values = {(w, b): v for w, b, v in mine.select("weekday", "band", column).iter_rows()}
        rows = tuple(
            (band, *(_cell(values.get((d, band)), (d, band) in marked) for d in range(1, 6)))
            for band in bands
        )
        tables.append(DetailTable(
            f"{words} by weekday and time band, {latest:%b %Y}", ("Band", *WEEKDAYS), rows,
            f"* the {MARKED} {what} cells (a day: the month's total over its days of that weekday)",
        ))  # fmt: skip
    return tuple(tables)


def _cell(value: float | None, marked: bool) -> str:
    text = "—" if value is None else f"{value:,.0f}"
    return f"{text}*" if marked else text


def missed_worst_cell_share(
    frames: SourceFrames, params: Params, practice: PracticeContext, today: dt.date
) -> Series:
    """Missed calls in the worst weekday-band %: CBT004 (missed in queue) per day in the worst
    Monday-to-Friday x time-band cell / CBT004 in a typical week (every weekday and band, each
    weekday's calls per day of it in the month) x 100, per month.

    How concentrated the pressure is: 100 / 45 (five days x nine bands) = 2.2% if missed calls
    were spread evenly. Needs the daily "By Day and Time" file (weekdays from the Date column).
    """
    shares = _worst_shares(frames, practice)
    rows = for_practice(shares, practice)
    last = rows.row(-1, named=True)
    period: dt.date = last["period"]
    others = shares.filter((pl.col("period") == period) & (pl.col("practice") != practice.code))
    peer = None
    if others.height:
        known = shares.filter(pl.col("period") == period).select("practice", "pcn", "icb", "value")
        peer = peer_medians(known, practice, last["pcn"], last["icb"])
    cell = f"{WEEKDAYS[last['weekday'] - 1]} {last['band']}"
    detail = Detail.of(Fact("worst cell", f"{cell}: {last['worst']:,.0f} of the {last['week']:,.0f} "
                            "calls missed in a typical week"))  # fmt: skip
    series = ratio_series(
        rows, pl.col("worst"), pl.col("week"), source_file=frames.source_file,
        as_of=frames.as_of if frames.as_of and frames.as_of <= period else period,
        peer=peer, detail=detail,
    )  # fmt: skip
    return replace(series, tables=grid_tables(frames, practice))


def calls_per_1000(
    frames: SourceFrames, params: Params, practice: PracticeContext, today: dt.date
) -> Series:
    """Inbound calls per 1,000 patients a month: CBT001 / list size (the configured one: the
    telephony file has none) x 1000. A month with some working days missing from a daily file is
    scaled up to the whole month (working days in the month / working days present) and says
    so. Peer medians: each practice's calls over its own TOTAL_PATIENTS in the workforce file
    named by params `list_source` (its latest month at or before the practice's latest month,
    else its earliest); without it, none.
    """
    rows = _scaled(month_ends(for_practice(frames.table("monthly"), practice))).sort("period")
    detail = Detail.of(Fact("list size", f"{practice.list_size:,} (configured)"))
    factor = rows["factor"][-1]
    if factor > 1:
        scaled = f"partial: scaled up by {factor:.2f} from the working days present"
        detail = detail.plus(Fact("month", scaled))
    last = rows.row(-1, named=True)
    peer = _calls_peers(frames, practice, last)
    if peer is not None:
        detail = detail.plus(Fact("peers", "each practice's TOTAL_PATIENTS in the workforce file"))
    series = ratio_series(
        rows, pl.col("CBT001") * pl.col("factor"), pl.lit(practice.list_size), scale=1000.0,
        source_file=frames.source_file, as_of=frames.as_of or rows["period"][-1], detail=detail,
        peer=peer,
    )  # fmt: skip
    return replace(series, detail=series.detail.plus(*year_earlier(series)))


def _scaled(rows: pl.DataFrame) -> pl.DataFrame:
    """Add `factor`: the month's working days / those present, for a daily file's partial month
    (1 otherwise)."""
    daily = int(rows["days"].max() or 0) > 1  # type: ignore[arg-type]
    wanted = {m: working_days(m, month_end(m)) for m in rows["month"].unique().to_list()}
    factors = [
        wanted[month] / present if daily and present and present < wanted[month] else 1.0
        for month, present in zip(rows["month"].to_list(), rows["working_days"].to_list(),
                                  strict=True)
    ]  # fmt: skip
    return rows.with_columns(pl.Series("factor", factors, dtype=pl.Float64))


def _calls_peers(
    frames: SourceFrames, practice: PracticeContext, last: dict[str, object]
) -> PeerContext | None:
    """Medians of every practice's calls per 1,000 in the practice's latest month, each over its
    own TOTAL_PATIENTS (`list_source`)."""
    lists = frames.tables.get("list_source:practice")
    if lists is None or "TOTAL_PATIENTS" not in lists.columns:
        return None
    period = last["period"]
    month = frames.table("monthly").filter(pl.col("month") == last["month"])
    sizes = lists.filter(pl.col("TOTAL_PATIENTS").is_not_null()).sort("period")
    before = sizes.filter(pl.col("period") <= period).group_by("practice").last()
    after = sizes.group_by("practice").first().join(before, on="practice", how="anti")
    size = pl.concat([before, after]).select("practice", "TOTAL_PATIENTS")
    values = _scaled(month).join(size, on="practice", how="inner").select(
        "practice", "pcn", "icb",
        pl.when(pl.col("TOTAL_PATIENTS") > 0)
        .then(pl.col("CBT001") * pl.col("factor") / pl.col("TOTAL_PATIENTS") * 1000)
        .alias("value"),
    )  # fmt: skip
    return peer_medians(values, practice, last.get("pcn"), last.get("icb"))  # type: ignore[arg-type]
