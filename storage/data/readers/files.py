"""Which files a source reads, and refusing the ones that must not be opened.

A configured path may be a file, a glob (`qof/*.csv`), a folder, or `.zip` archives in any of
these (the NHS publications come zipped: their CSV and Excel members are read, readmes are
skipped, each member extracted once into the cache folder). Before anything is opened, a path
that is not a regular file (a FIFO, a device, a socket) is refused, as is a file above the size
cap; a file that should be text but holds binary data, or a workbook that is not one, is refused
in one line. Nothing here can block: regular files are only `stat`ed and their first bytes read.
"""

from __future__ import annotations

import datetime as dt
import glob
import hashlib
import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from storage.data.file_kind import special_kind

if TYPE_CHECKING:
    from collections.abc import Mapping

    from storage.data.quality import Column, Row


class SourceData(Protocol):
    """What these checks report to (storage.data.readers.common.SourceData)."""

    def add(
        self, file: str, where: str | Row | Column, message: str, severity: str = "error",
        doubt: bool = False,
    ) -> None: ...  # fmt: skip


DEFAULT_MAX_MB = 1024.0
"""The default size cap of one data file (a national GPAD file is about 200 MB)."""
TABLE_SUFFIXES = {".csv", ".xlsx", ".xlsm", ".xls", ".ods"}
"""Members of an archive that are read (readmes, PDFs and the like are skipped)."""
EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
SNIFF_BYTES = 8192


@dataclass(frozen=True)
class ReadOptions:
    """A source's reading settings from chair.toml (`[sources.<id>]`)."""

    sheet: str | int | None = None
    """Sheet name, or position counting from 1."""
    header_row: int | None = None
    """Line (CSV) or row (.xlsx) of the header, counting from 1; None: found automatically."""
    columns: Mapping[str, str] = field(default_factory=dict)
    """Chair's column name -> the header as the file has it."""
    max_mb: float = DEFAULT_MAX_MB
    parts_dir: Path | None = None
    """Where each file's partial aggregates are kept between runs (readers.parts); None: not."""


_ORIGIN: dict[Path, str] = {}
"""Extracted archive member -> `Archive.zip/member.csv` (how provenance names it)."""


def display_name(path: Path) -> str:
    """A file as a reading names it: its name, or `archive.zip/member` for an archive member."""
    return _ORIGIN.get(path, path.name)


def is_archive_member(path: Path) -> bool:
    return path in _ORIGIN


def archive_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "chair" / "archives"


def listed(path: Path) -> list[Path]:
    """What a configured path names, before any check: a glob's matches, a folder's entries
    (hidden ones and sub-folders skipped), or the path itself when something is there."""
    text = str(path)
    if any(ch in text for ch in "*?["):
        return sorted(Path(p) for p in glob.glob(text) if not os.path.isdir(p))
    if path.is_dir():
        return sorted(p for p in path.iterdir() if not p.name.startswith(".") and not p.is_dir())
    return [path] if os.path.lexists(path) else []


def gather(data: SourceData, path: Path, options: ReadOptions, text: bool = True) -> list[Path]:
    """The files a source reads, each checked (regular, under the cap, the right kind), with
    archives replaced by their table members. Problems become findings on `data`.

    `text`: the reader expects CSV text (an Excel suffix is always checked as a workbook).
    """
    found = listed(path)
    if not found:
        data.add(path.name, "", f"no file matches '{path}' (check [sources] path in chair.toml)")
        return []
    files: list[Path] = []
    for file in found:
        if not admit(data, file, options.max_mb):
            continue
        if file.suffix.lower() == ".zip":
            files += [m for m in unzip(data, file, options.max_mb) if sniff(data, m, text)]
        elif sniff(data, file, text):
            files.append(file)
    return files


def size_text(size: float) -> str:
    if size >= 1024**3:
        return f"{size / 1024**3:.1f} GB"
    if size >= 1024**2:
        return f"{size / 1024**2:.1f} MB"
    return f"{size / 1024:.0f} KB" if size >= 1024 else f"{int(size)} bytes"


def admit(data: SourceData, file: Path, max_mb: float) -> bool:
    """Refuse, without opening it, what is not a regular file or is above the size cap."""
    try:
        info = os.stat(file)
    except OSError as exc:
        data.add(file.name, "", f"cannot be read ({exc.strerror or exc})")
        return False
    kind = special_kind(info.st_mode)
    if kind is not None:
        data.add(file.name, "", f"is {kind}, not a data file: refused without opening it "
                 "(point [sources] path at the downloaded file)")  # fmt: skip
        return False
    cap = max_mb * 1024 * 1024
    if info.st_size > cap:
        data.add(file.name, "", f"is {size_text(info.st_size)}, above the {size_text(cap)} size "
                 "cap: refused (set max_file_mb for this source if the file is right)")  # fmt: skip
        return False
    return True


def sniff(data: SourceData, file: Path, text: bool = True) -> bool:
    """Refuse in one line a workbook that is not one, or 'CSV' that is not text."""
    try:
        with file.open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
            size = os.fstat(handle.fileno()).st_size
            tail = b""
            if size > SNIFF_BYTES:
                handle.seek(max(SNIFF_BYTES, size - SNIFF_BYTES))
                tail = handle.read(SNIFF_BYTES)
    except OSError as exc:
        data.add(file.name, "", f"cannot be read ({exc.strerror or exc})")
        return False
    suffix = file.suffix.lower()
    if suffix in EXCEL_SUFFIXES:
        ole = head.startswith(b"\xd0\xcf\x11\xe0")
        if not head:
            return True  # the reader reports an empty file
        if not (head.startswith(b"PK\x03\x04") or (ole and suffix == ".xls")):
            data.add(file.name, "", "not an Excel workbook (the file's contents are not a "
                     "spreadsheet: save it again from Excel, or export it as CSV)")  # fmt: skip
            return False
        return True
    if not text:
        return True
    problem = None
    if head.startswith(b"PK\x03\x04"):
        problem = "not a CSV text file (it is a zip archive or an Excel workbook: rename it)"
    elif head.startswith((b"\xff\xfe", b"\xfe\xff")):
        problem = "not a CSV text file Chair can read (UTF-16 text: save it as CSV UTF-8)"
    elif head and _binary(head):
        problem = "not a CSV text file (it holds binary data: is it the right file?)"
    elif tail and _binary(tail):
        problem = ("not a CSV text file all through: its end holds binary data (a damaged or "
                   "unfinished download?); download it again")  # fmt: skip
    if problem:
        data.add(file.name, "", problem)
        return False
    return True


_NOT_CONTROL = bytes([9, 10, 13, *range(32, 256)])


def _binary(chunk: bytes) -> bool:
    """NUL bytes, or more than 1% control characters (text has tabs and line ends only)."""
    controls = len(chunk.translate(None, _NOT_CONTROL))
    return b"\x00" in chunk or controls > len(chunk) // 100


def unzip(data: SourceData, archive: Path, max_mb: float) -> list[Path]:
    """The table members of a zip archive, extracted once into the cache folder (keyed by the
    archive's path, size and modification time), in member-name order."""
    try:
        book = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError) as exc:
        data.add(archive.name, "", f"not a readable zip archive ({exc}): it may be cut off "
                 "part-way; download it again", doubt=True)  # fmt: skip
        return []
    info = archive.stat()
    key = hashlib.sha256(
        f"{archive.resolve()}|{info.st_size}|{info.st_mtime_ns}".encode()
    ).hexdigest()[:16]
    target = archive_dir() / f"{archive.stem}-{key}"
    cap = max_mb * 1024 * 1024
    members: list[Path] = []
    with book:
        entries = sorted(
            (m for m in book.infolist() if not m.is_dir() and "__MACOSX" not in m.filename),
            key=lambda m: m.filename,
        )
        for member in entries:
            name = Path(member.filename).name
            if name.startswith(".") or Path(name).suffix.lower() not in TABLE_SUFFIXES:
                continue
            label = f"{archive.name}/{name}"
            if member.file_size > cap:
                data.add(label, "", f"is {size_text(member.file_size)} unzipped, above the "
                         f"{size_text(cap)} size cap: refused")  # fmt: skip
                continue
            out = target / name
            try:
                if not (out.exists() and out.stat().st_size == member.file_size):
                    target.mkdir(parents=True, exist_ok=True)
                    part = out.with_name(out.name + ".part")
                    with book.open(member) as src, part.open("wb") as dst:
                        while chunk := src.read(1 << 20):
                            dst.write(chunk)
                    part.replace(out)
                    stamp = dt.datetime(*member.date_time).timestamp()
                    os.utime(out, (stamp, stamp))  # the member's own date, not the unzipping
            except (zipfile.BadZipFile, OSError, EOFError) as exc:
                data.add(label, "", f"cannot be unzipped ({exc}): the archive may be damaged "
                         "or cut off; download it again", doubt=True)  # fmt: skip
                continue
            _ORIGIN[out] = label
            members.append(out)
    if not members:
        data.add(archive.name, "", "the archive holds no CSV or Excel file")
    return members
