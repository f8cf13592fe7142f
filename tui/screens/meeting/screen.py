"""The meeting screen: its keys, widgets and state; the parts live beside it in this package.

clock (timer, saved position), loading (workers: readings, section views),
display (painting a section), navigation (the gate on `n`, `p`, closing),
actions (what `d`, `a` and `o` open), view / table (rows and columns).
"""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Footer, Static

from tui.commands import PaletteCommand
from tui.messages import DecisionSaved, EntryRefused, EntrySaved, MinutesReady
from tui.screens.meeting import actions as meeting_actions
from tui.screens.meeting.navigation import SectionNavigation
from tui.screens.meeting.table import fit_columns
from tui.widgets.agenda import AgendaList
from tui.widgets.chart import MetricChart
from tui.widgets.loop_strip import LoopStrip
from tui.widgets.meeting_header import MeetingHeader

STATE_ACTIONS = ("decide", "add_action", "next_section", "previous_section", "minutes", "add_aob")
"""The actions whose availability depends on the state (see check_action): the footer follows."""

PALETTE_HINT_WIDTH = 90
"""Narrower than this, the footer leaves out its `^p palette` hint."""


class MeetingScreen(SectionNavigation):
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

    PALETTE_COMMANDS: ClassVar[tuple[PaletteCommand, ...]] = (
        PaletteCommand(
            "acknowledge",
            "Acknowledge this breach",
            "The highlighted breach stays on screen but needs no decision until a date",
        ),
        PaletteCommand(
            "add_to_risk_register",
            "Add to risk register",
            "Escalations in: add the highlighted escalation to the practice's risk register",
        ),
    )
    """Actions without a key of their own (the meeting's keys are fixed): ctrl+p and help."""

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
        if action == "acknowledge":
            row = self.current_row()
            return row is not None and meeting_actions.can_acknowledge(self, row)
        if action == "add_to_risk_register":
            row = self.current_row()
            return row is not None and meeting_actions.can_add_to_risk_register(self, row)
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

    def action_acknowledge(self) -> None:
        row = self.current_row()
        if row is not None and meeting_actions.can_acknowledge(self, row):
            meeting_actions.acknowledge(self, row)

    def action_add_to_risk_register(self) -> None:
        row = self.current_row()
        if row is not None and meeting_actions.can_add_to_risk_register(self, row):
            meeting_actions.add_to_risk_register(self, row)

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
