"""The meeting screen: its keys and widgets, and the parts it owns, each in a module here.

clock (MeetingClock: the timer; PositionSaver: where the meeting stands), loading
(SectionLoader: readings and section views, in workers), display (SectionPainter: a section on
the widgets), navigation (Navigator: the gate's write on `n`, `p`, closing), entries
(MeetingEntries: what `d`, `a`, `o` open), view / table (rows and columns, no widgets).
The screen holds the meeting's state (which section, what is loaded) and routes keys and
messages to the parts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from domain.status import Status
from tui.commands import PaletteCommand
from tui.messages import (
    DecisionSaved,
    EntryRefused,
    EntrySaved,
    GateRefused,
    MeetingClosed,
    MinutesReady,
    ReadingsLoaded,
    SectionChanged,
)
from tui.screens.meeting.clock import MeetingClock, PositionSaver, section_seconds
from tui.screens.meeting.display import NARROW_BELOW, SectionPainter
from tui.screens.meeting.entries import MeetingEntries
from tui.screens.meeting.holder import FollowedMeetingRead, HoldingChanged, MeetingHolder, banner
from tui.screens.meeting.loading import SectionLoader
from tui.screens.meeting.messages import SectionLoaded
from tui.screens.meeting.navigation import Navigator
from tui.screens.meeting.view import Row, SectionView
from tui.shell import ChairApp, settle_memory
from tui.widgets.agenda import AgendaList
from tui.widgets.chart import MetricChart
from tui.widgets.loop_strip import LoopStrip
from tui.widgets.meeting_header import MeetingHeader
from tui.widgets.pcn_grid import PcnGrid

if TYPE_CHECKING:
    from config.models import ChairConfig
    from domain.records import Meeting, Position

STATE_ACTIONS = (
    "decide",
    "add_action",
    "next_section",
    "previous_section",
    "minutes",
    "add_aob",
    "detail",
    "acknowledge",
    "take_over",
)
"""The actions whose availability depends on the state (see check_action): the footer follows."""

WRITE_ACTIONS = frozenset(
    {
        "decide",
        "add_action",
        "add_aob",
        "next_section",
        "previous_section",
        "toggle_timer",
        "acknowledge",
        "add_to_risk_register",
        "attendance",
    }
)
"""What a follower cannot do: the meeting is another chair's until taken over."""

PALETTE_HINT_WIDTH = 90
"""Narrower than this, the footer leaves out its `^p palette` hint."""


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
        # The keys that open a form are priority bindings: the app runs them as it reads the
        # key, so the keys typed straight after are held for the form (tui.key_hold), never
        # read as the meeting's own keys while it opens.
        Binding(
            "d",
            "decide",
            "Decide",
            id="decide",
            priority=True,
            tooltip="Decide on the highlighted breach (enter does the same)",
        ),
        Binding(
            "enter",
            "decide",
            "Decide",
            id="decide-enter",
            priority=True,
            show=False,
            tooltip="Decide on the highlighted breach (as d)",
        ),
        Binding(
            "a",
            "add_action",
            "Action",
            id="add-action",
            priority=True,
            tooltip="Add an action to the highlighted breach",
        ),
        Binding(
            "o",
            "add_aob",
            "AOB",
            id="add-aob",
            priority=True,
            tooltip="Add an any-other-business item",
        ),
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
            "i",
            "detail",
            "Detail",
            id="metric-detail",
            tooltip="The highlighted metric's detail: every period, sources, peers, SPC",
        ),
        Binding(
            "c",
            "acknowledge",
            "Ack",
            id="acknowledge",
            priority=True,
            tooltip="Acknowledge the highlighted breach: no decision needed until a date",
        ),
        Binding(
            "t",
            "toggle_timer",
            "Timer",
            id="toggle-timer",
            show=False,  # in help; the footer keeps room for q Leave at 80 columns
            tooltip="Pause or resume the meeting clock",
        ),
        Binding(
            "T",
            "take_over",
            "Take over",
            id="take-over",
            tooltip="Another chair holds this meeting: take it over (asks first)",
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
            "attendance",
            "Attendance",
            "Record who is present, who sent apologies, and guests",
        ),
        PaletteCommand(
            "add_to_risk_register",
            "Add to risk register",
            "Escalations in: add the highlighted escalation to the practice's risk register",
        ),
    )
    """Actions without a key of their own (the meeting's keys are fixed): ctrl+p and help."""

    def __init__(self, meeting: Meeting) -> None:
        super().__init__()
        self.meeting = meeting
        self.section_index = meeting.current_section
        self.view: SectionView | None = None
        """The section on screen, as loaded (None while it loads)."""
        self.pending_row: int | None = meeting.highlighted_row
        """Where the cursor goes when the section being loaded arrives."""
        self.navigating = False
        self.closed = False
        self._allowed: tuple[bool | None, ...] | None = None
        """What the state actions allowed when the footer was last refreshed."""
        # The parts; those that need the app are made on mount (the app is known then).
        self.clock = MeetingClock(meeting, lambda: self.chair.clock())
        self.painter = SectionPainter(self)
        self._loader: SectionLoader | None = None
        self._saver: PositionSaver | None = None
        self._navigator: Navigator | None = None
        self._entries: MeetingEntries | None = None
        self._holder: MeetingHolder | None = None

    @property
    def following(self) -> bool:
        """True while another chair holds this meeting: the screen is read-only."""
        return self._holder is not None and self._holder.following

    @property
    def chair(self) -> ChairApp:
        app = self.app
        assert isinstance(app, ChairApp)
        return app

    @property
    def config(self) -> ChairConfig:
        config = self.chair.config
        assert config is not None, "a meeting opens only once the service (and config) has"
        return config

    @property
    def loader(self) -> SectionLoader:
        assert self._loader is not None
        return self._loader

    @property
    def saver(self) -> PositionSaver:
        assert self._saver is not None
        return self._saver

    @property
    def navigator(self) -> Navigator:
        assert self._navigator is not None
        return self._navigator

    @property
    def entries(self) -> MeetingEntries:
        assert self._entries is not None
        return self._entries

    # What tests and the help read: the table, its rows, the highlighted one, the clock.

    @property
    def table(self) -> DataTable[Any]:
        return self.painter.table

    @property
    def rows(self) -> list[Row]:
        return self.painter.rows

    @property
    def readings(self) -> dict[str, list[Any]]:
        return self.loader.readings

    def current_row(self) -> Row | None:
        return self.painter.current_row()

    def elapsed(self) -> tuple[float, float]:
        return self.clock.elapsed()

    def compose(self) -> ComposeResult:
        yield MeetingHeader(id="header")
        with Horizontal(id="body"):
            yield AgendaList(id="agenda")
            with Vertical(id="main"):
                yield Static("", id="holder", markup=False)
                yield Static("", id="question", markup=False)
                yield Static("", id="refusal", markup=False)
                yield DataTable(id="rows", cursor_type="row", zebra_stripes=True)
                yield Static("", id="detail", markup=False)
                yield MetricChart(id="chart")
                yield PcnGrid(id="pcn-grid")
                yield LoopStrip(id="loop")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        app = self.chair
        self._loader = SectionLoader(self, app.door, self.config, self.meeting)
        self._saver = PositionSaver(self, app.door, self._position_to_save)
        self._navigator = Navigator(self, app.door)
        self._entries = MeetingEntries(self, app)
        self._holder = MeetingHolder(self, app.door)
        self.query_one("#refusal").display = False
        self.watch(self.table, "cursor_coordinate", self._row_moved, init=False)
        # A PCN meeting shows the member practices side by side where the chart would be.
        self.set_class(self.loader.pcn, "-pcn")
        if self.loader.pcn:
            self.painter.pcn_rows = self.loader.pcn_rows
        self.query_one("#holder").display = False
        self._holder.start()
        self.clock.start()
        self.set_interval(1.0, self._tick)
        self._warm_plotext()
        self._tick()
        self._show_agenda()
        self.loader.load_readings(self.section_index)
        self.loader.load(self.section_index)
        meeting = self.meeting
        fresh = meeting.current_section == 0 and meeting.elapsed_seconds == 0
        if fresh and not (meeting.present or meeting.apologies or meeting.guests):
            self.entries.attendance(meeting)  # at the start: who is here
        self.entries.offer_drafts(self.meeting.id)

    def on_resize(self) -> None:
        # Below 30 rows the chart gives way to the table (80x24 must stay usable).
        self.set_class(self.size.height < 30, "-short")
        self.set_class(self.size.width < NARROW_BELOW, "-narrow")
        # Below 90 columns the palette hint gives way to the keys (ctrl+p still works).
        self.query_one(Footer).show_command_palette = self.size.width >= PALETTE_HINT_WIDTH
        if self.view is not None and not self.painter.fits(self.view.layout_kind):
            self.pending_row = self.table.cursor_row
            self._show(self.view)

    @work(thread=True, exit_on_error=False, group="warm")
    def _warm_plotext(self) -> None:
        import plotext  # noqa: F401  (0.2 s: off the key path)

        self.app.call_from_thread(self.painter.show_highlighted, self.chair.config, True)

    # ------------------------------------------------------------------ showing a section

    def _tick(self) -> None:
        self.clock.paint(
            self.query_one(MeetingHeader),
            self.chair.config,
            self.meeting,
            self.section_index,
            self.painter.variables,
        )

    def _show_agenda(self) -> None:
        meeting_type = self.config.meeting_type(self.meeting.meeting_type)
        decide_at = meeting_type.decide_status if meeting_type else Status.RED
        counts = self.loader.breach_counts(decide_at) if self._loader else {}
        self.painter.show_agenda(self.meeting, self.section_index, counts)

    def _show(self, view: SectionView) -> None:
        """Paint a loaded section (the one at `section_index`)."""
        self.view = view
        if view.meeting.current_section == self.meeting.current_section or not self.navigating:
            self.meeting = view.meeting
        row, self.pending_row = self.pending_row, None
        problem = self.loader.problems.get(view.key.removeprefix("dashboard:"))
        self.painter.paint(view, self.config, problem, row)
        self._show_agenda()
        self._refresh_keys()

    def enter_section(self, index: int, row: int = 0) -> None:
        """Show a section at once (from memory when it was loaded or prefetched)."""
        self.clock.enter_section(section_seconds(self.meeting, index))
        self.section_index = index
        self.pending_row = row
        self.painter.show_refusal([])
        cached = self.loader.views.get(index)
        if cached is not None:
            self._show(cached)
            # So that the next n or p is as quick; after the frame (its thread would hold the GIL).
            self.call_after_refresh(self.loader.prefetch, index)
        else:
            self.view = None
            self.painter.clear("Loading…")
            self._show_agenda()
            self.loader.load(index)
        self._tick()

    def on_readings_loaded(self, message: ReadingsLoaded) -> None:
        self._show_agenda()
        if self.loader.all_readings_in:
            settle_memory()  # every dashboard is in: later collections stay short

    def on_section_loaded(self, message: SectionLoaded) -> None:
        if message.view.index == self.section_index:
            self._show(message.view)

    def _row_moved(self) -> None:
        """The cursor moved (any key, or the gate pointing at a row). Watched on the table, so
        the detail and chart change in the frame that moves the cursor (a RowHighlighted
        message comes through two queues, often a frame later)."""
        if self.painter.painting:
            return  # the painter shows the highlighted row itself once the rows are in
        self.painter.row_highlighted(self.chair.config)
        self._refresh_keys()
        self.saver.schedule()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_decide()

    # ------------------------------------------------------------------ moving

    def _position(self) -> Position:
        row = self.table.cursor_row if self.rows else 0
        return self.clock.position(self.meeting.id, self.section_index, row)

    def _position_to_save(self) -> Position | None:
        if self.navigating or self.closed or self.following:
            return None  # a follower's clock and cursor are never saved over the holder's
        return self._position()

    def action_next_section(self) -> None:
        """`n`: the next section at once from memory; the gate's write follows in a worker."""
        view = self.view
        if view is None or self.navigating:
            return
        if view.unmet:  # the service's answer when the section loaded: refuse at once
            self.on_gate_refused(GateRefused(view.unmet))
            return
        self.navigating = True
        self.saver.cancel()
        position = self._position()
        last = self.section_index == len(self.meeting.sections) - 1
        readings = view.readings if view.kind == "dashboard" else None
        if last:
            self.navigator.advance(position, readings)
        else:
            self.enter_section(self.section_index + 1)
            # The write starts after the repaint: its thread would otherwise hold the GIL.
            self.call_after_refresh(self.navigator.advance, position, readings)

    def action_previous_section(self) -> None:
        if self.section_index == 0 or self.navigating:
            return
        self.navigating = True
        self.saver.cancel()
        position = self._position()
        self.enter_section(self.section_index - 1)
        self.call_after_refresh(self.navigator.go_back, position)

    def on_gate_refused(self, message: GateRefused) -> None:
        self.painter.show_refusal(message.unmet)
        self.painter.point_at(message.unmet[0].target)

    def on_section_changed(self, message: SectionChanged) -> None:
        """The service has the meeting's new state. Normally the section is already on
        screen: only the agenda (its closed marks) repaints; the table stays as it is."""
        self.navigating = False
        meeting = message.meeting
        self.meeting = meeting
        if message.refused:  # the service saw something the screen had not: read it again
            self.loader.views.clear()
            self.loader.meeting = meeting
        else:
            self.loader.moved(meeting)
        if meeting.current_section != self.section_index:
            self.enter_section(meeting.current_section, meeting.highlighted_row)
        else:
            self._show_agenda()
        self._refresh_keys()

    def on_meeting_closed(self, message: MeetingClosed) -> None:
        from tui.screens.minutes import MinutesScreen

        self.closed = True
        self.navigating = False
        self.refresh_bindings()
        self.app.push_screen(
            MinutesScreen(message.minutes, self._minutes_name(), closed=True),
            self._back_home,
        )

    def _back_home(self, _: None) -> None:
        """The closed meeting's minutes were closed: back to Home."""
        if self.app.screen is self:
            self.app.pop_screen()

    def action_toggle_timer(self) -> None:
        self.clock.toggle()
        self._tick()
        self.saver.schedule(at_once=True)

    def action_leave(self) -> None:
        """Everything confirmed is already saved; save the position and go home."""
        if not self.closed:
            self.saver.cancel()
            self.saver.save()
        if self._holder is not None:
            self._holder.release()
        self.closed = True
        self.app.pop_screen()

    # ------------------------------------------------------------------ two chairs

    def action_take_over(self) -> None:
        """`T` on a followed meeting: ask, then take the keyboard from the other chair."""
        holder = self._holder
        if holder is None or not holder.following or holder.holding is None:
            return
        from tui.screens.choice import ChoiceModal

        name = holder.holding.name or "Nobody"
        body = (
            f"{name} holds this meeting. Take it over? Their screen becomes read-only and "
            "follows yours; nothing they saved is lost."
            if holder.holding.login
            else "Nobody holds this meeting now. Take it?"
        )

        def chosen(choice: str | None) -> None:
            if choice == "y":
                holder.take_over()

        self.app.push_screen(
            ChoiceModal(
                "Take over the meeting", body, [("y", "take it over"), ("n", "keep following")]
            ),
            chosen,
        )

    def on_holding_changed(self, message: HoldingChanged) -> None:
        holder = self._holder
        if holder is None:
            return
        before = holder.holding
        holder.holding = message.holding
        line = self.query_one("#holder", Static)
        if message.holding.mine:
            line.display = False
            if before is not None and not before.mine:  # a follower took the meeting
                self._reload(message.meeting or self.meeting)
                taken = message.holding.took_over_from
                self.notify(
                    f"You hold this meeting now (taken over from {taken})."
                    if taken
                    else "You hold this meeting now.",
                    markup=False,
                )
        else:
            self.saver.cancel()
            line.update(banner(message.holding))
            line.display = True
            if before is not None and before.mine:
                self.notify(
                    f"{message.holding.name} took over this meeting; this screen follows it "
                    "now (read-only).",
                    severity="warning",
                    markup=False,
                )
        self._allowed = None
        self._refresh_keys()

    def on_followed_meeting_read(self, message: FollowedMeetingRead) -> None:
        if not self.following or self.closed:
            return
        self.query_one("#holder", Static).update(banner(message.holding))
        stored_clock = message.meeting.elapsed_seconds != self.meeting.elapsed_seconds
        if _shape(message.meeting) != _shape(self.meeting):
            self._reload(message.meeting)
        elif stored_clock or message.meeting.timer_paused != self.meeting.timer_paused:
            # The holder saved its clock: run ours from there (between saves it runs on).
            self.meeting = message.meeting
            self.clock = MeetingClock(message.meeting, lambda: self.chair.clock())
            self.clock.start()
            self._tick()

    def _reload(self, meeting: Meeting) -> None:
        """Show the meeting as stored (the holder's section, decisions and clock)."""
        self.meeting = meeting
        self.clock = MeetingClock(meeting, lambda: self.chair.clock())
        self.clock.start()
        self.loader.views.clear()
        self.enter_section(meeting.current_section, meeting.highlighted_row)

    # ------------------------------------------------------------------ keys

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.closed and action not in ("leave", "minutes"):
            return False
        if action == "take_over":
            return self.following
        if self.following and action in WRITE_ACTIONS:
            return False
        if action in ("next_section", "minutes", "add_aob"):
            return self.view is not None
        if action == "previous_section":
            return self.section_index > 0
        row = self.current_row()
        view = self.view
        if action == "decide":
            return row is not None and view is not None and view.can_decide(row)
        if action in ("add_action", "detail"):
            return row is not None and row.reading is not None
        if action == "attendance":
            return not self.closed
        if action == "acknowledge":
            # Per section, not per row: a footer that changed on every row move would
            # recompose on each key (~10 ms); a non-breach row gets a one-line notice instead.
            return view is not None and view.kind == "dashboard"
        if action == "add_to_risk_register":
            return row is not None and view is not None and view.can_add_to_risk_register(row)
        return True

    def _refresh_keys(self) -> None:
        """Refresh the footer only when what is possible changed (it recomposes: ~10 ms), and
        after the frame that shows the change (the section first, its keys a frame later)."""
        allowed = tuple(self.check_action(a, ()) for a in STATE_ACTIONS)
        if allowed != self._allowed:
            self._allowed = allowed
            self.call_after_refresh(self.refresh_bindings)

    def action_move(self, step: int) -> None:
        if step > 0:
            self.table.action_cursor_down()
        else:
            self.table.action_cursor_up()

    def action_decide(self) -> None:
        row, view = self.current_row(), self.view
        if row is not None and view is not None:
            self.entries.decide(view, row)

    def action_add_action(self) -> None:
        row, view = self.current_row(), self.view
        if row is not None and view is not None:
            self.entries.add_action(view, row)

    def action_acknowledge(self) -> None:
        row, view = self.current_row(), self.view
        if row is not None and view is not None and view.can_acknowledge(row):
            self.entries.acknowledge(view, row)
        elif view is not None:
            self.notify(
                "c acknowledges a breach: highlight a metric at or above this meeting's "
                "decision level",
                markup=False,
            )

    def action_add_to_risk_register(self) -> None:
        row, view = self.current_row(), self.view
        if row is not None and view is not None and view.can_add_to_risk_register(row):
            self.entries.add_to_risk_register(row)

    def action_detail(self) -> None:
        row = self.current_row()
        if row is not None and row.reading is not None:
            self.entries.detail(row.reading)

    def action_attendance(self) -> None:
        self.entries.attendance(self.meeting)

    def action_add_aob(self) -> None:
        self.entries.add_aob(self.meeting.id)

    def action_minutes(self) -> None:
        self._minutes_worker()

    def _minutes_name(self) -> str:
        return f"minutes-{self.meeting.meeting_type}-{self.meeting.date.isoformat()}.md"

    @work(thread=True, exit_on_error=False, group="minutes")
    def _minutes_worker(self) -> None:
        with self.chair.door() as service:
            text = service.minutes.markdown(self.meeting.id)
        self.post_message(MinutesReady(self.meeting.id, text))

    def on_minutes_ready(self, message: MinutesReady) -> None:
        from tui.screens.minutes import MinutesScreen

        self.app.push_screen(MinutesScreen(message.minutes, self._minutes_name(), closed=False))

    def on_entry_saved(self, message: EntrySaved) -> None:
        self.loader.load(self.section_index)

    def on_decision_saved(self, message: DecisionSaved) -> None:
        self.loader.load(self.section_index)

    def on_entry_refused(self, message: EntryRefused) -> None:
        self.navigating = False
        self.notify(message.problem, severity="error", markup=False)


def _shape(meeting: Meeting) -> tuple[object, ...]:
    """What a follower repaints for: the section, the decisions, the AOB items, the state."""
    return (
        meeting.current_section,
        meeting.state,
        tuple(d.id for d in meeting.decisions),
        tuple(item.id for item in meeting.aob),
    )
