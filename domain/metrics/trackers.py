"""Metrics over practice trackers (claims, training, prescribing searches, complaints,
significant events, the risk register, measures).

Trackers hold today's state, not history, so each trend point is recomputed "as at" a date from
the dates in the rows (e.g. a complaint was open at D if received <= D and not closed by D).
The as-of date is the latest activity date in the tracker that is not after `today` (for
training, whose completions can be months apart, the date the file was last saved counts too).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable

import polars as pl

from domain.detail import Detail, Fact
from domain.metrics.base import MetricDataError, Params, PracticeContext, SourceFrames
from domain.readings import TREND_PERIODS, Series

NOT_SUBMITTED = ("expected", "draft")
AWAITING_MONEY = ("submitted", "approved", "paid", "queried")


MetricFn = Callable[[SourceFrames, Params, PracticeContext, dt.date], Series]


def _shared(function: MetricFn) -> MetricFn:
    """Trackers are the same for every practice of a deployment: compute once per date."""

    @functools.wraps(function)
    def wrapper(
        frames: SourceFrames, params: Params, practice: PracticeContext, today: dt.date
    ) -> Series:
        key = (function.__name__, tuple(sorted(params.items())), today)
        cached = frames.memo.get(key)
        if not isinstance(cached, Series):
            cached = function(frames, params, practice, today)
            frames.memo[key] = cached
        return cached

    return wrapper


def _month_ends_until(today: dt.date, count: int = TREND_PERIODS - 1) -> list[dt.date]:
    """The last `count` month ends before today's month, then today itself."""
    ends: list[dt.date] = []
    cursor = today.replace(day=1) - dt.timedelta(days=1)
    for _ in range(count):
        ends.append(cursor)
        cursor = cursor.replace(day=1) - dt.timedelta(days=1)
    return [*reversed(ends), today]


def _as_of(
    frames: SourceFrames,
    rows: pl.DataFrame,
    columns: tuple[str, ...],
    today: dt.date,
    saved: bool = False,
) -> dt.date | None:
    """The latest activity date not after today; with `saved`, the file's save date counts too."""
    found = [
        d
        for c in columns
        if c in rows.columns
        for d in rows[c].drop_nulls().to_list()
        if d <= today
    ]
    if saved and frames.file_date is not None:
        found.append(min(frames.file_date, today))
    return max(found) if found else frames.as_of


def _series(
    frames: SourceFrames,
    periods: list[dt.date],
    at: Callable[[dt.date], tuple[float, float]],
    as_of: dt.date | None,
    ratio: bool = False,
    detail: Detail | None = None,
) -> Series:
    pairs = [at(day) for day in periods]
    values = tuple((n / d * 100 if d else None) if ratio else n for n, d in pairs)
    return Series(
        periods=tuple(periods), values=values, numerators=tuple(n for n, _ in pairs),
        denominators=tuple(d for _, d in pairs), as_of=as_of, source_file=frames.source_file,
        detail=detail or Detail(),
    )  # fmt: skip


def _per_day(
    rows: pl.DataFrame, periods: list[dt.date], numerator: pl.Expr, denominator: pl.Expr
) -> Callable[[dt.date], tuple[float, float]]:
    """`at` for `_series`, every period in one query: the rows crossed with the periods (a
    `day` column), aggregated per day; a day with nothing to count gives 0."""
    days = pl.DataFrame({"day": periods}, schema={"day": pl.Date})
    found = (
        days.lazy()
        .join(rows.lazy(), how="cross")
        .group_by("day")
        .agg(numerator.cast(pl.Float64).alias("n"), denominator.cast(pl.Float64).alias("d"))
        .collect()
    )
    table = {day: (n or 0.0, d or 0.0) for day, n, d in found.iter_rows()}
    return lambda day: table.get(day, (0.0, 0.0))


def _claims(
    frames: SourceFrames, today: dt.date, statuses: tuple[str, ...], amount: pl.Expr
) -> Series:
    rows = frames.table("rows").filter(
        pl.col("claim_month").is_not_null() & (pl.col("claim_month") <= today)
    )
    if rows.height == 0:
        raise MetricDataError("no claims up to today in the tracker")
    months = sorted({m for m in rows["claim_month"].to_list()})[-TREND_PERIODS:]
    periods = [
        min(today, (m.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1))
        for m in months
    ]
    chosen = rows.select(
        "claim_month", amount.alias("amount"), pl.col("status").is_in(statuses).alias("chosen")
    )
    upto = pl.col("claim_month") <= pl.col("day")
    value = pl.col("amount")
    at = _per_day(
        chosen, periods, value.filter(upto & pl.col("chosen")).sum(), value.filter(upto).sum()
    )
    return _series(frames, periods, at, _as_of(frames, rows, ("claimed_date", "paid_date"), today))


@_shared
def outstanding_value(
    frames: SourceFrames, params: Params, practice: PracticeContext, today: dt.date
) -> Series:
    """£ not yet claimed: expected_amount (else claimed_amount) of claims with status expected or
    draft, for claim months up to each period. Denominator: £ expected for all those claims."""
    amount = pl.coalesce(pl.col("expected_amount"), pl.col("claimed_amount"), pl.lit(0.0))
    return _claims(frames, today, NOT_SUBMITTED, amount)


@_shared
def unreconciled_value(
    frames: SourceFrames, params: Params, practice: PracticeContext, today: dt.date
) -> Series:
    """£ claimed but not received: claimed_amount - received_amount (not below 0) of claims that
    are submitted, approved, queried or paid (a short payment). Rejected claims are not counted.
    Denominator: the same shortfall summed over every claim up to the period."""
    shortfall = (
        pl.col("claimed_amount").fill_null(0) - pl.col("received_amount").fill_null(0)
    ).clip(0)
    return _claims(frames, today, AWAITING_MONEY, shortfall)


@_shared
def compliance_pct(
    frames: SourceFrames, params: Params, practice: PracticeContext, today: dt.date
) -> Series:
    """Training in date %: staff x course pairs with a completion on or before the date whose
    expiry is on or after it (no expiry date = does not expire) / all staff x course pairs."""
    rows = frames.table("rows").filter(
        pl.col("staff_name").is_not_null() & pl.col("course").is_not_null()
    )
    pairs = rows.select("staff_name", "course").unique().height
    if pairs == 0:
        raise MetricDataError("no staff and courses in the training tracker")

    day = pl.col("day")
    valid = (pl.col("completed_date") <= day) & (
        pl.col("expires_date").is_null() | (pl.col("expires_date") >= day)
    )
    ends = _month_ends_until(today)
    pair = pl.struct("staff_name", "course")
    columns = rows.select("staff_name", "course", "completed_date", "expires_date")
    at = _per_day(columns, ends, pair.filter(valid).n_unique(), pl.lit(pairs))
    return _series(
        frames,
        ends,
        at,
        _as_of(frames, rows, ("completed_date",), today, saved=True),
        ratio=True,
    )


@_shared
def overdue_monitoring(
    frames: SourceFrames, params: Params, practice: PracticeContext, today: dt.date
) -> Series:
    """Patients overdue monitoring: overdue + never_monitored, summed over each search's latest run
    on or before the date. Denominator: cohort_on_drug over the same runs."""
    rows = frames.table("rows").filter(
        pl.col("run_date").is_not_null() & (pl.col("run_date") <= today)
    )
    if rows.height == 0:
        raise MetricDataError("no search runs up to today in the prescribing tracker")
    never = (
        pl.col("never_monitored").fill_null(0) if "never_monitored" in rows.columns else pl.lit(0.0)
    )
    rows = rows.with_columns((pl.col("overdue").fill_null(0) + never).alias("late"))
    dates = sorted(set(rows["run_date"].to_list()))[-TREND_PERIODS:]

    def at(day: dt.date) -> tuple[float, float]:
        latest = (
            rows.filter(pl.col("run_date") <= day)
            .sort("run_date")
            .unique("search_name", keep="last")
        )
        return float(latest["late"].sum() or 0), float(latest["cohort_on_drug"].sum() or 0)

    return _series(frames, dates, at, dates[-1])


@_shared
def open_over_target(
    frames: SourceFrames, params: Params, practice: PracticeContext, today: dt.date
) -> Series:
    """Complaints open past target: received on or before the date, not closed by it, and whose
    target_date is before it. Denominator: complaints open at the date."""
    rows = frames.table("rows").filter(pl.col("received_date").is_not_null())

    day = pl.col("day")
    open_ = (pl.col("received_date") <= day) & (
        pl.col("closed_date").is_null() | (pl.col("closed_date") > day)
    )
    late = open_ & pl.col("target_date").is_not_null() & (pl.col("target_date") < day)
    ends = _month_ends_until(today)
    columns = rows.select("received_date", "closed_date", "target_date")
    at = _per_day(columns, ends, late.sum(), open_.sum())
    as_of = _as_of(frames, rows, ("received_date", "acknowledged_date", "closed_date"), today)
    return _series(frames, ends, at, as_of)


LEARNING_DAYS = 28


@_shared
def learning_overdue(
    frames: SourceFrames, params: Params, practice: PracticeContext, today: dt.date
) -> Series:
    """Significant events without learning shared within 28 days: events reported at least
    `days` (default 28) days before the date whose learning_shared_date is missing or after the
    date. Denominator: events reported in the 12 months up to `days` before the date."""
    days = int(params.get("days", LEARNING_DAYS))
    rows = frames.table("rows").filter(pl.col("reported_date").is_not_null())
    if rows.height == 0:
        raise MetricDataError("no reported events in the significant-events tracker")

    day = pl.col("day")
    due = day - pl.duration(days=days)
    reported = pl.col("reported_date")
    considered = (reported <= due) & (reported > due - pl.duration(days=365))
    shared = pl.col("learning_shared_date")
    late = (reported <= due) & (shared.is_null() | (shared > day))
    ends = _month_ends_until(today)
    at = _per_day(rows.select(reported, shared), ends, late.sum(), considered.sum())
    as_of = _as_of(frames, rows, ("reported_date", "learning_shared_date"), today, saved=True)
    return _series(frames, ends, at, as_of)


@_shared
def high_overdue_review(
    frames: SourceFrames, params: Params, practice: PracticeContext, today: dt.date
) -> Series:
    """High risks past their review date: risks not closed whose likelihood x impact is at least
    `min_score` (default 15) and whose review_date is before the date. Denominator: high risks
    not closed. The register holds today's scores and review dates: earlier points use them."""
    score = float(params.get("min_score", 15))
    rows = frames.table("rows").filter(pl.col("risk_id").is_not_null())
    if rows.height == 0:
        raise MetricDataError("no risks in the risk register")
    high = rows.filter(
        (pl.col("likelihood") * pl.col("impact") >= score)
        & (pl.col("status").fill_null("").str.to_lowercase() != "closed")
    )

    def at(day: dt.date) -> tuple[float, float]:
        late = high.filter(pl.col("review_date").is_not_null() & (pl.col("review_date") < day))
        return float(late.height), float(high.height)

    # The register records no activity dates: it is as fresh as the file's last save.
    as_of = min(frames.file_date, today) if frames.file_date else frames.as_of
    return _series(frames, _month_ends_until(today), at, as_of)


@_shared
def measure_value(
    frames: SourceFrames, params: Params, practice: PracticeContext, today: dt.date
) -> Series:
    """The `value` of rows whose `metric` equals params `metric`, by `period_end` (oldest first).

    Rows after `today` are ignored; where a period repeats, the last row in the file wins.
    """
    name = params.get("metric")
    if not name:
        raise MetricDataError('measures.value needs params metric = "<name in the measures file>"')
    rows = frames.table("rows").filter(
        (pl.col("metric") == str(name))
        & pl.col("period_end").is_not_null()
        & (pl.col("period_end") <= today)
    )
    if rows.height == 0:
        raise MetricDataError(f"no rows for metric '{name}' in the measures file")
    rows = rows.unique("period_end", keep="last").sort("period_end")
    detail = Detail()
    if "note" in rows.columns and rows["note"][-1]:
        detail = Detail.of(Fact("note", str(rows["note"][-1])))
    return Series(
        periods=tuple(rows["period_end"].to_list()), values=tuple(rows["value"].to_list()),
        as_of=rows["period_end"][-1], source_file=frames.source_file, detail=detail,
    )  # fmt: skip
