"""Each national file's sums are kept between runs (Arrow IPC): a new release reads only itself."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import polars as pl
from polars.testing import assert_frame_equal

from storage.data.readers.files import ReadOptions
from storage.data.readers.gpad import read_gpad

SAMPLE_GPAD = Path(__file__).resolve().parents[2] / "sample" / "data" / "gpad"


def _monthly(folder: Path, parts: Path | None) -> pl.DataFrame:
    data = read_gpad("appointments", folder / "*.csv", ReadOptions(parts_dir=parts))
    assert not [f for f in data.findings if f.severity == "error"], data.findings
    return data.frames["monthly"]


def _change_a_count(file: Path) -> None:
    """One appointment count one higher or lower (same size), the file's times kept."""
    stat = file.stat()
    lines = file.read_text().splitlines(keepends=True)
    column = lines[0].rstrip("\r\n").split(",").index("COUNT_OF_APPOINTMENTS")
    fields = lines[1].rstrip("\r\n").split(",")
    count = fields[column]
    fields[column] = count[:-1] + ("1" if count[-1] == "0" else str(int(count[-1]) - 1))
    lines[1] = ",".join(fields) + lines[1][len(lines[1].rstrip("\r\n")) :]
    file.write_text("".join(lines))
    os.utime(file, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert file.stat().st_size == stat.st_size


def test_a_new_release_reads_only_itself_and_gives_what_reading_everything_gives(
    tmp_path: Path,
) -> None:
    folder, parts = tmp_path / "gpad", tmp_path / "cache" / "parts"
    folder.mkdir()
    releases = sorted(SAMPLE_GPAD.glob("*.csv"))
    for file in releases[:-1]:
        shutil.copy2(file, folder / file.name)
    _monthly(folder, parts)
    kept = sorted(parts.glob("*.arrow"))
    assert len(kept) == len(releases) - 1  # one Arrow IPC file per release, no pickle
    assert all(pl.read_ipc(p).height for p in kept)

    # A kept release is not read again: a count changed behind an unchanged size and time
    # would show if it were; the sums kept for it are used.
    first = folder / releases[0].name
    original, text, stat = _monthly(folder, None), first.read_bytes(), first.stat()
    _change_a_count(first)
    assert not _monthly(folder, None).equals(original)
    assert_frame_equal(_monthly(folder, parts), original)
    first.write_bytes(text)
    os.utime(first, ns=(stat.st_atime_ns, stat.st_mtime_ns))

    shutil.copy2(releases[-1], folder / releases[-1].name)  # the new month's release
    with_parts = _monthly(folder, parts)
    assert len(list(parts.glob("*.arrow"))) == len(releases)
    assert_frame_equal(with_parts, _monthly(folder, None))


def test_a_changed_file_is_read_again_and_a_damaged_entry_is_a_miss(tmp_path: Path) -> None:
    folder, parts = tmp_path / "gpad", tmp_path / "parts"
    folder.mkdir()
    for file in sorted(SAMPLE_GPAD.glob("*.csv"))[:2]:
        shutil.copy2(file, folder / file.name)
    before = _monthly(folder, parts)
    for entry in parts.glob("*.arrow"):
        entry.write_bytes(b"not arrow")
    assert_frame_equal(_monthly(folder, parts), before)  # read again, kept again
    assert all(pl.read_ipc(p).height for p in parts.glob("*.arrow"))

    changed = sorted(folder.glob("*.csv"))[0]
    lines = changed.read_text().splitlines(keepends=True)
    changed.write_text("".join(lines[:-50]))  # a reissue with fewer rows: a new size and time
    after = _monthly(folder, parts)
    assert_frame_equal(after, _monthly(folder, None))
    assert len(list(parts.glob("*.arrow"))) == 2  # the old entry for the file went
