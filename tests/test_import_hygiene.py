"""The headless packages and the fast commands never load Textual or polars (STYLE.md, PRODUCT.md).

`chair actions` must start about as fast as SQLAlchemy alone; `chair --version` instantly.
Each check runs in a fresh interpreter with `-X importtime`, which lists every module imported.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("textual", "polars")
REPO = Path(__file__).resolve().parents[1]


def imported_modules(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> set[str]:
    """Top-level names of every module a fresh `python -X importtime ARGS` imported."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", *args],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    modules = set()
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip()
            modules.add(name.split(".")[0])
    assert "chair" in modules or "config" in modules or "domain" in modules  # the probe ran
    return modules


def test_headless_packages_do_not_import_textual_or_polars() -> None:
    code = (
        "import domain, domain.status, domain.readings, domain.records, domain.gate, "
        "domain.urgency, config, config.load, config.models, config.starter, storage.service.chair"
    )
    loaded = imported_modules(["-c", code], cwd=REPO)
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


def test_version_imports_nothing_heavy(tmp_path: Path) -> None:
    loaded = imported_modules(["-m", "chair", "--version"], cwd=tmp_path)
    assert not loaded & {*HEAVY, "pydantic", "sqlalchemy"}


@pytest.mark.parametrize("fmt", ["table", "json", "ics"])
def test_actions_does_not_import_textual_or_polars(tmp_path: Path, fmt: str) -> None:
    env = {
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "share"),
        "CHAIR_DB": str(tmp_path / "chair.db"),
        "CHAIR_CONFIG": "",
    }
    loaded = imported_modules(["-m", "chair", "actions", "--format", fmt], tmp_path, env)
    assert "sqlalchemy" in loaded  # it really opened the database
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


def test_the_screens_keys_open_do_not_import_polars() -> None:
    """They are imported behind Home (tui.shell.WARM_SCREENS), and a meeting reopened on
    unchanged files reads its readings without polars: the metric detail, the decision form
    and the minutes must not bring it either."""
    code = (
        "import importlib, tui.shell; [importlib.import_module(m) for m in tui.shell.WARM_SCREENS]"
    )
    loaded = imported_modules(["-c", code], cwd=REPO)
    assert "tui" in loaded and "polars" not in loaded
