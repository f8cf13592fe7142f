"""The Chair app's shell: what every screen shares (config, today, the clock, the door to the
service) and the app-wide keys. Screens import this, never `tui.app` (which imports them)."""

from __future__ import annotations

import datetime as dt
import gc
import time
from collections.abc import Callable, Iterable
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.screen import Screen

from tui.commands import ChairCommands
from tui.door import ServiceDoor
from tui.drafts import DraftShelf
from tui.home_view import HomeView, read_home
from tui.key_hold import HOLD_LIMIT, KeyHold
from tui.messages import ServiceFailed, ServiceOpened
from tui.terminal_keys import install_escape_first, split_alt

if TYPE_CHECKING:
    from config.models import ChairConfig
    from storage.service.chair import ChairService

ServiceFactory = Callable[[], "ChairService"]


WARM_AFTER = 0.5
"""Seconds after the database opened (Home filled from it) before the screens are imported
(the action review first: Home's own key; it is then made, off screen)."""
WARM_SCREENS = (
    "tui.screens.review.screen",
    "tui.screens.meeting",
    "tui.screens.decision",
    "tui.screens.metric_detail",
    "tui.screens.previous_minutes",
    "tui.screens.minutes",
    "tui.screens.help",
    "tui.screens.attendance",
    "tui.screens.choice",
    "tui.screens.forms",
)
"""The screens a key opens (none of them imports polars: see tests/test_import_hygiene.py)."""


class ChairApp(App[None]):
    """Home, meetings, decisions and minutes; the service opens in a worker after first paint."""

    TITLE = "Chair"
    CSS_PATH = ["app.tcss", "screens/home.tcss"]
    """Home's own sheet is read with the app's: Textual never reads the CSS_PATH of the
    default screen, so Home was drawn without its title bar and spacing."""
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
        home: Callable[[], Screen[Any]],
        help_for: Callable[[Screen[Any]], Screen[Any]],
        last_home: HomeView | None = None,
    ) -> None:
        super().__init__()
        self.last_home = last_home
        """Home as the last run left it, when nothing has changed since (see tui.home_view)."""
        self._home = home
        self._help_for = help_for
        self.service_factory = service_factory
        self.today = today
        self.config: ChairConfig | None = config
        self.minutes_dir = minutes_dir or Path.cwd()
        self.clock = clock
        self.door = ServiceDoor()
        """The one way to the service: `with app.door() as service: service.meetings.get(...)`."""
        self.drafts = DraftShelf(self.door)
        """This login's unsaved form text, offered back when a form opens on the same item."""
        self.key_hold = KeyHold(self)
        install_escape_first()  # escape typed straight before a key is escape, then the key
        """Keys typed while a form opens, delivered to it once its cursor is placed."""
        self.keymap_config: dict[str, str] = {}
        self.error_message: str | None = None
        """Why the app ended early (bad config or database): one line, for the command line."""
        # Installed by name, built when first pushed (as Textual does for SCREENS): their
        # modules and CSS stay off the start-up path.
        self._installed_screens.update(screens or {})
        if config is not None:
            self._apply_keymap(config)

    @property
    def service(self) -> ChairService | None:
        """The opened service (None until it opens); calls go through `door`."""
        return self.door.service

    def get_default_screen(self) -> Screen[Any]:
        return self._home()

    def on_mount(self) -> None:
        # After the first frame: the worker's imports (pydantic, SQLAlchemy) would otherwise
        # take turns with painting it.
        self.call_after_refresh(self._open_service)

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
        self.door.open(message.service)
        settle_memory()
        # People and roles come from the roster registered with the record (service.config).
        had_config = self.config is not None
        self.config = message.service.config or self.config
        if not had_config and self.config is not None:
            self._apply_keymap(self.config)
        for screen in self.screen_stack:
            ready = getattr(screen, "service_ready", None)
            if ready is not None:
                ready()
        self.set_timer(WARM_AFTER, self._warm_screens)

    @work(thread=True, exit_on_error=False, group="warm-screens")
    def _warm_screens(self) -> None:
        """Import the screens keys open, behind Home once it is up: the first `d`, `i`, `m`,
        `?` or `r` of a run then opens as fast as the next (their modules took 20-90 ms
        each, the meeting's ~0.3 s, on the key)."""
        import importlib

        first, *others = WARM_SCREENS
        importlib.import_module(first)
        self.call_from_thread(self._warm_css)
        for name in others:
            importlib.import_module(name)
        self.call_from_thread(self._warm_css)

    def _warm_css(self) -> None:
        """Read every screen's own CSS file into the stylesheet now, in one parse, behind
        Home: Textual reads a screen's CSS_PATH on its first push, then parses every sheet of
        the app again and restyles every widget on every screen (10-30 ms on that key)."""
        shown = {type(screen) for screen in self.screen_stack}  # Home's: in the app's CSS_PATH
        screens = [screen for screen in chair_screens() if screen not in shown]
        paths = {path for screen in screens for path in css_paths(screen)}
        new = sorted(p for p in paths if not self.stylesheet.has_source(str(p), ""))
        for path in new:
            self.stylesheet.read(path)
        if new:
            self.stylesheet.reparse()
            self.stylesheet.update(self)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            split = split_alt(event)  # escape, then a key: read as alt+key (tui.terminal_keys)
            if split is not None:
                for key in split:
                    await self.on_event(key)
                return
            if self.key_hold.hold(event):
                return
            # A screen busy with what the key would act on (the meeting reading its section)
            # says so: the key waits for it, with the keys after it.
            busy = getattr(self.screen_stack[-1], "keys_wait", None) if self.screen_stack else None
            reason = busy() if busy is not None else None
            if reason is not None:
                self.key_hold.hold_for(reason, getattr(reason, "limit", HOLD_LIMIT))
                if self.key_hold.hold(event):
                    return
            # A key that opens a screen from a worker (Home's `s`, `r`): the keys read after it
            # wait for that screen (they were read before its action ran, and went to Home).
            opens = (
                getattr(self.screen_stack[-1], "keys_after", None) if self.screen_stack else None
            )
            opening = opens(event.key) if opens is not None else None
            if opening is not None:
                self.key_hold.hold_for(opening)
        await super().on_event(event)

    def push_screen(self, screen: Any, *args: Any, **kwargs: Any) -> Any:
        """As App.push_screen; a screen that takes typing (TAKES_TYPING) holds the keys read
        until it has placed its cursor (see tui.key_hold)."""
        if getattr(screen, "TAKES_TYPING", False):
            self.key_hold.hold_for(screen)
        elif isinstance(screen, CommandPalette):
            # Textual's palette: the words typed straight after ctrl+p wait for its search box.
            self.key_hold.hold_for(screen)
            self.call_after_refresh(self._ready_once_focused, screen)
        return super().push_screen(screen, *args, **kwargs)

    def _ready_once_focused(self, screen: Screen[Any]) -> None:
        """Release the keys held for `screen` once its cursor is placed (or it has gone)."""
        if screen.focused is not None or screen not in self.screen_stack:
            self.key_hold.done(screen)
        else:
            self.call_after_refresh(self._ready_once_focused, screen)

    def keep_drafts_now(self) -> None:
        """The connection dropped: each open form writes what it typed since its last draft
        (on the UI thread, before the database closes; the draft timer would never fire)."""
        for screen in self.screen_stack:
            keep = getattr(screen, "keep_draft_now", None)
            if keep is not None:
                keep()

    def on_service_failed(self, message: ServiceFailed) -> None:
        # The command line prints the one line itself (`chair: error: ...`), as every other
        # command does; Textual's exit message would wrap it in a panel.
        self.error_message = message.problem
        self.exit(return_code=2)

    def _apply_keymap(self, config: ChairConfig) -> None:
        self.keymap_config = dict(config.keymap)
        if self.keymap_config:
            self.set_keymap(self.keymap_config)

    def read_home(self) -> HomeView | None:
        """What Home shows, read through the door (from a worker); None without a config."""
        if self.config is None:
            return None
        with self.door() as service:
            return read_home(service, self.config, self.today)

    def action_help(self) -> None:
        if not getattr(self.screen, "IS_HELP", False):
            self.push_screen(self._help_for(self.screen))

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


def chair_screens() -> list[type[Screen[Any]]]:
    """Every screen class of Chair imported so far (subclasses of subclasses too)."""
    found: list[type[Screen[Any]]] = []
    todo: list[type[Screen[Any]]] = [Screen]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("tui."):
                found.append(sub)
    return found


def css_paths(screen: type[Screen[Any]]) -> list[Path]:
    """The CSS files a screen class reads when first pushed, resolved as Textual resolves
    them (beside the module of the class), that exist."""
    import inspect

    names = screen.CSS_PATH
    if names is None:
        return []
    base = Path(getattr(screen, "_BASE_PATH", None) or inspect.getfile(screen))
    listed = [names] if isinstance(names, (str, PurePath)) else list(names)
    paths = [Path(name) if Path(name).is_absolute() else base.parent / name for name in listed]
    return [path.resolve() for path in paths if path.is_file()]


def settle_memory() -> None:
    """Move what is loaded so far (modules, polars, SQLAlchemy, the config, readings) out of
    the garbage collector's sight: a full collection over it pauses the app for ~100 ms, long
    enough to be felt on a key press. Called once the service and a meeting's data are in."""
    gc.freeze()
