"""The rows behind a tracker metric's latest value: which staff are out of date, which claims
are missing money, which searches have patients overdue, which complaints and significant
events are past their dates, which risks are past review. Each row says what it adds to the
value (for exceptions) and when it falls due (for This week)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import polars as pl

from domain.exceptions import RowBehind, RowsBehind
from domain.metrics.base import SourceFrames
from domain.metrics.trackers import AWAITING_MONEY, LEARNING_DAYS, NOT_SUBMITTED
from domain.words import counted

EXPIRING_DAYS = 60
"""A course expiring within this many days is listed (for notice: it still counts in date)."""

SOON_DAYS = 7
"""Complaints and significant events coming due within a week are listed (for This week)."""

BehindFn = Callable[[SourceFrames, dt.date, str], RowsBehind]


def _day(value: dt.date | None) -> str:
    return value.isoformat() if value else "—"


def _money(value: float | None) -> str:
    return f"£{value:,.0f}" if value is not None else "—"


def training_rows(frames: SourceFrames, today: dt.date, metric_id: str) -> RowsBehind:
    """Staff x course pairs whose latest completion has expired (out of date: 1 each), or
    expires within EXPIRING_DAYS days (listed, 0). A leaver's course is excepted from the whole."""
    rows = frames.table("rows").filter(
        pl.col("staff_name").is_not_null() & pl.col("course").is_not_null()
    )
    latest = (
        rows.filter(pl.col("completed_date").is_null() | (pl.col("completed_date") <= today))
        .sort("completed_date", nulls_last=False)
        .unique(["staff_name", "course"], keep="last")
        .sort("expires_date", "staff_name", "course", nulls_last=True)
    )
    soon = today + dt.timedelta(days=EXPIRING_DAYS)
    found = []
    for staff, role, course, done, expires in latest.select(
        "staff_name", "role", "course", "completed_date", "expires_date"
    ).iter_rows():
        if expires is None and done is not None:
            continue  # does not expire
        lapsed = expires is None or expires < today
        if not lapsed and expires > soon:
            continue
        words = "never completed" if done is None else (
            f"expired {counted((today - expires).days, 'day')} ago" if lapsed
            else f"expires in {counted((expires - today).days, 'day')}"
        )  # fmt: skip
        found.append(
            RowBehind(
                key=f"{staff} · {course}",
                cells=(staff, role or "", course, _day(done), _day(expires), words),
                share=1.0 if lapsed else 0.0,
                due=expires or today,
                what=f"{course}: {'expired' if lapsed else 'expires'} ({staff})",
            )  # fmt: skip
        )
    return RowsBehind(
        metric_id, ("Staff", "Role", "Course", "Completed", "Expires", "State"), tuple(found),
        effect="denominator",
    )  # fmt: skip


def _claims_rows(
    frames: SourceFrames,
    today: dt.date,
    metric_id: str,
    statuses: tuple[str, ...],
    missing: pl.Expr,
) -> RowsBehind:
    rows = frames.table("rows").filter(
        pl.col("claim_month").is_not_null()
        & (pl.col("claim_month") <= today)
        & pl.col("status").is_in(statuses)
    )
    rows = rows.with_columns(missing.alias("missing")).filter(pl.col("missing") > 0)
    for column in ("claimed_date", "received_amount"):
        if column not in rows.columns:
            rows = rows.with_columns(pl.lit(None).alias(column))
    found = []
    for scheme, item, month, expected, claimed, received, gap, status, when in rows.sort(
        "claim_month", "scheme"
    ).select(
        "scheme", "item", "claim_month", "expected_amount", "claimed_amount", "received_amount",
        "missing", "status", "claimed_date",
    ).iter_rows():  # fmt: skip
        since = when or month
        age = (today - since).days if since else 0
        month_end = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        to_submit = status in NOT_SUBMITTED
        found.append(
            RowBehind(
                key=f"{scheme} · {item} · {month:%Y-%m}",
                cells=(
                    scheme,
                    item or "",
                    f"{month:%b %Y}",
                    _money(expected),
                    _money(claimed),
                    _money(received),
                    _money(gap),
                    status,
                    counted(age, "day"),
                ),
                share=float(gap),
                due=month_end if to_submit else None,
                what=f"Submit claim: {scheme} {item or ''} {month:%b %Y} ({_money(gap)})",
            )  # fmt: skip
        )
    columns = ("Scheme", "Item", "Month", "Expected", "Claimed", "Received", "Missing",
               "Status", "Outstanding")  # fmt: skip
    return RowsBehind(metric_id, columns, tuple(found))


def outstanding_rows(frames: SourceFrames, today: dt.date, metric_id: str) -> RowsBehind:
    """Claims expected or in draft (not yet submitted): their expected £."""
    amount = pl.coalesce(pl.col("expected_amount"), pl.col("claimed_amount"), pl.lit(0.0))
    return _claims_rows(frames, today, metric_id, NOT_SUBMITTED, amount)


def unreconciled_rows(frames: SourceFrames, today: dt.date, metric_id: str) -> RowsBehind:
    """Claims submitted, approved, queried or paid short: claimed £ not received."""
    gap = (pl.col("claimed_amount").fill_null(0) - pl.col("received_amount").fill_null(0)).clip(0)
    return _claims_rows(frames, today, metric_id, AWAITING_MONEY, gap)


def search_rows(frames: SourceFrames, today: dt.date, metric_id: str) -> RowsBehind:
    """Each search's latest run on or before today with patients overdue (overdue + never
    monitored); an exception covers some of a search's patients (a count, no identifiers)."""
    rows = frames.table("rows").filter(
        pl.col("run_date").is_not_null() & (pl.col("run_date") <= today)
    )
    for column in ("never_monitored", "due_within_30_days"):
        if column not in rows.columns:
            rows = rows.with_columns(pl.lit(0).alias(column))
    latest = rows.sort("run_date").unique("search_name", keep="last").sort("search_name")
    found = []
    for name, drug, run, cohort, overdue, never, soon in latest.select(
        "search_name", "drug", "run_date", "cohort_on_drug", "overdue", "never_monitored",
        "due_within_30_days",
    ).iter_rows():  # fmt: skip
        late = (overdue or 0) + (never or 0)
        if late <= 0 and not soon:
            continue
        found.append(
            RowBehind(
                key=name,
                cells=(
                    name,
                    drug or "",
                    _day(run),
                    f"{cohort or 0:g}",
                    f"{overdue or 0:g}",
                    f"{never or 0:g}",
                    f"{soon or 0:g}",
                ),
                share=float(late),
                due=today if late > 0 else None,
                what=f"Search '{name}': {late:g} patients overdue monitoring (run {_day(run)})",
            )  # fmt: skip
        )
    columns = ("Search", "Drug", "Run", "On drug", "Overdue", "Never", "Due in 30 days")
    return RowsBehind(metric_id, columns, tuple(found), countable=True)


def complaint_rows(frames: SourceFrames, today: dt.date, metric_id: str) -> RowsBehind:
    """Complaints open past their target date (1 each), and those due within a week (0)."""
    rows = (
        frames.table("rows")
        .filter(
            pl.col("received_date").is_not_null()
            & (pl.col("received_date") <= today)
            & (pl.col("closed_date").is_null() | (pl.col("closed_date") > today))
            & pl.col("target_date").is_not_null()
            & (pl.col("target_date") <= today + dt.timedelta(days=SOON_DAYS))
        )
        .sort("target_date")
    )
    found = []
    for ref, category, received, target in rows.select(
        "reference", "category", "received_date", "target_date"
    ).iter_rows():
        late = target < today
        state = (
            f"{counted((today - target).days, 'day')} past target"
            if late
            else f"due {_day(target)}"
        )
        found.append(
            RowBehind(
                key=str(ref),
                cells=(str(ref), category or "", _day(received), _day(target), state),
                share=1.0 if late else 0.0,
                due=target,
                what=f"Complaint {ref} response ({category or 'complaint'})",
            )  # fmt: skip
        )
    return RowsBehind(metric_id, ("Reference", "Category", "Received", "Target", "State"),
                      tuple(found))  # fmt: skip


def event_rows(frames: SourceFrames, today: dt.date, metric_id: str) -> RowsBehind:
    """Significant events whose learning is not shared: past 28 days (1 each) or due within
    a week (0)."""
    rows = frames.table("rows").filter(
        pl.col("reported_date").is_not_null() & (pl.col("reported_date") <= today)
    )
    if "learning_shared_date" not in rows.columns:
        rows = rows.with_columns(pl.lit(None, dtype=pl.Date).alias("learning_shared_date"))
    rows = rows.filter(
        (pl.col("learning_shared_date").is_null() | (pl.col("learning_shared_date") > today))
        & (pl.col("reported_date") <= today - dt.timedelta(days=LEARNING_DAYS - SOON_DAYS))
    ).sort("reported_date")
    found = []
    for ref, category, severity, reported in rows.select(
        "reference", "category", "severity", "reported_date"
    ).iter_rows():
        due = reported + dt.timedelta(days=LEARNING_DAYS)
        late = due <= today
        state = (
            f"learning {counted((today - due).days, 'day')} late"
            if late
            else f"learning due {_day(due)}"
        )
        found.append(
            RowBehind(
                key=str(ref),
                cells=(str(ref), category or "", severity or "", _day(reported), state),
                share=1.0 if late else 0.0,
                due=due,
                what=f"Share learning: significant event {ref} ({category or 'event'})",
            )  # fmt: skip
        )
    return RowsBehind(metric_id, ("Reference", "Category", "Severity", "Reported", "State"),
                      tuple(found))  # fmt: skip


BEHIND: dict[str, BehindFn] = {
    "training.compliance_pct": training_rows,
    "claims.outstanding_value": outstanding_rows,
    "claims.unreconciled_value": unreconciled_rows,
    "prescribing.overdue_monitoring": search_rows,
    "complaints.open_over_target": complaint_rows,
    "sigevents.learning_overdue": event_rows,
}
"""Calculation -> the rows behind its latest value (the risk register's come from the
database: storage.service)."""
