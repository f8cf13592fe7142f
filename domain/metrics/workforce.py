"""GP workforce metrics over the reader's practice x month frame ("practice")."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import polars as pl

from domain.dates import month_end
from domain.metrics.base import (
    MetricDataError,
    Params,
    PracticeContext,
    RatioSpec,
    SourceFrames,
    for_practice,
    practice_ratios,
    ratio_reading,
)
from domain.readings import Series


def gp_fte_per_1000(
    frames: SourceFrames, params: Params, practice: PracticeContext, today: dt.date
) -> Series:
    """GP FTE per 1,000 patients: TOTAL_GP_FTE / TOTAL_PATIENTS x 1000 (37.5 hours = 1 FTE).

    All GPs, including trainees and locums (params `column` may name another FTE column, e.g.
    TOTAL_GP_EXTGL_FTE for fully qualified permanent GPs). TOTAL_PATIENTS comes from the same
    file; where it is NA the configured list size is used. Excludes PCN (ARRS) staff.
    """
    column = str(params.get("column", "TOTAL_GP_FTE"))
    frame = frames.table("practice")
    if column not in frame.columns:
        raise MetricDataError(f"the workforce file has no column {column}")
    # Peers use each practice's own TOTAL_PATIENTS; where this practice's is NA, its rows are
    # recomputed against the configured list size.
    spec = RatioSpec(
        pl.col(column), pl.col("TOTAL_PATIENTS"), scale=1000.0,
        completeness=pl.col(column).is_not_null(),
    )  # fmt: skip
    ratios = practice_ratios(frames, column, "practice", {column: spec})
    series = ratio_reading(frames, ratios, practice)
    if any(d is None for d in series.denominators):
        denominators = tuple(
            float(practice.list_size) if d is None else d for d in series.denominators
        )
        values = tuple(
            None if n is None else n / d * 1000
            for n, d in zip(series.numerators, denominators, strict=True)
        )
        series = replace(series, values=values, denominators=denominators,
                         detail={"list size": f"{practice.list_size:,} (configured; TOTAL_PATIENTS is NA)"})  # fmt: skip
    return series


GROUPS = {"gp": "GP", "nurses": "NURSES", "dpc": "DPC", "admin": "ADMIN"}
"""params `group` -> the staff group's column stem (TOTAL_<stem>_FTE, TOTAL_<stem>_HC)."""
LOCUMS = ("TOTAL_GP_LOCUM_VAC_FTE", "TOTAL_GP_LOCUM_ABS_FTE", "TOTAL_GP_LOCUM_OTH_FTE")
QUARTER_MONTHS = 3


def _group(params: Params) -> str:
    group = str(params.get("group", "gp"))
    if group not in GROUPS:
        raise MetricDataError(f"params group '{group}' is not one of {', '.join(GROUPS)}")
    return GROUPS[group]


def fte_per_1000(
    frames: SourceFrames, params: Params, practice: PracticeContext, today: dt.date
) -> Series:
    """Staff group FTE per 1,000 patients: TOTAL_<group>_FTE / TOTAL_PATIENTS x 1000, for params
    `group` gp, nurses, dpc (direct patient care) or admin (37.5 hours = 1 FTE; PCN / ARRS staff
    are not in the file)."""
    return gp_fte_per_1000(frames, {"column": f"TOTAL_{_group(params)}_FTE"}, practice, today)


def fte_change_quarter(
    frames: SourceFrames, params: Params, practice: PracticeContext, today: dt.date
) -> Series:
    """FTE change over the last quarter: TOTAL_<group>_FTE at the month end less the same three
    months before, for params `group` (gp, nurses, dpc, admin); months without the earlier
    figure are left out. No peer medians (a change in FTE depends on the practice's size)."""
    column = f"TOTAL_{_group(params)}_FTE"
    frame = frames.table("practice")
    if column not in frame.columns:
        raise MetricDataError(f"the workforce file has no column {column}")
    rows = for_practice(frame, practice).sort("period").select("period", column)
    found = dict(zip(rows["period"].to_list(), rows[column].to_list(), strict=True))
    periods, values, before = [], [], []
    for period, now in found.items():
        earlier = month_end(_months_back(period, QUARTER_MONTHS))
        if now is not None and found.get(earlier) is not None:
            periods.append(period)
            values.append(now - found[earlier])
            before.append(found[earlier])
    if not periods:
        raise MetricDataError(f"no month has {column} both now and three months before")
    detail = {column: f"{before[-1] + values[-1]:.2f} now, {before[-1]:.2f} three months before"}
    return Series(
        periods=tuple(periods), values=tuple(values), numerators=tuple(values),
        denominators=tuple(before), as_of=periods[-1], source_file=frames.source_file,
        detail=detail,
    )  # fmt: skip


def _months_back(period: dt.date, months: int) -> dt.date:
    index = period.year * 12 + period.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)


def headcount_per_fte(
    frames: SourceFrames, params: Params, practice: PracticeContext, today: dt.date
) -> Series:
    """Head count per FTE: TOTAL_<group>_HC / TOTAL_<group>_FTE for params `group` (gp, nurses,
    dpc, admin). Above 1 means part-time posts: 2.0 = two people for every whole-time post
    (fragile cover when one is away)."""
    stem = _group(params)
    head, fte = f"TOTAL_{stem}_HC", f"TOTAL_{stem}_FTE"
    frame = frames.table("practice")
    missing = [c for c in (head, fte) if c not in frame.columns]
    if missing:
        raise MetricDataError(f"the workforce file has no column {missing[0]}")
    spec = RatioSpec(pl.col(head), pl.col(fte), scale=1.0)
    ratios = practice_ratios(frames, f"hc {stem}", "practice", {f"hc {stem}": spec})
    return ratio_reading(frames, ratios, practice)


def locum_share(
    frames: SourceFrames, params: Params, practice: PracticeContext, today: dt.date
) -> Series:
    """Locum share of GP FTE %: TOTAL_GP_LOCUM_VAC_FTE + _ABS_FTE + _OTH_FTE (locums covering
    vacancies, absence and other) / TOTAL_GP_FTE x 100. A locum column the file lacks counts 0."""
    frame = frames.table("practice")
    present = [c for c in LOCUMS if c in frame.columns]
    if not present or "TOTAL_GP_FTE" not in frame.columns:
        raise MetricDataError("the workforce file has no GP locum FTE columns")
    locums = pl.sum_horizontal([pl.col(c).fill_null(0) for c in present])
    spec = RatioSpec(locums, pl.col("TOTAL_GP_FTE"))
    return ratio_reading(
        frames, practice_ratios(frames, "locums", "practice", {"locums": spec}), practice
    )
