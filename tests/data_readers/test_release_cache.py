"""The readings cache and each file's kept aggregates together, on the sample practice: after a
month's file is added, a file changed or a file taken away, the readings equal a cold read."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from config import load_config
from domain.readings import Reading
from storage.data.dashboards import compute_dashboard
from storage.data.plain import to_plain
from storage.data.readers.parts import finish_writes

SAMPLE = Path(__file__).resolve().parents[2] / "sample"
TODAY = dt.date(2026, 12, 6)
DASHBOARDS = ("access", "telephony", "workforce")
"""Their sources: GPAD (and the telephony's joined appointments), CBT, the workforce files."""
FOLDERS = ("gpad", "cbt", "workforce")


def _all(folder: Path, cache: Path | None) -> dict[str, object]:
    """Every reading of DASHBOARDS as plain values, floats to 12 significant digits (polars'
    parallel sums may differ in the last bit from one run to the next)."""
    config = load_config(folder / "chair.toml")
    found = {d: compute_dashboard(config, d, TODAY, cache_dir=cache) for d in DASHBOARDS}
    finish_writes()  # each file's parts are written behind the reading: looked at below
    return {d: [_rounded(to_plain(r, Reading)) for r in rs] for d, rs in found.items()}


def _rounded(value: object) -> object:
    if isinstance(value, float):
        return float(f"{value:.12g}")
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_rounded(v) for v in value]
    return value


@pytest.fixture
def practice(tmp_path: Path) -> Path:
    target = tmp_path / "practice"
    shutil.copytree(SAMPLE / "data", target / "data")
    shutil.copy2(SAMPLE / "chair.toml", target / "chair.toml")
    return target


@pytest.mark.parametrize("change", ["added", "changed", "removed"])
def test_readings_after_a_change_equal_a_cold_read(
    practice: Path, tmp_path: Path, change: str
) -> None:
    cache, aside = tmp_path / "cache", tmp_path / "aside"
    aside.mkdir()
    newest = {name: sorted((practice / "data" / name).iterdir())[-1] for name in FOLDERS}
    if change == "added":
        for file in newest.values():
            shutil.move(file, aside / file.name)
    warm = _all(practice, cache)
    assert list(cache.glob("*.json")) and list((cache / "parts").glob("*.arrow"))
    assert _all(practice, cache) == warm  # nothing changed
    for file in newest.values():
        if change == "added":
            shutil.move(aside / file.name, file)
        elif change == "removed":
            file.unlink()
        else:  # a reissue: one row fewer, a new size and time
            lines = file.read_bytes().splitlines(keepends=True)
            file.write_bytes(b"".join(lines[:-1]))
            stat = file.stat()
            os.utime(file, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    after = _all(practice, cache)
    assert after == _all(practice, None)
    assert after != warm
