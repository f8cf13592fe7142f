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
    latest_codes,
    month_ends,
    peer_medians,
    ratio_series,
)
from domain.readings import Series


def _gpad(
    frames: SourceFrames,
    practice: PracticeContext,
    numerator: pl.Expr,
    denominator: pl.Expr,
    *,
    scale: float = 100.0,
    completeness: pl.Expr | None = None,
) -> Series:
    monthly = month_ends(frames.table("monthly"))
    rows = for_practice(monthly, practice)
    latest = rows.sort("period").tail(1)
    period: dt.date = latest["period"][0]
    peers = monthly.filter(pl.col("period") == period).select(
        "practice", "pcn", "icb",
        (numerator.cast(pl.Float64) / denominator.cast(pl.Float64) * scale).alias("value"),
    )  # fmt: skip
    pcn, icb = latest_codes(rows)
    share = None
    if completeness is not None:
        value = latest.select(completeness.cast(pl.Float64))[0, 0]
        share = None if value is None else float(value)
    return ratio_series(
        rows, numerator, denominator, scale=scale, source_file=frames.source_file,
        as_of=period, completeness=share, peer=peer_medians(peers, practice, pcn, icb),
    )  # fmt: skip


def dna_rate(
    frames: SourceFrames, params: Params, practice: PracticeContext, today: dt.date
) -> Series:
    """DNA rate %: DNA / (Attended + DNA) x 100, appointments in the month.

    Appointments with status Unknown are left out of the denominator (so this is ~5% nationally,
    not the 4% of all appointments). Completeness: share of appointments with a known status.
    """
    known = pl.col("attended") + pl.col("dna")
    return _gpad(frames, practice, pl.col("dna"), known, completeness=known / pl.col("total"))


def same_day_share(
    frames: SourceFrames, params: Params, practice: PracticeContext, today: dt.date
) -> Series:
    """Same-day share %: appointments booked and held the same day / all appointments x 100.

    All statuses count (attended, DNA, unknown). Completeness: share with a known booking band.
    """
    return _gpad(frames, practice, pl.col("same_day"), pl.col("total"),
                 completeness=1 - pl.col("band_unknown") / pl.col("total"))  # fmt: skip


def booked_over_14_days_share(
    frames: SourceFrames, params: Params, practice: PracticeContext, today: dt.date
) -> Series:
    """Booked more than 14 days ahead %: bands 15-21, 22-28 and >28 days / all appointments x 100."""
    return _gpad(frames, practice, pl.col("over_14"), pl.col("total"),
                 completeness=1 - pl.col("band_unknown") / pl.col("total"))  # fmt: skip


def unmapped_share(
    frames: SourceFrames, params: Params, practice: PracticeContext, today: dt.date
) -> Series:
    """Unmapped %: appointments with NATIONAL_CATEGORY "Unmapped" / all appointments x 100.

    "Inconsistent Mapping" is not counted (it is mapped, inconsistently).
    """
    return _gpad(frames, practice, pl.col("unmapped"), pl.col("total"))


def appointments_per_1000(
    frames: SourceFrames, params: Params, practice: PracticeContext, today: dt.date
) -> Series:
    """Appointments per 1,000 patients a month: all appointments (every status) / list size x 1000.

    The list size is the configured practice list size (the crosstab carries none), so peer
    medians are not given for this metric.
    """
    monthly = month_ends(frames.table("monthly"))
    rows = for_practice(monthly, practice)
    period: dt.date = rows["period"].max()  # type: ignore[assignment]
    return ratio_series(
        rows, pl.col("total"), pl.lit(practice.list_size), scale=1000.0,
        source_file=frames.source_file, as_of=period,
        detail={"list size": f"{practice.list_size:,} (configured)"},
    )  # fmt: skip
