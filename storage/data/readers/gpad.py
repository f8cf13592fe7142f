"""GPAD practice-level crosstab (`Practice_Level_Crosstab*.csv`): one lazy pass per file.

Each file is scanned once, in parallel with the others, and reduced to one row per month x
practice as it is read (polars' streaming engine: only the columns the sums need are parsed, and
no file is held whole), with flags for unknown category values and unparseable numbers per
group; only a file with such values is then re-read carefully to name them and their rows.
Months repeated by several releases are kept from the latest release (the release is in the
file name, e.g. `_Dec_25`).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import polars as pl

from domain.dates import month_end
from storage.data.quality import Row
from storage.data.readers.common import (
    FILE,
    ROW,
    SourceData,
    convert,
    csv_header,
    read_csv_text,
    report_bad_values,
    report_no_usable_rows,
    require_columns,
    scan_text,
    scan_together,
    split_by_file,
    unknown_values,
)
from storage.data.readers.files import ReadOptions, gather
from storage.data.readers.named_month import check_named_months
from storage.data.readers.parts import PartStore

PARTS_VERSION = "gpad-1"
"""The version of each file's kept sums (`_query`'s columns): bump when `_query` changes."""

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
WITHIN_14_DAYS = ("1 Day", "2 to 7 Days", "8 to 14 Days")
"""Bands other than same day: counted only to check that every band is a known one."""
UNKNOWN_BANDS = ("Unknown / Data Issue", "Unknown / Data Quality")
BANDS = {SAME_DAY, "1 Day", "2 to 7 Days", "8 to 14 Days", *OVER_14_DAYS, *UNKNOWN_BANDS}
UNMAPPED = "Unmapped"
HCP_TYPES = {"gp": "GP", "other_staff": "Other Practice staff"}
"""HCP_TYPE values counted (the rest, `Unknown`, is the difference from the total)."""
MODES = {
    "face_to_face": "Face-to-Face", "telephone": "Telephone",
    "video": "Video Conference/Online", "home_visit": "Home Visit",
}  # fmt: skip
"""APPT_MODE values counted, by the column each becomes (`Unknown` is the rest)."""
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


UNIQUE_COLUMNS = {
    "APPT_STATUS": STATUSES,
    "TIME_BETWEEN_BOOK_AND_APPT": BANDS,
    "NATIONAL_CATEGORY": CATEGORIES,
}
"""Columns whose unknown values are warned about: the ones the metrics count by.

APPT_STATUS and the booking band are checked in every file, cheaply: the counts of the known
values must add up to the total. NATIONAL_CATEGORY (19 values) is flagged per group by the same
pass and named in the newest release only, since new vocabulary arrives with new releases. HCP_TYPE and APPT_MODE are
counted by their known values (the mix metrics); other values count in the total only. A file with unknown values is re-read carefully to name them."""


def _spellings(*bands: str) -> list[str]:
    """A band as published: `15  to 21 Days` has a double space; accept the single one too."""
    return sorted({b for band in bands for b in (band, band.replace(" to ", "  to "))})


def _query(lf: pl.LazyFrame, typed: bool, together: bool = False) -> pl.LazyFrame:
    """One pass: month x practice totals, with flags for unknown values and bad counts per group.

    Grouping happens on the raw text (cheap); months are parsed afterwards on the few groups.
    `typed`: the scan already parsed COUNT_OF_APPOINTMENTS as integers (the fast path);
    `together`: several files in one scan, grouped apart by their FILE column.
    """
    raw = pl.col("COUNT_OF_APPOINTMENTS")
    count = raw if typed else raw.str.strip_chars().cast(pl.Int64, strict=False)
    status = pl.col("APPT_STATUS")
    band = pl.col("TIME_BETWEEN_BOOK_AND_APPT")
    keys = [
        pl.col("APPOINTMENT_MONTH_START_DATE").alias("raw_month"),
        pl.col("GP_CODE").alias("practice"),
    ]

    def pick(rows: pl.Expr) -> pl.Expr:  # when/then sums faster than filter in a group_by
        return pl.when(rows).then(count).otherwise(0).sum()

    category = pl.col("NATIONAL_CATEGORY")
    return lf.group_by(*keys, *([pl.col(FILE)] if together else [])).agg(
        pl.col("PCN_CODE").first().alias("pcn"),
        pl.col("SUB_ICB_LOCATION_CODE").first().alias("icb"),
        count.sum().alias("total"),
        pick(status == "Attended").alias("attended"),
        pick(status == "DNA").alias("dna"),
        pick(status == "Unknown").alias("status_unknown"),
        pick(band == SAME_DAY).alias("same_day"),
        pick(band.is_in(_spellings(*WITHIN_14_DAYS))).alias("within_14"),
        pick(band.is_in(_spellings(*OVER_14_DAYS))).alias("over_14"),
        pick(band.is_in(UNKNOWN_BANDS)).alias("band_unknown"),
        pick(category == UNMAPPED).alias("unmapped"),
        *[pick(pl.col("HCP_TYPE") == v).alias(k) for k, v in HCP_TYPES.items()],
        *[pick(pl.col("APPT_MODE") == v).alias(k) for k, v in MODES.items()],
        pl.len().alias("rows"),
        (pl.lit(0, pl.UInt32) if typed else (count.is_null() & raw.is_not_null()).sum()).alias(
            "bad_counts"
        ),
        # a cheap superset of unknown categories (untrimmed); named by `_check_categories`
        (~category.is_in(sorted(CATEGORIES))).any().alias("odd_category"),
    )


def _scan(file: Path) -> pl.LazyFrame:
    return pl.scan_csv(
        file, infer_schema=False, truncate_ragged_lines=True,
        schema_overrides={"COUNT_OF_APPOINTMENTS": pl.Int64},
    )  # fmt: skip


def _collect(
    data: SourceData, files: list[Path], same_header: bool, parts: PartStore
) -> list[tuple[Path, pl.DataFrame]]:
    """Every file's month x practice sums: kept from an earlier run when the file has not
    changed (readers.parts), else read now, and kept when read cleanly. The new files are read
    while the kept sums are loaded (a thread: polars works outside the interpreter's lock)."""
    fresh = [file for file in files if not parts.has(file)]
    with ThreadPoolExecutor(max_workers=1) as pool:
        reading = pool.submit(_read, data, fresh, same_header, parts)
        kept = {file: parts.load(file) for file in files if file not in fresh}
        new = reading.result()
    damaged = [file for file, frame in kept.items() if frame is None]  # read again
    new |= _read(data, damaged, same_header, parts)
    kept |= new
    return [(f, frame) for f in files if (frame := kept.get(f)) is not None]


def _read(
    data: SourceData, files: list[Path], same_header: bool, parts: PartStore
) -> dict[Path, pl.DataFrame]:
    """All files in one pass (one scan when they share a header, else one per file, in
    parallel); a file that fails it (a count that is not a whole number, Windows-1252 text) is
    read again on its own through the careful text reader (and not kept: its findings are
    found again on each read)."""
    typed = {"COUNT_OF_APPOINTMENTS": pl.Int64}
    if not files:
        return {}
    try:
        if same_header and len(files) > 1:
            grouped = _query(scan_together(files, typed), True, True).collect(engine="streaming")
            read = split_by_file(files, grouped)
        else:
            frames = pl.collect_all([_query(_scan(f), True) for f in files], engine="streaming")
            read = list(zip(files, frames, strict=True))
        for file, frame in read:
            parts.store(file, frame)
        return dict(read)
    except Exception:  # noqa: BLE001 - retried file by file below
        pass
    result: dict[Path, pl.DataFrame] = {}
    for file in files:
        try:
            result[file] = _query(_scan(file), True).collect(engine="streaming")
            parts.store(file, result[file])
            continue
        except Exception:  # noqa: BLE001 - the careful reader says what is wrong
            pass
        text = read_csv_text(data, file)
        if text is not None:
            result[file] = _query(text.lazy(), False).collect()
    return result


def read_gpad(source_id: str, path: Path, options: ReadOptions | None = None) -> SourceData:
    """Read every matching crosstab; never raises (problems become findings)."""
    data = SourceData(source_id, "gpad")
    files = gather(data, path, options or ReadOptions())
    if not files:
        return data
    usable: list[Path] = []
    headers: set[tuple[str, ...]] = set()
    for file in files:
        header = csv_header(data, file)
        if header is not None and require_columns(data, file, header, COLUMNS):
            usable.append(file)
            headers.add(tuple(header))
            if release_of(file) is None:
                data.add(file.name, "", "no release month in the file name (e.g. _Dec_25): "
                         "overlapping months may not prefer the latest release", "warning")  # fmt: skip
    parts = PartStore(options.parts_dir if options else None, PARTS_VERSION)
    collected = _collect(data, usable, len(headers) == 1, parts)
    data.files = tuple(usable)
    if usable:
        data.latest_file = max(usable, key=lambda f: (release_of(f) or dt.date.min, f.name))
    totals, shared, spelled = _checked(data, collected)
    odd = any(f == data.latest_file and bool(g["odd_category"].any()) for f, g in collected)
    if data.latest_file is not None and odd:
        _check_categories(data, data.latest_file)
    if totals is None:
        return data
    # A month several releases hold is taken from the latest of them (its last file by name,
    # should two carry one release); a month one release holds alone (most months) is taken as
    # it is. A month written two ways in that file (` 01DEC2025`) is one month: its practices'
    # rows are summed (one spelling's were kept, the other's counts lost).
    overlap = pl.col("month").is_in(sorted(shared))
    latest = pl.col("release").fill_null(dt.date(1900, 1, 1))
    key = ["month", "practice"]
    resolved = (
        totals.filter(overlap)
        .filter(latest == latest.max().over(key))
        .filter(pl.col("file") == pl.col("file").max().over(key))
    )
    if spelled:
        two = pl.col("month").is_in(sorted(spelled))
        named = ["pcn", "icb", "release", "file"]
        counts = [c for c in totals.columns if c not in (*key, *named)]
        summed = (
            resolved.filter(two)
            .group_by(key, maintain_order=True)
            .agg(pl.col(counts).sum(), pl.col(named).first())
            .select(totals.columns)
        )
        resolved = pl.concat([resolved.filter(~two), summed])
    totals = pl.concat([totals.filter(~overlap), resolved]).sort("practice", "month")
    data.origin = totals.select("practice", "file", pl.col("month").alias("period"))
    data.frames["monthly"] = totals.drop("file")
    if totals.height:
        data.period_start = totals["month"].min()  # type: ignore[assignment]
        last: dt.date = totals["month"].max()  # type: ignore[assignment]
        data.period_end = data.as_of = month_end(last)
    return data


def _checked(
    data: SourceData, collected: list[tuple[Path, pl.DataFrame]]
) -> tuple[pl.DataFrame | None, set[dt.date], set[dt.date]]:
    """Findings for every file's groups (checked together: one pass, not one per file); the
    month x practice totals with each file's release (None when no file has rows), the
    months more than one file holds or written two ways, and those written two ways."""
    if not collected:
        return None, set(), set()
    files = [file for file, _ in collected]
    grouped = pl.concat(
        [g.with_columns(pl.lit(i, pl.Int32).alias("file")) for i, (_, g) in enumerate(collected)],
        how="vertical_relaxed",
    )
    blank = pl.col("raw_month").is_null() & pl.col("practice").is_null()
    grouped = grouped.filter(~blank | (pl.col("total") > 0))
    # Each distinct month text is parsed once (a few for hundreds of thousands of groups).
    texts = grouped.select(pl.col("raw_month").unique().drop_nulls())
    texts = texts.with_columns(
        pl.col("raw_month").str.strip_chars().str.to_date("%d%b%Y", strict=False).alias("month")
    )
    grouped = grouped.with_columns(
        pl.col("raw_month").replace_strict(
            texts["raw_month"], texts["month"], default=None, return_dtype=pl.Date
        ).alias("month"),
        pl.col("file").replace_strict(
            list(range(len(files))), [release_of(f) for f in files], return_dtype=pl.Date
        ).alias("release"),
    )  # fmt: skip
    bad_month = pl.col("month").is_null() & pl.col("raw_month").is_not_null()
    per_file = grouped.group_by("file").agg(
        pl.col("rows").sum(), bad_month.any().alias("bad_months"), pl.col("bad_counts").sum(),
        pl.col("month").drop_nulls().unique().alias("months"),
        (pl.col("attended") + pl.col("dna") + pl.col("status_unknown") != pl.col("total"))
        .any()
        .alias("odd APPT_STATUS"),
        (
            pl.col("same_day") + pl.col("within_14") + pl.col("over_14") + pl.col("band_unknown")
            != pl.col("total")
        )
        .any()
        .alias("odd TIME_BETWEEN_BOOK_AND_APPT"),
    )  # fmt: skip
    found = {row["file"]: row for row in per_file.iter_rows(named=True)}
    days = {str(index): set(row["months"]) for index, row in found.items()}
    held = {index: {d.replace(day=1) for d in dates} for index, dates in days.items()}
    # Months more than one file holds, or written two ways (` 01DEC2025`): their practices'
    # rows are resolved to one each (the others are one a practice already).
    shared = {m for a, b in itertools.combinations(days.values(), 2) for m in a & b}
    months = texts.drop_nulls("month")["month"]
    spelled = set(months.filter(months.is_duplicated()).to_list())
    shared |= spelled
    check_named_months(data, files, held, {f: release_of(f) for f in files}, key="index")
    for index, file in enumerate(files):
        row = found.get(index)
        data.rows += int(row["rows"]) if row else 0
        if not row or not row["rows"]:
            data.add(file.name, "", "no data rows under the header")
            continue
        odd = [c for c in ("APPT_STATUS", "TIME_BETWEEN_BOOK_AND_APPT") if row[f"odd {c}"]]
        if row["bad_months"] or row["bad_counts"] or odd:
            _report_rows(data, file, odd)  # the slow, careful pass: only for files with odd values
    totals = grouped.filter(pl.col("month").is_not_null() & pl.col("practice").is_not_null())
    if totals.height == 0:
        report_no_usable_rows(data, files, "both a month and a practice code")
        return None, shared, spelled
    names = [f.name for f in files]
    return totals.select(
        "month", "practice", "pcn", "icb", "total", "attended", "dna", "same_day", "over_14",
        "band_unknown", "unmapped", "within_14", *HCP_TYPES, *MODES, "release",
        pl.col("file").replace_strict(list(range(len(files))), names, return_dtype=pl.String),
    ), shared, spelled  # fmt: skip


def _check_categories(data: SourceData, file: Path) -> None:
    """Unknown NATIONAL_CATEGORY values in the newest release (one column of one file)."""
    try:
        seen = scan_text(file).select(pl.col("NATIONAL_CATEGORY").unique()).collect()
    except Exception:  # noqa: BLE001 - an unreadable file is already reported
        return
    values = [v.strip() if v else v for v in seen["NATIONAL_CATEGORY"].to_list()]
    unknown_values(data, file, "NATIONAL_CATEGORY", values, CATEGORIES)


def _report_rows(data: SourceData, file: Path, odd: list[str]) -> None:
    text = read_csv_text(SourceData(data.source_id, "gpad"), file)
    if text is None:
        return
    for column in odd:
        seen = text[column].unique().to_list()
        if column == "TIME_BETWEEN_BOOK_AND_APPT":
            seen = [" ".join(v.split()) if v else v for v in seen]
        unknown_values(data, file, column, seen, UNIQUE_COLUMNS[column])
    last = [c for c in text.columns if c != ROW][-1]
    short = text.filter(pl.col(last).is_null() & pl.col("GP_CODE").is_not_null())
    if short.height:
        data.add(file.name, Row(short[ROW][0]), f"{short.height} row"
                 f"{'s' if short.height != 1 else ''} with fewer fields than the header "
                 f"(no {last}): the file may be damaged or cut; download it again",
                 doubt=True)  # fmt: skip
    month = pl.col("APPOINTMENT_MONTH_START_DATE")
    bad = text.filter(month.is_not_null() & month.str.to_date("%d%b%Y", strict=False).is_null())
    report_bad_values(data, file, "APPOINTMENT_MONTH_START_DATE", "date like 01DEC2025",
                      bad[ROW], bad["APPOINTMENT_MONTH_START_DATE"])  # fmt: skip
    convert(data, file, text, integers=["COUNT_OF_APPOINTMENTS"])
