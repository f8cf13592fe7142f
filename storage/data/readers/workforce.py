"""GP workforce practice-level detailed CSV (`1 General Practice – <Month> <YYYY> Practice Level - Detailed.csv`).

`NA` is missing; the header may carry a BOM, and its names are read whatever their case and
spacing ('total_dpc_splw_fte', ' Total DPC SPLW FTE ' are TOTAL_DPC_SPLW_FTE, as extracts of the
file spell them); the period is the month in the file name (figures are as at the end of that
month). Every `*_FTE` column and the four staff groups' head counts
(`TOTAL_GP_HC` etc.) are parsed as numbers (other head counts and age bands are not read).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import polars as pl

from domain.dates import month_end
from storage.data.readers.common import (
    FILE,
    ROW,
    SourceData,
    collect_per_file,
    convert,
    csv_header,
    require_columns,
    scan_together,
)
from storage.data.readers.files import ReadOptions, gather
from storage.data.readers.parts import PartStore

PARTS_VERSION = "workforce-1"
"""The version of each file's kept rows (the columns read): bump when `_wanted` changes."""
COLUMNS = ("PRAC_CODE", "TOTAL_PATIENTS", "TOTAL_GP_FTE")
MONTH_NAMES = ["january", "february", "march", "april", "may", "june", "july", "august",
               "september", "october", "november", "december"]  # fmt: skip


IDENTIFIERS = {"PRAC_CODE", "PRAC_NAME", "PCN_CODE", "SUB_ICB_CODE", "ICB_CODE"}
HEAD_COUNTS = {"TOTAL_GP_HC", "TOTAL_NURSES_HC", "TOTAL_DPC_HC", "TOTAL_ADMIN_HC"}
"""The staff groups' head counts (for head count per FTE); other head counts are skipped."""


def _wanted(column: str) -> bool:
    """Identifiers, the list size, every FTE total and the staff groups' head counts (other head
    counts and age bands are skipped)."""
    return (
        column in IDENTIFIERS or column in HEAD_COUNTS or column == "TOTAL_PATIENTS"
        or column.endswith("_FTE")
    )  # fmt: skip


def canonical(column: str) -> str:
    """A header as the publication spells it: 'Total dpc splw fte ' or 'total-dpc-splw-fte' ->
    'TOTAL_DPC_SPLW_FTE' (case, outer spaces and inner spaces or hyphens do not matter)."""
    return re.sub(r"[\s\-_]+", "_", column.strip().lstrip("\ufeff").strip()).upper()


def period_of(path: Path) -> dt.date | None:
    """`... November 2025 Practice Level ...` -> 2025-11-30; None when the name has no month."""
    match = re.search(r"(" + "|".join(MONTH_NAMES) + r")\s+(\d{4})", path.stem, re.IGNORECASE)
    if not match:
        return None
    return month_end(dt.date(int(match.group(2)), MONTH_NAMES.index(match.group(1).lower()) + 1, 1))


def read_workforce(source_id: str, path: Path, options: ReadOptions | None = None) -> SourceData:
    """Read every matching workforce file, one period per file; never raises."""
    data = SourceData(source_id, "workforce")
    files = gather(data, path, options or ReadOptions())
    if not files:
        return data
    chosen: dict[Path, tuple[dt.date, list[str]]] = {}
    for file in files:
        period = period_of(file)
        if period is None:
            data.add(
                file.name,
                "",
                "no month and year in the file name (e.g. 'November 2025'); file ignored",
            )
            continue
        header = csv_header(data, file)
        published = [canonical(c) for c in header] if header is not None else None
        if published is not None and require_columns(data, file, published, COLUMNS):
            chosen[file] = (period, [c for c in dict.fromkeys(published) if _wanted(c)])

    def keep(file: Path, frame: pl.DataFrame) -> None:
        store.store(file, frame.filter(pl.col("PRAC_CODE").is_not_null()))

    def build(lf: pl.LazyFrame, file: Path, typed: bool) -> pl.LazyFrame:
        period, columns = chosen[file]
        return lf.with_row_index(ROW, offset=2).select(
            pl.col(ROW).cast(pl.Int64), *_as_published(lf, columns),
            pl.lit(period).alias("period"), pl.lit(file.name).alias("file"),
        )  # fmt: skip

    # Each file's rows are kept (readers.parts): a new month's file is the only one read.
    store = PartStore((options or ReadOptions()).parts_dir, PARTS_VERSION)
    parts: list[pl.DataFrame] = []
    by_header: dict[tuple[str, ...], list[Path]] = {}
    for file, (_, wanted) in chosen.items():
        kept = store.load(file)
        if kept is not None:
            parts.append(kept)
        else:
            by_header.setdefault(tuple(wanted), []).append(file)
    for names, group in by_header.items():
        try:  # files sharing a header: one scan; on any trouble, file by file (careful path)
            if len(group) < 2:
                raise ValueError("one file")
            scanned = scan_together(group)
            together = scanned.select(
                (pl.int_range(pl.len()).over(FILE) + 2).cast(pl.Int64).alias(ROW),
                *_as_published(scanned, list(names)), pl.col(FILE),
            )  # fmt: skip
            paths = [str(f) for f in group]
            named = together.with_columns(
                pl.col(FILE).replace_strict(paths, [chosen[f][0] for f in group],
                                            return_dtype=pl.Date).alias("period"),
                pl.col(FILE).replace_strict(paths, [f.name for f in group],
                                            return_dtype=pl.String).alias("file"),
            ).drop(FILE)  # fmt: skip
            rows = named.filter(pl.col("PRAC_CODE").is_not_null()).collect()
            for file in group:
                store.store(file, rows.filter(pl.col("file") == file.name))
            parts.append(rows)
        except Exception:  # noqa: BLE001 - the per-file path reports what is wrong
            parts += [frame for _, frame in collect_per_file(data, group, build, keep=keep)]
    parts = [p.filter(pl.col("PRAC_CODE").is_not_null()) for p in parts]
    present = {name for p in parts for name in p["file"].unique().to_list()}
    used = [file for file in chosen if file.name in present]
    for file in chosen:
        if file not in used:
            data.add(file.name, "", "no data rows under the header")
    if used:
        data.latest_file = max(used, key=lambda f: chosen[f][0])
    data.files = tuple(used)
    if used:
        text = pl.concat([p for p in parts if p.height], how="diagonal_relaxed")
        data.rows = text.height
        numeric = [
            c for c in text.columns
            if c.endswith("_FTE") or c == "TOTAL_PATIENTS" or c in HEAD_COUNTS
        ]  # fmt: skip
        frame = convert(data, Path(), text, numbers=numeric, file_column="file")
        icb = next((c for c in ("SUB_ICB_CODE", "ICB_CODE") if c in frame.columns), None)
        frame = frame.select(
            "period", pl.col("PRAC_CODE").alias("practice"),
            (pl.col("PCN_CODE") if "PCN_CODE" in frame.columns else pl.lit(None, pl.String)).alias("pcn"),
            (pl.col(icb) if icb else pl.lit(None, pl.String)).alias("icb"),
            *[pl.col(c) for c in numeric],
        ).unique(["period", "practice"], keep="last")  # fmt: skip
        data.frames["practice"] = frame.sort("practice", "period")
        data.period_start = frame["period"].min()  # type: ignore[assignment]
        data.period_end = data.as_of = frame["period"].max()  # type: ignore[assignment]
    return data


def _as_published(lf: pl.LazyFrame, columns: list[str]) -> list[pl.Expr]:
    """Each wanted column under its published name, whatever the file's case and spacing (the
    first of two headers that mean the same wins), its values stripped."""
    found: dict[str, str] = {}
    for raw in lf.collect_schema().names():
        found.setdefault(canonical(raw), raw)
    return [pl.col(found[c]).str.strip_chars().alias(c) for c in columns]
