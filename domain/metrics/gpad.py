"""Appointments (GPAD) metrics over the reader's month x practice totals ("monthly" frame).

Columns: month, practice, pcn, icb, total, attended, dna, same_day, over_14, band_unknown,
unmapped. Values are percentages of the month's appointments as the docstrings say.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from domain.metrics.base import (
    Params,
    PracticeContext,
    SourceFrames,
    for_practice,
    month_ends,
    practice_ratios,
    ratio_reading,
    ratio_series,
)
from domain.readings import Series


def _gpad(
    frames: SourceFrames,
    practice: PracticeContext,
    key: str,
    numerator: pl.Expr,
    denominator: pl.Expr,
    completeness: pl.Expr | None = None,
) -> Series:
    ratios = practice_ratios(
        frames, key, "monthly", numerator, denominator, completeness=completeness
    )
    return ratio_reading(frames, ratios, practice)


def dna_rate(
    frames: SourceFrames, params: Params, practice: PracticeContext, today: dt.date
) -> Series:
    """DNA rate %: DNA / (Attended + DNA) x 100, appointments in the month.

    Appointments with status Unknown are left out of the denominator (so this is ~5% nationally,
    not the 4% of all appointments). Completeness: share of appointments with a known status.
    """
    known = pl.col("attended") + pl.col("dna")
    return _gpad(frames, practice, "dna", pl.col("dna"), known, known / pl.col("total"))


def same_day_share(
    frames: SourceFrames, params: Params, practice: PracticeContext, today: dt.date
) -> Series:
    """Same-day share %: appointments booked and held the same day / all appointments x 100.

    All statuses count (attended, DNA, unknown). Completeness: share with a known booking band.
    """
    known_band = 1 - pl.col("band_unknown") / pl.col("total")
    return _gpad(frames, practice, "same_day", pl.col("same_day"), pl.col("total"), known_band)


def booked_over_14_days_share(
    frames: SourceFrames, params: Params, practice: PracticeContext, today: dt.date
) -> Series:
    """Booked more than 14 days ahead %: bands 15-21, 22-28 and >28 days / all appointments x 100."""
    known_band = 1 - pl.col("band_unknown") / pl.col("total")
    return _gpad(frames, practice, "over_14", pl.col("over_14"), pl.col("total"), known_band)


def unmapped_share(
    frames: SourceFrames, params: Params, practice: PracticeContext, today: dt.date
) -> Series:
    """Unmapped %: appointments with NATIONAL_CATEGORY "Unmapped" / all appointments x 100.

    "Inconsistent Mapping" is not counted (it is mapped, inconsistently).
    """
    return _gpad(frames, practice, "unmapped", pl.col("unmapped"), pl.col("total"))


def appointments_per_1000(
    frames: SourceFrames, params: Params, practice: PracticeContext, today: dt.date
) -> Series:
    """Appointments per 1,000 patients a month: all appointments (every status) / list size x 1000.

    The list size is the configured practice list size (the crosstab carries none), so peer
    medians are not given for this metric.
    """
    rows = for_practice(month_ends(frames.table("monthly")), practice)
    period: dt.date = rows["period"].max()  # type: ignore[assignment]
    return ratio_series(
        rows, pl.col("total"), pl.lit(practice.list_size), scale=1000.0,
        source_file=frames.source_file, as_of=period,
        detail={"list size": f"{practice.list_size:,} (configured)"},
    )  # fmt: skip
