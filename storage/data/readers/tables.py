"""A tracker's table as practices keep it: title rows above the header, their own header
wording, Windows-1252 text, UK dates, a sheet chosen by name or position.

`read_tracker_table` finds the header row (or takes `header_row`), matches its headers to
Chair's column names (normalised: case, spacing, punctuation and a unit suffix such as "(£)"
ignored; synonyms and the source's `columns` table), and returns the rows as text columns
named as Chair names them, with each row's line number (ROW) and file (`__file`).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from storage.data.quality import Column, Row
from storage.data.readers.common import ROW, SourceData, file_bytes, tidy, utf8_bytes
from storage.data.readers.files import EXCEL_SUFFIXES, ReadOptions
from storage.data.readers.guess import looks_like_header, profile, propose

HEADER_SEARCH_ROWS = 20
"""Rows looked at for the header when `header_row` is not set."""
RAGGED_REPORTED = 3
FILE = "__file"


@dataclass(frozen=True)
class TableSpec:
    required: tuple[str, ...]
    known: tuple[str, ...]
    """Every column Chair reads (required ones included)."""
    synonyms: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    kinds: Mapping[str, str] = field(default_factory=dict)
    """Chair's column -> the kind of content it holds (storage.data.readers.guess)."""
    orders: tuple[tuple[str, ...], ...] = ()
    """Columns of one kind in the order of their values (completed before expires)."""
    categories: Mapping[str, frozenset[str]] = field(default_factory=dict)


_UNIT = re.compile(
    r"\s*[\(\[]\s*(£|gbp|%|pounds?|yyyy-mm-dd|dd/mm/yyyy|dd/mm/yy|date)\s*[\)\]]\s*$"
)


def normalise(header: str) -> str:
    """`Expiry Date (£)` / `expiry_date` / ` EXPIRY-date ` -> `expiry date`."""
    text = header.strip().lstrip("\ufeff").lower().replace("£", " £ ")
    text = _UNIT.sub("", text.strip())
    text = re.sub(r"[^0-9a-z]+", " ", text)
    return " ".join(text.split())


def _names(column: str, spec: TableSpec, mapping: Mapping[str, str]) -> list[str]:
    if column in mapping:
        return [normalise(mapping[column])]
    return [normalise(column), *(normalise(s) for s in spec.synonyms.get(column, ()))]


Lookup = dict[str, list[tuple[int, int, str]]]
"""Normalised header -> (rank, column order, Chair's column) for every name it may stand for."""


def lookup(spec: TableSpec, mapping: Mapping[str, str]) -> Lookup:
    """Every name of every column, normalised once (mapped columns first, then exact names,
    then synonyms in the order listed)."""
    found: Lookup = {}
    order = sorted(spec.known, key=lambda c: (c not in mapping,))
    for position, column in enumerate(order):
        for rank, name in enumerate(_names(column, spec, mapping)):
            if name:
                found.setdefault(name, []).append((rank, position, column))
    return found


def match_headers(headers: Sequence[str], names: Lookup) -> dict[str, int]:
    """Chair's column -> the index of the header that holds it (each header used once; by
    rank, then column order, then the leftmost header)."""
    candidates = sorted(
        (rank, position, index, column)
        for index, header in enumerate(headers)
        for rank, position, column in names.get(normalise(header), ())
    )
    found: dict[str, int] = {}
    taken: set[int] = set()
    for _, _, index, column in candidates:
        if column not in found and index not in taken:
            found[column] = index
            taken.add(index)
    return found


def _rows_of_csv(data: SourceData, path: Path) -> list[list[str]] | None:
    raw = file_bytes(data, path)
    if raw is None:
        return None
    text = utf8_bytes(data, path, raw).decode("utf-8", errors="replace")
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        data.add(path.name, "", f"cannot be parsed as CSV ({exc})")
        return None


def _rows_of_workbook(data: SourceData, path: Path, options: ReadOptions) -> list[list[str]] | None:
    sheet = options.sheet
    try:
        common: dict[str, Any] = {
            "engine": "calamine", "has_header": False, "infer_schema_length": 0,
            "drop_empty_rows": False, "drop_empty_cols": False, "raise_if_empty": False,
        }  # fmt: skip
        if isinstance(sheet, int):
            frame = pl.read_excel(path, sheet_id=sheet, **common)
        elif sheet:
            frame = pl.read_excel(path, sheet_name=sheet, **common)
        else:
            frame = pl.read_excel(path, **common)
    except Exception as exc:  # noqa: BLE001 - fastexcel raises its own types for bad workbooks
        where = f"sheet {sheet}" if sheet else ""
        data.add(path.name, where, _workbook_problem(path, sheet, exc))
        return None
    if not isinstance(frame, pl.DataFrame):
        return None
    frame = frame.with_columns(pl.all().cast(pl.String))
    return [["" if v is None else str(v) for v in row] for row in frame.iter_rows()]


def _workbook_problem(path: Path, sheet: str | int | None, exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0][:160] if str(exc).strip() else type(exc).__name__
    if sheet is not None:
        try:
            import fastexcel

            names = fastexcel.read_excel(str(path)).sheet_names
        except Exception:  # noqa: BLE001 - the workbook itself is unreadable
            return f"cannot open spreadsheet ({text})"
        if (isinstance(sheet, int) and not 1 <= sheet <= len(names)) or (
            isinstance(sheet, str) and sheet not in names
        ):
            shown = ", ".join(f"'{n}'" for n in names)
            return f"no sheet {sheet!r} in the workbook (its sheets: {shown}; sheet = a name or a number from 1)"
    return f"cannot open spreadsheet ({text})"


def read_tracker_table(
    data: SourceData, path: Path, options: ReadOptions, spec: TableSpec
) -> pl.DataFrame | None:
    """The tracker's rows with Chair's column names, or None (with findings and, for missing
    columns, `data.suggestion`)."""
    excel = path.suffix.lower() in EXCEL_SUFFIXES
    if excel and path.stat().st_size == 0:
        data.add(path.name, "", "file is empty (0 bytes)")
        return None
    rows = _rows_of_workbook(data, path, options) if excel else _rows_of_csv(data, path)
    if rows is None:
        return None
    if not any(any(cell.strip() for cell in row) for row in rows):
        data.add(path.name, "", "file is empty (no text in it)")
        return None
    mapping = dict(options.columns)
    names = lookup(spec, mapping)
    unknown = sorted(set(mapping) - set(spec.known))
    for name in unknown:
        data.add("chair.toml", f"columns.{name}", f"'{name}' is not a column Chair reads from "
                 f"this tracker (it reads: {', '.join(spec.known)})")  # fmt: skip
    if options.header_row is not None:
        at = options.header_row - 1
        if at >= len(rows):
            data.add(path.name, "", f"header_row = {options.header_row}, but the file has only "
                     f"{len(rows)} rows")  # fmt: skip
            return None
    else:
        # A row holding dates or amounts is data, whatever words it has ('paid' is a status).
        scores = [
            len(match_headers(r, names)) if looks_like_header(r, 0) else 0
            for r in rows[:HEADER_SEARCH_ROWS]
        ]
        best = max(scores)
        at = scores.index(best) if best else _header_by_shape(rows[:HEADER_SEARCH_ROWS])
    header = [c.strip() for c in rows[at]]
    found = match_headers(header, names)
    missing = [c for c in spec.required if c not in found]
    if missing:
        _missing(data, path, header, at + 1, missing, found, spec, mapping, rows[at + 1 :])
        return None
    body = rows[at + 1 :]
    if not excel:
        _ragged(data, path, body, len(header), at + 2)
    columns = {
        name: [row[index] if index < len(row) else None for row in body]
        for name, index in found.items()
    }
    frame = pl.DataFrame(columns, schema={name: pl.String for name in found})
    frame = frame.with_columns(pl.int_range(at + 2, at + 2 + len(body), dtype=pl.Int64).alias(ROW))
    tidied = tidy(data, path, frame)
    return None if tidied is None else tidied.with_columns(pl.lit(str(path)).alias(FILE))


def _ragged(data: SourceData, path: Path, body: list[list[str]], width: int, first: int) -> None:
    """Rows with fewer fields than the header, or more that hold text: a doubt finding each."""
    last = max((i for i, row in enumerate(body) if any(c.strip() for c in row)), default=-1)
    bad = []
    for index, row in enumerate(body[: last + 1]):
        if not any(c.strip() for c in row):
            continue
        if len(row) < width or any(c.strip() for c in row[width:]):
            bad.append((index, len(row)))
    for index, count in bad[:RAGGED_REPORTED]:
        cut = index == last and count < width
        where = "last line" if cut else Row(first + index)
        what = (
            "cut off part-way; the file looks like an incomplete save or download"
            if cut
            else "the wrong number of fields"
        )
        data.add(path.name, where, f"{what} ({count} fields, the header has {width}): "
                 "check the file", doubt=True)  # fmt: skip
    if len(bad) > RAGGED_REPORTED:
        data.add(path.name, "", f"{len(bad) - RAGGED_REPORTED} more rows with the wrong number "
                 "of fields", doubt=True)  # fmt: skip


def _header_by_shape(rows: list[list[str]]) -> int:
    """With no header word known: the first row shaped like a header (below any title and
    blank lines), else the first row with text."""
    widest = max((sum(1 for c in r if c.strip()) for r in rows), default=0)
    first = next(i for i, r in enumerate(rows) if any(c.strip() for c in r))
    return next((i for i, r in enumerate(rows) if looks_like_header(r, widest)), first)


def _missing(
    data: SourceData, path: Path, header: list[str], line: int, missing: list[str],
    found: Mapping[str, int], spec: TableSpec, mapping: Mapping[str, str],
    body: list[list[str]],
) -> None:  # fmt: skip
    """Name each missing column with the column proposed for it (from its header's words and
    its contents), the headers the file has, and the `columns` lines to paste."""
    used = set(found.values())
    free = [profile(i, h, body, normalise(h)) for i, h in enumerate(header) if h and i not in used]
    names = {c: _names(c, spec, {}) for c in missing}
    guesses = propose(missing, free, spec.kinds, names, spec.orders, spec.categories)
    shown = ", ".join(f"'{h}'" for h in header if h) or "none"
    lines: list[str] = []
    for column in missing:
        guess = guesses.get(column)
        if guess is None:
            data.add(path.name, Column(column), "required column is missing; no column's "
                     f"contents can be read as {column}")  # fmt: skip
            lines.append(f'# {column} = "<the header in your file>"  # no column fits')
            continue
        doubt = " (uncertain: check it)" if guess.uncertain else ""
        data.add(path.name, Column(column), f"required column is missing; proposed: "
                 f"'{guess.header}', by {guess.why}{doubt}")  # fmt: skip
        note = f"  # uncertain: by {guess.why}" if guess.uncertain else ""
        lines.append(f"{column} = {json.dumps(guess.header)}{note}")
    data.add(path.name, Row(line), f"the file's headers are: {shown} "
             f"(map them with [sources.{data.source_id}.columns]; see the lines to paste below)",
             "warning")  # fmt: skip
    if not data.suggestion:
        data.suggestion.append(f"[sources.{data.source_id}.columns]")
        data.suggestion += [f"{k} = {json.dumps(v)}" for k, v in mapping.items()]
    data.suggestion += [line_ for line_ in lines if line_ not in data.suggestion]
