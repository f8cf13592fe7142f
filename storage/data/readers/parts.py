"""Each file's partial aggregates kept between runs (Arrow IPC): a new release reads only itself.

A national file is read down to its own sums before the files of a source are put together:
GPAD to month x practice (readers.gpad), CBT telephony to date x practice, to month x
practice x weekday and to month x practice (readers.cbt, readers.cbt_sums), the
workforce file to its practice rows' wanted columns (readers.workforce). Those are kept per
file, keyed by the file's path, size and modification time and by the reader's own version, in
Arrow IPC (what polars reads back without parsing). When a month's release is added to a
source, its readings are worked out again from what is kept for the files already read and the
new file alone: the cost of the reading of that one file, not of the whole source. A damaged,
cut or unreadable entry is a miss (the file is read again); a file read through the careful
text reader (its findings are found again on each read) is not kept.

An entry is written behind the reading (one thread), not before the readings it serves: a
new telephony file's date x practice groups are ~50 MB, and writing them was 0.15 s of a new
release's 1.5 s. One still being written counts as kept (`load` waits for it); a process
that ends mid-write leaves no entry (written to a temporary name, then renamed);
`finish_writes` waits for them all.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import tempfile
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import polars as pl

from storage.data.readers.common import SourceData, collect_per_file

_WRITER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="chair-parts")
"""Writes the entries behind the reading (its thread starts with the first entry; the
interpreter waits for it at exit)."""
_writing: dict[Path, Future[None]] = {}
"""The entries being written, by path."""


def finish_writes() -> None:
    """Wait until every entry handed to `PartStore.store` so far is written (or given up)."""
    for future in list(_writing.values()):
        future.result()


def _digest(parts: list[object]) -> str:
    return hashlib.sha256(json.dumps(parts).encode("utf-8")).hexdigest()[:24]


class PartStore:
    """One reader's per-file partial aggregates under `directory` (None: nothing kept)."""

    def __init__(self, directory: Path | None, reader: str) -> None:
        self.directory = directory
        self.reader = reader
        """The reader and the version of its aggregates (e.g. 'gpad-1'): bump when they change."""

    def _path(self, file: Path) -> Path | None:
        if self.directory is None:
            return None
        try:
            stat = file.stat()
        except OSError:
            return None
        where = _digest([str(file.resolve())])
        key = _digest([self.reader, str(file.resolve()), stat.st_size, stat.st_mtime_ns])
        return self.directory / f"{self.reader}-{where}--{key}.arrow"

    def has(self, file: Path) -> bool:
        """Whether the file's aggregates are kept (as the file is now)."""
        path = self._path(file)
        return path is not None and (path in _writing or path.is_file())

    def load(self, file: Path) -> pl.DataFrame | None:
        """The file's kept aggregates, or None (not kept, changed since, or unreadable)."""
        path = self._path(file)
        if path is not None and (writing := _writing.get(path)) is not None:
            writing.result()
        if path is None or not path.is_file():
            return None
        try:  # read whole (no memory map: a file cut under a map would kill the process)
            return pl.read_ipc(io.BytesIO(path.read_bytes()))
        except Exception:  # noqa: BLE001 - a damaged entry is a miss
            return None

    def store(self, file: Path, frame: pl.DataFrame) -> None:
        """Keep the file's aggregates (atomically, written behind: see the module); older
        entries for the file go. Only a speed-up: a failure to write is ignored."""
        path = self._path(file)
        if path is None:
            return
        future = _WRITER.submit(_write, path, frame)
        _writing[path] = future
        future.add_done_callback(lambda done: _written(path, done))


def _written(path: Path, future: Future[None]) -> None:
    if _writing.get(path) is future:  # not handed again since
        del _writing[path]


def _write(path: Path, frame: pl.DataFrame) -> None:
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".arrow")
        os.close(handle)
    except OSError:
        return
    try:
        frame.write_ipc(temp)
        os.replace(temp, path)
    except Exception:  # noqa: BLE001 - e.g. a full disk: the next run reads the file
        with contextlib.suppress(OSError):
            os.unlink(temp)
        return
    prefix = path.name.split("--")[0] + "--"
    for old in path.parent.glob(prefix + "*.arrow"):
        if old != path:
            with contextlib.suppress(OSError):
                old.unlink()


def collect_kept(
    data: SourceData,
    files: Sequence[Path],
    build: Callable[[pl.LazyFrame, Path, bool], pl.LazyFrame],
    typed: Mapping[str, type[pl.DataType]] | None,
    parts: PartStore,
) -> list[tuple[Path, pl.DataFrame]]:
    """readers.common.collect_per_file, with each file's result kept: a file unchanged since
    an earlier run is not read again; the others are read (in one parallel collect) and kept
    when read by the fast path. In the order of `files`."""
    kept = {file: parts.load(file) for file in files}
    fresh = [file for file in files if kept[file] is None]
    read = dict(collect_per_file(data, fresh, build, typed, keep=parts.store))
    found = [(file, kept[file] if kept[file] is not None else read.get(file)) for file in files]
    return [(file, frame) for file, frame in found if frame is not None]
