"""GP workforce practice-level detailed CSV (`1 General Practice – <Month> <YYYY> Practice Level - Detailed.csv`).

`NA` is missing; the header may carry a BOM; the period is the month in the file name (figures
are as at the end of that month). Every `*_FTE` column is parsed as a number (head counts and age bands are not read).
"""

from __future__ import annotations

import datetime as dt
import re
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
)

COLUMNS = ("PRAC_CODE", "TOTAL_PATIENTS", "TOTAL_GP_FTE")
MONTH_NAMES = ["january", "february", "march", "april", "may", "june", "july", "august",
               "september", "october", "november", "december"]  # fmt: skip


IDENTIFIERS = {"PRAC_CODE", "PRAC_NAME", "PCN_CODE", "SUB_ICB_CODE", "ICB_CODE"}


def _wanted(column: str) -> bool:
    """Identifiers, the list size and every FTE total (head counts and age bands are skipped)."""
    return column in IDENTIFIERS or column == "TOTAL_PATIENTS" or column.endswith("_FTE")


def period_of(path: Path) -> dt.date | None:
    """`... November 2025 Practice Level ...` -> 2025-11-30; None when the name has no month."""
    match = re.search(r"(" + "|".join(MONTH_NAMES) + r")\s+(\d{4})", path.stem, re.IGNORECASE)
    if not match:
        return None
    return month_end(dt.date(int(match.group(2)), MONTH_NAMES.index(match.group(1).lower()) + 1, 1))


def read_workforce(source_id: str, path: Path, sheet: str | None = None) -> SourceData:
    """Read every matching workforce file, one period per file; never raises."""
    data = SourceData(source_id, "workforce")
    files = resolve_files(path)
    if not files:
        missing_files(data, path)
        return data
    parts: list[pl.DataFrame] = []
    used: list[Path] = []
    for file in files:
        period = period_of(file)
        if period is None:
            data.add(
                file.name,
                "",
                "no month and year in the file name (e.g. 'November 2025'); file ignored",
            )
            continue
        frame = read_csv_text(data, file, keep=_wanted)
        if frame is None or not require_columns(data, file, frame.columns, COLUMNS):
            continue
        data.rows += frame.height
        numeric = [c for c in frame.columns if c.endswith("_FTE") or c == "TOTAL_PATIENTS"]
        frame = convert(data, file, frame, numbers=numeric)
        icb = next((c for c in ("SUB_ICB_CODE", "ICB_CODE") if c in frame.columns), None)
        parts.append(frame.select(
            pl.lit(period).alias("period"),
            pl.col("PRAC_CODE").alias("practice"),
            (pl.col("PCN_CODE") if "PCN_CODE" in frame.columns else pl.lit(None, pl.String)).alias("pcn"),
            (pl.col(icb) if icb else pl.lit(None, pl.String)).alias("icb"),
            *[pl.col(c) for c in numeric],
        ))  # fmt: skip
        used.append(file)
        if data.latest_file is None or period >= (period_of(data.latest_file) or period):
            data.latest_file = file
    data.files = tuple(used)
    if parts:
        frame = pl.concat(parts, how="diagonal_relaxed").unique(["period", "practice"], keep="last")
        data.frames["practice"] = frame.sort("practice", "period")
        data.period_start = frame["period"].min()  # type: ignore[assignment]
        data.period_end = data.as_of = frame["period"].max()  # type: ignore[assignment]
    return data
