"""A non-editable install ships every data file: sample practice, migrations, reference CSVs, .tcss.

Builds the wheel from a copy of the source tree (the working tree stays clean) and compares it
with the files in the repository.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.cli.conftest import REPO

PACKAGES = ("chair", "config", "domain", "storage", "tui", "sample")
# Data that must ship, as globs relative to the repository root.
MUST_SHIP = (
    "sample/chair.toml",
    "sample/data/**/*",
    "storage/database/migrations/**/*.py",
    "storage/database/migrations/*.mako",
    "storage/alembic.ini",
    "storage/data/reference/*.csv",
    "tui/**/*.tcss",
    "config/*.toml",
)
JUNK = ("__pycache__", ".pyc", ".cache")


def _source_copy(target: Path) -> Path:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", "build", "*.db*")
    for package in PACKAGES:
        shutil.copytree(REPO / package, target / package, ignore=ignore)
    for name in ("pyproject.toml", "README.md"):
        if (REPO / name).exists():
            shutil.copy2(REPO / name, target / name)
    return target


@pytest.fixture(scope="module")
def wheel_names(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    source = _source_copy(tmp_path_factory.mktemp("source"))
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(source)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    (wheel,) = out.glob("chair-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def _expected() -> set[str]:
    files: set[str] = set()
    for pattern in MUST_SHIP:
        for path in REPO.glob(pattern):
            relative = path.relative_to(REPO).as_posix()
            if path.is_file() and not any(j in relative for j in JUNK):
                files.add(relative)
    return files


def test_wheel_ships_every_data_file(wheel_names: set[str]) -> None:
    expected = _expected()
    assert "sample/chair.toml" in expected
    missing = sorted(expected - wheel_names)
    assert not missing, missing


def test_wheel_ships_nested_sample_data_and_migrations(wheel_names: set[str]) -> None:
    nested = [n for n in wheel_names if n.startswith("sample/data/") and n.count("/") >= 3]
    assert nested, "sample/data/<folder>/... files are missing from the wheel"
    assert any(n.startswith("storage/database/migrations/versions/") for n in wheel_names)
    assert "storage/database/migrations/env.py" in wheel_names


def test_wheel_has_the_console_script_and_no_tests(wheel_names: set[str]) -> None:
    assert not any(n.startswith("tests/") for n in wheel_names)
    assert not any("__pycache__" in n for n in wheel_names)
    assert any(n.endswith(".dist-info/entry_points.txt") for n in wheel_names)
