"""Fixtures shared by the safety tests."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from config import ChairConfig, load_config

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample" / "chair.toml"


@pytest.fixture(scope="session")
def sample_config() -> ChairConfig:
    return load_config(SAMPLE)


@pytest.fixture(scope="session")
def safety_seed() -> int:
    """CHAIR_SAFETY_SEED replays a run; otherwise each run draws a new seed (shown on failure)."""
    value = os.environ.get("CHAIR_SAFETY_SEED")
    return int(value) if value else random.SystemRandom().randrange(1_000_000)


def subprocess_env() -> dict[str, str]:
    """The environment for a child Python: the repo on the path, output unbuffered."""
    path = os.environ.get("PYTHONPATH")
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT) + (os.pathsep + path if path else ""),
        "PYTHONUNBUFFERED": "1",
    }


@pytest.hookimpl(tryfirst=True)  # before `-m "not slow"` deselects
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The crash harness on PostgreSQL (a throw-away server, dozens of killed clients) runs
    in the slow end-to-end job (`pytest -m slow`); on SQLite it stays in the default run."""
    for item in items:
        callspec = getattr(item, "callspec", None)
        if (
            item.nodeid.startswith("tests/safety/test_crash_harness.py::")
            and callspec is not None
            and callspec.params.get("db_url") == "postgresql"
        ):
            item.add_marker(pytest.mark.slow)


# The storage tests' database fixture: a SQLite file, or a fresh PostgreSQL database.
from tests.storage.conftest import db_url  # noqa: E402,F401
