"""Telephony (CBT) metrics over the reader's month x practice indicator totals ("monthly").

Columns: month, practice, pcn, icb, days (distinct dates present), CBT001..CBT005, peak_inbound
(CBT001 in the 08:00-10:00 band). CBT001 = inbound calls, CBT003 answered, CBT004 ended in the
queue (missed), CBT002 ended in the IVR, CBT005 callback requested.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import polars as pl

from domain.calendar import working_days
from domain.dates import month_end
from domain.detail import Detail, Fact
from domain.metrics.base import (
    Params,
    PracticeContext,
    RatioSpec,
    SourceFrames,
    practice_ratios,
    ratio_reading,
)
from domain.readings import Series


def _cbt(frames: SourceFrames, practice: PracticeContext, numerator: str) -> Series:
    """numerator / CBT001 (inbound calls) x 100; all three shares are computed together."""
    monthly = frames.table("monthly")
    # Daily files: completeness is the share of the month's working days (weekdays that are
    # not England and Wales bank holidays) present; weekend days recorded neither add nor
    # count against it. Monthly-dated files (one date a month) cannot say: left unknown.
    daily = int(monthly["days"].max() or 0) > 1  # type: ignore[arg-type]
    completeness = None
    if daily:
        months: list[dt.date] = monthly["month"].unique().to_list()
        expected = {m: working_days(m, month_end(m)) for m in months}
        wanted = pl.col("month").replace_strict(expected, return_dtype=pl.Float64)
        present = pl.col("working_days") if "working_days" in monthly.columns else pl.col("days")
        completeness = (present / wanted).clip(upper_bound=1.0)
    specs = {
        name: RatioSpec(pl.col(name), pl.col("CBT001"), completeness=completeness)
        for name in ("CBT004", "CBT003", "peak_inbound")
    }
    ratios = practice_ratios(frames, numerator, "monthly", specs)
    series = ratio_reading(frames, ratios, practice)
    as_of = (
        frames.as_of
        if frames.as_of and series.periods and frames.as_of <= series.periods[-1]
        else None
    )
    detail = Detail()
    if series.completeness is not None and series.completeness < 1:
        partial = f"partial: {series.completeness:.0%} of its working days in the data"
        detail = Detail.of(Fact("month", partial))
    return replace(series, as_of=as_of or series.as_of, detail=detail)


def missed_in_queue_share(
    frames: SourceFrames, params: Params, practice: PracticeContext, today: dt.date
) -> Series:
    """Missed in queue %: CBT004 (calls ended while queueing) / CBT001 (inbound calls) x 100."""
    return _cbt(frames, practice, "CBT004")


def answered_share(
    frames: SourceFrames, params: Params, practice: PracticeContext, today: dt.date
) -> Series:
    """Answered %: CBT003 (calls answered) / CBT001 (inbound calls) x 100."""
    return _cbt(frames, practice, "CBT003")


def peak_0800_1000_share(
    frames: SourceFrames, params: Params, practice: PracticeContext, today: dt.date
) -> Series:
    """Peak share %: CBT001 inbound calls in the 08:00-09:59 band / all CBT001 inbound calls x 100."""
    return _cbt(frames, practice, "peak_inbound")
