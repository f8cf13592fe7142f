"""Shared reader plumbing: finding files, decoding text safely, checking columns and values."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from storage.data.cache import resolve_files as resolve_files
from storage.data.quality import BadValue, Column, Finding, Row, Severity
from storage.data.readers.files import is_archive_member

ROW = "__row"
"""Column added by the readers: the row's line number in the file (the header is line 1)."""
MAX_ROW_FINDINGS = 5
"""Unparseable values reported one by one per column; the rest are counted in one finding."""
DATE_FORMATS = (
    "%Y-%m-%d", "%d/%m/%y", "%d/%m/%Y", "%d%b%Y", "%Y-%m-%d %H:%M:%S", "%d-%m-%Y", "%d.%m.%Y",
    "%d %b %Y", "%d %B %Y", "%d-%b-%y", "%d-%b-%Y", "%d %b %y", "%Y/%m/%d",
)  # fmt: skip
"""UK day-first forms; `%d/%m/%y` before `%d/%m/%Y`, which would read `05/03/26` as year 26."""
TAIL_BYTES = 16384
RAGGED_CHECK_BYTES = 20 * 1024 * 1024
"""Files up to this size are checked row by row for the wrong number of fields."""


@dataclass
class SourceData:
    """What a reader returns: named frames plus everything `chair check` reports."""

    source_id: str
    format: str
    files: tuple[Path, ...] = ()
    frames: dict[str, pl.DataFrame] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    rows: int = 0
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    as_of: dt.date | None = None
    latest_file: Path | None = None
    """The file holding the newest data (named on readings as their source)."""
    suggestion: list[str] = field(default_factory=list)
    """chair.toml lines to paste (a `columns` table naming the file's own headers)."""
    origin: pl.DataFrame | None = None
    """National files: which file gave each practice's rows (practice, file, period), after
    overlapping releases are resolved; None when every row comes from every file."""

    @property
    def file_date(self) -> dt.date | None:
        """The date the newest of the files was last saved."""
        stamps = [p.stat().st_mtime for p in self.files if p.exists()]
        return dt.datetime.fromtimestamp(max(stamps)).date() if stamps else None

    def problem(self) -> str | None:
        """Why no reading can be made from this source, or None when there is usable data."""
        if self.frames:
            return None
        errs = [f for f in self.findings if f.severity == "error"]
        if errs:
            return "; ".join(
                f"{f.file} {f.where}: {f.message}".replace("  ", " ") for f in errs[:2]
            )
        return "no usable data in the source"

    def add(
        self,
        file: str,
        where: str | Row | Column,
        message: str,
        severity: str = "error",
        doubt: bool = False,
    ) -> None:
        """A finding; `where` is a row, a column, or words ('last line', 'byte 12', '')."""
        level: Severity = "warning" if severity == "warning" else "error"
        if isinstance(where, str):
            self.findings.append(Finding(self.source_id, file, where, message, level, doubt))
        else:
            self.findings.append(Finding.at(self.source_id, file, where, message, level, doubt))

    def add_bad_value(self, file: str, bad: BadValue) -> None:
        """Values that did not parse (read as missing)."""
        self.findings.append(Finding.of_bad_value(self.source_id, file, bad))

    def doubts(self) -> list[Finding]:
        """Findings that put the data in doubt (see `Finding.doubt`)."""
        return [f for f in self.findings if f.doubt]


def file_bytes(data: SourceData, path: Path) -> bytes | None:
    """The file's bytes, or None with a finding when it cannot be read or is empty."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        data.add(path.name, "", f"cannot be read ({exc.strerror or exc})")
        return None
    if not raw.strip():
        data.add(path.name, "", "file is empty (0 bytes or only blank lines)")
        return None
    return raw


def utf8_bytes(data: SourceData, path: Path, raw: bytes) -> bytes:
    """UTF-8 bytes for polars: BOM dropped; Windows-1252 text re-encoded (with a warning)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        data.add(
            path.name,
            f"byte {exc.start}",
            "not UTF-8 text; read as Windows-1252 (save as UTF-8 to silence this)",
            "warning",
        )
        raw = raw.decode("cp1252", errors="replace").encode("utf-8")
    return raw


def read_csv_text(
    data: SourceData, path: Path, keep: Callable[[str], bool] | None = None
) -> pl.DataFrame | None:
    """Read a CSV with every column as text, a line-number column, and blank rows dropped.

    `keep` picks the columns worth parsing (wide national files have hundreds).
    """
    raw = file_bytes(data, path)
    if raw is None:
        return None
    raw = utf8_bytes(data, path, raw)
    columns = None
    if keep is not None:
        header = next(
            csv.reader(io.StringIO(raw[:65536].decode("utf-8", "replace").splitlines()[0]))
        )
        columns = [name for name in header if keep(name.strip())] or None
    try:
        frame = pl.read_csv(
            io.BytesIO(raw),
            columns=columns,
            infer_schema=False,
            truncate_ragged_lines=True,
            row_index_name=ROW,
            row_index_offset=2,
        )
    except Exception as exc:  # polars raises several kinds for malformed text
        data.add(path.name, "", f"cannot be parsed as CSV ({_short(exc)})")
        return None
    return tidy(data, path, frame)


def tidy(data: SourceData, path: Path, frame: pl.DataFrame) -> pl.DataFrame | None:
    """Trim header names and cells; drop rows that are entirely blank (trailing rows in trackers)."""
    frame = frame.rename({c: c.strip().lstrip("\ufeff") for c in frame.columns if c != ROW})
    text_cols = [c for c in frame.columns if c != ROW]
    stripped = pl.col(text_cols).str.strip_chars()
    frame = frame.with_columns(pl.when(stripped.str.len_bytes() > 0).then(stripped))
    frame = frame.filter(pl.any_horizontal(pl.col(text_cols).is_not_null()))
    if frame.height == 0:
        data.add(path.name, "", "no data rows under the header")
        return None
    return frame


def require_columns(
    data: SourceData, path: Path, columns: Iterable[str], required: Sequence[str]
) -> bool:
    """Report each missing column; True when all are there."""
    present = set(columns)
    missing = [c for c in required if c not in present]
    if missing and len(missing) * 2 > len(required) and is_archive_member(path):
        # e.g. the Mapping.csv published in the same zip as the practice crosstab
        data.add(path.name, "", f"not a {data.format} file (most of its columns are missing): "
                 "another file of the archive, skipped", "warning")  # fmt: skip
        return False
    for name in missing:
        data.add(path.name, Column(name), "required column is missing")
    return not missing


def parse_dates(column: str) -> pl.Expr:
    """ISO, UK DD/MM/YYYY, `01DEC2025` or spreadsheet date-times, whichever matches."""
    text = pl.col(column)
    return pl.coalesce(
        [text.str.to_date(fmt, strict=False) for fmt in DATE_FORMATS]
        + [text.str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False)]
    ).alias(column)


NA_TOKENS = ["NA", "N/A", "-", ""]


def parse_numbers(columns: str | Sequence[str], dtype: type[pl.DataType] = pl.Float64) -> pl.Expr:
    """Numbers with thousands separators and £ signs tolerated; NA and blanks become missing."""
    text = pl.col(columns).str.replace_all(r"[£,\s]", "")
    number = text.cast(pl.Float64, strict=False)
    return number if dtype == pl.Float64 else number.cast(dtype, strict=False)


def convert(
    data: SourceData,
    path: Path,
    frame: pl.DataFrame,
    dates: Sequence[str] = (),
    numbers: Sequence[str] = (),
    integers: Sequence[str] = (),
    file_column: str | None = None,
) -> pl.DataFrame:
    """Parse typed columns; every value that does not parse becomes missing and a finding.

    With `file_column`, the frame holds several files and findings name each row's own file.
    """
    kinds = {c: "date" for c in dates if c in frame.columns}
    kinds |= {c: "number" for c in numbers if c in frame.columns}
    kinds |= {c: "whole number" for c in integers if c in frame.columns}
    if not kinds:
        return frame
    exprs = [parse_dates(c) for c, k in kinds.items() if k == "date"]
    for kind, dtype in (("number", pl.Float64), ("whole number", pl.Int64)):
        chosen = [c for c, k in kinds.items() if k == kind]
        if chosen:
            exprs.append(parse_numbers(chosen, dtype))
    parsed = frame.with_columns(exprs)
    # Two passes in all: values present in the text vs values that parsed, per column.
    columns = list(kinds)
    given = frame.select(
        (pl.col(columns).is_not_null() & ~pl.col(columns).str.to_uppercase().is_in(NA_TOKENS)).sum()
    ).row(0)
    kept = parsed.select(pl.col(columns).is_not_null().sum()).row(0)
    for column, before, after in zip(columns, given, kept, strict=True):
        if before > after:
            mask = (
                frame[column].is_not_null()
                & ~frame[column].str.to_uppercase().is_in(NA_TOKENS)
                & parsed[column].is_null()
            )
            bad = frame.filter(mask)
            if file_column is None:
                report_bad_values(data, path, column, kinds[column], bad[ROW], bad[column])
                continue
            for (name,), part in bad.group_by(file_column, maintain_order=True):
                report_bad_values(
                    data, Path(str(name)), column, kinds[column], part[ROW], part[column]
                )
    return parsed


def report_no_usable_rows(data: SourceData, files: Iterable[Path], needed: str) -> None:
    """Files whose rows all lack what a reading needs (blanks, stray bytes) give a finding each."""
    flagged = {finding.file for finding in data.findings}
    for file in files:
        if file.name not in flagged:
            data.add(file.name, "", f"no usable rows: none has {needed}")


def report_bad_values(
    data: SourceData, path: Path, column: str, kind: str, rows: pl.Series, values: pl.Series
) -> None:
    for row, value in zip(rows.head(MAX_ROW_FINDINGS), values.head(MAX_ROW_FINDINGS), strict=True):
        data.add_bad_value(path.name, BadValue(column, kind, row, str(value)))
    if rows.len() > MAX_ROW_FINDINGS:
        data.add_bad_value(path.name, BadValue(column, kind, count=rows.len() - MAX_ROW_FINDINGS))


def unknown_values(
    data: SourceData, path: Path, column: str, seen: Iterable[str | None], known: set[str]
) -> None:
    """A warning naming category values the reader does not recognise (they are still used)."""
    odd = sorted({v for v in seen if v is not None and v not in known})
    if odd:
        shown = ", ".join(f"'{v}'" for v in odd[:5]) + (" ..." if len(odd) > 5 else "")
        data.add(
            path.name,
            Column(column),
            f"unrecognised values kept as they are: {shown}",
            "warning",
        )


def _short(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0][:160] if str(exc).strip() else type(exc).__name__


FILE = "__file"
"""Column naming each row's file when several files are scanned together."""


def scan_together(
    files: Sequence[Path], typed: Mapping[str, type[pl.DataType]] | None = None
) -> pl.LazyFrame:
    """One lazy scan over files that share a header, each row tagged with its file (FILE)."""
    return pl.scan_csv(
        list(files), infer_schema=False, truncate_ragged_lines=True,
        schema_overrides=typed or None, include_file_paths=FILE,
    )  # fmt: skip


def split_by_file(files: Sequence[Path], frame: pl.DataFrame) -> list[tuple[Path, pl.DataFrame]]:
    """Undo `scan_together` after aggregation: one frame per file (empty for a file with no rows)."""
    parts = {str(k[0]): v.drop(FILE) for k, v in frame.partition_by(FILE, as_dict=True).items()}
    empty = frame.drop(FILE).clear()
    return [(f, parts.get(str(f), empty)) for f in files]


def scan_text(path: Path, typed: Mapping[str, type[pl.DataType]] | None = None) -> pl.LazyFrame:
    """A lazy scan of a CSV, all text except the `typed` columns (polars drops a UTF-8 BOM)."""
    return pl.scan_csv(
        path, infer_schema=False, truncate_ragged_lines=True, schema_overrides=typed or None
    )


def check_tail(data: SourceData, path: Path, fields: int) -> None:
    """A doubt finding when the file's last line is cut part-way (fewer fields than the header,
    or a quote left open): what a failed or interrupted download leaves."""
    if fields < 2:
        return
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            handle.seek(max(0, size - TAIL_BYTES))
            tail = handle.read()
    except OSError:
        return
    lines = tail.decode("utf-8", "replace").rstrip("\r\n\t ").splitlines()
    if len(lines) < 2 and size > TAIL_BYTES:
        return
    last = lines[-1] if lines else ""
    if not last.strip():
        return
    try:
        count = len(next(csv.reader([last]), []))
    except csv.Error:  # e.g. NUL bytes: the file is damaged at its end
        count = 0
    if count < fields or last.count('"') % 2:
        data.add(path.name, "last line", f"cut off part-way ({count} of {fields} fields): the "
                 "file looks like an incomplete download; download it again", doubt=True)  # fmt: skip


def csv_header(data: SourceData, path: Path) -> list[str] | None:
    """The header's column names, or None (with a finding) when the file is empty or unreadable."""
    try:
        with path.open("rb") as handle:
            head = handle.read(65536)
    except OSError as exc:
        data.add(path.name, "", f"cannot be read ({exc.strerror or exc})")
        return None
    if not head.strip():
        data.add(path.name, "", "file is empty (0 bytes or only blank lines)")
        return None
    text = head.decode("utf-8-sig", errors="replace").splitlines()[0]
    header = [c.strip() for c in next(csv.reader(io.StringIO(text)))]
    check_tail(data, path, len(header))
    return header


def collect_per_file(
    data: SourceData,
    files: Sequence[Path],
    build: Callable[[pl.LazyFrame, Path, bool], pl.LazyFrame],
    typed: Mapping[str, type[pl.DataType]] | None = None,
    keep: Callable[[Path, pl.DataFrame], None] | None = None,
) -> list[tuple[Path, pl.DataFrame]]:
    """Run `build` over every file in one parallel collect (the fast path, with the `typed`
    columns parsed by the scan; the streaming engine aggregates each file as it is read). A file that fails it (a value that is not a number, Windows-1252
    text) is retried alone, then through the careful text reader with every column as text;
    `build` is told which (`True` when the typed columns are already numbers). `keep` is given
    each file read by the fast path (what readers.parts keeps; a careful read is not kept)."""
    if not files:
        return []
    try:
        fast = [build(scan_text(f, typed), f, True) for f in files]
        frames = pl.collect_all(fast, engine="streaming")
        read = list(zip(files, frames, strict=True))
        for file, frame in read:
            if keep is not None:
                keep(file, frame)
        return read
    except Exception:  # noqa: BLE001 - retried file by file below
        pass
    result: list[tuple[Path, pl.DataFrame]] = []
    for file in files:
        try:
            alone = build(scan_text(file, typed), file, True)
            result.append((file, alone.collect(engine="streaming")))
            if keep is not None:
                keep(*result[-1])
            continue
        except Exception:  # noqa: BLE001 - the careful reader reports what is wrong
            pass
        text = read_csv_text(data, file)
        if text is None:
            continue
        try:
            result.append((file, build(text.drop(ROW).lazy(), file, False).collect()))
        except Exception as exc:  # noqa: BLE001 - e.g. a column missing after all
            data.add(file.name, "", f"cannot be read ({_short(exc)})")
    return result
