"""GPAD practice-level crosstab (`Practice_Level_Crosstab*.csv`): one lazy pass per file.

Each file is scanned once (polars shares the scan between the totals, the value checks and the
category checks) and reduced to one row per month x practice. Months repeated by several
releases are kept from the latest release (the release is in the file name, e.g. `_Dec_25`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import polars as pl

from storage.readers.common import (
    ROW,
    SourceData,
    missing_files,
    month_end,
    read_csv_text,
    report_bad_values,
    require_columns,
    resolve_files,
    unknown_values,
)

COLUMNS = (
    "APPOINTMENT_MONTH_START_DATE",
    "GP_CODE",
    "PCN_CODE",
    "SUB_ICB_LOCATION_CODE",
    "HCP_TYPE",
    "APPT_MODE",
    "NATIONAL_CATEGORY",
    "TIME_BETWEEN_BOOK_AND_APPT",
    "COUNT_OF_APPOINTMENTS",
    "APPT_STATUS",
)
STATUSES = {"Attended", "DNA", "Unknown"}
SAME_DAY = "Same Day"
OVER_14_DAYS = ("15 to 21 Days", "22 to 28 Days", "More than 28 Days")
UNKNOWN_BANDS = ("Unknown / Data Issue", "Unknown / Data Quality")
BANDS = {SAME_DAY, "1 Day", "2 to 7 Days", "8 to 14 Days", *OVER_14_DAYS, *UNKNOWN_BANDS}
HCP_TYPES = {"GP", "Other Practice staff", "Unknown"}
MODES = {"Face-to-Face", "Telephone", "Video Conference/Online", "Home Visit", "Unknown"}
UNMAPPED = "Unmapped"
CATEGORIES = {
    "General Consultation Routine",
    "General Consultation Acute",
    "Planned Clinics",
    "Clinical Triage",
    "Planned Clinical Procedure",
    "Structured Medication Review",
    "Service provided by organisation external to the practice",
    "Home Visit",
    "Unplanned Clinical Activity",
    "Patient contact during Care Home Round",
    "Care Home Visit",
    "Social Prescribing Service",
    "Care Home Needs Assessment & Personalised Care and Support Planning",
    "Non-contractual chargeable work",
    "Walk-in",
    "Group Consultation and Group Education",
    "Inconsistent Mapping",
    UNMAPPED,
    "Care Related Encounter but does not fit into any other category",
}
MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}


def release_of(path: Path) -> dt.date | None:
    """The release month in a file name (`..._Dec_25.csv` -> 2025-12-01); None if absent."""
    found = [
        (m.lower(), yy)
        for m, yy in re.findall(r"(?:^|_)([A-Za-z]{3})_?(\d{2})(?=_|$|\W)", path.stem)
        if m.lower() in MONTHS
    ]
    if not found:
        return None
    month, year = found[-1]
    return dt.date(2000 + int(year), MONTHS[month], 1)


def _header(path: Path) -> list[str] | None:
    with path.open("rb") as handle:
        head = handle.read(65536)
    if not head.strip():
        return None
    text = head.decode("utf-8-sig", errors="replace").splitlines()[0]
    return [c.strip() for c in next(csv.reader(io.StringIO(text)))]


def _normalised(lf: pl.LazyFrame) -> pl.LazyFrame:
    return lf.select(
        pl.col(ROW),
        pl.col("APPOINTMENT_MONTH_START_DATE").alias("raw_month"),
        pl.col("APPOINTMENT_MONTH_START_DATE")
        .str.strip_chars()
        .str.to_date("%d%b%Y", strict=False)
        .alias("month"),
        pl.col("GP_CODE").str.strip_chars().alias("practice"),
        pl.col("PCN_CODE").alias("pcn"),
        pl.col("SUB_ICB_LOCATION_CODE").alias("icb"),
        pl.col("APPT_STATUS").str.strip_chars().alias("status"),
        pl.col("TIME_BETWEEN_BOOK_AND_APPT")
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
        .alias("band"),
        pl.col("NATIONAL_CATEGORY").str.strip_chars().alias("category"),
        pl.col("HCP_TYPE"),
        pl.col("APPT_MODE"),
        pl.col("COUNT_OF_APPOINTMENTS").alias("raw_count"),
        pl.col("COUNT_OF_APPOINTMENTS")
        .str.strip_chars()
        .cast(pl.Int64, strict=False)
        .alias("count"),
    ).filter(pl.col("practice").is_not_null() | pl.col("raw_count").is_not_null())


def _queries(lf: pl.LazyFrame, release: dt.date | None) -> list[pl.LazyFrame]:
    rows = _normalised(lf)
    count = pl.col("count")
    totals = (
        rows.filter(pl.col("month").is_not_null() & pl.col("practice").is_not_null())
        .group_by("month", "practice")
        .agg(
            pl.col("pcn").first(),
            pl.col("icb").first(),
            count.sum().alias("total"),
            count.filter(pl.col("status") == "Attended").sum().alias("attended"),
            count.filter(pl.col("status") == "DNA").sum().alias("dna"),
            count.filter(pl.col("band") == SAME_DAY).sum().alias("same_day"),
            count.filter(pl.col("band").is_in(OVER_14_DAYS)).sum().alias("over_14"),
            count.filter(pl.col("band").is_in(UNKNOWN_BANDS)).sum().alias("band_unknown"),
            count.filter(pl.col("category") == UNMAPPED).sum().alias("unmapped"),
        )
        .with_columns(pl.lit(release, dtype=pl.Date).alias("release"))
    )
    bad = rows.filter(
        (pl.col("month").is_null() & pl.col("raw_month").is_not_null())
        | (count.is_null() & pl.col("raw_count").is_not_null())
    ).select(ROW, "raw_month", "month", "raw_count", "count")
    seen = rows.select(
        pl.len().alias("rows"),
        *[
            pl.col(c).unique().implode()
            for c in ("status", "band", "category", "HCP_TYPE", "APPT_MODE")
        ],
    )
    return [totals, bad, seen]


def read_gpad(source_id: str, path: Path, sheet: str | None = None) -> SourceData:
    """Read every matching crosstab; never raises (problems become findings)."""
    data = SourceData(source_id, "gpad")
    files = resolve_files(path)
    if not files:
        missing_files(data, path)
        return data
    plans: list[tuple[Path, dt.date | None]] = []
    for file in files:
        header = _header(file)
        if header is None:
            data.add(file.name, "", "file is empty (0 bytes or only blank lines)")
        elif require_columns(data, file, header, COLUMNS):
            plans.append((file, release_of(file)))
            if plans[-1][1] is None:
                data.add(
                    file.name,
                    "",
                    "no release month in the file name (e.g. _Dec_25): "
                    "overlapping months may not prefer the latest release",
                    "warning",
                )
    results = _collect(data, plans)
    data.files = tuple(f for f, _ in plans)
    if plans:
        data.latest_file = max(plans, key=lambda p: (p[1] or dt.date.min, p[0].name))[0]
    if not results:
        return data
    totals = pl.concat(results, how="vertical_relaxed")
    latest = pl.col("release").fill_null(dt.date(1900, 1, 1))
    totals = (
        totals.filter(latest == latest.max().over("month", "practice"))
        .unique(["month", "practice"], keep="first")
        .sort("practice", "month")
    )
    data.frames["monthly"] = totals
    if totals.height:
        data.period_start = totals["month"].min()  # type: ignore[assignment]
        last: dt.date = totals["month"].max()  # type: ignore[assignment]
        data.period_end = data.as_of = month_end(last)
    return data


def _collect(data: SourceData, plans: list[tuple[Path, dt.date | None]]) -> list[pl.DataFrame]:
    queries: list[pl.LazyFrame] = []
    for file, release in plans:
        scan = pl.scan_csv(
            file,
            infer_schema=False,
            row_index_name=ROW,
            row_index_offset=2,
            truncate_ragged_lines=True,
        )
        queries.extend(_queries(scan, release))
    try:
        frames = pl.collect_all(queries)
    except Exception:  # one bad file (e.g. Windows-1252 text): retry each file on its own
        frames = []
        for file, release in plans:
            frames.extend(_collect_one(data, file, release))
    return _checked(data, frames, plans)


def _collect_one(data: SourceData, file: Path, release: dt.date | None) -> list[pl.DataFrame]:
    try:
        return pl.collect_all(
            _queries(
                pl.scan_csv(
                    file,
                    infer_schema=False,
                    row_index_name=ROW,
                    row_index_offset=2,
                    truncate_ragged_lines=True,
                ),
                release,
            )
        )
    except Exception:
        text = read_csv_text(data, file)
        if text is None or not require_columns(data, file, text.columns, COLUMNS):
            return [pl.DataFrame(), pl.DataFrame(), pl.DataFrame()]
        return pl.collect_all(_queries(text.lazy(), release))


def _checked(
    data: SourceData, frames: list[pl.DataFrame], plans: list[tuple[Path, dt.date | None]]
) -> list[pl.DataFrame]:
    results: list[pl.DataFrame] = []
    for index, (file, _) in enumerate(plans):
        totals, bad, seen = frames[3 * index : 3 * index + 3]
        if seen.width == 0:
            continue
        data.rows += int(seen["rows"][0])
        if seen["rows"][0] == 0:
            data.add(file.name, "", "no data rows under the header")
            continue
        if bad.height:
            months = bad.filter(pl.col("month").is_null() & pl.col("raw_month").is_not_null())
            report_bad_values(
                data,
                file,
                "APPOINTMENT_MONTH_START_DATE",
                "date like 01DEC2025",
                months[ROW],
                months["raw_month"],
            )
            counts = bad.filter(pl.col("count").is_null() & pl.col("raw_count").is_not_null())
            report_bad_values(
                data,
                file,
                "COUNT_OF_APPOINTMENTS",
                "whole number",
                counts[ROW],
                counts["raw_count"],
            )
        for column, known in (
            ("status", STATUSES),
            ("band", BANDS),
            ("HCP_TYPE", HCP_TYPES),
            ("APPT_MODE", MODES),
            ("category", CATEGORIES),
        ):
            name = {
                "status": "APPT_STATUS",
                "band": "TIME_BETWEEN_BOOK_AND_APPT",
                "category": "NATIONAL_CATEGORY",
            }.get(column, column)
            unknown_values(data, file, name, seen[column][0].to_list(), known)
        results.append(totals)
    return results
