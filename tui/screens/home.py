"""Home: the practice, next meetings by type, meetings in progress and the action counts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from tui.format import clock
from tui.messages import EntryRefused, MeetingOpened

if TYPE_CHECKING:
    from config.models import ChairConfig
    from domain.minutes_input import Completion
    from domain.records import Meeting
    from tui.shell import ChairApp


@dataclass(frozen=True)
class HomeSummary:
    """What Home shows, gathered in a worker."""

    in_progress: list[Meeting]
    last_held: dict[str, Meeting | None]
    open_actions: int
    overdue_actions: int
    my_actions: int
    completion: Completion | None = None


class HomeLoaded(Message):
    """What the home screen shows, gathered from the service."""

    def __init__(self, summary: HomeSummary) -> None:
        super().__init__()
        self.summary = summary


OPENING = "Opening the database… press the key again in a moment."
"""Said when a key needs the database before it has opened (rather than ignoring the key)."""

TYPE_COLUMNS = ("Meeting type", "Cadence", "Length", "Last held", "Next due")


class HomeScreen(Screen[None]):
    """The first screen: paints at once, fills in when the service has opened."""

    CSS_PATH = "home.tcss"
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
    ]

    def __init__(self) -> None:
        super().__init__()
        self.summary: HomeSummary | None = None
        self.mounted = False
        """True once mounted: rows are filled only when both the screen and the service are."""
        self.practice_offered = False
        """The practice choice is offered once, when there are several and none was given."""

    @property
    def chair(self) -> ChairApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Static("Chair", id="title")
        with Vertical(id="home-body"):
            yield Static("Opening the practice database…", id="practice", markup=False)
            yield Static("Meetings", classes="heading")
            table: DataTable[str] = DataTable(
                id="meeting-types", cursor_type="row", zebra_stripes=True
            )
            # Columns exist from the start, so rows can be added whenever the service arrives.
            table.add_columns(*TYPE_COLUMNS)
            yield table
            yield Static("", id="in-progress", markup=False)
            yield Static("", id="action-counts", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.mounted = True
        if self.chair.config is not None:
            self._show_types()
        if self.chair.door.is_open:
            self.service_ready()

    def service_ready(self) -> None:
        """The service has opened. It may arrive before Home has mounted (on an existing
        database it can be that quick): then `on_mount` calls this again when it is."""
        if not self.mounted:
            return
        self._show_types()
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
        from tui.screens.choice import ChoiceModal

        practices = sorted(config.practices, key=lambda p: p.code)[:9]
        body = (
            "\n".join(f"{i}  {p.code}  {p.name}" for i, p in enumerate(practices, start=1))
            + f"\n\nMeetings of scope PCN belong to {config.pcn_code} whichever is chosen."
        )

        def chosen(choice: str | None) -> None:
            if choice:
                self._select_practice(practices[int(choice) - 1].code)

        self.app.push_screen(
            ChoiceModal(
                "Which practice?",
                body,
                [(str(i), p.code) for i, p in enumerate(practices, start=1)],
            ),
            chosen,
        )

    @work(thread=True, exit_on_error=False, group="home")
    def _select_practice(self, code: str) -> None:
        with self.chair.door() as service:
            service.select_practice(code)
            config = service.config
        self.app.call_from_thread(self._practice_selected, config)

    def _practice_selected(self, config: ChairConfig) -> None:
        self.chair.config = config
        self.summary = None
        self._show_types()
        self._load()

    def on_screen_resume(self) -> None:
        if self.chair.door.is_open:
            self._load()

    def _show_types(self) -> None:
        config = self.chair.config
        if config is None:
            return
        practice = config.practice
        service = self.chair.service
        person = service.person if service is not None else None
        who = f" · you: {person.name}{' (chair)' if person.chair else ''}" if person else ""
        several = (
            f"\nPCN {config.pcn_code}: {len(config.practices)} practices · p: another practice"
            if len(config.practices) > 1
            else ""
        )
        self.query_one("#practice", Static).update(
            f"{practice.name} · {practice.code} · list size {practice.list_size:,} · "
            f"{self.chair.today:%a %d %b %Y}{who}{several}"
        )
        table = self.query_one("#meeting-types", DataTable)
        cursor = table.cursor_row
        table.clear()
        last = self.summary.last_held if self.summary else {}
        for meeting_type in config.meeting_types:
            held = last.get(meeting_type.id)
            table.add_row(
                meeting_type.title + (" (PCN)" if meeting_type.scope == "pcn" else ""),
                meeting_type.cadence,
                f"{meeting_type.minutes} min",
                held.date.isoformat() if held else "never",
                self._next_due(meeting_type.id, meeting_type.cadence, held),
                key=meeting_type.id,
            )
        table.move_cursor(row=cursor)

    def _next_due(self, type_id: str, cadence: str, held: Meeting | None) -> str:
        from domain.dates import next_meeting_date

        if self.summary and any(m.meeting_type == type_id for m in self.summary.in_progress):
            return "in progress"
        if held is None:
            return "due now"
        due = held.next_meeting or next_meeting_date(cadence, held.date)
        if due is None:
            return "ad hoc"
        return "due now" if due <= self.chair.today else due.isoformat()

    @work(thread=True, exit_on_error=False, group="home")
    def _load(self) -> None:
        app = self.chair
        config = app.config
        if config is None:
            return
        with app.door() as service:
            in_progress = service.in_progress()
            last = {
                m.id: service.latest_meeting(m.id, closed_only=True) for m in config.meeting_types
            }
            open_actions = service.actions()
            overdue = service.actions(overdue_only=True)
            person = service.person
            completion = service.completion()
        mine = [a for a in open_actions if person and a.owner_id == person.id]
        summary = HomeSummary(
            in_progress, last, len(open_actions), len(overdue), len(mine), completion
        )
        self.post_message(HomeLoaded(summary))

    def on_home_loaded(self, message: HomeLoaded) -> None:
        if not self.mounted:
            return
        self.summary = message.summary
        self._show_types()
        summary = self.summary
        assert summary is not None
        lines = []
        for meeting in summary.in_progress:
            lines.append(self._describe_in_progress(meeting))
        self.query_one("#in-progress", Static).update(
            "In progress (r to resume):\n" + "\n".join(lines)
            if lines
            else "No meeting in progress."
        )
        counts = (
            f"Actions: {summary.open_actions} open · {summary.overdue_actions} overdue"
            f" · {summary.my_actions} yours"
        )
        if summary.completion is not None:
            counts += "\n" + self._describe_completion(summary.completion)
        self.query_one("#action-counts", Static).update(counts)
        self.refresh_bindings()

    def _describe_completion(self, completion: Completion) -> str:
        """Done on time of those due, carried over, and who has overdue actions."""
        if completion.due:
            share = round(100 * completion.done_on_time / completion.due)
            done = f"{completion.done_on_time} of {completion.due} due done on time ({share}%)"
        else:
            done = "none due yet"
        line = f"Completion: {done} · {completion.carried_over} carried over"
        if completion.overdue_by_owner:
            config = self.chair.config
            owners = []
            for person_id, count in completion.overdue_by_owner[:4]:
                person = config.person(person_id) if config else None
                owners.append(f"{person.name if person else person_id} {count}")
            more = len(completion.overdue_by_owner) - 4
            line += (
                "\nOverdue by owner: "
                + ", ".join(owners)
                + (f" (+{more} more)" if more > 0 else "")
            )
        return line

    def _describe_in_progress(self, meeting: Meeting) -> str:
        config = self.chair.config
        meeting_type = config.meeting_type(meeting.meeting_type) if config else None
        title = meeting_type.title if meeting_type else meeting.meeting_type
        total = len(meeting.sections)
        index = meeting.current_section
        section = meeting.sections[index].title if total else ""
        return (
            f"  {title} of {meeting.date.isoformat()}: section {index + 1} of {total} ({section}),"
            f" {clock(meeting.elapsed_seconds)} elapsed"
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # While the database opens, s and r still run: they say so instead of doing nothing.
        if action == "resume_meeting" and self.summary is not None:
            return bool(self.summary.in_progress)
        if action == "choose_practice":
            config = self.chair.config
            return config is not None and len(config.practices) > 1
        return True

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_start_meeting()

    def action_start_meeting(self) -> None:
        if not self.chair.door.is_open or self.chair.config is None or not self.mounted:
            self.notify(OPENING)
            return
        table = self.query_one("#meeting-types", DataTable)
        if table.row_count == 0:
            return
        type_id = str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        running = [
            m
            for m in (self.summary.in_progress if self.summary else [])
            if m.meeting_type == type_id
        ]
        if running:
            from tui.screens.choice import ChoiceModal

            def chosen(choice: str | None) -> None:
                if choice == "r":
                    self._reopen(running[0].id)

            self.app.push_screen(
                ChoiceModal(
                    "This meeting is already in progress",
                    self._describe_in_progress(running[0]).strip(),
                    [("r", "resume where it stopped")],
                ),
                chosen,
            )
            return
        self._start(type_id)

    @work(thread=True, exit_on_error=False, group="home")
    def _start(self, type_id: str) -> None:
        from storage.errors import UserError

        try:
            with self.chair.door() as service:
                meeting = service.start_meeting(type_id)
        except UserError as error:
            self.post_message(EntryRefused(str(error)))
            return
        self.post_message(MeetingOpened(meeting))

    def action_resume_meeting(self) -> None:
        if self.summary is None:
            self.notify(OPENING)
            return
        if not self.summary.in_progress:
            self.notify("No meeting is in progress: s starts one.")
            return
        meetings = self.summary.in_progress
        if len(meetings) == 1:
            self._reopen(meetings[0].id)
            return
        from tui.screens.choice import ChoiceModal

        choices = [
            (str(i + 1), self._describe_in_progress(m).strip()) for i, m in enumerate(meetings[:9])
        ]

        def chosen(choice: str | None) -> None:
            if choice:
                self._reopen(meetings[int(choice) - 1].id)

        self.app.push_screen(ChoiceModal("Resume which meeting?", "", choices), chosen)

    @work(thread=True, exit_on_error=False, group="home")
    def _reopen(self, meeting_id: int) -> None:
        """Read the meeting afresh: its saved section, row and clock are where it resumes."""
        with self.chair.door() as service:
            meeting = service.meeting(meeting_id)
        self.post_message(MeetingOpened(meeting))

    def on_meeting_opened(self, message: MeetingOpened) -> None:
        from tui.screens.meeting import MeetingScreen

        self.app.push_screen(MeetingScreen(message.meeting))

    def on_entry_refused(self, message: EntryRefused) -> None:
        self.notify(message.problem, severity="error", markup=False)

    def action_action_review(self) -> None:
        if self.app.is_screen_installed("review"):
            self.app.push_screen("review")
        else:
            self.notify("Action review is not available in this version yet (try 'chair actions').")

    def action_quit_app(self) -> None:
        self.app.exit()
