"""Home on an existing database: the service may open before or after Home has mounted."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from config import ChairConfig, load_config
from storage.service.chair import ChairService
from tests.tui.conftest import SAMPLE, TODAY
from tests.tui.helpers import ready, screen_text, settle
from tests.tui.notices import notices
from tests.tui_review.seed import seed
from tui.app import make_app
from tui.messages import ServiceOpened
from tui.screens.home import OPENING, HomeScreen


@pytest.fixture(scope="module")
def config() -> ChairConfig:
    return load_config(SAMPLE)


@pytest.fixture
def seeded(tmp_path: Path, config: ChairConfig) -> Iterator[ChairService]:
    """An existing database (migrated, a meeting in progress), its service already open."""
    service = ChairService(config, str(tmp_path / "chair.db"), TODAY, "spatel")
    service.meetings.start("weekly-ops")
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


async def test_home_shows_the_completion_figures(tmp_path: Path, config: ChairConfig) -> None:
    seed(tmp_path / "seeded.db")  # two actions overdue (Jo Morgan, Lee Chen), one not due yet
    service = ChairService(config, str(tmp_path / "seeded.db"), TODAY, "spatel")
    try:
        completion = service.actions.completion()
        assert completion.due == 2 and completion.done_on_time == 0
        app = make_app(lambda: service, TODAY, config=config)
        async with app.run_test(size=(100, 32)) as pilot:
            await ready(pilot)
            text = screen_text(app)
    finally:
        service.close()
    assert "Completion: 0 of 2 due done on time (0%) · 0 carried over" in text
    overdue = next(line for line in text.splitlines() if "Overdue by owner:" in line)
    for person_id, count in completion.overdue_by_owner:
        person = config.person(person_id)
        assert person is not None
        assert f"{person.name} {count}" in overdue


async def test_a_key_before_the_database_opens_says_so_and_runs_once_it_has(
    seeded: ChairService, config: ChairConfig
) -> None:
    opened = threading.Event()

    def factory() -> ChairService:
        opened.wait(timeout=30)
        return seeded

    app = make_app(factory, TODAY, config=config)
    given = notices(app)  # each notice as given (a toast goes after 5 s)
    before = {m.meeting_type for m in seeded.meetings.in_progress()}
    assert config.meeting_types[0].id not in before
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.service is None
        await pilot.press("s")
        messages = given.messages
        assert messages == [OPENING], "s before the database opened did nothing visible"
        assert isinstance(app.screen, HomeScreen)
        opened.set()
        await settle(pilot)  # s was not lost: the meeting of the highlighted type starts
        assert not isinstance(app.screen, HomeScreen)
        after = {m.meeting_type for m in seeded.meetings.in_progress()}
        assert after - before == {config.meeting_types[0].id}
