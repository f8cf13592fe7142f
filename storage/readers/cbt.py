"""Cloud-based telephony (CBT) "By Day and Time" long files: one row per practice-month out.

Rows for `PRACTICE_CODE == "Unassigned"` (multi-practice accounts) are dropped. Time bands are
2-hourly; the band's start hour is read from its label (`08:00 - 09:59` -> 8).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from storage.readers.common import (
    SourceData,
    convert,
    missing_files,
    month_end,
    read_csv_text,
    require_columns,
    resolve_files,
    unknown_values,
)

COLUMNS = ("Date", "PCN_CODE", "PRACTICE_CODE", "Indicator", "Time_Category", "Value")
INDICATORS = {"CBT001", "CBT002", "CBT003", "CBT004", "CBT005", "CBT006", "CBT007"}
PEAK_START_HOUR = 8
"""The 08:00-10:00 band: the morning rush the peak-share metric measures."""


def read_cbt(source_id: str, path: Path, sheet: str | None = None) -> SourceData:
    """Read every matching CBT file into monthly practice totals per indicator; never raises."""
    data = SourceData(source_id, "cbt")
    files = resolve_files(path)
    if not files:
        missing_files(data, path)
        return data
    parts: list[pl.DataFrame] = []
    used: list[Path] = []
    latest_day: dt.date | None = None
    for file in files:
        frame = read_csv_text(data, file)
        if frame is None or not require_columns(data, file, frame.columns, COLUMNS):
            continue
        data.rows += frame.height
        frame = convert(data, file, frame, dates=["Date"], numbers=["Value"])
        unknown_values(data, file, "Indicator", frame["Indicator"].unique().to_list(), INDICATORS)
        icb = "SUB_ICB_LOCATION_CODE" if "SUB_ICB_LOCATION_CODE" in frame.columns else "ICB_CODE"
        parts.append(
            frame.filter(
                (pl.col("PRACTICE_CODE") != "Unassigned")
                & pl.col("Date").is_not_null()
                & pl.col("PRACTICE_CODE").is_not_null()
            ).select(
                pl.col("Date").alias("date"),
                pl.col("PRACTICE_CODE").alias("practice"),
                pl.col("PCN_CODE").alias("pcn"),
                (pl.col(icb) if icb in frame.columns else pl.lit(None, pl.String)).alias("icb"),
                pl.col("Indicator").alias("indicator"),
                pl.col("Time_Category")
                .str.extract(r"^\s*(\d{1,2})", 1)
                .cast(pl.Int32, strict=False)
                .alias("band_hour"),
                pl.col("Value").alias("value"),
            )
        )
        used.append(file)
        newest: dt.date | None = frame["Date"].max()  # type: ignore[assignment]
        if newest is not None and (latest_day is None or newest >= latest_day):
            latest_day, data.latest_file = newest, file
    data.files = tuple(used)
    if not parts:
        return data
    rows = pl.concat(parts, how="vertical_relaxed").unique(
        ["date", "practice", "indicator", "band_hour"], keep="last"
    )
    monthly = (
        rows.with_columns(pl.col("date").dt.truncate("1mo").alias("month"))
        .group_by("month", "practice")
        .agg(
            pl.col("pcn").first(),
            pl.col("icb").first(),
            pl.col("date").n_unique().alias("days"),
            *[
                pl.col("value").filter(pl.col("indicator") == code).sum().alias(code)
                for code in ("CBT001", "CBT002", "CBT003", "CBT004", "CBT005")
            ],
            pl.col("value")
            .filter((pl.col("indicator") == "CBT001") & (pl.col("band_hour") == PEAK_START_HOUR))
            .sum()
            .alias("peak_inbound"),
        )
        .sort("practice", "month")
    )
    data.frames["monthly"] = monthly
    if monthly.height:
        data.period_start = monthly["month"].min()  # type: ignore[assignment]
        last_day: dt.date = rows["date"].max()  # type: ignore[assignment]
        data.period_end = month_end(last_day)
        # Files dated by month (every Date the 1st) hold whole months: as of the month's end.
        monthly_dates = bool((rows["date"].dt.day() == 1).all())
        data.as_of = data.period_end if monthly_dates else last_day
    return data


__all__ = ["read_cbt"]
