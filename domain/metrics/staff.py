"""Workforce resilience from the practice's own workforce tracker (a row per person or post:
name, role, contracted hours a week, hours over contract a week, absence days, vacancy yes/no,
supervision due and last dates, key tasks; optionally the month the row describes, `as_at`).

Whole-time equivalent is not resilience: these say who the practice depends on, who works beyond
their contract, who is away, which posts are empty and whose supervision has lapsed. A tracker
without `as_at` holds today's state: each reading is one point, at the date the file was saved.
With `as_at` (the practice adds each month's rows, or keeps one file a month), each month is a
period: the trend, the sparkline and, from 12 months, SPC come from those snapshots; rows
without a month count in the latest one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import polars as pl

from domain.dates import add_months, month_end
from domain.detail import Detail, Fact
from domain.metrics.base import MetricDataError, Params, PracticeContext, SourceFrames
from domain.metrics.trackers import _shared
from domain.readings import DetailTable, Series

FULL_TIME_HOURS = 37.5
HOURS_A_DAY = 7.5
VACANT = ("yes", "y", "vacant", "true", "1")
ABSENCE_WEEKS = 13
SUPERVISION_MONTHS = 12

Result = tuple[float, float, Detail, tuple[DetailTable, ...]] | None
"""One snapshot's numerator, denominator, detail and tables (None: nothing to count then)."""


def _with_vacant(rows: pl.DataFrame) -> pl.DataFrame:
    vacant = (
        pl.col("vacancy").fill_null("").str.strip_chars().str.to_lowercase().is_in(VACANT)
        if "vacancy" in rows.columns
        else pl.lit(False)
    )
    return rows.with_columns(vacant.alias("vacant"), pl.col("contracted_hours").fill_null(0.0))


def latest_posts(rows: pl.DataFrame) -> pl.DataFrame:
    """The posts of the latest snapshot (every row without `as_at`), with `vacant`."""
    rows = _with_vacant(rows.filter(pl.col("role").is_not_null()))
    if "as_at" not in rows.columns or rows["as_at"].is_null().all():
        return rows
    latest = rows["as_at"].max()
    return rows.filter(pl.col("as_at").is_null() | (pl.col("as_at") == latest))


def snapshots(frames: SourceFrames, today: dt.date) -> list[tuple[dt.date, pl.DataFrame]]:
    """(the date of the snapshot, its posts) oldest first: one per `as_at` month up to today
    (dated its month end, or today within the month), else one at the date the file was saved.
    Every post has `vacant` (a `vacancy` of yes / y / vacant)."""
    rows = frames.table("rows").filter(pl.col("role").is_not_null())
    if rows.height == 0:
        raise MetricDataError("no posts in the workforce tracker")
    rows = _with_vacant(rows)
    saved = min(frames.file_date, today) if frames.file_date else (frames.as_of or today)
    if "as_at" not in rows.columns or rows["as_at"].is_null().all():
        return [(saved, rows)]
    months = sorted({m.replace(day=1) for m in rows["as_at"].drop_nulls().to_list() if m <= today})
    if not months:
        raise MetricDataError(
            f"every month in the workforce tracker's as at column is after {today}"
        )
    month = pl.col("as_at").dt.truncate("1mo")
    found = []
    for index, first in enumerate(months):
        chosen = month == first
        if index == len(months) - 1:
            chosen = chosen | pl.col("as_at").is_null()
        found.append((min(month_end(first), today), rows.filter(chosen)))
    return found


def _over_time(
    frames: SourceFrames, today: dt.date, one: Callable[[pl.DataFrame, dt.date], Result],
    ratio: bool = False,
) -> Series:  # fmt: skip
    """`one` over every snapshot (the latest is counted at today); with `ratio`, each value is
    n / d x 100 (None when d is 0). The detail and tables are the latest snapshot's."""
    shots = snapshots(frames, today)
    periods, values, nums, dens = [], [], [], []
    latest: Result = None
    for index, (day, rows) in enumerate(shots):
        last = index == len(shots) - 1
        result = one(rows, today if last else day)
        if result is None:
            if last:
                raise MetricDataError("nothing to count in the workforce tracker's latest rows")
            continue
        n, d, _, _ = latest = result
        periods.append(day)
        nums.append(n)
        dens.append(d)
        values.append((n / d * 100 if d else None) if ratio else n)
    assert latest is not None
    return Series(
        periods=tuple(periods), values=tuple(values), numerators=tuple(nums),
        denominators=tuple(dens), as_of=periods[-1], source_file=frames.source_file,
        detail=latest[2], tables=latest[3],
    )  # fmt: skip


def _who(row: dict[str, object]) -> str:
    name = str(row.get("name") or "").strip()
    return f"{name} ({row['role']})" if name else f"{row['role']} (vacant)"


def _columns(frames: SourceFrames, *names: str) -> None:
    rows = frames.table("rows")
    for name in names:
        if name not in rows.columns:
            raise MetricDataError(MISSING.get(name, f"the workforce tracker has no {name} column"))


MISSING = {
    "key_tasks": "the workforce tracker has no key tasks column: list each person's key tasks "
    "(e.g. 'DOAC monitoring; payroll') to see who the practice depends on",
    "hours_over_contract": "the workforce tracker has no hours over contract column",
    "absence_days": "the workforce tracker has no absence days column",
}


@_shared
def key_person_dependency(
    frames: SourceFrames, params: Params, practice: PracticeContext, today: dt.date
) -> Series:
    """Key tasks held by fewer than two people: tasks named in `key_tasks` (several separated by
    ';' or ',') that only one filled post holds, or only a vacant post. Denominator: every key
    task named. A task with one holder stops when that person is away. One point per `as_at`
    month (else one, at the date the file was saved).

    The detail lists each task with its holders, single-held first.
    """
    _columns(frames, "key_tasks")
    return _over_time(frames, today, _key_people)


def _key_people(rows: pl.DataFrame, day: dt.date) -> Result:
    holders: dict[str, list[str]] = {}
    shown: dict[str, str] = {}
    for row in rows.iter_rows(named=True):
        for task in re.split(r"[;,]", str(row.get("key_tasks") or "")):
            key = " ".join(task.split()).lower()
            if key:
                shown.setdefault(key, " ".join(task.split()))
                holders.setdefault(key, [])
                if not row["vacant"]:
                    holders[key].append(str(row.get("name") or row["role"]).strip())
                elif not holders[key]:
                    holders[key].append("")
    if not holders:
        return None
    held = {k: [h for h in v if h] for k, v in holders.items()}
    single = sorted((k for k, v in held.items() if len(v) < 2), key=lambda k: shown[k].lower())
    others = sorted((k for k in held if k not in single), key=lambda k: shown[k].lower())
    table_rows = tuple(
        (shown[k], str(len(held[k])), ", ".join(held[k]) or "nobody (the post is vacant)")
        for k in [*single, *others]
    )
    table = DetailTable("Key tasks and who holds them", ("Task", "People", "Held by"), table_rows)
    detail = Detail.of(Fact("single-held", ", ".join(shown[k] for k in single) or "none"))
    return float(len(single)), float(len(held)), detail, (table,)


@_shared
def hours_over_contract(
    frames: SourceFrames, params: Params, practice: PracticeContext, today: dt.date
) -> Series:
    """Hours over contract %: hours worked over contract a week (`hours_over_contract`) / contracted
    hours a week, summed over filled posts, x 100, per `as_at` month. Safe hours: above 10% the
    team is running on goodwill. The detail names the three posts most over their contract."""
    _columns(frames, "hours_over_contract")
    return _over_time(frames, today, _hours_over, ratio=True)


def _hours_over(rows: pl.DataFrame, day: dt.date) -> Result:
    over = rows.filter(~pl.col("vacant")).with_columns(
        pl.col("hours_over_contract").fill_null(0.0).alias("over")
    )
    most = over.filter(pl.col("over") > 0).sort("over", descending=True).head(3)
    named = "; ".join(
        f"{_who(r)} +{r['over']:g} h a week on {r['contracted_hours']:g}"
        for r in most.iter_rows(named=True)
    )
    detail = Detail.of(Fact("most over", named or "nobody"))
    return float(over["over"].sum()), float(over["contracted_hours"].sum()), detail, ()


@_shared
def absence_rate(
    frames: SourceFrames, params: Params, practice: PracticeContext, today: dt.date
) -> Series:
    """Absence rate %: working days absent (`absence_days`, over the last params `weeks`, default
    13) / working days contracted in those weeks (contracted hours a week / 7.5 x weeks), over
    filled posts, x 100, per `as_at` month."""
    weeks = float(params.get("weeks", ABSENCE_WEEKS))
    _columns(frames, "absence_days")

    def one(rows: pl.DataFrame, day: dt.date) -> Result:
        filled = rows.filter(~pl.col("vacant"))
        away = float(filled["absence_days"].fill_null(0.0).sum())
        days = float(filled["contracted_hours"].sum()) / HOURS_A_DAY * weeks
        absent = f"{away:g} days absent of {days:,.0f} contracted in {weeks:g} weeks"
        detail = Detail.of(Fact("days", absent))
        return away, days, detail, ()

    return _over_time(frames, today, one, ratio=True)


@_shared
def vacancies(
    frames: SourceFrames, params: Params, practice: PracticeContext, today: dt.date
) -> Series:
    """Vacant FTE: contracted hours a week of posts marked vacant / 37.5, per `as_at` month.
    Denominator: the FTE of every post in the tracker (filled and vacant). The detail names the
    vacant posts."""

    def one(rows: pl.DataFrame, day: dt.date) -> Result:
        empty = rows.filter(pl.col("vacant"))
        named = "; ".join(
            f"{r['role']} ({r['contracted_hours']:g} h)" for r in empty.iter_rows(named=True)
        )
        detail = Detail.of(Fact("vacant posts", named or "none"))
        vacant = float(empty["contracted_hours"].sum()) / FULL_TIME_HOURS
        return vacant, float(rows["contracted_hours"].sum()) / FULL_TIME_HOURS, detail, ()

    return _over_time(frames, today, one)


@_shared
def supervision_overdue(
    frames: SourceFrames, params: Params, practice: PracticeContext, today: dt.date
) -> Series:
    """Supervision overdue: filled posts whose `supervision_due` is before the day, or, without
    a due date, whose `supervision_last` is more than params `months` (default 12) before it;
    the day is today for the latest rows and each earlier `as_at` month's end for the trend.
    Denominator: filled posts with either date (roles that are supervised)."""
    months = int(params.get("months", SUPERVISION_MONTHS))
    columns = frames.table("rows").columns
    if "supervision_due" not in columns and "supervision_last" not in columns:
        raise MetricDataError("the workforce tracker has no supervision dates")

    def one(rows: pl.DataFrame, day: dt.date) -> Result:
        filled = rows.filter(~pl.col("vacant"))
        due = pl.col("supervision_due") if "supervision_due" in columns else pl.lit(None, pl.Date)
        last = (
            pl.col("supervision_last") if "supervision_last" in columns else pl.lit(None, pl.Date)
        )
        supervised = filled.filter(due.is_not_null() | last.is_not_null())
        if supervised.height == 0:
            return None
        limit = add_months(day, -months)
        late = supervised.filter(
            pl.when(due.is_not_null()).then(due < day).otherwise(last < pl.lit(limit))
        )
        named = "; ".join(_who(r) for r in late.iter_rows(named=True))
        detail = Detail.of(Fact("overdue", named or "nobody"))
        return float(late.height), float(supervised.height), detail, ()

    try:
        return _over_time(frames, today, one)
    except MetricDataError as exc:
        if "nothing to count" in str(exc):
            raise MetricDataError("the workforce tracker has no supervision dates") from exc
        raise
