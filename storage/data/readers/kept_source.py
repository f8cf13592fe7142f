"""A national source kept whole between runs: an unchanged source is loaded, not put together again.

readers.parts keeps each file's partial aggregates, so a new release reads only itself; but the
source's frames are still put together from every file's parts on each run that reads it. A
source none of whose files changed (telephony, when a GPAD release is added and a metric of
telephony joins the appointments; every national source on a new day, when the readings are
worked out again) is loaded here as it was last read instead: its frames and which file gave
each practice's rows (Arrow IPC), with its files, dates and findings (JSON), in one entry keyed
by the source's files (path, size, modification time), its reading settings and the readers'
versions and code. An entry is written when the source was put together from its files' kept
parts only: a source read with a new file (a new day of telephony) is kept whole when it is
next read unchanged, so a national source of hundreds of MB is not written on every new file.
A damaged, cut or other-shaped entry is a miss (the source is read again); a source read from
an archive's members (extracted to a temporary folder) is not kept.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import io
import json
from pathlib import Path
from typing import Any

import polars as pl

from storage.data.cache import KeptFiles, cache_key, fingerprints
from storage.data.quality import BadValue, Column, Finding, Row, Severity
from storage.data.readers.cbt_sums import SUMS_VERSION as CBT_VERSION
from storage.data.readers.common import SourceData
from storage.data.readers.files import ReadOptions, listed
from storage.data.readers.gpad import PARTS_VERSION as GPAD_VERSION
from storage.data.readers.parts import PartStore
from storage.data.readers.workforce import PARTS_VERSION as WORKFORCE_VERSION

VERSION = "source-3"
"""Bump when what is kept changes shape (the readers' own versions are part of the key)."""

KEPT_FORMATS = {"gpad": GPAD_VERSION, "cbt": CBT_VERSION, "workforce": WORKFORCE_VERSION}
"""The national formats kept whole (a tracker is small: read again), each with the version
of the per-file parts it is put together from (readers.parts)."""

MAGIC = b"chair-source\n"


@functools.cache
def readers_digest() -> str:
    """A hash of the readers' own code: a reader changed without its version bumped (how the
    files of a source are put together) still misses what an older build kept."""
    digest = hashlib.sha256()
    for module in sorted(Path(__file__).resolve().parent.glob("*.py")):
        digest.update(module.name.encode() + b"\0" + module.read_bytes())
    return digest.hexdigest()[:16]


class SourceStore(KeptFiles):
    """Whole sources kept in `sources` under the parts folder (None: nothing kept), one entry
    per source."""

    suffix = ".arrows"

    def __init__(self, parts_dir: Path | None) -> None:
        super().__init__((parts_dir or Path()) / "sources")
        self.kept = parts_dir is not None

    def key(self, source_id: str, format: str, path: Path, options: ReadOptions) -> str | None:
        """The entry's key, or None when the format is not kept (or nothing is)."""
        version = KEPT_FORMATS.get(format)
        if not self.kept or version is None:
            return None
        settings = [options.sheet, options.header_row, sorted(options.columns.items()),
                    options.max_mb]  # fmt: skip
        files = fingerprints(listed(path))
        return cache_key(
            [VERSION, version, readers_digest(), source_id, format, str(path), settings, files]
        )

    def load(self, source_id: str, key: str | None) -> SourceData | None:
        """The kept source, or None on a miss (absent, damaged, cut or of another shape)."""
        if key is None:
            return None
        data = self.read(source_id, key)
        if data is None:
            return None
        try:
            return _decode(data)
        except Exception:  # noqa: BLE001 - a damaged entry is a miss
            return None

    def from_parts(self, format: str, path: Path) -> bool:
        """Whether every file of the source has its aggregates kept (readers.parts), so that a
        read now only puts the source together again: worth keeping whole. A source with a new
        file (a new day of telephony) is not kept whole until it is read again unchanged (a
        national source is hundreds of MB: not written on every new file)."""
        version = KEPT_FORMATS.get(format)
        if not self.kept or version is None:
            return False
        parts = PartStore(self.directory.parent, version)
        return all(parts.has(file) for file in listed(path))

    def store(self, key: str | None, data: SourceData, path: Path) -> None:
        """Keep the source as read (only a speed-up: a failure to write is ignored)."""
        if key is None or not data.frames:
            return
        if not set(data.files) <= set(listed(path)):  # an archive's extracted members
            return
        try:
            encoded = _encode(data)
        except Exception:  # noqa: BLE001 - a frame IPC cannot hold: read again next time
            return
        self.write(data.source_id, key, encoded)


def _date(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _undate(value: str | None) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)


def _finding(finding: Finding) -> dict[str, Any]:
    place = finding.place
    return {
        "source_id": finding.source_id, "file": finding.file, "where": finding.where,
        "message": finding.message, "severity": finding.severity, "doubt": finding.doubt,
        "row": place.number if isinstance(place, Row) else None,
        "column": place.name if isinstance(place, Column) else None,
        "bad": None if finding.bad is None else dataclasses.asdict(finding.bad),
    }  # fmt: skip


def _unfinding(plain: dict[str, Any]) -> Finding:
    place: Row | Column | None = None
    if plain["row"] is not None:
        place = Row(int(plain["row"]))
    elif plain["column"] is not None:
        place = Column(str(plain["column"]))
    bad = None if plain["bad"] is None else BadValue(**plain["bad"])
    severity: Severity = "warning" if plain["severity"] == "warning" else "error"
    return Finding(
        str(plain["source_id"]), str(plain["file"]), str(plain["where"]), str(plain["message"]),
        severity, bool(plain["doubt"]), place, bad,
    )  # fmt: skip


def _encode(data: SourceData) -> bytes:
    """MAGIC, each frame's Arrow IPC file one after another, then the JSON head (what the
    frames are and where each ends) and the head's length in 12 digits: written in one buffer."""
    out = io.BytesIO()
    out.write(MAGIC)
    ends: list[list[object]] = []
    for name, frame in data.frames.items():
        frame.write_ipc(out)
        ends.append([name, out.tell()])
    if data.origin is not None:
        data.origin.write_ipc(out)
        ends.append([None, out.tell()])
    head = {
        "source_id": data.source_id, "format": data.format,
        "files": [str(f) for f in data.files], "rows": data.rows,
        "period_start": _date(data.period_start), "period_end": _date(data.period_end),
        "as_of": _date(data.as_of),
        "latest_file": None if data.latest_file is None else str(data.latest_file),
        "suggestion": list(data.suggestion), "findings": [_finding(f) for f in data.findings],
        "frames": ends,
    }  # fmt: skip
    text = json.dumps(head).encode("utf-8")
    out.write(text)
    out.write(f"{len(text):012d}".encode())
    return out.getvalue()


def _decode(entry: bytes) -> SourceData:
    """What _encode wrote; ValueError (or another) when the entry is damaged or cut."""
    if not entry.startswith(MAGIC) or len(entry) < len(MAGIC) + 12:
        raise ValueError("not an entry")
    size = int(entry[-12:])
    head = json.loads(entry[-12 - size : -12])
    frames: dict[str, pl.DataFrame] = {}
    origin = None
    at = len(MAGIC)
    for name, end in head["frames"]:
        if not at < int(end) <= len(entry) - 12 - size:
            raise ValueError("the entry is cut short")
        frame = pl.read_ipc(entry[at : int(end)])
        at = int(end)
        if name is None:
            origin = frame
        else:
            frames[str(name)] = frame
    if at != len(entry) - 12 - size:
        raise ValueError("the entry has more than it names")
    latest = head["latest_file"]
    return SourceData(
        source_id=str(head["source_id"]), format=str(head["format"]),
        files=tuple(Path(f) for f in head["files"]), frames=frames,
        findings=[_unfinding(f) for f in head["findings"]], rows=int(head["rows"]),
        period_start=_undate(head["period_start"]), period_end=_undate(head["period_end"]),
        as_of=_undate(head["as_of"]), latest_file=None if latest is None else Path(latest),
        suggestion=[str(s) for s in head["suggestion"]], origin=origin,
    )  # fmt: skip
