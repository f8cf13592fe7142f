"""Pilot tests of the action review on a real SQLite file seeded through the real service."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from pathlib import Path

import pytest

from chair.commands.tui import review_screen
from config import ChairConfig, load_config
from storage.service.chair import ChairService
from tests.tui_review.seed import SAMPLE, TODAY, seed
from tui.app import ChairApp, make_app, service_factory_for

AppFor = Callable[..., ChairApp]


@pytest.fixture(scope="session")
def config() -> ChairConfig:
    return load_config(SAMPLE)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "chair.db"


@pytest.fixture
def ids(db: Path) -> dict[str, int]:
    return seed(db)


@pytest.fixture
def app_for(db: Path, ids: dict[str, int]) -> AppFor:
    """The app as `chair` builds it, for one OS login, with the review installed by name."""

    def build(login: str, quit_on_leave: bool = False) -> ChairApp:
        opened = service_factory_for(SAMPLE, str(db), TODAY, login)
        gate = threading.Event()

        def factory() -> ChairService:
            gate.wait(timeout=30)
            return opened()

        app = make_app(factory, TODAY, screens={"review": review_screen(quit_on_leave)})
        GATES[app] = gate
        return app

    return build


GATES: weakref.WeakKeyDictionary[ChairApp, threading.Event] = weakref.WeakKeyDictionary()
"""The service opens only once the test has started (see `release`)."""


def release(app: ChairApp) -> None:
    """Let the app's service open, after its first screen is up.

    The tests decide when the database opens, so each can look at the app before and after.
    """
    GATES[app].set()


@pytest.fixture
def other(config: ChairConfig, db: Path, ids: dict[str, int]) -> ChairService:
    """Another person's service on the same database (the chair at another terminal)."""
    service = ChairService(config, str(db), TODAY, "spatel")
    yield service  # type: ignore[misc]
    service.close()
