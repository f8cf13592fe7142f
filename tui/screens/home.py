"""Home: the practice, next meetings by type, meetings in progress and the action counts."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static

from tui.home_view import TYPE_COLUMNS, HomeView
from tui.key_hold import hold_keys, ready_for_keys
from tui.messages import EntryRefused, MeetingOpened
from tui.screens.home_parts import read_meeting, start_meeting
from tui.widgets.keys_footer import KeysFooter
from tui.widgets.marked_table import MarkedTable

if TYPE_CHECKING:
    from config.models import ChairConfig
    from tui.shell import ChairApp


class HomeLoaded(Message):
    """What the home screen shows, gathered from the service."""

    def __init__(self, view: HomeView) -> None:
        super().__init__()
        self.view = view


OPENING = "Opening the database… one moment."
"""Said when a key needs the database before it has opened (the key runs once it has)."""
OPEN_LIMIT = 60.0
"""Seconds the keys typed while Home opens wait for its table at most (a first run builds the
database; a Home that never fills must not leave the app deaf for good)."""


class HomeOpening:
    """Why the keys read while Home opens wait (a reason held in tui.key_hold)."""

    limit = OPEN_LIMIT

    def __repr__(self) -> str:
        return "HomeOpening()"


class HomeScreen(Screen[None]):
    """The first screen: paints at once, fills in when the service has opened."""

    BINDING_GROUP_TITLE = "Home"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "s",
            "start_meeting",
            "Start meeting",
            id="start-meeting",
            tooltip="Start a meeting of the highlighted type (or resume it if in progress)",
        ),
        Binding(
            "r",
            "resume_meeting",
            "Resume",
            id="resume-meeting",
            tooltip="Resume a meeting in progress exactly where it stopped",
        ),
        Binding(
            "a",
            "action_review",
            "Action review",
            id="action-review",
            tooltip="Open actions ranked by urgency",
        ),
        Binding(
            "p",
            "choose_practice",
            "Practice",
            id="choose-practice",
            tooltip="Choose the practice of the PCN to work on (its meetings, actions, minutes)",
        ),
        Binding(
            "q", "quit_app", "Quit", id="quit", tooltip="Leave Chair (everything is already saved)"
        ),
        Binding("j", "move(1)", "Down", id="home-down", show=False, tooltip="Next meeting type"),
        Binding("k", "move(-1)", "Up", id="home-up", show=False, tooltip="Previous meeting type"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.view: HomeView | None = None
        """What Home shows now: the last Home kept from the previous run until the service
        has opened, then what the service says."""
        self.verified = False
        """True once `view` comes from the service (not from the last run)."""
        self.mounted = False
        """True once mounted: rows are filled only when both the screen and the service are."""
        self.practice_offered = False
        """The practice choice is offered once, when there are several and none was given."""
        self._waiting: Callable[[], None] | None = None
        """A key pressed before the service opened: it runs when it has."""
        self._opening = HomeOpening()
        self._entering = object()
        """Why keys wait between `s` or `r` and the meeting's screen (a worker reads it)."""
        self._said_opening = False

    @property
    def chair(self) -> ChairApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Static("Chair", id="title")
        with Vertical(id="home-body"):
            yield Static("Opening the practice database…", id="practice", markup=False)
            yield Static("Meetings", classes="heading")
            table: DataTable[str] = MarkedTable(
                id="meeting-types", cursor_type="row", zebra_stripes=True
            )
            # Columns exist from the start, so rows can be added whenever the service arrives.
            table.add_columns(*TYPE_COLUMNS)
            yield table
            yield Static("", id="in-progress", markup=False)
            yield Static("", id="action-counts", markup=False)
        yield KeysFooter()

    def on_mount(self) -> None:
        self.mounted = True
        last = self.chair.last_home
        if last is not None and self.view is None:
            self._show(last)
        if self.chair.door.is_open:
            self.service_ready()

    def service_ready(self) -> None:
        """The service has opened. It may arrive before Home has mounted (on an existing
        database it can be that quick): then `on_mount` calls this again when it is."""
        if not self.mounted:
            return
        self._load()
        self._offer_practice()

    def _offer_practice(self) -> None:
        config, service = self.chair.config, self.chair.service
        if self.practice_offered or config is None or service is None:
            return
        self.practice_offered = True
        if len(config.practices) > 1 and not service.practice_chosen:
            self.action_choose_practice()

    def action_choose_practice(self) -> None:
        config = self.chair.config
        if config is None or not self.chair.door.is_open:
            self.notify(OPENING)
            return
        if len(config.practices) < 2:
            self.notify("This configuration has one practice.")
            return
        from tui.screens.home_parts import choose_practice

        choose_practice(self.chair, self._practice_selected)

    def _practice_selected(self, config: ChairConfig) -> None:
        self.chair.config = config
        self.verified = False
        self._load()

    def on_screen_resume(self) -> None:
        if self.chair.door.is_open:
            self._load()

    @work(thread=True, exit_on_error=False, group="home")
    def _load(self) -> None:
        app = self.chair
        view = app.read_home()
        if view is not None:
            self.post_message(HomeLoaded(view))

    def keys_wait(self) -> HomeOpening | None:
        """Why a key read now must wait (the app holds it: tui.key_hold), None if it acts now.
        Until the service's rows are in the table, a move has nothing to move over (or moves
        over rows about to be replaced): `Down Down s` typed while Home opened dropped the
        moves and started the first type. Held, the keys act in order on the filled table."""
        if self.verified:
            return None
        if self.chair.door.is_open and self.chair.config is None:
            return None  # nothing to show: Home will not fill
        if not self._said_opening:  # once: the keys are not lost, they wait
            self._said_opening = True
            self.notify(OPENING)
        return self._opening

    def keys_after(self, key: str) -> object | None:
        """What the keys typed after `key` wait for (the app holds them), None if nothing.
        `s`, `r` and enter open a meeting read in a worker: `r d` typed at once resumed the
        meeting and lost the `d` (read before `r`'s action ran, it went to Home)."""
        if not self.verified or key not in ("s", "r", "enter"):
            return None
        if key == "r" and not (self.view and self.view.in_progress):
            return None  # r is not offered: nothing opens
        return self._entering

    def on_home_loaded(self, message: HomeLoaded) -> None:
        if not self.mounted:
            return
        self.verified = True
        if message.view != self.view:  # normally the last Home was right: nothing repaints
            self._show(message.view)
        self.refresh_bindings()
        waiting, self._waiting = self._waiting, None
        if waiting is not None:
            waiting()
        ready_for_keys(self._opening, self.app)  # the keys typed meanwhile act on these rows

    def _show(self, view: HomeView) -> None:
        self.view = view
        self.query_one("#practice", Static).update(view.practice)
        table = self.query_one("#meeting-types", DataTable)
        cursor = table.cursor_row
        table.clear()
        for row in view.types:
            table.add_row(*row.cells, key=row.type_id)
        table.move_cursor(row=cursor)
        lines = [m.line for m in view.in_progress]
        self.query_one("#in-progress", Static).update(
            "In progress (r to resume):\n" + "\n".join(lines)
            if lines
            else "No meeting in progress."
        )
        self.query_one("#action-counts", Static).update(view.counts)

    def _when_open(self, step: Callable[[], None]) -> bool:
        """Run `step` now if the service is open, else as soon as it is (and say so)."""
        if self.chair.door.is_open and self.verified:
            return True
        self._waiting = step
        self.notify(OPENING)
        return False

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # While the database opens, s and r still run: they wait for it instead of doing nothing.
        if action == "resume_meeting" and self.view is not None:
            return bool(self.view.in_progress)
        if action == "choose_practice":
            config = self.chair.config
            return config is not None and len(config.practices) > 1
        return True

    def action_move(self, step: int) -> None:
        """j / k: the meeting types as ↓ / ↑ (j and k move in every list)."""
        table = self.query_one("#meeting-types", DataTable)
        if step > 0:
            table.action_cursor_down()
        else:
            table.action_cursor_up()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_start_meeting()

    def action_start_meeting(self) -> None:
        if not self.mounted or not self._when_open(self.action_start_meeting):
            return
        table = self.query_one("#meeting-types", DataTable)
        if table.row_count == 0:
            ready_for_keys(self._entering, self.app)  # nothing opens
            return
        type_id = str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        running = [
            m for m in (self.view.in_progress if self.view else ()) if m.meeting_type == type_id
        ]
        if running:
            from tui.screens.home_parts import ask_which_meeting

            ready_for_keys(self._entering, self.app)  # (the choice opens it)
            ask_which_meeting(
                self.app, "This meeting is already in progress", running[:1], self._reopen
            )
            return
        self._start(type_id)

    def _start(self, type_id: str) -> None:
        hold_keys(self._entering, self.app)  # what is typed next acts in the meeting
        self._start_meeting(type_id)

    @work(thread=True, exit_on_error=False, group="home")
    def _start_meeting(self, type_id: str) -> None:
        self.post_message(start_meeting(self.chair, type_id))

    def action_resume_meeting(self) -> None:
        if not self.mounted or not self._when_open(self.action_resume_meeting):
            return
        meetings = self.view.in_progress if self.view else ()
        if not meetings:
            ready_for_keys(self._entering, self.app)  # nothing opens
            self.notify("No meeting is in progress: s starts one.")
            return
        if len(meetings) == 1:
            self._reopen(meetings[0].meeting_id)
            return
        from tui.screens.home_parts import ask_which_meeting

        ready_for_keys(self._entering, self.app)  # (the choice opens it)
        ask_which_meeting(self.app, "Resume which meeting?", meetings, self._reopen)

    def _reopen(self, meeting_id: int) -> None:
        hold_keys(self._entering, self.app)  # what is typed next acts in the meeting
        self._read_meeting(meeting_id)

    @work(thread=True, exit_on_error=False, group="home")
    def _read_meeting(self, meeting_id: int) -> None:
        self.post_message(read_meeting(self.chair, meeting_id))

    def on_meeting_opened(self, message: MeetingOpened) -> None:
        from tui.screens.meeting import MeetingScreen

        self.app.push_screen(MeetingScreen(message.meeting, message.first))
        ready_for_keys(self._entering, self.app)  # to the meeting (it holds them while it reads)

    def on_entry_refused(self, message: EntryRefused) -> None:
        ready_for_keys(self._entering, self.app)
        self.notify(message.problem, severity="error", markup=False)

    def action_action_review(self) -> None:
        if self.app.is_screen_installed("review"):
            self.app.push_screen("review")
        else:
            self.notify("Action review is not available in this version yet (try 'chair actions').")

    def action_quit_app(self) -> None:
        self.app.exit()
