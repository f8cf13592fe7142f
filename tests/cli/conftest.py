"""Run the command line as a user would: a subprocess, a clean environment, a scratch folder."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests import warm_chair

REPO = Path(__file__).resolve().parents[2]
CONFIGS = REPO / "tests" / "fixtures" / "configs"

RunChair = Callable[..., subprocess.CompletedProcess[str]]


def chair_env(home: Path) -> dict[str, str]:
    """The caller's environment without Chair's variables, with a scratch HOME."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHAIR_")}
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_CONFIG_HOME=str(home / ".config"),
        PYTHONUTF8="1",
        COLUMNS="120",
    )
    return env


@pytest.fixture
def run_chair(tmp_path: Path) -> RunChair:
    """`run_chair("actions", "--format", "json")`: `python -m chair ...` in a scratch folder.

    `env` adds variables (e.g. CHAIR_CONFIG) to the clean environment. A new process, forked
    from one that has imported Chair's libraries once (tests/warm_chair.py).
    """
    home = tmp_path / "home"
    home.mkdir()

    def run(
        *args: str, cwd: Path | None = None, env: dict[str, str] | None = None, timeout: float = 120
    ) -> subprocess.CompletedProcess[str]:
        return warm_chair.run(
            list(args), cwd=cwd or tmp_path, env={**chair_env(home), **(env or {})}, timeout=timeout
        )

    return run
