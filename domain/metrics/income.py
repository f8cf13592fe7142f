"""Claims in more depth: what is owed and how old it is, by scheme, and what should arrive in
the next three months (the claims tracker's rows)."""

from __future__ import annotations

import datetime as dt
import statistics

import polars as pl

from domain.metrics.base import MetricDataError, Params, PracticeContext, SourceFrames
from domain.metrics.trackers import _month_ends_until, _shared
from domain.readings import DetailTable, Series

AGES = (
    (0, 30, "0-30 days"),
    (31, 60, "31-60 days"),
    (61, 90, "61-90 days"),
    (91, None, "90+ days"),
)
OVER_DAYS = 60
"""The metric's value: £ not received more than this many days after the claim month ended."""
AHEAD_MONTHS = 3


def _owed(frames: SourceFrames, today: dt.date) -> pl.DataFrame:
    """Each claim up to today that is not rejected: the month end it was earned, £ due
    (expected, else claimed), £ received, and when it was paid (None: not yet, or not said)."""
    rows = frames.table("rows").filter(
        pl.col("claim_month").is_not_null()
        & (pl.col("claim_month") <= today)
        & (pl.col("status").fill_null("") != "rejected")
    )
    if rows.height == 0:
        raise MetricDataError("no claims up to today in the tracker")
    extra = [c for c in ("claimed_date", "paid_date", "due_date", "recurrent") if c in rows.columns]
    return rows.select(
        "scheme", "status", *extra,
        pl.col("claim_month").dt.month_end().alias("earned"),
        pl.coalesce("expected_amount", "claimed_amount", pl.lit(0.0)).alias("due"),
        pl.col("claimed_amount").fill_null(0.0).alias("claimed"),
        pl.col("received_amount").fill_null(0.0).alias("received"),
    )  # fmt: skip


def _missing_at(rows: pl.DataFrame, day: dt.date) -> pl.DataFrame:
    """Claims earned by `day` with money still missing at `day` (received counts once paid)."""
    paid = pl.col("paid_date") if "paid_date" in rows.columns else pl.lit(None, pl.Date)
    got = pl.when(paid.is_null() | (paid <= day)).then(pl.col("received")).otherwise(0.0)
    return (
        rows.filter(pl.col("earned") <= day)
        .with_columns((pl.col("due") - got).clip(0).alias("missing"))
        .filter(pl.col("missing") > 0)
        .with_columns((pl.lit(day) - pl.col("earned")).dt.total_days().alias("age"))
    )


@_shared
def not_received_over_60_days(
    frames: SourceFrames, params: Params, practice: PracticeContext, today: dt.date
) -> Series:
    """£ not received 60+ days on: expected_amount (else claimed_amount) less received_amount of
    claims not rejected, more than 60 days after the end of the claim month, at each month end.
    Denominator: £ not received at any age. Rows received without a paid_date count as received.

    The detail and the minutes carry the table by scheme (expected, claimed, received, missing,
    oldest outstanding), the money missing by age and the next three months' expected receipts.
    """
    rows = _owed(frames, today)
    periods = _month_ends_until(today)
    values, totals = [], []
    for day in periods:
        missing = _missing_at(rows, day)
        values.append(float(missing.filter(pl.col("age") > OVER_DAYS)["missing"].sum()))
        totals.append(float(missing["missing"].sum()))
    return Series(
        periods=tuple(periods), values=tuple(values), numerators=tuple(values),
        denominators=tuple(totals), as_of=frames.as_of, source_file=frames.source_file,
        tables=(by_scheme(rows, today), by_age(rows, today), ahead(rows, today)),
    )  # fmt: skip


def _pounds(value: float) -> str:
    return f"£{value:,.0f}"


def by_scheme(rows: pl.DataFrame, today: dt.date) -> DetailTable:
    missing = _missing_at(rows, today)
    oldest = dict(missing.group_by("scheme").agg(pl.col("earned").min()).iter_rows())
    kind = "recurrent" in rows.columns
    summary = rows.group_by("scheme").agg(
        pl.col("due").sum(), pl.col("claimed").sum(), pl.col("received").sum(),
        *([pl.col("recurrent").drop_nulls().first()] if kind else []),
    ).sort("scheme")  # fmt: skip
    lost = dict(missing.group_by("scheme").agg(pl.col("missing").sum()).iter_rows())
    table_rows = []
    for row in summary.iter_rows(named=True):
        scheme = row["scheme"] or "(no scheme)"
        when = oldest.get(row["scheme"])
        cells = [scheme, *(_pounds(row[c]) for c in ("due", "claimed", "received")),
                 _pounds(lost.get(row["scheme"], 0.0)), f"{when:%b %Y}" if when else "—"]  # fmt: skip
        if kind:
            cells.append(str(row["recurrent"] or "—"))
        table_rows.append(tuple(cells))
    headers = ("Scheme", "Expected", "Claimed", "Received", "Missing", "Oldest missing")
    note = (
        ""
        if kind
        else "The tracker has no recurrent column: recurrent and one-off income are not told apart."
    )
    return DetailTable(
        f"Income by scheme to {today:%d %b %Y}", (*headers, *(("Recurrent",) if kind else ())),
        tuple(table_rows), note,
    )  # fmt: skip


def by_age(rows: pl.DataFrame, today: dt.date) -> DetailTable:
    missing = _missing_at(rows, today)
    out = []
    for low, high, words in AGES:
        band = missing.filter(pl.col("age") >= low)
        band = band if high is None else band.filter(pl.col("age") <= high)
        out.append((words, _pounds(float(band["missing"].sum())), str(band.height)))
    return DetailTable(
        "Not yet received, by days since the claim month ended", ("Age", "£", "Claims"),
        tuple(out),
    )  # fmt: skip


def ahead(rows: pl.DataFrame, today: dt.date) -> DetailTable:
    """The next three months' expected receipts: each claim's missing £ in the month it is due
    (due_date where the tracker has one, else the claim month end plus the median days from
    claim month end to payment of the claims already paid; overdue money counts this month)."""
    missing = _missing_at(rows, today)
    paid = rows.filter(pl.col("received") > 0)
    lags = (
        [(p - e).days for p, e in zip(paid["paid_date"].to_list(), paid["earned"].to_list(), strict=True) if p]
        if "paid_date" in rows.columns else []
    )  # fmt: skip
    lag = int(statistics.median(lags)) if lags else 30
    due_dates = (
        missing["due_date"].to_list() if "due_date" in missing.columns else [None] * missing.height
    )
    months: dict[tuple[int, int], float] = {}
    for due, earned, amount in zip(
        due_dates, missing["earned"].to_list(), missing["missing"].to_list(), strict=True
    ):
        when = max(due or earned + dt.timedelta(days=lag), today)
        months[(when.year, when.month)] = months.get((when.year, when.month), 0.0) + amount
    out = []
    year, month = today.year, today.month
    for _ in range(AHEAD_MONTHS):
        out.append((f"{dt.date(year, month, 1):%b %Y}", _pounds(months.get((year, month), 0.0))))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    source = (
        "due_date"
        if "due_date" in rows.columns
        else f"claim month end + {lag} days (median time to payment)"
    )
    return DetailTable(
        "Expected receipts, the next three months", ("Month", "£ expected"), tuple(out),
        f"Due from {source}; money already overdue counts in {today:%b %Y}.",
    )  # fmt: skip
