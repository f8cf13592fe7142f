"""File readers: real NHS files and practice trackers into polars frames plus data-quality findings.

Every reader has the signature `(source_id, path, sheet) -> SourceData` and never raises.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from storage.data.readers.cbt import read_cbt
from storage.data.readers.common import SourceData
from storage.data.readers.files import ReadOptions
from storage.data.readers.gpad import read_gpad
from storage.data.readers.gpps import read_gpps
from storage.data.readers.qof import read_qof
from storage.data.readers.trackers import SPECS, read_tracker
from storage.data.readers.workforce import read_workforce

Reader = Callable[[str, Path, "ReadOptions | None"], SourceData]

READERS: dict[str, Reader] = {
    "gpad": read_gpad,
    "cbt": read_cbt,
    "qof": read_qof,
    "workforce": read_workforce,
    "gpps": read_gpps,
    **{kind: partial(read_tracker, kind=kind) for kind in SPECS},
}


def read_source(
    source_id: str, format: str, path: Path, options: ReadOptions | None = None
) -> SourceData:
    """Read a configured source with the reader for its format. Never raises."""
    reader = READERS.get(format)
    if reader is None:
        data = SourceData(source_id, format)
        data.add(path.name, "", f"no reader for format '{format}'")
        return data
    try:
        return reader(source_id, path, options or ReadOptions())
    except Exception as exc:  # a reader bug must not stop a meeting: report it as a finding
        data = SourceData(source_id, format)
        data.add(path.name, "", f"could not be read ({type(exc).__name__}: {exc})")
        return data


__all__ = ["READERS", "ReadOptions", "SourceData", "read_source"]
