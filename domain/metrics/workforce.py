"""GP workforce metrics over the reader's practice x month frame ("practice")."""

from __future__ import annotations

import datetime as dt

import polars as pl

from domain.metrics.base import (
    Params,
    PracticeContext,
    SourceFrames,
    for_practice,
    latest_codes,
    peer_medians,
    ratio_series,
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
        from domain.metrics.base import MetricDataError

        raise MetricDataError(f"the workforce file has no column {column}")
    patients = pl.col("TOTAL_PATIENTS").fill_null(practice.list_size)
    rows = for_practice(frame, practice)
    period: dt.date = rows["period"].max()  # type: ignore[assignment]
    peers = frame.filter(pl.col("period") == period).select(
        "practice", "pcn", "icb", (pl.col(column) / pl.col("TOTAL_PATIENTS") * 1000).alias("value")
    )
    pcn, icb = latest_codes(rows)
    latest = rows.sort("period").tail(1)
    complete = 0.0 if latest[column][0] is None else 1.0
    return ratio_series(
        rows, pl.col(column), patients, scale=1000.0, source_file=frames.source_file,
        as_of=period, completeness=complete, peer=peer_medians(peers, practice, pcn, icb),
    )  # fmt: skip
