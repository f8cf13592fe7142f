"""Home on an existing database: the service may open before or after Home has mounted."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from config import ChairConfig, load_config
from storage.service import ChairService
from tests.tui.conftest import SAMPLE, TODAY
from tests.tui.helpers import ready, screen_text, settle
from tui.app import make_app
from tui.messages import ServiceOpened
from tui.screens.home import HomeScreen


@pytest.fixture(scope="module")
def config() -> ChairConfig:
    return load_config(SAMPLE)


@pytest.fixture
def seeded(tmp_path: Path, config: ChairConfig) -> Iterator[ChairService]:
    """An existing database (migrated, a meeting in progress), its service already open."""
    service = ChairService(config, str(tmp_path / "chair.db"), TODAY, "spatel")
    service.start_meeting("weekly-ops")
    yield service
    service.close()


def rows(app: Any) -> int:
    count: int = app.screen.query_one("#meeting-types").row_count
    return count


async def test_service_ready_at_once_on_a_seeded_database(
    seeded: ChairService, config: ChairConfig
) -> None:
    app = make_app(lambda: seeded, TODAY, config=config)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert rows(app) == len(config.meeting_types)
        text = screen_text(app)
        assert "Weekly operations" in text
        assert "In progress (r to resume)" in text


async def test_service_arriving_before_home_has_mounted(
    seeded: ChairService, config: ChairConfig
) -> None:
    app = make_app(lambda: seeded, TODAY, config=config)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        home = HomeScreen()
        app.push_screen(home)  # not awaited: Home has neither composed nor mounted yet
        app.on_service_opened(ServiceOpened(seeded))
        await settle(pilot)
        assert app.screen is home
        assert rows(app) == len(config.meeting_types)
        assert "In progress (r to resume)" in screen_text(app)
