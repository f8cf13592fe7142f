"""TUI test fixtures: the app from `make_app` on the sample practice, a real SQLite file, a pinned date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from tests.db_templates import migrated_sqlite
from tui.app import ChairApp, make_app, service_factory_for

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample" / "chair.toml"
TODAY = dt.date(2026, 11, 26)


class FrozenClock:
    """The meeting timer's clock, moved by hand so elapsed times are exact."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(autouse=True)
def no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock()


@pytest.fixture
def app_factory(tmp_path: Path, clock: FrozenClock) -> Callable[..., ChairApp]:
    def build(login: str = "spatel", **kwargs: Any) -> ChairApp:
        db = tmp_path / "chair.db"
        if not db.exists():
            migrated_sqlite(db)  # a new database, its migrations run once per test process
        factory = service_factory_for(SAMPLE, str(db), TODAY, login)
        return make_app(factory, TODAY, minutes_dir=tmp_path / "minutes", clock=clock, **kwargs)

    return build
