"""GP workforce metrics over the reader's practice x month frame ("practice")."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import polars as pl

from domain.metrics.base import (
    MetricDataError,
    Params,
    PracticeContext,
    RatioSpec,
    SourceFrames,
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
