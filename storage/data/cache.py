"""Readings cache: a meeting reopens instantly when no source file, metric or date has changed.

The key hashes every input of a dashboard's readings: the source files' fingerprints (path,
size, mtime_ns), the metric definitions, the practice, the QOF settings, the shipped reference
tables and `today`. A changed file gives a new key, so the readings are recomputed. Entries are
pickles of plain domain objects, written atomically (temp file + rename); a damaged or
unreadable entry is a miss, never an error. This module must not import polars (the warm path
stays light).
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import json
import os
import pickle
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

FORMAT_VERSION = "chair-readings-5"
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


class ReadingsCache:
    """Pickled values under a directory, one file per (name, key)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _path(self, name: str, key: str) -> Path:
        safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in name)
        return self.directory / f"{safe}--{key}.pkl"

    def load(self, name: str, key: str) -> Any | None:
        """The stored value, or None on a miss (absent, damaged or unreadable)."""
        try:
            with self._path(name, key).open("rb") as handle:
                return pickle.load(handle)
        except Exception:  # a damaged cache entry is just a miss
            return None

    def store(self, name: str, key: str, value: Any) -> None:
        """Write atomically and drop older entries for the same name; failures are ignored."""
        target = self._path(name, key)
        try:
            self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(dir=self.directory, prefix=".tmp-", suffix=".pkl")
            with os.fdopen(handle, "wb") as out:
                pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temp, target)
        except OSError:
            return
        prefix = target.name.split("--")[0] + "--"
        for old in self.directory.glob(prefix + "*.pkl"):
            if old != target:
                with contextlib.suppress(OSError):
                    old.unlink()


def joined_sources(metric: Any) -> dict[str, str]:
    """A metric's other sources: params named `<what>_source` (e.g. appointments_source =
    "appointments") -> the source id; their frames are read with the metric's own."""
    return {k: str(v) for k, v in metric.params.items() if k.endswith("_source") and v}
