"""A national source kept whole (readers.kept_source): loaded back as it was read, a changed file
or a damaged entry a miss, and the readings after a release equal a cold read when the joined,
unchanged source (telephony beside a new GPAD month) comes whole from what was kept."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from config import load_config
from storage.data.cache import ReadingsCache
from storage.data.quality import BadValue, Column, Row
from storage.data.readers import read_source
from storage.data.readers.common import SourceData
from storage.data.readers.files import ReadOptions
from storage.data.readers.kept_source import SourceStore
from tests.data_readers.test_release_cache import _all

SAMPLE = Path(__file__).resolve().parents[2] / "sample"
SOURCES = {"gpad": "gpad", "cbt": "cbt", "workforce": "workforce"}


@pytest.fixture
def practice(tmp_path: Path) -> Path:
    target = tmp_path / "practice"
    shutil.copytree(SAMPLE / "data", target / "data")
    shutil.copy2(SAMPLE / "chair.toml", target / "chair.toml")
    return target


def _same(a: SourceData, b: SourceData) -> None:
    assert (a.source_id, a.format, a.files, a.rows) == (b.source_id, b.format, b.files, b.rows)
    assert (a.period_start, a.period_end, a.as_of) == (b.period_start, b.period_end, b.as_of)
    assert (a.latest_file, a.suggestion, a.findings) == (b.latest_file, b.suggestion, b.findings)
    assert a.frames.keys() == b.frames.keys()
    for name, frame in a.frames.items():
        assert frame.equals(b.frames[name]), name
    assert (a.origin is None) == (b.origin is None)
    assert a.origin is None or b.origin is None or a.origin.equals(b.origin)


@pytest.mark.parametrize("folder", sorted(SOURCES))
def test_a_kept_source_loads_as_it_was_read(practice: Path, tmp_path: Path, folder: str) -> None:
    path, options = practice / "data" / folder, ReadOptions()
    store = SourceStore(tmp_path / "parts")
    key = store.key("s", SOURCES[folder], path, options)
    assert key is not None and store.load("s", key) is None
    read = read_source("s", SOURCES[folder], path, options)
    store.store(key, read, path)
    kept = store.load("s", key)
    assert kept is not None
    _same(kept, read)
    # A changed file: another key, so the entry is not used.
    file = sorted(path.iterdir())[-1]
    stat = file.stat()
    os.utime(file, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert store.key("s", SOURCES[folder], path, options) != key


def test_findings_of_every_shape_are_kept(practice: Path, tmp_path: Path) -> None:
    path = practice / "data" / "gpad"
    store = SourceStore(tmp_path / "parts")
    key = store.key("s", "gpad", path, ReadOptions())
    data = read_source("s", "gpad", path, ReadOptions())
    data.add("a.csv", Row(12), "short of fields", doubt=True)
    data.add("a.csv", Column("COUNT_OF_APPOINTMENTS"), "odd column", "warning")
    data.add_bad_value("a.csv", BadValue("Date", "date", row=4, value="31/09/2026"))
    data.add_bad_value("a.csv", BadValue("Date", "date", count=3))
    data.add("a.csv", "last line", "cut off")
    store.store(key, data, path)
    kept = store.load("s", key)
    assert kept is not None and kept.findings == data.findings


def test_a_damaged_entry_is_a_miss(practice: Path, tmp_path: Path) -> None:
    path = practice / "data" / "cbt"
    store = SourceStore(tmp_path / "parts")
    key = store.key("s", "cbt", path, ReadOptions())
    store.store(key, read_source("s", "cbt", path, ReadOptions()), path)
    (entry,) = (tmp_path / "parts" / "sources").iterdir()
    whole = entry.read_bytes()
    for damaged in (whole[: len(whole) // 2], whole + b"more", b"not an entry", b""):
        entry.write_bytes(damaged)
        assert store.load("s", key) is None


def test_a_source_with_a_new_file_is_kept_whole_once_its_parts_are(
    practice: Path, tmp_path: Path
) -> None:
    path, options = practice / "data" / "gpad", ReadOptions(parts_dir=tmp_path / "parts")
    store = SourceStore(tmp_path / "parts")
    assert not store.from_parts("gpad", path)  # no file's parts kept yet
    read_source("s", "gpad", path, options)
    assert store.from_parts("gpad", path)
    (path / "Practice_Level_Crosstab_Dec_26.csv").write_bytes(
        sorted(path.iterdir())[-1].read_bytes()
    )
    assert not store.from_parts("gpad", path)  # a new release: read with it first
    assert not store.from_parts("qof", path)


def test_trackers_and_no_folder_are_not_kept(practice: Path, tmp_path: Path) -> None:
    assert SourceStore(None).key("s", "gpad", practice / "data" / "gpad", ReadOptions()) is None
    store = SourceStore(tmp_path / "parts")
    assert store.key("s", "staff", practice / "data" / "gpad", ReadOptions()) is None


def test_a_new_release_beside_a_kept_joined_source_equals_a_cold_read(
    practice: Path, tmp_path: Path
) -> None:
    cache, aside = tmp_path / "cache", tmp_path / "aside"
    aside.mkdir()
    newest = sorted((practice / "data" / "gpad").iterdir())[-1]
    shutil.move(newest, aside / newest.name)
    warm = _all(practice, cache)
    for readings in cache.glob("*" + ReadingsCache.suffix):  # a new day: worked out again
        readings.unlink()
    assert _all(practice, cache) == warm
    kept = {p.name.split("--")[0] for p in (cache / "parts" / "sources").iterdir()}
    config = load_config(practice / "chair.toml")
    national = {s for s, c in config.sources.items() if c.format in SOURCES.values()}
    assert kept == national
    shutil.move(aside / newest.name, newest)
    (telephony,) = (cache / "parts" / "sources").glob("telephony--*")
    before = telephony.stat()
    after = _all(practice, cache)
    assert after == _all(practice, None)
    assert after != warm
    # telephony did not change: its entry, kept last month, was loaded (not read and written again)
    now = telephony.stat()
    assert (now.st_ino, now.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
