"""GP workforce metrics over the reader's practice x month frame ("practice")."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import polars as pl

from domain.detail import Detail, Fact
from domain.metrics.base import (
    MetricDataError,
    Params,
    PracticeContext,
    RatioSpec,
    SourceFrames,
    peer_medians,
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
                         detail=Detail.of(Fact("list size", f"{practice.list_size:,} (configured; TOTAL_PATIENTS is NA)")))  # fmt: skip
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
    """Change in FTE per 1,000 patients over the last quarter: TOTAL_<group>_FTE / TOTAL_PATIENTS
    x 1000 at the month end less the same three months before, for params `group` (gp, nurses,
    dpc, admin); months without both figures are left out. Relative to the list, so a practice
    that grows without recruiting loses cover and practices of any size compare: peer medians
    are the same change for every practice in the file at the practice's latest month (each
    over its own TOTAL_PATIENTS; the practice's own NA list size: the configured one)."""
    column = f"TOTAL_{_group(params)}_FTE"
    frame = frames.table("practice")
    if column not in frame.columns:
        raise MetricDataError(f"the workforce file has no column {column}")
    changes = _changes(frames, column)
    own = changes.filter(pl.col("practice") == practice.code)
    if own.height == 0:
        raise MetricDataError(f"no month has {column} both now and three months before")
    listed = float(practice.list_size)
    rows = own.with_columns(
        pl.col("patients").fill_null(listed), pl.col("patients before").fill_null(listed)
    ).with_columns(_per_1000_change())
    last = rows.row(-1, named=True)
    period: dt.date = last["period"]
    known = changes.filter(
        (pl.col("period") == period) & (pl.col("practice") != practice.code)
    ).with_columns(_per_1000_change())
    known = pl.concat([known, rows.filter(pl.col("period") == period)], how="vertical_relaxed")
    peer = peer_medians(known, practice, last["pcn"], last["icb"])
    moved = last["now"] - last["before"]
    detail = Detail.of(
        Fact(column, f"{last['now']:.2f} now, {last['before']:.2f} three months before "
                     f"({moved:+.2f} FTE)"),
        Fact("patients", f"{last['patients']:,.0f} now, {last['patients before']:,.0f} three "
                         "months before"),
    )  # fmt: skip
    if own["patients"][-1] is None or own["patients before"][-1] is None:
        detail = detail.plus(Fact("list size", f"{practice.list_size:,} (configured; "
                                               "TOTAL_PATIENTS is NA)"))  # fmt: skip
    return Series(
        periods=tuple(rows["period"].to_list()), values=tuple(rows["value"].to_list()),
        numerators=tuple((rows["now"] - rows["before"]).to_list()),
        denominators=tuple(rows["before"].to_list()), as_of=period,
        source_file=frames.source_file, peer=peer, detail=detail,
    )  # fmt: skip


def _per_1000_change() -> pl.Expr:
    """`value`: FTE per 1,000 now less three months before (null where a list size is not
    positive)."""
    now, before = pl.col("patients"), pl.col("patients before")
    return (
        pl.when((now > 0) & (before > 0))
        .then((pl.col("now") / now - pl.col("before") / before) * 1000)
        .alias("value")
    )


def _changes(frames: SourceFrames, column: str) -> pl.DataFrame:
    """Every practice's `column` and TOTAL_PATIENTS now and three months before (practice, pcn,
    icb, period, now, before, patients, patients before), for the months that have the FTE both
    now and three months before; computed once per column and shared by every practice asking."""
    key = ("fte change", column)
    cached = frames.memo.get(key)
    if isinstance(cached, pl.DataFrame):
        return cached
    patients = (
        pl.col("TOTAL_PATIENTS").cast(pl.Float64)
        if "TOTAL_PATIENTS" in frames.table("practice").columns
        else pl.lit(None, pl.Float64)
    )
    frame = frames.table("practice").select(
        "practice", "pcn", "icb", "period", pl.col(column).cast(pl.Float64).alias("now"),
        patients.alias("patients"),
    )  # fmt: skip
    earlier = frame.select(
        "practice",
        pl.col("period").dt.offset_by(f"{QUARTER_MONTHS}mo").dt.month_end().alias("period"),
        pl.col("now").alias("before"),
        pl.col("patients").alias("patients before"),
    )
    changes = (
        frame.join(earlier, on=["practice", "period"], how="inner")
        .filter(pl.col("now").is_not_null() & pl.col("before").is_not_null())
        .sort("practice", "period")
    )
    frames.memo[key] = changes
    return changes


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
