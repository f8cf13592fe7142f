"""The meeting: agenda, the section's table, chart and loop strip; the gate on `n`."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Static

from domain.records import Meeting, MeetingState
from domain.status import Status
from tui.messages import (
    DecisionSaved,
    EntryRefused,
    EntrySaved,
    GateRefused,
    MeetingClosed,
    MinutesReady,
    ReadingsLoaded,
    SectionChanged,
    SectionLoaded,
)
from tui.screens import meeting_actions
from tui.screens.meeting_table import TableLayout, fill_table, fit_columns, hidden_details
from tui.screens.meeting_view import (
    INTRO,
    Row,
    SectionView,
    breach_count,
    build_rows,
    loop_steps,
)
from tui.widgets.agenda import AgendaList
from tui.widgets.chart import MetricChart
from tui.widgets.loop_strip import LoopStrip
from tui.widgets.meeting_header import MeetingHeader

if TYPE_CHECKING:
    from domain.readings import Reading
    from tui.app import ChairApp

STATE_ACTIONS = ("decide", "add_action", "next_section", "previous_section", "minutes", "add_aob")
"""The actions whose availability depends on the state (see check_action): the footer follows."""

PALETTE_HINT_WIDTH = 90
"""Narrower than this, the footer leaves out its `^p palette` hint."""

AGENDA_WIDTH = 26
"""The agenda sidebar's width (see AgendaList)."""

POSITION_DEBOUNCE = 0.4
"""Seconds of quiet before the highlighted row is saved (cheap: one small UPDATE)."""


class Position(NamedTuple):
    """Where a meeting stands: what `save_position` writes (taken on the UI thread)."""

    meeting_id: int
    section_index: int
    row: int
    elapsed_seconds: int
    paused: bool
    section_seconds: int

    def save(self, app: ChairApp) -> None:
        """Write this position through the service (from a worker thread)."""
        app.call_service(
            "save_position",
            self.meeting_id,
            self.section_index,
            self.row,
            self.elapsed_seconds,
            self.paused,
            section_seconds=self.section_seconds,
        )


class MeetingScreen(Screen[None]):
    """Runs one meeting; every confirmed entry goes to the service at once, in a worker."""

    CSS_PATH = "meeting.tcss"
    BINDING_GROUP_TITLE = "Meeting"
    BINDINGS: ClassVar[list[BindingType]] = [
        # First, so that `? Help` is still on the footer at 80 columns.
        Binding(
            "question_mark",
            "app.help",
            "Help",
            id="help",
            tooltip="Show every key on this screen",
        ),
        Binding("j", "move(1)", "Down", id="move-down", show=False, tooltip="Next row"),
        Binding("k", "move(-1)", "Up", id="move-up", show=False, tooltip="Previous row"),
        Binding(
            "d",
            "decide",
            "Decide",
            id="decide",
            tooltip="Decide on the highlighted breach (enter does the same)",
        ),
        Binding(
            "a",
            "add_action",
            "Action",
            id="add-action",
            tooltip="Add an action to the highlighted breach",
        ),
        Binding("o", "add_aob", "AOB", id="add-aob", tooltip="Add an any-other-business item"),
        Binding(
            "n",
            "next_section",
            "Next",
            id="next-section",
            tooltip="Move to the next section, if every breach has its decision (the gate)",
        ),
        Binding(
            "p",
            "previous_section",
            "Prev",
            id="previous-section",
            tooltip="Go back a section (always allowed)",
        ),
        Binding(
            "m", "minutes", "Minutes", id="minutes-preview", tooltip="Preview the minutes so far"
        ),
        Binding(
            "t",
            "toggle_timer",
            "Timer",
            id="toggle-timer",
            tooltip="Pause or resume the meeting clock",
        ),
        Binding(
            "q",
            "leave",
            "Leave",
            id="leave",
            tooltip="Leave the meeting; everything is saved and it resumes where it stopped",
        ),
    ]

    def __init__(self, meeting: Meeting) -> None:
        super().__init__()
        self.meeting = meeting
        self.section_index = meeting.current_section
        self.pending_row: int | None = meeting.highlighted_row
        self.view: SectionView | None = None
        self.rows: list[Row] = []
        self.readings: dict[str, list[Reading]] = {}
        self.readings_problem: dict[str, str] = {}
        self.readings_lock = threading.Lock()
        self.reviewed: set[str] = set()
        self.unmet_shown = False
        self.navigating = False
        self.closed = False
        self.paused = meeting.timer_paused
        self.elapsed_base = float(meeting.elapsed_seconds)
        self.section_base = float(self._section_seconds(meeting, self.section_index))
        self.run_started: float | None = None
        self._save_timer: Timer | None = None
        self._load_token = 0
        self._allowed: tuple[bool | None, ...] | None = None
        """What `d` and `a` allowed when the footer was last refreshed."""
        self.table_layout: TableLayout | None = None
        """The table's columns and widths now (they follow the terminal's width)."""
        self._question_lines = 0
        self._highlighted_shown: tuple[Any, ...] | None = None
        self.views: dict[int, SectionView] = {}
        """Sections already loaded (and neighbours prefetched): n / p paint from here at once."""

    # ------------------------------------------------------------------ plumbing

    @property
    def chair(self) -> ChairApp:
        return self.app  # type: ignore[return-value]

    @property
    def variables(self) -> dict[str, str]:
        # Textual keeps the current theme's variables; generating them costs ~3 ms a call.
        return self.app.theme_variables or self.app.get_css_variables()

    @property
    def table(self) -> DataTable[Any]:
        return self.query_one("#rows", DataTable)

    @staticmethod
    def _section_seconds(meeting: Meeting, index: int) -> int:
        return meeting.sections[index].seconds_spent if meeting.sections else 0

    def compose(self) -> ComposeResult:
        yield MeetingHeader(id="header")
        with Horizontal(id="body"):
            yield AgendaList(id="agenda")
            with Vertical(id="main"):
                yield Static("", id="question", markup=False)
                yield Static("", id="refusal", markup=False)
                yield DataTable(id="rows", cursor_type="row", zebra_stripes=True)
                yield Static("", id="detail", markup=False)
                yield MetricChart(id="chart")
                yield LoopStrip(id="loop")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#refusal").display = False
        if not self.paused:
            self.run_started = self.chair.clock()
        self.set_interval(1.0, self._tick)
        self._warm_plotext()
        self._tick()
        self._show_agenda()
        self._load_readings()
        self._load_section()

    def on_resize(self) -> None:
        # Below 30 rows the chart gives way to the table (80x24 must stay usable).
        self.set_class(self.size.height < 30, "-short")
        # Below 90 columns the palette hint gives way to the keys (ctrl+p still works).
        self.query_one(Footer).show_command_palette = self.size.width >= PALETTE_HINT_WIDTH
        if (
            self.view is not None
            and fit_columns(self.view.kind, self._table_width()) != self.table_layout
        ):
            self.pending_row = self.table.cursor_row
            self._render_view(self.view)

    @work(thread=True, exit_on_error=False, group="warm")
    def _warm_plotext(self) -> None:
        import plotext  # noqa: F401  (0.2 s: off the key path)

        self.app.call_from_thread(self._redraw_highlighted)

    def _redraw_highlighted(self) -> None:
        self._highlighted_shown = None
        self._show_highlighted()

    # ------------------------------------------------------------------ clock

    def _fold(self) -> None:
        if self.run_started is not None:
            now = self.chair.clock()
            delta = now - self.run_started
            self.elapsed_base += delta
            self.section_base += delta
            self.run_started = now

    def elapsed(self) -> tuple[float, float]:
        running = self.chair.clock() - self.run_started if self.run_started is not None else 0.0
        return self.elapsed_base + running, self.section_base + running

    def _tick(self) -> None:
        config = self.chair.config
        meeting = self.meeting
        meeting_type = config.meeting_type(meeting.meeting_type) if config else None
        section = meeting.sections[self.section_index]
        elapsed, section_elapsed = self.elapsed()
        self.query_one(MeetingHeader).show(
            config.practice.name if config else "",
            meeting_type.title if meeting_type else meeting.meeting_type,
            meeting.date.isoformat(),
            elapsed,
            meeting_type.minutes if meeting_type else 60,
            section.title,
            section_elapsed,
            section.time_box_minutes,
            self.paused,
            self.variables,
        )

    def action_toggle_timer(self) -> None:
        self._fold()
        self.paused = not self.paused
        self.run_started = None if self.paused else self.chair.clock()
        self._tick()
        self._schedule_save(at_once=True)

    # ------------------------------------------------------------------ position

    def _schedule_save(self, at_once: bool = False) -> None:
        if self._save_timer is not None:
            self._save_timer.stop()
        if at_once:
            self._save_position()
        else:
            self._save_timer = self.set_timer(POSITION_DEBOUNCE, self._save_position)

    def _position(self) -> Position:
        self._fold()
        elapsed, section_elapsed = self.elapsed()
        row = self.table.cursor_row if self.rows else 0
        return Position(
            self.meeting.id,
            self.section_index,
            max(0, row),
            int(elapsed),
            self.paused,
            int(section_elapsed),
        )

    def _save_position(self) -> None:
        if self.navigating or self.closed:
            return
        position = self._position()
        self.app.run_worker(
            lambda: position.save(self.chair), thread=True, group="position", exit_on_error=False
        )

    # ------------------------------------------------------------------ loading

    def _readings_for(self, dashboard_id: str) -> list[Reading]:
        """Readings of one dashboard, computed once per meeting screen (thread-safe)."""
        with self.readings_lock:
            if dashboard_id in self.readings:
                return self.readings[dashboard_id]
            service = self.chair.service
            try:
                readings = service.readings(dashboard_id) if service else []
            except Exception as error:  # one broken dashboard never stops the meeting
                self.readings_problem[dashboard_id] = f"readings could not be computed: {error}"
                readings = []
            self.readings[dashboard_id] = readings
        self.post_message(ReadingsLoaded(dashboard_id, readings))
        return readings

    @work(thread=True, exit_on_error=False, group="readings")
    def _load_readings(self) -> None:
        keys = [s.key for s in self.meeting.sections]
        current = keys[self.section_index]
        ordered = [current] + [k for k in keys if k != current]
        for key in ordered:
            if key.startswith("dashboard:"):
                self._readings_for(key.removeprefix("dashboard:"))

    def _load_section(self) -> None:
        self._load_token += 1
        self._load_section_worker(self.section_index, self._load_token)

    @work(thread=True, exit_on_error=False, group="section")
    def _load_section_worker(self, index: int, token: int) -> None:
        view = self._build_view(index)
        if view is not None:
            self.views[index] = view
            if token == self._load_token:
                self.post_message(SectionLoaded(view))
        # Prefetch the neighbours so that n and p repaint without waiting for the database.
        for other in (index + 1, index - 1):
            if 0 <= other < len(self.meeting.sections) and other not in self.views:
                prefetched = self._build_view(other)
                if prefetched is not None:
                    self.views.setdefault(other, prefetched)

    def _build_view(self, index: int) -> SectionView | None:
        from domain.gate import evaluate_gate
        from storage.errors import UserError

        app = self.chair
        try:
            meeting = app.call_service("meeting", self.meeting.id)
            key = meeting.sections[index].key
            readings: list[Reading] = []
            if key.startswith("dashboard:"):
                readings = self._readings_for(key.removeprefix("dashboard:"))
            context = app.call_service("section_context", meeting.id, index, readings)
        except UserError as error:
            self.post_message(EntryRefused(str(error)))
            return None
        config = app.config
        assert config is not None
        dashboard = config.dashboard(key.removeprefix("dashboard:"))
        question = dashboard.question if dashboard else INTRO.get(key, "")
        return SectionView(
            index,
            meeting,
            context.kind,
            key,
            meeting.sections[index].title,
            question,
            readings,
            context,
            evaluate_gate(context),
        )

    def on_readings_loaded(self, message: ReadingsLoaded) -> None:
        self._show_agenda()

    def on_section_loaded(self, message: SectionLoaded) -> None:
        if message.view.index == self.section_index:
            self._render_view(message.view)

    def _render_view(self, view: SectionView) -> None:
        self.view = view
        if view.meeting.current_section == self.meeting.current_section or not self.navigating:
            self.meeting = view.meeting
        config = self.chair.config
        assert config is not None
        self.rows = build_rows(view, config, self.variables)
        table = self.table
        row = self.pending_row if self.pending_row is not None else table.cursor_row
        self.pending_row = None
        self._fill_table()
        if self.rows:
            table.move_cursor(row=min(max(row, 0), len(self.rows) - 1))
            # The highlighted row counts as reviewed even when the cursor did not move (rows
            # are updated in place, so no RowHighlighted arrives for an unchanged position).
            highlighted = self.current_row()
            if highlighted is not None:
                self.reviewed.add(highlighted.key)
        problem = self.readings_problem.get(view.key.removeprefix("dashboard:"))
        heading = f"{view.title}: {view.question}" if view.question else view.title
        if view.kind == "dashboard" and not view.readings:
            heading += f"\n{problem or 'No metrics are configured for this dashboard.'}"
        elif not self.rows:
            heading += "\nNothing to decide here: n moves on."
        self._show_question(heading)
        if self.unmet_shown:
            self._show_refusal(view.unmet)
        self._show_agenda()
        self._show_highlighted()
        self.table.focus()
        self._refresh_keys()

    def _fill_table(self) -> None:
        """Put `self.rows` in the table with the columns that fit the width (see meeting_table)."""
        kind = self.view.kind if self.view else "aob"
        layout = fit_columns(kind, self._table_width())
        rebuild = layout != self.table_layout
        self.table_layout = layout
        fill_table(self.table, self.rows, layout, rebuild)

    def _table_width(self) -> int:
        # The screen less the agenda, the main area's padding and the table's scrollbar.
        return max(20, self.size.width - AGENDA_WIDTH - 2 - 2)

    # ------------------------------------------------------------------ display

    def _show_agenda(self) -> None:
        config = self.chair.config
        if config is None:
            return
        meeting_type = config.meeting_type(self.meeting.meeting_type)
        decide_at = meeting_type.decide_status if meeting_type else Status.RED
        counts: dict[str, int | None] = {}
        for section in self.meeting.sections:
            dashboard = section.key.removeprefix("dashboard:")
            if section.key.startswith("dashboard:"):
                loaded = self.readings.get(dashboard)
                counts[section.key] = None if loaded is None else breach_count(loaded, decide_at)
        self.query_one(AgendaList).show(
            self.meeting.sections, self.section_index, counts, self.variables
        )

    def current_row(self) -> Row | None:
        if not self.rows:
            return None
        index = self.table.cursor_row
        return self.rows[index] if 0 <= index < len(self.rows) else None

    def _show_question(self, heading: str) -> None:
        """The section's question; a relayout only when its height changes (it costs a frame)."""
        question = self.query_one("#question", Static)
        width = max(1, question.content_size.width or self._table_width())
        lines = len(Text(heading).wrap(self.app.console, width))
        question.update(heading, layout=lines != self._question_lines)
        self._question_lines = lines

    def _show_highlighted(self) -> None:
        row = self.current_row()
        shown = (row.key if row else None, id(self.view), self.table_layout)
        if shown == self._highlighted_shown:
            return  # the same row of the same view: already on screen
        self._highlighted_shown = shown
        reading = row.reading if row else None
        detail = Text()
        hidden = (
            hidden_details(row, self.table_layout) if row is not None and self.table_layout else ""
        )
        if hidden:
            detail.append(hidden + "\n", style="bold")
        if reading is not None:
            config = self.chair.config
            if reading.reason:
                detail.append(f"{reading.status.label}: {reading.reason}\n")
            response = config.statuses.get(reading.status.word.lower()) if config else None  # type: ignore[call-overload]
            if response is not None:
                detail.append(
                    f"{reading.status.label} means {response.meaning.lower()}: "
                    f"{response.response}.",
                    style="dim",
                )
            if reading.streak >= 3 and reading.status.severity >= 2:
                detail.append(
                    f"\n‼ {reading.status.word} for {reading.streak} periods running: "
                    "is this wallpaper? Decide something different.",
                    style="bold",
                )
        elif row is not None and row.action is not None:
            updates = row.action.updates
            if updates:
                last = updates[-1]
                detail.append(
                    f"Last update: {last.status.value} {last.note} {last.evidence}".strip()
                )
        detail.rstrip()
        self.query_one("#detail", Static).update(detail, layout=False)
        self.query_one(MetricChart).show(reading)
        self.query_one(LoopStrip).show(
            loop_steps(row, row.key in self.reviewed if row else False), self.variables
        )

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        row = self.current_row()
        if row is not None:
            self.reviewed.add(row.key)
        self._show_highlighted()
        self._refresh_keys()
        self._schedule_save()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_decide()

    def _show_refusal(self, unmet: list[Any]) -> None:
        refusal = self.query_one("#refusal", Static)
        if not unmet:
            refusal.display = False
            self.unmet_shown = False
            return
        missing = "1 thing is" if len(unmet) == 1 else f"{len(unmet)} things are"
        text = Text(f"Cannot move on yet: {missing} missing", style="bold")
        for item in unmet:
            text.append(f"\n  ✗ {item.message}")
        refusal.update(text)
        refusal.display = True
        self.unmet_shown = True

    # ------------------------------------------------------------------ keys

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.closed and action not in ("leave", "minutes"):
            return False
        if action in ("next_section", "minutes", "add_aob"):
            return self.view is not None
        if action == "previous_section":
            return self.section_index > 0
        if action == "decide":
            row = self.current_row()
            return row is not None and meeting_actions.can_decide(self, row)
        if action == "add_action":
            row = self.current_row()
            return row is not None and row.reading is not None
        return True

    def _refresh_keys(self) -> None:
        """Refresh the footer only when what is possible changed (it recomposes: ~10 ms)."""
        allowed = tuple(self.check_action(a, ()) for a in STATE_ACTIONS)
        if allowed != self._allowed:
            self._allowed = allowed
            self.refresh_bindings()

    def action_move(self, step: int) -> None:
        if step > 0:
            self.table.action_cursor_down()
        else:
            self.table.action_cursor_up()

    def action_decide(self) -> None:
        row = self.current_row()
        if row is not None and self.view is not None:
            meeting_actions.decide(self, row)

    def action_add_action(self) -> None:
        row = self.current_row()
        if row is not None and self.view is not None:
            meeting_actions.add_action(self, row)

    def action_add_aob(self) -> None:
        meeting_actions.add_aob(self)

    def action_minutes(self) -> None:
        self._minutes_worker()

    @work(thread=True, exit_on_error=False, group="minutes")
    def _minutes_worker(self) -> None:
        text = self.chair.call_service("minutes_markdown", self.meeting.id)
        self.post_message(MinutesReady(self.meeting.id, text))

    def on_minutes_ready(self, message: MinutesReady) -> None:
        from tui.screens.minutes import MinutesScreen

        self.app.push_screen(MinutesScreen(message.minutes, self._minutes_name(), closed=False))

    def _minutes_name(self) -> str:
        return f"minutes-{self.meeting.meeting_type}-{self.meeting.date.isoformat()}.md"

    def action_next_section(self) -> None:
        view = self.view
        if view is None or self.navigating:
            return
        if view.unmet:  # the gate is pure domain: refuse at once, in plain words
            self.on_gate_refused(GateRefused(view.unmet))
            return
        self.navigating = True
        if self._save_timer is not None:
            self._save_timer.stop()
        position = self._position()
        last = self.section_index == len(self.meeting.sections) - 1
        readings = view.readings if view.kind == "dashboard" else None
        if last:
            self._advance(position, readings)
        else:
            self._enter_section(self.section_index + 1)
            # The write starts after the repaint: its thread would otherwise hold the GIL.
            self.call_after_refresh(self._advance, position, readings)

    @work(thread=True, exit_on_error=False, group="navigate")
    def _advance(self, position: Position, readings: list[Reading] | None) -> None:
        from storage.errors import UserError

        app = self.chair
        try:
            position.save(app)
            unmet = app.call_service("advance", self.meeting.id, readings)
            meeting = app.call_service("meeting", self.meeting.id)
            if unmet:
                self.post_message(SectionChanged(meeting))
                self.post_message(GateRefused(unmet))
            elif meeting.state is MeetingState.CLOSED:
                minutes = app.call_service("minutes_markdown", meeting.id)
                self.post_message(MeetingClosed(meeting.id, minutes))
            else:
                self.post_message(SectionChanged(meeting))
        except UserError as error:
            self.post_message(EntryRefused(str(error)))

    def on_gate_refused(self, message: GateRefused) -> None:
        self._show_refusal(message.unmet)
        target = message.unmet[0].target
        keys = [row.key for row in self.rows]
        if target in keys:
            self.table.move_cursor(row=keys.index(target))
        self.table.focus()

    def action_previous_section(self) -> None:
        if self.section_index == 0 or self.navigating:
            return
        self.navigating = True
        if self._save_timer is not None:
            self._save_timer.stop()
        position = self._position()
        self._enter_section(self.section_index - 1)
        self.call_after_refresh(self._go_back, position)

    @work(thread=True, exit_on_error=False, group="navigate")
    def _go_back(self, position: Position) -> None:
        app = self.chair
        position.save(app)
        self.post_message(SectionChanged(app.call_service("go_back", self.meeting.id)))

    def _enter_section(self, index: int, row: int = 0) -> None:
        """Show a section at once (from the cache when it was loaded or prefetched)."""
        self._fold()
        self.section_index = index
        self.section_base = float(self._section_seconds(self.meeting, index))
        self.pending_row = row
        self._show_refusal([])
        cached = self.views.get(index)
        if cached is not None:
            self._render_view(cached)
        else:
            self.view = None
            self.rows = []
            self.table.clear()
            self._show_question("Loading…")
            self._show_agenda()
            self._load_section()
        self._tick()

    def on_section_changed(self, message: SectionChanged) -> None:
        """The service has the meeting's new state: sync to it (normally already shown)."""
        self.navigating = False
        meeting = message.meeting
        self.meeting = meeting
        self.views.clear()  # the sections' closed flags and decisions may have changed
        if meeting.current_section != self.section_index:
            self._enter_section(meeting.current_section, meeting.highlighted_row)
        else:
            self._show_agenda()
            self._load_section()
        self._refresh_keys()

    def on_meeting_closed(self, message: MeetingClosed) -> None:
        from tui.screens.minutes import MinutesScreen

        self.closed = True
        self.navigating = False
        self.refresh_bindings()
        self.app.push_screen(MinutesScreen(message.minutes, self._minutes_name(), closed=True))

    def on_entry_saved(self, message: EntrySaved) -> None:
        self._load_section()

    def on_decision_saved(self, message: DecisionSaved) -> None:
        self._load_section()

    def on_entry_refused(self, message: EntryRefused) -> None:
        self.navigating = False
        self.notify(message.problem, severity="error", markup=False)

    def action_leave(self) -> None:
        """Everything confirmed is already saved; save the position and go home."""
        if not self.closed:
            if self._save_timer is not None:
                self._save_timer.stop()
            self._save_position()
        self.closed = True
        self.app.pop_screen()
