"""Appointments (GPAD) metrics over the reader's month x practice totals ("monthly" frame).

Columns: month, practice, pcn, icb, total, attended, dna, same_day, within_14, over_14,
band_unknown, unmapped, and the mix counts (gp, other_staff, face_to_face, telephone, video,
home_visit: see domain.metrics.access). Values are percentages of the month's appointments as the docstrings say.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import polars as pl

from domain.detail import Detail, Fact
from domain.metrics.base import (
    Params,
    PracticeContext,
    RatioSpec,
    SourceFrames,
    for_practice,
    month_ends,
    practice_ratios,
    ratio_reading,
    ratio_series,
    year_earlier,
)
from domain.readings import Series

KNOWN_STATUS = pl.col("attended") + pl.col("dna")
KNOWN_BAND = 1 - pl.col("band_unknown") / pl.col("total")
RATIOS = {
    "dna": RatioSpec(pl.col("dna"), KNOWN_STATUS, completeness=KNOWN_STATUS / pl.col("total")),
    "same_day": RatioSpec(pl.col("same_day"), pl.col("total"), completeness=KNOWN_BAND),
    "over_14": RatioSpec(pl.col("over_14"), pl.col("total"), completeness=KNOWN_BAND),
    "unmapped": RatioSpec(pl.col("unmapped"), pl.col("total")),
}
"""Every GPAD ratio, computed together for all practices the first time any is asked for."""


def _gpad(frames: SourceFrames, practice: PracticeContext, key: str) -> Series:
    ratios = practice_ratios(frames, key, "monthly", RATIOS)
    series = ratio_reading(frames, ratios, practice)
    return replace(series, detail=series.detail.plus(*year_earlier(series)))


def dna_rate(
    frames: SourceFrames, params: Params, practice: PracticeContext, today: dt.date
) -> Series:
    """DNA rate %: DNA / (Attended + DNA) x 100, appointments in the month.

    Appointments with status Unknown are left out of the denominator (so this is ~5% nationally,
    not the 4% of all appointments). Completeness: share of appointments with a known status.
    """
    return _gpad(frames, practice, "dna")


def same_day_share(
    frames: SourceFrames, params: Params, practice: PracticeContext, today: dt.date
) -> Series:
    """Same-day share %: appointments booked and held the same day / all appointments x 100.

    All statuses count (attended, DNA, unknown). Completeness: share with a known booking band.
    """
    return _gpad(frames, practice, "same_day")


def booked_over_14_days_share(
    frames: SourceFrames, params: Params, practice: PracticeContext, today: dt.date
) -> Series:
    """Booked more than 14 days ahead %: bands 15-21, 22-28 and >28 days / all appointments x 100."""
    return _gpad(frames, practice, "over_14")


def unmapped_share(
    frames: SourceFrames, params: Params, practice: PracticeContext, today: dt.date
) -> Series:
    """Unmapped %: appointments with NATIONAL_CATEGORY "Unmapped" / all appointments x 100.

    "Inconsistent Mapping" is not counted (it is mapped, inconsistently).
    """
    return _gpad(frames, practice, "unmapped")


def appointments_per_1000(
    frames: SourceFrames, params: Params, practice: PracticeContext, today: dt.date
) -> Series:
    """Appointments per 1,000 patients a month: all appointments (every status) / list size x 1000.

    The list size is the configured practice list size (the crosstab carries none), so peer
    medians are not given for this metric.
    """
    rows = month_ends(for_practice(frames.table("monthly"), practice))
    period: dt.date = rows["period"].max()  # type: ignore[assignment]
    series = ratio_series(
        rows, pl.col("total"), pl.lit(practice.list_size), scale=1000.0,
        source_file=frames.source_file, as_of=period,
        detail=Detail.of(Fact("list size", f"{practice.list_size:,} (configured)")),
    )  # fmt: skip
    return replace(series, detail=series.detail.plus(*year_earlier(series)))
