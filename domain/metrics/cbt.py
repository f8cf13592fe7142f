"""Telephony (CBT) metrics over the reader's month x practice indicator totals ("monthly").

Columns: month, practice, pcn, icb, days (distinct dates present), CBT001..CBT005, peak_inbound
(CBT001 in the 08:00-10:00 band). CBT001 = inbound calls, CBT003 answered, CBT004 ended in the
queue (missed), CBT002 ended in the IVR, CBT005 callback requested.
"""

from __future__ import annotations

import calendar
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


def _cbt(
    frames: SourceFrames, practice: PracticeContext, numerator: str, denominator: str
) -> Series:
    monthly = month_ends(frames.table("monthly"))
    rows = for_practice(monthly, practice)
    latest = rows.sort("period").tail(1)
    period: dt.date = latest["period"][0]
    days = int(latest["days"][0])
    # Daily files: completeness is the share of the month's days present. Monthly-dated files
    # (one date a month) cannot say, so completeness is left unknown.
    daily = int(monthly["days"].max() or 0) > 1  # type: ignore[arg-type]
    complete = min(1.0, days / calendar.monthrange(period.year, period.month)[1]) if daily else None
    peers = monthly.filter(pl.col("period") == period).select(
        "practice", "pcn", "icb", (pl.col(numerator) / pl.col(denominator) * 100).alias("value")
    )
    pcn, icb = latest_codes(rows)
    detail = {} if complete is None or complete >= 1 else {"month": f"partial: {days} days of data"}
    return ratio_series(
        rows, pl.col(numerator), pl.col(denominator), source_file=frames.source_file,
        as_of=frames.as_of or period, completeness=complete,
        peer=peer_medians(peers, practice, pcn, icb), detail=detail,
    )  # fmt: skip


def missed_in_queue_share(
    frames: SourceFrames, params: Params, practice: PracticeContext, today: dt.date
) -> Series:
    """Missed in queue %: CBT004 (calls ended while queueing) / CBT001 (inbound calls) x 100."""
    return _cbt(frames, practice, "CBT004", "CBT001")


def answered_share(
    frames: SourceFrames, params: Params, practice: PracticeContext, today: dt.date
) -> Series:
    """Answered %: CBT003 (calls answered) / CBT001 (inbound calls) x 100."""
    return _cbt(frames, practice, "CBT003", "CBT001")


def peak_0800_1000_share(
    frames: SourceFrames, params: Params, practice: PracticeContext, today: dt.date
) -> Series:
    """Peak share %: CBT001 inbound calls in the 08:00-09:59 band / all CBT001 inbound calls x 100."""
    return _cbt(frames, practice, "peak_inbound", "CBT001")
