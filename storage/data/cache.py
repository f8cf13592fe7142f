"""Readings cache: a meeting reopens instantly when no source file, metric or date has changed.

The key hashes every input of a dashboard's readings: the source files' fingerprints (path,
size, mtime_ns), the metric definitions, the practice, the QOF settings, the shipped reference
tables and `today`. A changed file gives a new key, so the readings are recomputed. Readings
and the last Home are kept as JSON (storage.data.plain, led by the type hints): a warm reopen
reads them without importing polars (the per-file partial sums the readers keep are Arrow IPC:
storage.data.readers.parts). No pickle (a cache file is data, never code to run). Entries are
written atomically (temp file + rename, so two Chair processes writing at once never leave
half a file); a damaged, cut or unreadable entry is a miss, never an error.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import json
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from storage.data.plain import from_plain, to_plain

if TYPE_CHECKING:
    from domain.readings import Reading

T = TypeVar("T")

FORMAT_VERSION = "chair-readings-8"
"""Bump when Reading / Series or any calculation changes meaning: old entries then miss."""

Fingerprint = tuple[str, int, int]


def default_cache_dir() -> Path:
    """$XDG_CACHE_HOME/chair (or ~/.cache/chair): where the app and every command keep the
    readings cache (and the app its last Home)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "chair"


REFERENCE_DIR = Path(__file__).resolve().parent / "reference"
"""The tables Chair ships (QOF points, thresholds, prevalence): read by storage.data.readers.reference."""


def reference_files() -> list[Path]:
    """Every shipped table (their fingerprints are part of the key of QOF readings)."""
    return sorted(REFERENCE_DIR.glob("*.csv"))


def resolve_files(path: Path) -> list[Path]:
    """The files a configured path names: a glob, a single file, or the files of a directory."""
    text = str(path)
    if any(ch in text for ch in "*?["):
        return sorted(Path(p) for p in glob.glob(text) if Path(p).is_file())
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.is_file())
    return [path] if path.exists() else []


def fingerprints(paths: Iterable[Path]) -> list[Fingerprint]:
    """(path, size, mtime_ns) per existing file; a missing file is fingerprinted as absent."""
    result: list[Fingerprint] = []
    for path in paths:
        try:
            stat = path.stat()
        except OSError:
            result.append((str(path), -1, -1))
            continue
        result.append((str(path), stat.st_size, stat.st_mtime_ns))
    return result


def cache_key(parts: Sequence[Any]) -> str:
    """A stable hash of JSON-able parts (strings, numbers, lists, dicts)."""
    text = json.dumps([FORMAT_VERSION, *parts], sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


class KeptFiles:
    """Entries under a directory, one file per (name, key): written to a temp file and renamed
    (two Chair processes writing at once each leave a whole entry, the last one wins), older
    entries for the same name removed; a missing or unreadable entry is a miss, never an error."""

    suffix = ".bin"

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _path(self, name: str, key: str) -> Path:
        safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in name)
        return self.directory / f"{safe}--{key}{self.suffix}"

    def read(self, name: str, key: str) -> bytes | None:
        try:
            return self._path(name, key).read_bytes()
        except OSError:
            return None

    def write(self, name: str, key: str, data: bytes) -> None:
        """Write atomically and drop older entries for the same name; failures are ignored."""
        target = self._path(name, key)
        try:
            self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(dir=self.directory, prefix=".tmp-", suffix=self.suffix)
        except OSError:
            return
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temp, target)
        except OSError:  # e.g. a full disk: the next run computes again
            with contextlib.suppress(OSError):
                os.unlink(temp)
            return
        prefix = target.name.split("--")[0] + "--"
        # Entries of older versions: pickled, then Arrow IPC frames.
        legacy = [*self.directory.glob(prefix + "*.pkl"), *self.directory.glob(prefix + "*.arrow")]
        for old in [*self.directory.glob(prefix + "*" + self.suffix), *legacy]:
            if old != target:
                with contextlib.suppress(OSError):
                    old.unlink()


_READ: dict[tuple[Path, str], tuple[Path, tuple[int, int, int], tuple[Reading, ...]]] = {}
"""Per (folder, entry name): its file, the file's identity (inode, size, mtime) and the
readings last read from it or written to it by this process (one entry a name, as on disk). A meeting opened again (resumed, or its readings read once
more) takes them from here instead of parsing the JSON again (10-30 ms a meeting) while the
file is the one read; a file changed or gone since is read again (or missed) as before.
Readings are frozen: they are shared, never copied."""


def _identity(path: Path) -> tuple[int, int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns)


class ReadingsCache(KeptFiles):
    """A dashboard's readings per source, each entry a JSON list (one record per reading, its
    fields led by Reading's type hints: storage.data.plain). No polars: a meeting reopened on
    unchanged files reads its readings in milliseconds, without the frames library."""

    suffix = ".json"

    def load(self, name: str, key: str) -> list[Reading] | None:
        """The stored readings, or None on a miss (absent, damaged, cut or of another shape)."""
        from domain.readings import Reading

        path = self._path(name, key)
        identity = _identity(path)
        if identity is None:
            return None
        kept = _READ.get((self.directory, name))
        if kept is not None and kept[:2] == (path, identity):
            return list(kept[2])
        data = self.read(name, key)
        if data is None:
            return None
        try:
            rows = json.loads(data)
            if not isinstance(rows, list):
                return None
            readings = [from_plain(row, Reading) for row in rows]
        except Exception:  # a damaged cache entry is just a miss
            return None
        _READ[(self.directory, name)] = (path, identity, tuple(readings))
        return readings

    def store(self, name: str, key: str, readings: list[Reading]) -> None:
        from domain.readings import Reading

        try:
            rows = [to_plain(r, Reading, text_dates=True) for r in readings]
            data = json.dumps(rows, allow_nan=True).encode()
        except (TypeError, ValueError):  # a value JSON cannot hold: computed again next time
            return
        self.write(name, key, data)
        path = self._path(name, key)
        identity = _identity(path)
        if identity is not None:
            _READ[(self.directory, name)] = (path, identity, tuple(readings))


class SnapshotCache(KeptFiles):
    """Plain frozen dataclasses (the last Home) as JSON, read before the first frame (no polars)."""

    suffix = ".json"

    def load(self, name: str, key: str, kind: type[T]) -> T | None:
        """The stored value, or None on a miss (absent, damaged or of another shape)."""
        data = self.read(name, key)
        if data is None:
            return None
        try:
            value = from_plain(json.loads(data), kind)
        except Exception:  # a damaged cache entry is just a miss
            return None
        return value if isinstance(value, kind) else None

    def store(self, name: str, key: str, value: object) -> None:
        self.write(name, key, json.dumps(to_plain(value, type(value), text_dates=True)).encode())


def joined_sources(metric: Any) -> dict[str, str]:
    """A metric's other sources: params named `<what>_source` (e.g. appointments_source =
    "appointments") -> the source id; their frames are read with the metric's own."""
    return {k: str(v) for k, v in metric.params.items() if k.endswith("_source") and v}
