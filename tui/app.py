"""The Chair Textual app and `make_app`, the one factory used by the CLI and every test."""

from __future__ import annotations

import datetime as dt
import gc
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.worker import get_current_worker  # noqa: F401  (re-exported for screens' workers)

from tui.commands import ChairCommands
from tui.messages import ServiceFailed, ServiceOpened

if TYPE_CHECKING:
    from config.models import ChairConfig
    from storage.service import ChairService

ServiceFactory = Callable[[], "ChairService"]


class ChairApp(App[None]):
    """Home, meetings, decisions and minutes; the service opens in a worker after first paint."""

    TITLE = "Chair"
    CSS_PATH = "app.tcss"
    COMMANDS: ClassVar = App.COMMANDS | {ChairCommands}
    BINDING_GROUP_TITLE = "Chair"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "question_mark", "help", "Help", id="help", tooltip="Show every key on this screen"
        ),
    ]

    def __init__(
        self,
        service_factory: ServiceFactory,
        today: dt.date,
        *,
        config: ChairConfig | None = None,
        minutes_dir: Path | None = None,
        clock: Callable[[], float] = time.monotonic,
        screens: dict[str, Callable[[], Screen[Any]]] | None = None,
    ) -> None:
        super().__init__()
        self.service_factory = service_factory
        self.today = today
        self.config: ChairConfig | None = config
        self.minutes_dir = minutes_dir or Path.cwd()
        self.clock = clock
        self.service: ChairService | None = None
        self.service_lock = threading.RLock()
        """One service call at a time: workers queue here rather than share a session."""
        self.keymap_config: dict[str, str] = {}
        self.error_message: str | None = None
        """Why the app ended early (bad config or database): one line, for the command line."""
        for name, factory in (screens or {}).items():
            self.install_screen(factory(), name)
        if config is not None:
            self._apply_keymap(config)

    def get_default_screen(self) -> Screen[Any]:
        from tui.screens.home import HomeScreen

        return HomeScreen()

    def on_mount(self) -> None:
        self._open_service()

    @work(thread=True, exit_on_error=False, group="open-service")
    def _open_service(self) -> None:
        from config.load import ConfigError
        from storage.errors import UserError

        try:
            service = self.service_factory()
        except (ConfigError, UserError, ValueError, OSError) as error:
            self.post_message(ServiceFailed(str(error)))
            return
        self.post_message(ServiceOpened(service))

    def on_service_opened(self, message: ServiceOpened) -> None:
        self.service = message.service
        settle_memory()
        if self.config is None:
            self.config = getattr(message.service, "config", None)
            if self.config is not None:
                self._apply_keymap(self.config)
        for screen in self.screen_stack:
            ready = getattr(screen, "service_ready", None)
            if ready is not None:
                ready()

    def on_service_failed(self, message: ServiceFailed) -> None:
        # The command line prints the one line itself (`chair: error: ...`), as every other
        # command does; Textual's exit message would wrap it in a panel.
        self.error_message = message.problem
        self.exit(return_code=2)

    def _apply_keymap(self, config: ChairConfig) -> None:
        self.keymap_config = dict(config.keymap)
        if self.keymap_config:
            self.set_keymap(self.keymap_config)

    def call_service(self, method: str, *args: Any, **kwargs: Any) -> Any:
        """Call one service method (from a worker thread), one call at a time."""
        if self.service is None:
            raise RuntimeError("the service is not open yet")
        with self.service_lock:
            return getattr(self.service, method)(*args, **kwargs)

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def keys_for(self, binding: Binding) -> str:
        """The keys a binding answers to now, after the practice's keymap."""
        keys = self.keymap_config.get(binding.id or "", binding.key)
        return ", ".join(self.get_key_display(Binding(k.strip(), "")) for k in keys.split(","))

    def screen_bindings(self, screen: Screen[Any]) -> Iterable[Binding]:
        """The bindings a screen declares plus the app's, for help and the command palette
        (a key the screen repeats from the app, such as `?`, is listed once)."""
        seen: set[str] = set()
        for source in (type(screen).BINDINGS, type(self).BINDINGS):
            for binding in source:
                if isinstance(binding, Binding):
                    if binding.id and binding.id in seen:
                        continue
                    seen.add(binding.id or "")
                    yield binding


def settle_memory() -> None:
    """Move what is loaded so far (modules, polars, SQLAlchemy, the config, readings) out of
    the garbage collector's sight: a full collection over it pauses the app for ~100 ms, long
    enough to be felt on a key press. Called once the service and a meeting's data are in."""
    gc.freeze()


def make_app(
    service_factory: ServiceFactory,
    today: dt.date,
    *,
    config: ChairConfig | None = None,
    minutes_dir: Path | None = None,
    clock: Callable[[], float] = time.monotonic,
    screens: dict[str, Callable[[], Screen[Any]]] | None = None,
) -> ChairApp:
    """Build the Chair app. The CLI (`chair`, `chair demo`, `chair review`) and every test use this.

    Args:
        service_factory: builds the `storage.service.ChairService`. It is called once, in a
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
    """
    return ChairApp(
        service_factory,
        today,
        config=config,
        minutes_dir=minutes_dir,
        clock=clock,
        screens=screens,
    )


def service_factory_for(
    config: ChairConfig | Path | str, db_url: str, today: dt.date, login: str
) -> ServiceFactory:
    """A factory that loads chair.toml (when given a path) and opens the service, lazily.

    Both steps import pydantic / SQLAlchemy, so they belong in the worker, not before the first
    frame.
    """

    def build() -> ChairService:
        from config.load import load_config
        from storage.service import ChairService

        loaded = load_config(config) if isinstance(config, (str, Path)) else config
        return ChairService(loaded, db_url, today, login)

    return build
