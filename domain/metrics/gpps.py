"""GP Patient Survey metrics over the reader's practice x year frame ("practice")."""

from __future__ import annotations

import datetime as dt

import polars as pl

from domain.detail import Detail, Fact
from domain.metrics.base import (
    Params,
    PracticeContext,
    SourceFrames,
    for_practice,
    latest_codes,
    peer_medians,
)
from domain.readings import Series


def overall_good_pct(
    frames: SourceFrames, params: Params, practice: PracticeContext, today: dt.date
) -> Series:
    """Good overall experience %: respondents answering very or fairly good / all who answered.

    2024+ files: `overallexp.pcteval` x 100; earlier files: `Q28_12pct`. The 2024 questionnaire
    is a new series, so the trend holds only years of the latest schema. Suppressed values
    (negative codes) are missing.
    """
    frame = frames.table("practice")
    rows = for_practice(frame, practice).sort("period")
    schema = rows["schema"][-1]
    rows = rows.filter(pl.col("schema") == schema)
    period: dt.date = rows["period"][-1]
    peers = frames.memo.get(("gpps peers", period))
    if not isinstance(peers, pl.DataFrame):  # one year's practices, shared by a PCN's practices
        peers = frame.filter(pl.col("period") == period).select(
            "practice", "pcn", "icb", pl.col("overall_good").alias("value")
        )
        frames.memo[("gpps peers", period)] = peers
    pcn, icb = latest_codes(rows)
    detail = Detail.of(Fact(
        "series",
        "2024 onwards (new questionnaire; not comparable with 2023 and earlier)"
        if schema == "2024"
        else "2023 and earlier questionnaire",
    ))  # fmt: skip
    received = rows["received"].to_list() if "received" in rows.columns else []
    if received and received[-1] is not None:
        detail = detail.plus(Fact("responses", f"{int(received[-1]):,}"))
    return Series(
        periods=tuple(rows["period"].to_list()),
        values=tuple(rows["overall_good"].to_list()),
        as_of=period,
        source_file=frames.source_file,
        peer=peer_medians(peers, practice, pcn, icb),
        detail=detail,
    )
