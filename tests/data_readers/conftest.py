"""Shared fixtures for the data-layer tests: the fixture files and their chair.toml."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from config import ChairConfig, load_config

DATA = Path(__file__).resolve().parents[1] / "fixtures" / "data"
BROKEN = DATA / "broken"
TODAY = dt.date(2026, 1, 15)


@pytest.fixture(scope="session")
def config() -> ChairConfig:
    return load_config(DATA / "chair.toml")


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of the fixture files (tests that change or break files use this)."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target, ignore=shutil.ignore_patterns("broken"))
    return target
