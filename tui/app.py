"""`make_app`, the one factory of the Chair app used by the CLI and every test."""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.screen import Screen

from tui.home_view import HomeView
from tui.shell import ChairApp, ServiceFactory, settle_memory

if TYPE_CHECKING:
    from config.models import ChairConfig
    from storage.service.chair import ChairService

__all__ = ["ChairApp", "ServiceFactory", "make_app", "service_factory_for", "settle_memory"]


def make_app(
    service_factory: ServiceFactory,
    today: dt.date,
    *,
    config: ChairConfig | None = None,
    minutes_dir: Path | None = None,
    clock: Callable[[], float] = time.monotonic,
    screens: dict[str, Callable[[], Screen[Any]]] | None = None,
    last_home: HomeView | None = None,
) -> ChairApp:
    """Build the Chair app. The CLI (`chair`, `chair demo`, `chair review`) and every test use this.

    Args:
        service_factory: builds the `storage.service.chair.ChairService`. It is called once, in a
            thread worker after the first screen is painted, so the database, migrations and
            polars stay off the start-up path. Use `service_factory_for(...)` to build one that
            also loads chair.toml lazily. A `UserError`, `ConfigError` (a ValueError) or
            OSError raised here ends the app with return code 2 and the error's one line in
            `app.error_message` (the CLI prints it to stderr as `chair: error: ...`).
        today: the meeting date (from `--today`, or the real date).
        config: the practice configuration if already loaded; otherwise it is taken from the
            service (`service.config`) once it opens.
        minutes_dir: where `e` writes minutes files (default: the working directory).
        clock: monotonic seconds for the meeting timer; tests pass a frozen clock.
        screens: extra named screens (e.g. `{"review": ReviewScreen}`), pushed by name
            (`a` on Home pushes 'review' when installed).
        last_home: Home as the last run left it (tui.home_view.load_snapshot), painted at
            once while the service opens; the service's own view replaces it.
    """
    from tui.screens.help import HelpScreen
    from tui.screens.home import HomeScreen

    return ChairApp(
        service_factory,
        today,
        config=config,
        minutes_dir=minutes_dir,
        clock=clock,
        screens=screens,
        home=HomeScreen,
        help_for=HelpScreen,
        last_home=last_home,
    )


def service_factory_for(
    config: ChairConfig | Path | str,
    db_url: str,
    today: dt.date,
    login: str,
    practice: str | None = None,
) -> ServiceFactory:
    """A factory that loads chair.toml (when given a path) and opens the service, lazily, with
    the readings cache in the user's cache folder (see storage.data.cache.default_cache_dir).

    Both steps import pydantic / SQLAlchemy, so they belong in the worker, not before the first
    frame.
    """

    def build() -> ChairService:
        from config.load import load_config
        from storage.data.cache import default_cache_dir
        from storage.service.chair import ChairService

        loaded = load_config(config) if isinstance(config, (str, Path)) else config
        service = ChairService(
            loaded, db_url, today, login, practice=practice, cache_dir=default_cache_dir()
        )
        # This screen's id for meeting leases: one hand on a meeting's keyboard at a time.
        service.holder_token = uuid.uuid4().hex
        return service

    return build
