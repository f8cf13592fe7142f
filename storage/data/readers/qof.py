"""QOF achievement / prevalence / indicator-mapping files (long MEASURE/VALUE) in one directory.

The folder holds the published files (`ACHIEVEMENT_<yyyy>.csv` and friends) and, for the year in
progress, dated extracts in the same long format: `in-year/<YYYY-MM-DD>/ACHIEVEMENT_<yyyy>.csv`,
the folder name being the date the extract was taken. The achievement frame has one row per
year x extract date (`as_at`; null for an undated top-level file) x practice x indicator.
In the published files DENOMINATOR already excludes PCAs (achievement = NUMERATOR / DENOMINATOR).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path

import polars as pl

from storage.data.readers.common import (
    SourceData,
    convert,
    csv_header,
    read_csv_text,
    require_columns,
    scan_text,
    unknown_values,
)
from storage.data.readers.files import ReadOptions, gather

KINDS = {
    "ACHIEVEMENT": ("PRACTICE_CODE", "INDICATOR_CODE", "MEASURE", "VALUE"),
    "PREVALENCE": ("PRACTICE_CODE", "GROUP_CODE", "REGISTER", "PRACTICE_LIST_SIZE"),
    "MAPPING_INDICATORS": ("INDICATOR_CODE", "INDICATOR_POINT_VALUE", "GROUP_CODE"),
}
MEASURES = ("REGISTER", "NUMERATOR", "DENOMINATOR", "PCAS", "ACHIEVED_POINTS")


def qof_year_of(path: Path) -> str | None:
    """`ACHIEVEMENT_2526.csv` -> "2025/26"; None when the name carries no year."""
    match = re.search(r"_(\d{2})(\d{2})(?:\D|$)", path.stem)
    if not match or int(match.group(2)) != (int(match.group(1)) + 1) % 100:
        return None
    return f"20{match.group(1)}/{match.group(2)}"


def _kind_of(path: Path) -> str | None:
    stem = path.stem.upper()
    for kind in ("MAPPING_INDICATORS", "ACHIEVEMENT", "PREVALENCE"):
        if stem.startswith(kind):
            return kind
    return None


def read_qof(source_id: str, path: Path, options: ReadOptions | None = None) -> SourceData:
    """Read the QOF files a source names (a folder, a glob, a file or the published zip);
    never raises. A folder's `in-year/<date>/` extracts are read too."""
    data = SourceData(source_id, "qof")
    parts: dict[str, list[pl.DataFrame]] = {kind: [] for kind in KINDS}
    used: list[Path] = []
    found = gather(data, path, options or ReadOptions())
    dated: list[tuple[Path, dt.date | None]] = [
        (p, None) for p in found if p.suffix.lower() == ".csv"
    ]
    if path.is_dir():
        dated += _in_year_files(data, path)
    if not dated:
        if not data.findings:
            data.add(path.name, "", "no ACHIEVEMENT_<yyyy>.csv file in the folder")
        return data
    fast = _fast_achievements(data, dated)
    for file, as_at in dated:
        kind, year = _kind_of(file), qof_year_of(file)
        if kind is None or (as_at is not None and kind != "ACHIEVEMENT"):
            continue
        if year is None:
            data.add(file.name, "", "no QOF year in the file name (e.g. _2526); file ignored")
            continue
        if file in fast:  # pivoted in one parallel pass, nothing odd in it
            rows, pivoted = fast[file]
            data.rows += rows
            used.append(file)
            if data.latest_file is None or year >= (qof_year_of(data.latest_file) or year):
                data.latest_file = file
            parts[kind].append(pivoted)
            continue
        frame = read_csv_text(data, file)
        if frame is None or not require_columns(data, file, frame.columns, KINDS[kind]):
            continue
        data.rows += frame.height
        used.append(file)
        if kind == "ACHIEVEMENT" and (
            data.latest_file is None or year >= (qof_year_of(data.latest_file) or year)
        ):
            data.latest_file = file
        frame = frame.with_columns(
            pl.lit(year).alias("year"), pl.lit(as_at, pl.Date).alias("as_at")
        )
        if kind == "ACHIEVEMENT":
            frame = convert(data, file, frame, numbers=["VALUE"])
            unknown_values(
                data, file, "MEASURE", frame["MEASURE"].unique().to_list(), set(MEASURES)
            )
            parts[kind].append(_achievement(frame).collect())
        elif kind == "PREVALENCE":
            frame = convert(data, file, frame, numbers=["REGISTER", "PRACTICE_LIST_SIZE"])
            if "PATIENT_LIST_TYPE" not in frame.columns:
                frame = frame.with_columns(pl.lit("TOTAL").alias("PATIENT_LIST_TYPE"))
            parts[kind].append(
                frame.select(
                    "year",
                    pl.col("PRACTICE_CODE").alias("practice"),
                    pl.col("GROUP_CODE").alias("group"),
                    pl.col("REGISTER").alias("register"),
                    pl.col("PRACTICE_LIST_SIZE").alias("list_size"),
                    pl.col("PATIENT_LIST_TYPE").alias("list_type"),
                )
            )
        else:
            frame = convert(data, file, frame, numbers=["INDICATOR_POINT_VALUE"])
            parts[kind].append(
                frame.select(
                    "year",
                    pl.col("INDICATOR_CODE").alias("indicator"),
                    pl.col("INDICATOR_POINT_VALUE").alias("points"),
                    pl.col("GROUP_CODE").alias("group"),
                )
            )
    data.files = tuple(used)
    names = {
        "ACHIEVEMENT": "achievement",
        "PREVALENCE": "prevalence",
        "MAPPING_INDICATORS": "mapping",
    }
    for kind, frames in parts.items():
        if frames:
            data.frames[names[kind]] = pl.concat(frames, how="vertical_relaxed")
    if "achievement" not in data.frames:
        if not data.findings:
            data.add(path.name, "", "no ACHIEVEMENT_<yyyy>.csv file in the folder")
        data.frames.clear()
        return data
    years = sorted(data.frames["achievement"]["year"].unique().to_list())
    data.period_start = _year_start(years[0])
    data.period_end = _year_start(years[-1]).replace(
        year=_year_start(years[-1]).year + 1
    ) - dt.timedelta(days=1)
    # A dated extract: its date. An undated file: its save date, at most its year's 31 March.
    saved = min(_file_date(max(used, key=lambda p: p.stat().st_mtime_ns)), data.period_end)
    latest = data.frames["achievement"].filter(pl.col("year") == years[-1])["as_at"]
    newest: dt.date | None = latest.max()  # type: ignore[assignment]
    if newest is None:
        data.as_of = saved
    else:
        data.as_of = newest if latest.null_count() == 0 else max(newest, saved)
    return data


def _in_year_files(data: SourceData, path: Path) -> list[tuple[Path, dt.date | None]]:
    """`in-year/<YYYY-MM-DD>/ACHIEVEMENT_<yyyy>.csv` with their folders' dates."""
    found: list[tuple[Path, dt.date | None]] = []
    folder = path / "in-year"
    if not folder.is_dir():
        return found
    for sub in sorted(p for p in folder.iterdir() if p.is_dir()):
        try:
            day = dt.date.fromisoformat(sub.name)
        except ValueError:
            data.add(f"in-year/{sub.name}", "", "folder name is not a date (YYYY-MM-DD); ignored",
                     "warning")  # fmt: skip
            continue
        found += [(f, day) for f in sorted(sub.iterdir()) if f.suffix.lower() == ".csv"]
    return found


def _fast_achievements(
    data: SourceData, dated: list[tuple[Path, dt.date | None]]
) -> dict[Path, tuple[int, pl.DataFrame]]:
    """ACHIEVEMENT files pivoted in one parallel lazy pass with VALUE read as a number: file ->
    (rows, pivot). A file with a bad value, an unknown MEASURE or a missing column is left out
    (the careful text reader then reports it)."""
    chosen: list[tuple[Path, str, dt.date | None]] = []
    for file, as_at in dated:
        year = qof_year_of(file)
        if _kind_of(file) != "ACHIEVEMENT" or year is None:
            continue
        header = csv_header(SourceData(data.source_id, "qof"), file)
        if header is not None and set(KINDS["ACHIEVEMENT"]) <= set(header):
            chosen.append((file, year, as_at))
    if not chosen:
        return {}
    queries = [
        scan_text(file, {"VALUE": pl.Float64})
        .filter(pl.any_horizontal(pl.all().is_not_null()))
        .with_columns(pl.lit(year).alias("year"), pl.lit(as_at, pl.Date).alias("as_at"))
        for file, year, as_at in chosen
    ]
    # the checks (rows, unknown MEASURE values) ride on the pivot's group_by: one pass a file
    checks = [pl.len().alias("_rows"), (~pl.col("MEASURE").is_in(MEASURES)).any().alias("_odd")]
    try:
        collected = pl.collect_all([_achievement(q, checks) for q in queries])
    except Exception:  # noqa: BLE001 - a bad value: the careful path reads and reports it
        return {}
    found: dict[Path, tuple[int, pl.DataFrame]] = {}
    for (file, _, _), pivot in zip(chosen, collected, strict=True):
        rows, odd = int(pivot["_rows"].sum()), bool(pivot["_odd"].any())
        if rows and not odd:
            found[file] = (rows, pivot.drop("_rows", "_odd"))
    return found


def _achievement(frame: pl.LazyFrame | pl.DataFrame, extra: Sequence[pl.Expr] = ()) -> pl.LazyFrame:
    value = pl.col("VALUE")
    return (
        frame.lazy()
        .group_by("year", "as_at", "PRACTICE_CODE", "INDICATOR_CODE")
        .agg(
            [
                # when/then sums: cheaper than filter in a group_by
                pl.when(pl.col("MEASURE") == m).then(value).otherwise(0.0).sum().alias(m.lower())
                if m != "ACHIEVED_POINTS"
                else value.filter(pl.col("MEASURE") == m).first().alias("achieved_points")
                for m in MEASURES
            ]
            + [pl.col("MEASURE").is_in(["NUMERATOR"]).any().alias("has_numerator"), *extra]
        )
        .rename({"PRACTICE_CODE": "practice", "INDICATOR_CODE": "indicator"})
    )


def _year_start(year: str) -> dt.date:
    return dt.date(int(year[:4]), 4, 1)


def _file_date(path: Path) -> dt.date:
    return dt.datetime.fromtimestamp(path.stat().st_mtime).date()
