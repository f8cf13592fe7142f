"""Workforce resilience from the practice's own workforce tracker (a row per person or post:
name, role, contracted hours a week, hours over contract a week, absence days, vacancy yes/no,
supervision due and last dates, key tasks).

Whole-time equivalent is not resilience: these say who the practice depends on, who works beyond
their contract, who is away, which posts are empty and whose supervision has lapsed. The tracker
holds today's state, not history: each reading is one point, at the date the file was saved.
"""

from __future__ import annotations

import datetime as dt
import re

import polars as pl

from domain.dates import add_months
from domain.metrics.base import MetricDataError, Params, PracticeContext, SourceFrames
from domain.metrics.trackers import _shared
from domain.readings import DetailTable, Series

FULL_TIME_HOURS = 37.5
HOURS_A_DAY = 7.5
VACANT = ("yes", "y", "vacant", "true", "1")
ABSENCE_WEEKS = 13
SUPERVISION_MONTHS = 12


def posts(frames: SourceFrames) -> pl.DataFrame:
    """Every row with a role, and whether it is vacant (a `vacancy` of yes / y / vacant)."""
    rows = frames.table("rows").filter(pl.col("role").is_not_null())
    if rows.height == 0:
        raise MetricDataError("no posts in the workforce tracker")
    vacant = (
        pl.col("vacancy").fill_null("").str.strip_chars().str.to_lowercase().is_in(VACANT)
        if "vacancy" in rows.columns
        else pl.lit(False)
    )
    return rows.with_columns(vacant.alias("vacant"), pl.col("contracted_hours").fill_null(0.0))


def _one(
    frames: SourceFrames, today: dt.date, n: float, d: float, detail: dict[str, str],
    ratio: bool = False, tables: tuple[DetailTable, ...] = (),
) -> Series:  # fmt: skip
    """A single reading at the date the tracker was last saved (its rows carry no history);
    with `ratio`, the value is n / d x 100 (None when d is 0)."""
    as_of = min(frames.file_date, today) if frames.file_date else (frames.as_of or today)
    value = (n / d * 100 if d else None) if ratio else n
    return Series(
        periods=(as_of,), values=(value,), numerators=(n,), denominators=(d,), as_of=as_of,
        source_file=frames.source_file, detail=detail, tables=tables,
    )  # fmt: skip


def _who(row: dict[str, object]) -> str:
    name = str(row.get("name") or "").strip()
    return f"{name} ({row['role']})" if name else f"{row['role']} (vacant)"


@_shared
def key_person_dependency(
    frames: SourceFrames, params: Params, practice: PracticeContext, today: dt.date
) -> Series:
    """Key tasks held by fewer than two people: tasks named in `key_tasks` (several separated by
    ';' or ',') that only one filled post holds, or only a vacant post. Denominator: every key
    task named. A task with one holder stops when that person is away.

    The detail lists each task with its holders, single-held first.
    """
    rows = posts(frames)
    if "key_tasks" not in rows.columns:
        raise MetricDataError(
            "the workforce tracker has no key tasks column: list each person's key tasks "
            "(e.g. 'DOAC monitoring; payroll') to see who the practice depends on"
        )
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
        raise MetricDataError("no key tasks are named in the workforce tracker")
    held = {k: [h for h in v if h] for k, v in holders.items()}
    single = sorted((k for k, v in held.items() if len(v) < 2), key=lambda k: shown[k].lower())
    others = sorted((k for k in held if k not in single), key=lambda k: shown[k].lower())
    table_rows = tuple(
        (shown[k], str(len(held[k])), ", ".join(held[k]) or "nobody (the post is vacant)")
        for k in [*single, *others]
    )
    table = DetailTable("Key tasks and who holds them", ("Task", "People", "Held by"), table_rows)
    detail = {"single-held": ", ".join(shown[k] for k in single) or "none"}
    return _one(frames, today, float(len(single)), float(len(held)), detail, tables=(table,))


@_shared
def hours_over_contract(
    frames: SourceFrames, params: Params, practice: PracticeContext, today: dt.date
) -> Series:
    """Hours over contract %: hours worked over contract a week (`hours_over_contract`) / contracted
    hours a week, summed over filled posts, x 100. Safe hours: above 10% the team is running on
    goodwill. The detail names the three posts most over their contract."""
    rows = posts(frames).filter(~pl.col("vacant"))
    if "hours_over_contract" not in rows.columns:
        raise MetricDataError("the workforce tracker has no hours over contract column")
    over = rows.with_columns(pl.col("hours_over_contract").fill_null(0.0).alias("over"))
    most = over.filter(pl.col("over") > 0).sort("over", descending=True).head(3)
    detail = {
        "most over": "; ".join(
            f"{_who(r)} +{r['over']:g} h a week on {r['contracted_hours']:g}"
            for r in most.iter_rows(named=True)
        ) or "nobody"
    }  # fmt: skip
    total = float(over["contracted_hours"].sum())
    return _one(frames, today, float(over["over"].sum()), total, detail, ratio=True)


@_shared
def absence_rate(
    frames: SourceFrames, params: Params, practice: PracticeContext, today: dt.date
) -> Series:
    """Absence rate %: working days absent (`absence_days`, over the last params `weeks`, default
    13) / working days contracted in those weeks (contracted hours a week / 7.5 x weeks), over
    filled posts, x 100."""
    weeks = float(params.get("weeks", ABSENCE_WEEKS))
    rows = posts(frames).filter(~pl.col("vacant"))
    if "absence_days" not in rows.columns:
        raise MetricDataError("the workforce tracker has no absence days column")
    away = float(rows["absence_days"].fill_null(0.0).sum())
    days = float(rows["contracted_hours"].sum()) / HOURS_A_DAY * weeks
    detail = {"days": f"{away:g} days absent of {days:,.0f} contracted in {weeks:g} weeks"}
    return _one(frames, today, away, days, detail, ratio=True)


@_shared
def vacancies(
    frames: SourceFrames, params: Params, practice: PracticeContext, today: dt.date
) -> Series:
    """Vacant FTE: contracted hours a week of posts marked vacant / 37.5. Denominator: the FTE of
    every post in the tracker (filled and vacant). The detail names the vacant posts."""
    rows = posts(frames)
    empty = rows.filter(pl.col("vacant"))
    detail = {
        "vacant posts": "; ".join(
            f"{r['role']} ({r['contracted_hours']:g} h)" for r in empty.iter_rows(named=True)
        ) or "none"
    }  # fmt: skip
    vacant = float(empty["contracted_hours"].sum()) / FULL_TIME_HOURS
    every = float(rows["contracted_hours"].sum()) / FULL_TIME_HOURS
    return _one(frames, today, vacant, every, detail)


@_shared
def supervision_overdue(
    frames: SourceFrames, params: Params, practice: PracticeContext, today: dt.date
) -> Series:
    """Supervision overdue: filled posts whose `supervision_due` is before today, or, without a
    due date, whose `supervision_last` is more than params `months` (default 12) ago.
    Denominator: filled posts with either date (roles that are supervised)."""
    months = int(params.get("months", SUPERVISION_MONTHS))
    rows = posts(frames).filter(~pl.col("vacant"))
    due = pl.col("supervision_due") if "supervision_due" in rows.columns else pl.lit(None, pl.Date)
    last = (
        pl.col("supervision_last") if "supervision_last" in rows.columns else pl.lit(None, pl.Date)
    )
    limit = add_months(today, -months)
    supervised = rows.filter(due.is_not_null() | last.is_not_null())
    if supervised.height == 0:
        raise MetricDataError("the workforce tracker has no supervision dates")
    late = supervised.filter(
        pl.when(due.is_not_null()).then(due < today).otherwise(last < pl.lit(limit))
    )
    detail = {
        "overdue": "; ".join(_who(r) for r in late.iter_rows(named=True)) or "nobody",
    }
    return _one(frames, today, float(late.height), float(supervised.height), detail)
