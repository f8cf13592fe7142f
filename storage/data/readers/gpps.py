"""GP Patient Survey practice results, both schemas (2024+ `ad_practicecode`; earlier `Practice_Code`).

The year comes from the file name (`GPPS_2025_Practice_data_...`). Negative sentinel codes
(e.g. -97 suppressed) become missing; 0-1 proportions become percentages.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import polars as pl

from storage.data.readers.common import (
    SourceData,
    convert,
    read_csv_text,
)
from storage.data.readers.files import ReadOptions, gather

NEW = ("ad_practicecode", "overallexp.pcteval")
OLD = ("Practice_Code", "Q28_12pct")
PUBLISHED_MONTH = 7
"""GPPS results are published in July; the reading's as-of date is 1 July of the survey year."""


WANTED = {name.lower() for name in (*NEW, *OLD, "received", "pcn_code", "ad_pcncode", "icb_code",
                                      "ad_icbcode", "ICS_Code", "CCG_Code")}  # fmt: skip


def _wanted(column: str) -> bool:
    """Only the columns Chair uses: the 2024+ file has hundreds."""
    return column.lower() in WANTED


def year_of(path: Path) -> int | None:
    match = re.search(r"(?:^|\D)(20\d{2})(?:\D|$)", path.name)
    return int(match.group(1)) if match else None


def _first(frame: pl.DataFrame, *names: str) -> pl.Expr:
    lower = {c.lower(): c for c in frame.columns}
    found = next((lower[n.lower()] for n in names if n.lower() in lower), None)
    return pl.col(found) if found else pl.lit(None, pl.String)


def read_gpps(source_id: str, path: Path, options: ReadOptions | None = None) -> SourceData:
    """Read every matching GPPS practice file (one survey year each); never raises."""
    data = SourceData(source_id, "gpps")
    files = gather(data, path, options or ReadOptions())
    if not files:
        return data
    parts: list[pl.DataFrame] = []
    used: list[Path] = []
    for file in files:
        year = year_of(file)
        if year is None:
            data.add(
                file.name, "", "no survey year in the file name (e.g. GPPS_2025_...); file ignored"
            )
            continue
        frame = read_csv_text(data, file, keep=_wanted)
        if frame is None:
            continue
        if all(c in frame.columns for c in NEW):
            code, value, schema = NEW[0], NEW[1], "2024"
        elif all(c in frame.columns for c in OLD):
            code, value, schema = OLD[0], OLD[1], "pre-2024"
        else:
            data.add(
                file.name,
                "",
                "neither GPPS schema found: need ad_practicecode + "
                "overallexp.pcteval (2024+) or Practice_Code + Q28_12pct (before 2024)",
            )
            continue
        data.rows += frame.height
        frame = convert(
            data,
            file,
            frame,
            numbers=[value] + (["received"] if "received" in frame.columns else []),
        )
        number = pl.when(pl.col(value) < 0).then(None).otherwise(pl.col(value))
        proportions = schema == "2024" or (frame[value].max() or 0) <= 1.0  # type: ignore[operator]
        parts.append(frame.select(
            pl.lit(dt.date(year, PUBLISHED_MONTH, 1)).alias("period"),
            pl.lit(schema).alias("schema"),
            pl.col(code).alias("practice"),
            _first(frame, "pcn_code", "ad_pcncode").alias("pcn"),
            _first(frame, "icb_code", "ad_icbcode", "ICS_Code", "CCG_Code").alias("icb"),
            (number * 100 if proportions else number).alias("overall_good"),
            (pl.col("received") if "received" in frame.columns else pl.lit(None, pl.Float64)).alias("received"),
        ))  # fmt: skip
        used.append(file)
        if data.latest_file is None or year >= (year_of(data.latest_file) or year):
            data.latest_file = file
    data.files = tuple(used)
    if parts:
        frame = pl.concat(parts, how="vertical_relaxed").unique(["period", "practice"], keep="last")
        data.frames["practice"] = frame.sort("practice", "period")
        data.period_start = frame["period"].min()  # type: ignore[assignment]
        data.period_end = data.as_of = frame["period"].max()  # type: ignore[assignment]
    return data
