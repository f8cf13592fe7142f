"""Cloud-based telephony (CBT) "By Day and Time" long files: one row per practice-month out.

Rows for `PRACTICE_CODE == "Unassigned"` (multi-practice accounts) are dropped. Time bands are
2-hourly; the 08:00-10:00 band is the one whose label starts at 08. Each file is scanned once
(all files in one parallel collect), grouped by date x practice on the raw text, then summed to
month x practice x weekday (readers.cbt_sums: what is kept per file, so a new day's or month's
file is the only one read); a file with bad values is re-read to name the rows.

A time band is identified by its whole label with the spaces taken out (`18:00 - 18:29` ->
`18:00-18:29`), never by its start hour: `18:00 - 18:29` and `18:30 - 23:59` both start at 18
and are different bands. A row repeated in a file (same date, practice, indicator and band) is
counted once, with a warning; a reissued file (`_v2`) replaces the original's date x practice.

A file whose labels are all published spellings (`08:00 - 09:59` or `08:00-09:59`) is read in
one step: each row's label and indicator become small numbers (one lookup each), and the date x
practice groups sum the values by them. A file with another label is read again in two steps
(date x practice x label, then the labels compared with their spaces taken out).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import polars as pl

from storage.data.readers.cbt_sums import (
    MONTHS_VERSION,
    SUMS_VERSION,
    kept_months,
    overlapping,
    put_together,
    summed,
)
from storage.data.readers.common import (
    ROW,
    SourceData,
    collect_per_file,
    convert,
    csv_header,
    parse_dates,
    read_csv_text,
    require_columns,
    unknown_values,
)
from storage.data.readers.files import ReadOptions, gather
from storage.data.readers.parts import PartStore, collect_kept

PARTS_VERSION = "cbt-3"
"""The version of each file's kept groups (`_query`'s columns): bump when `_query` changes."""
COLUMNS = ("Date", "PCN_CODE", "PRACTICE_CODE", "Indicator", "Time_Category", "Value")
INDICATORS = {"CBT001", "CBT002", "CBT003", "CBT004", "CBT005", "CBT006", "CBT007"}
COUNTED = ("CBT001", "CBT002", "CBT003", "CBT004", "CBT005")
BANDS = (
    "00:00-05:59", "06:00-07:59", "08:00-09:59", "10:00-11:59", "12:00-13:59", "14:00-15:59",
    "16:00-17:59", "18:00-18:29", "18:30-23:59",
)  # fmt: skip
"""The published 2-hourly bands, as identified (spaces taken out): the weekday x band grid's
rows. Calls in a band with another label count in the totals, not in the grid."""
GRID = ("CBT001", "CBT004")
"""Indicators kept per band for the grid: inbound calls and calls missed in the queue."""
GRID_COLUMNS = tuple(f"{code} {band}" for code in GRID for band in BANDS)
PEAK_PREFIXES = ("08", "8:", "8.")
"""Labels of the 08:00-10:00 band (`08:00 - 09:59`): the morning rush the peak metric measures."""


KNOWN = sorted(INDICATORS)
SPELLINGS = {
    spelling: index
    for index, band in enumerate(BANDS)
    for spelling in (band, band.replace("-", " - "))
}
"""The published spellings of each band's label -> the band's index in BANDS."""
PEAK_BAND = BANDS.index("08:00-09:59")
"""The band every PEAK_PREFIXES label of SPELLINGS is (the one-step read's peak)."""


def _query(icb: str | None) -> Callable[[pl.LazyFrame, Path, bool], pl.LazyFrame]:
    """One step: date x practice, each row's band and indicator looked up once as small numbers
    (a label outside SPELLINGS is flagged `odd_label`: the file is read again by `_by_label`)."""

    def build(lf: pl.LazyFrame, file: Path, typed: bool) -> pl.LazyFrame:
        raw = pl.col("Value")
        value = raw if typed else raw.str.replace_all(",", "").cast(pl.Float64, strict=False)
        band = pl.col("Time_Category").replace_strict(
            list(SPELLINGS), list(SPELLINGS.values()), default=None, return_dtype=pl.UInt8
        )
        indicator = pl.col("Indicator").replace_strict(
            KNOWN, list(range(len(KNOWN))), default=None, return_dtype=pl.UInt8
        )
        rows = lf.select(
            pl.col("Date").alias("raw_date"), pl.col("PRACTICE_CODE").alias("practice"),
            pl.col("PCN_CODE").alias("pcn"),
            (pl.col(icb) if icb else pl.lit(None, pl.String)).alias("icb"),
            value.alias("value"), indicator.alias("indicator"), band.alias("band"),
            (value.is_null() & raw.is_not_null()).alias("bad"),
        )  # fmt: skip
        # Each known (band, indicator) pair is one cell, numbered under 64: one bit each.
        cell = pl.col("band") * len(KNOWN) + pl.col("indicator")

        def pick(rows: pl.Expr) -> pl.Expr:  # summed per row first: the group sums are plain
            return pl.when(rows).then(pl.col("value")).otherwise(0.0)

        def at(code: str, band: int) -> pl.Expr:
            return cell == band * len(KNOWN) + KNOWN.index(code)

        # Every row of a file read this way has a known band (else it is read by label), so
        # the grid's indicators' totals and the peak are sums of the grid's bands: not summed
        # row by row again.
        sums = {c: pick(pl.col("indicator") == KNOWN.index(c)) for c in COUNTED if c not in GRID}
        sums |= {f"{c} {b}": pick(at(c, i)) for c in GRID for i, b in enumerate(BANDS)}
        rows = rows.with_columns(
            *[e.alias(k) for k, e in sums.items()], pl.lit(2, pl.UInt64).pow(cell).alias("bit")
        )
        totals = {
            c: pl.sum_horizontal(pl.col(f"{c} {b}").sum() for b in BANDS)
            if c in GRID
            else pl.col(c).sum()
            for c in COUNTED
        }
        totals["peak_inbound"] = pl.col(f"CBT001 {BANDS[PEAK_BAND]}").sum()
        # A cell given twice is a repeated row: fewer distinct cells (bits) than rows with one.
        cells = pl.col("bit").is_not_null().sum().cast(pl.Int64)
        distinct = pl.col("bit").bitwise_or().bitwise_count_ones().fill_null(0).cast(pl.Int64)
        return rows.group_by("raw_date", "practice").agg(
            pl.col("pcn").first(), pl.col("icb").first(),
            *[totals[c].alias(c) for c in (*COUNTED, "peak_inbound")],
            *[pl.col(f"{c} {b}").sum() for c in GRID for b in BANDS],
            pl.len().alias("rows"), (pl.len().cast(pl.Int64) - cells + distinct).alias("distinct"),
            (pl.lit(0, pl.UInt32) if typed else pl.col("bad").sum()).alias("bad_values"),
            pl.col("indicator").is_null().any().alias("odd"),
            pl.col("band").is_null().any().alias("odd_label"),
        )  # fmt: skip

    return build


def _by_label(icb: str | None) -> Callable[[pl.LazyFrame, Path, bool], pl.LazyFrame]:
    """Two steps, for any labels: date x practice x label, then date x practice."""

    def build(lf: pl.LazyFrame, file: Path, typed: bool) -> pl.LazyFrame:
        raw = pl.col("Value")
        value = raw if typed else raw.str.replace_all(",", "").cast(pl.Float64, strict=False)
        indicator = pl.col("Indicator")
        label = pl.col("Time_Category")
        keys = [pl.col("Date").alias("raw_date"), pl.col("PRACTICE_CODE").alias("practice")]
        names = [k.meta.output_name() for k in keys]

        def pick(rows: pl.Expr, of: pl.Expr = value) -> pl.Expr:  # faster than filter
            return pl.when(rows).then(of).otherwise(0.0).sum()

        # Two steps: date x practice x band label (the indicators side by side: a fifth of the
        # rows), then date x practice with the grid's bands side by side. Labels are compared
        # (spaces taken out) only in the second step, on the smaller frame.
        # Rows of each known indicator: more than one is a repeated row, fewer in all than the
        # rows is an unknown indicator (cheaper than counting distinct values).
        known = sorted(INDICATORS)
        per_band = lf.group_by(*keys, label).agg(
            pl.col("PCN_CODE").first().alias("pcn"),
            (pl.col(icb).first() if icb else pl.lit(None, pl.String)).alias("icb"),
            *[pick(indicator == code).alias(code) for code in COUNTED],
            pl.len().alias("rows"),
            *[(indicator == code).sum().alias(f"n {code}") for code in known],
            (
                pl.lit(0, pl.UInt32) if typed else (value.is_null() & raw.is_not_null()).sum()
            ).alias("bad_values"),
        ).with_columns(
            (
                pl.col("rows").cast(pl.Int64)
                - pl.sum_horizontal([(pl.col(f"n {c}").cast(pl.Int64) - 1).clip(0) for c in known])
            ).alias("distinct"),
            (pl.col("rows") > pl.sum_horizontal([pl.col(f"n {c}") for c in known])).alias("odd"),
        )  # fmt: skip
        # The band and the peak are worked out once per label row (not once per band column).
        band, is_peak = pl.col("band"), pl.col("peak")
        per_band = per_band.with_columns(
            label.str.replace_all(r"\s+", "").alias("band"),
            pl.any_horizontal([label.str.starts_with(p) for p in PEAK_PREFIXES]).alias("peak"),
        )
        # One band under two labels (spacing) could hide a repeated row from `distinct`: such a
        # date x practice counts as repeating, and the careful pass counts the repeats exactly.
        # (Its labels are distinct, one row each: fewer bands than rows is a band merged.)
        merged = band.n_unique() < pl.len()
        return per_band.group_by(*names).agg(
            pl.col("pcn").first(), pl.col("icb").first(),
            *[pl.col(code).sum() for code in COUNTED],
            pick(is_peak, pl.col("CBT001")).alias("peak_inbound"),
            *[pick(band == b, pl.col(code)).alias(f"{code} {b}") for code in GRID for b in BANDS],
            pl.col("rows").sum(),
            pl.when(merged).then(0).otherwise(pl.col("distinct").sum()).alias("distinct"),
            pl.col("bad_values").sum(), pl.col("odd").any(), pl.lit(False).alias("odd_label"),
        )  # fmt: skip

    return build


def read_cbt(source_id: str, path: Path, options: ReadOptions | None = None) -> SourceData:
    """Read every matching CBT file into monthly practice totals per indicator; never raises."""
    data = SourceData(source_id, "cbt")
    options = options or ReadOptions()
    files = gather(data, path, options)
    if not files:
        return data
    by_header: dict[tuple[str, ...], list[Path]] = {}
    for file in files:
        header = csv_header(data, file)
        if header is not None and require_columns(data, file, header, COLUMNS):
            by_header.setdefault(tuple(header), []).append(file)
    groups, sums_kept = (
        PartStore(options.parts_dir, PARTS_VERSION),
        PartStore(options.parts_dir, SUMS_VERSION),
    )
    wanted = [file for group in by_header.values() for file in group]
    # Each file's month x practice x weekday sums (readers.cbt_sums) kept from an earlier run;
    # the others' date x practice groups read now, summed, and kept when read cleanly.
    before = len(data.findings)
    kept, new, dated = _kept_and_new(data, by_header, wanted, groups, sums_kept)
    troubled = {finding.file for finding in data.findings[before:]}
    fresh = _summed_by_file(new, dated)
    for file, frame in fresh.items():
        kept[file] = frame
        if file.name not in troubled:
            sums_kept.store(file, frame)
    read = sorted(kept, key=lambda f: f.name)
    if not read:
        return data
    together = pl.concat([kept[f] for f in read], how="vertical_relaxed")
    months = None
    if overlapping([kept[f] for f in read]):  # a reissue: its rows win date by date
        _, rest = _dated(data, by_header, [f for f in read if f not in fresh], groups)
        rows = pl.concat([f for f in (dated, rest) if f is not None], how="vertical_relaxed")
        together = summed(_reissues_win(usable_dates(rows)), SUMS)
    else:  # each file's month x practice rows, kept too
        store = PartStore(options.parts_dir, MONTHS_VERSION)
        clean = {f for f in read if f not in fresh or f.name not in troubled}
        found = [kept_months(store, f, kept[f], COUNTED_SUMS, f in clean) for f in read]
        months = pl.concat(found, how="vertical_relaxed")
    put_together(data, read, kept, together, COUNTED_SUMS, GRID_COLUMNS, months)
    return data


COUNTED_SUMS = (*COUNTED, "peak_inbound")

SUMS = (*COUNTED, "peak_inbound", *GRID_COLUMNS)
"""What each file's sums add up (readers.cbt_sums)."""


def _kept_and_new(
    data: SourceData, by_header: Mapping[tuple[str, ...], list[Path]], files: list[Path],
    groups: PartStore, sums_kept: PartStore,
) -> tuple[dict[Path, pl.DataFrame], list[Path], pl.DataFrame | None]:  # fmt: skip
    """The files' kept sums, and the date x practice groups of the others (`_dated`), read
    while the kept sums are loaded (a thread: polars works outside the interpreter's lock); a
    kept entry found damaged is read after."""
    fresh = [file for file in files if not sums_kept.has(file)]
    with ThreadPoolExecutor(max_workers=1) as pool:
        reading = pool.submit(_dated, data, by_header, fresh, groups)
        loaded = {file: sums_kept.load(file) for file in files if file not in fresh}
        new, dated = reading.result()
    kept = {file: frame for file, frame in loaded.items() if frame is not None}
    damaged = [file for file in files if file in loaded and file not in kept]
    if damaged:
        again, more = _dated(data, by_header, damaged, groups)
        new = sorted([*new, *again], key=lambda f: f.name)
        found = [frame for frame in (dated, more) if frame is not None]
        dated = pl.concat(found, how="vertical_relaxed") if found else None
    return kept, new, dated


def _dated(
    data: SourceData, by_header: Mapping[tuple[str, ...], list[Path]], files: list[Path],
    parts: PartStore,
) -> tuple[list[Path], pl.DataFrame | None]:  # fmt: skip
    """The files read (kept from an earlier run, or read now) and their date x practice groups,
    each with its file's name and its date parsed; findings for files with trouble."""
    typed = {"Value": pl.Float64}
    read: list[Path] = []
    found: list[pl.DataFrame] = []
    for columns, group in by_header.items():
        icb = next((c for c in ("SUB_ICB_LOCATION_CODE", "ICB_CODE") if c in columns), None)
        # File by file in one parallel collect: cheaper than one scan tagging every row with
        # its file (national files are a few hundred MB a month); trouble takes the careful path.
        # Each file's date x practice groups are kept (readers.parts): a new month reads itself.
        pairs = collect_kept(data, [f for f in group if f in files], _query(icb), typed, parts)
        for file, grouped in _labels_again(data, pairs, icb, typed, parts):
            read.append(file)
            grouped = grouped.with_columns(pl.lit(file.name).alias("file"))
            found.append(_without_repeats(data, [file], grouped, icb))
    read.sort(key=lambda f: f.name)
    return read, _checked(data, read, found)


def _summed_by_file(files: list[Path], dated: pl.DataFrame | None) -> dict[Path, pl.DataFrame]:
    """Each file's sums (readers.cbt_sums); a file without rows has none (an empty frame)."""
    if dated is None:
        return {}
    sums = summed(dated, SUMS)
    by_name = {name: frame for (name,), frame in sums.partition_by("file", as_dict=True).items()}
    return {file: by_name.get(file.name, sums.clear()) for file in files}


def _labels_again(
    data: SourceData,
    read: list[tuple[Path, pl.DataFrame]],
    icb: str | None,
    typed: Mapping[str, type[pl.DataType]],
    parts: PartStore,
) -> list[tuple[Path, pl.DataFrame]]:
    """Files with a band label outside SPELLINGS read again by `_by_label` (and kept so)."""
    odd = [file for file, groups in read if groups["odd_label"].any()]
    if not odd:
        return read
    again = dict(collect_per_file(data, odd, _by_label(icb), typed, keep=parts.store))
    return [(file, again.get(file, groups)) for file, groups in read]


def _reissues_win(rows: pl.DataFrame) -> pl.DataFrame:
    """A reissued file (`_v2`) sorts after the original: its rows win for the same date and
    practice. Usually no date and practice comes twice and the rows are kept as they are."""
    if not rows.select("date", "practice").is_duplicated().any():
        return rows
    return rows.sort("file").unique(["date", "practice"], keep="last")


def _without_repeats(
    data: SourceData, files: list[Path], groups: pl.DataFrame, icb: str | None
) -> pl.DataFrame:
    """The files' groups again, each row counted once, for the files that repeat a row."""
    if "distinct" not in groups.columns:
        return groups
    repeating = set(groups.filter(pl.col("rows") > pl.col("distinct"))["file"].unique().to_list())
    if not repeating:
        return groups
    kept = [groups.filter(~pl.col("file").is_in(sorted(repeating)))]
    for file in files:
        if file.name not in repeating:
            continue
        text = read_csv_text(SourceData(data.source_id, "cbt"), file)
        if text is None:
            kept.append(groups.filter(pl.col("file") == file.name))
            continue
        keys = ["Date", "PRACTICE_CODE", "Indicator", "band"]
        keyed = text.with_columns(pl.col("Time_Category").str.replace_all(r"\s+", "").alias("band"))
        unique = keyed.unique(keys, keep="last", maintain_order=True).drop("band", ROW)
        if text.height == unique.height:  # a hash collision, not a repeat
            kept.append(groups.filter(pl.col("file") == file.name))
            continue
        data.add(
            file.name, "", f"{text.height - unique.height} repeated rows (same date, practice, "
            "indicator and time band) counted once", "warning",
        )  # fmt: skip
        again = _by_label(icb)(unique.lazy(), file, False).collect()
        kept.append(again.with_columns(pl.lit(file.name).alias("file")))
    return pl.concat(kept, how="vertical_relaxed")


def _checked(data: SourceData, files: list[Path], parts: list[pl.DataFrame]) -> pl.DataFrame | None:
    """Findings for all files' date x practice groups at once; the groups with their date
    parsed (`date`, null when blank) and their file's name (`file`), blank ones left out."""
    if not files or not parts:
        return None
    grouped = pl.concat(parts, how="vertical_relaxed")
    grouped = grouped.filter(pl.col("raw_date").is_not_null() | pl.col("practice").is_not_null())
    # Each distinct date text is parsed once (a year of daily files: a few hundred texts for
    # millions of groups), then looked up (a new column: the groups are not copied by a join).
    dates = grouped.select(pl.col("raw_date").unique().drop_nulls())
    dates = dates.with_columns(parse_dates("raw_date").alias("date"))
    date = pl.col("raw_date").replace_strict(
        dates["raw_date"], dates["date"], default=None, return_dtype=pl.Date
    )
    grouped = grouped.with_columns(date.alias("date"))
    bad_date = pl.col("date").is_null() & pl.col("raw_date").is_not_null()
    per_file = grouped.group_by("file").agg(
        pl.col("rows").sum(), bad_date.any().alias("bad_dates"), pl.col("bad_values").sum(),
        pl.col("odd").any(),
    )  # fmt: skip
    found = {row["file"]: row for row in per_file.iter_rows(named=True)}
    for file in files:
        row = found.get(file.name)
        if not row or not row["rows"]:
            data.add(file.name, "", "no data rows under the header")
        elif row["bad_dates"] or row["bad_values"] or row["odd"]:
            text = read_csv_text(SourceData(data.source_id, "cbt"), file)
            if text is not None:  # the slow, careful pass: only for files with odd values
                convert(data, file, text, dates=["Date"], numbers=["Value"])
                seen = text["Indicator"].unique().to_list()
                unknown_values(data, file, "Indicator", seen, INDICATORS)
    return grouped.drop("raw_date", "bad_values", "odd", "odd_label", "distinct")


def usable_dates(rows: pl.DataFrame) -> pl.DataFrame:
    """The date x practice groups a reading can use: dated, of a practice (not `Unassigned`)."""
    practice = pl.col("practice")
    return rows.filter(
        pl.col("date").is_not_null() & practice.is_not_null() & (practice != "Unassigned")
    )
