"""The meeting screen: which section is on screen and what may be done there.

It composes the painted areas, each a widget that owns its ids and paints what it is given:
ClockHeader (the header and the meeting's clock, clock.py), AgendaList, MeetingHolder (the
line saying who holds the meeting, and its lease, holder.py) and SectionPanel (the question,
refusal, table, detail, chart and loop, panel.py). The parts that work off the screen,
SectionLoader (loading.py), Navigator (navigation.py), MeetingEntries (entries.py) and
PositionSaver (clock.py), get what they need passed in (an Outbox, the door, callbacks), never
the screen; what their workers find comes back as messages named for what happened
(messages.py, tui/messages.py). The keys and when they work are in keys.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer

from domain.keys import SectionKey
from domain.status import Status
from tui.commands import PaletteCommand
from tui.key_hold import hold_keys, ready_for_keys
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
from tui.screens.meeting import keys
from tui.screens.meeting.clock import ClockHeader, MeetingClock, PositionSaver, section_seconds
from tui.screens.meeting.entries import MeetingEntries
from tui.screens.meeting.holder import (
    FollowedMeetingRead,
    HoldingChanged,
    MeetingHolder,
    followed_change,
    holder_only,
)
from tui.screens.meeting.loading import SectionLoader
from tui.screens.meeting.messages import (
    ExceptionSaved,
    MeetingDeleted,
    NoteSaved,
    SectionLoaded,
)
from tui.screens.meeting.navigation import Navigator
from tui.screens.meeting.outbox import Outbox
from tui.screens.meeting.panel import NARROW_BELOW, SectionPanel
from tui.screens.meeting.prepared import PreparedMinutes
from tui.screens.meeting.section_table import SectionTable
from tui.screens.meeting.view import Row, SectionView
from tui.shell import ChairApp, settle_memory
from tui.widgets.agenda import AgendaList
from tui.widgets.keys_footer import KeysFooter

if TYPE_CHECKING:
    from config.models import ChairConfig
    from domain.readings import Reading
    from domain.records import Holding, Meeting, Position
    from tui.screens.minutes import MinutesScreen

ENTRY_LIMIT = 8.0
"""Seconds the keys after a saved entry wait for the section to show it, at most."""
PALETTE_HINT_WIDTH = 90
"""Narrower than this, the footer leaves out its `^p palette` hint."""


class KeysWait:
    """Why the keys read now wait (a reason held in tui.key_hold), named for the reader."""

    def __init__(self, why: str) -> None:
        self.why = why

    def __repr__(self) -> str:
        return f"KeysWait({self.why!r})"


class MeetingScreen(Screen[None]):
    """Runs one meeting; every confirmed entry goes to the service at once, in a worker."""

    CSS_PATH = "meeting.tcss"
    BINDING_GROUP_TITLE = "Meeting"
    BINDINGS: ClassVar[list[BindingType]] = keys.BINDINGS
    PALETTE_COMMANDS: ClassVar[tuple[PaletteCommand, ...]] = keys.PALETTE_COMMANDS

    panel: SectionPanel
    holder: MeetingHolder
    loader: SectionLoader
    saver: PositionSaver
    navigator: Navigator
    entries: MeetingEntries
    header: ClockHeader

    def __init__(self, meeting: Meeting) -> None:
        super().__init__()
        self.meeting = meeting
        self.section_index = meeting.current_section
        self.pending_row: int | None = meeting.highlighted_row
        """Where the cursor goes when the section being loaded arrives."""
        self.navigating = False
        self.closed = False
        self._allowed: tuple[bool | None, ...] | None = None
        """What the state actions allowed when the footer was last refreshed."""
        self._moving = KeysWait("a move between sections is being written")
        self._loading = KeysWait("the section on screen is still being read")
        self.reading = True
        """The section on screen is being read (nothing to show for it yet)."""
        self._entry_holds: list[object] = []
        """Keys held until the section shows an entry just saved (see expect_entry)."""
        self._entry_loads: list[object] = []
        """Those holds whose section load has been asked (released when it arrives)."""

    @property
    def holding(self) -> Holding | None:
        """Who holds this meeting, as last heard (None before the first answer)."""
        return self.holder.holding if hasattr(self, "holder") else None

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
    def following(self) -> bool:
        """True while another chair holds this meeting: the screen is read-only."""
        return hasattr(self, "holder") and self.holder.following

    # What tests and the help read: the table, its rows, the highlighted one, the clock.

    @property
    def view(self) -> SectionView | None:
        """The section on screen, as loaded (None while it loads)."""
        return self.panel.view if hasattr(self, "panel") else None

    @property
    def table(self) -> SectionTable:
        return self.panel.table

    @property
    def rows(self) -> list[Row]:
        return self.panel.rows if hasattr(self, "panel") else []

    def current_row(self) -> Row | None:
        return self.panel.current_row() if hasattr(self, "panel") else None

    @property
    def clock(self) -> MeetingClock:
        return self.header.clock

    def elapsed(self) -> tuple[float, float]:
        return self.clock.elapsed()

    def compose(self) -> ComposeResult:
        app, meeting = self.chair, self.meeting
        outbox = Outbox.of(self)
        self.loader = SectionLoader(outbox, app.door, self.config, meeting)
        # The position is written in the app's worker: `q` saves it as the screen goes.
        lasting = Outbox.of(app).run
        self.saver = PositionSaver(app.door, self._position_to_save, self.set_timer, lasting)
        self.navigator = Navigator(outbox, app.door)
        self.entries = MeetingEntries(outbox, app, self.loader)
        self.entries.prepared = PreparedMinutes(outbox, app, self.set_timer)
        self.entries.reload = lambda: self.loader.reload_now(self.section_index)
        self._minutes_open: MinutesScreen | None = None
        """The minutes preview opened from what was read ahead, until the worker's arrive."""
        pcn_rows = self.loader.pcn_rows if self.loader.pcn else None
        self.panel = SectionPanel(self.config, pcn_rows, id="section")
        renewing = lambda: self.saver.schedule(at_once=True)  # noqa: E731
        self.holder = MeetingHolder(app.door, meeting.id, renewing, id="holder")
        self.header = ClockHeader(self.config, meeting, lambda: app.clock(), id="header")
        yield self.header
        with Horizontal(id="body"):
            yield AgendaList(id="agenda")
            with Vertical(id="main"):
                yield self.holder
                yield self.panel
        yield KeysFooter(compact=True)

    def on_mount(self) -> None:
        # A PCN meeting shows the member practices side by side where the chart would be.
        self.set_class(self.loader.pcn, "-pcn")
        self._warm_plotext()
        self._show_agenda()
        self.loader.load_readings(self.section_index)
        self.loader.load(self.section_index)
        meeting = self.meeting
        fresh = meeting.current_section == 0 and meeting.elapsed_seconds == 0
        if fresh and not (meeting.present or meeting.apologies or meeting.guests):
            self.entries.attendance(meeting)  # at the start: who is here
        self.entries.offer_drafts(self.meeting.id)
        self._prepare_minutes(at_once=True)

    def _prepare_minutes(self, at_once: bool = False) -> None:
        """Read ahead the minutes `d` (previous minutes) and `m` show (see prepared.py): on
        opening (the previous minutes once the first section is in), else a moment after the
        record changed."""
        prepared = self.entries.prepared
        if prepared is None:
            return
        previous = self.meeting.previous_meeting_id
        if at_once:
            if previous is not None:
                prepared.prepare(previous, delay=0.3)
            prepared.prepare(self.meeting.id, delay=1.0)
            return
        prepared.changed(self.meeting.id)
        if previous is not None:
            prepared.changed(previous)

    def on_resize(self) -> None:
        # Below 30 rows the chart gives way to the table (80x24 must stay usable).
        self.set_class(self.size.height < 30, "-short")
        self.set_class(self.size.width < NARROW_BELOW, "-narrow")
        # Below 90 columns the palette hint gives way to the keys (ctrl+p still works).
        self.query_one(Footer).show_command_palette = self.size.width >= PALETTE_HINT_WIDTH

    @work(thread=True, exit_on_error=False, group="warm")
    def _warm_plotext(self) -> None:
        import plotext  # noqa: F401  (0.2 s: off the key path)

        self.app.call_from_thread(self.panel.show_highlighted, True)

    # ------------------------------------------------------------------ showing a section

    def _show_agenda(self) -> None:
        meeting_type = self.config.meeting_type(self.meeting.meeting_type)
        counts = self.loader.breach_counts(
            meeting_type.decide_status if meeting_type else Status.RED
        )
        agenda = self.query_one(AgendaList)
        agenda.section_layers = {
            SectionKey.of_dashboard(d.id): d.layer for d in self.config.dashboards
        }
        agenda.show(self.meeting.sections, self.section_index, counts, self.panel.variables)

    def expect_entry(self) -> None:
        """A form over this screen saved an entry: the keys typed after its ctrl+s wait until
        the section shows it (they act on the rows as they are now: `j d` after a new AOB
        item decides on the row `j` reaches in the reloaded table)."""
        token = object()
        self._entry_holds.append(token)
        hold_keys(token, self.app, ENTRY_LIMIT)

    def _entry_shown(self, everything: bool = False) -> None:
        """The section as reloaded after the entry is on screen: the keys go on. Only a load
        asked after the entry was saved counts (an earlier one may still arrive first)."""
        holds, self._entry_loads = self._entry_loads, []
        if everything:
            holds += self._entry_holds
            self._entry_holds = []
        for token in holds:
            ready_for_keys(token, self.app)

    def _show(self, view: SectionView) -> None:
        """Paint a loaded section (the one at `section_index`)."""
        if view.meeting.current_section == self.meeting.current_section or not self.navigating:
            self.meeting = view.meeting
        row, self.pending_row = self.pending_row, None
        self.panel.paint(view, self.loader.problems.get(view.key.dashboard), row)
        self._show_agenda()
        self._refresh_keys()
        self.reading = False
        ready_for_keys(self._loading, self.app)

    def enter_section(self, index: int, row: int = 0) -> None:
        """Show a section at once (from memory when it was loaded or prefetched)."""
        self.header.enter_section(index, section_seconds(self.meeting, index))
        self.section_index = index
        self.pending_row = row
        self.panel.show_refusal([])
        cached = self.loader.cached(index)
        if cached is not None:
            self._show(cached)
            # So that the next n or p is as quick; after the frame (its thread would hold the GIL).
            self.call_after_refresh(self.loader.prefetch, index)
        else:
            self.panel.clear("Loading…")
            self.reading = True
            self._hold_keys(self._loading)
            self._show_agenda()
            self.loader.load(index)

    def keys_wait(self) -> KeysWait | None:
        """Why a key read now must wait (the app holds it: tui.key_hold), None if it acts now.
        While the section is being read there are no rows for a key to act on; while a move is
        being written `n` and `p` cannot move again. Each such key was dropped; held, it acts
        in order once the wait is over (ready_for_keys)."""
        if self.navigating:
            return self._moving
        if self.reading and not self.closed:
            return self._loading
        return None

    def _hold_keys(self, wait: KeysWait) -> None:
        """Hold from now (the app also asks keys_wait as it reads each key; a key replayed
        after a wait is not asked again, so the wait that key starts holds the keys after it)."""
        hold = getattr(self.app, "key_hold", None)
        if hold is not None:
            hold.hold_for(wait)

    def on_readings_loaded(self, message: ReadingsLoaded) -> None:
        self._show_agenda()
        if self.loader.all_readings_in:
            settle_memory()  # every dashboard is in: later collections stay short

    def on_section_loaded(self, message: SectionLoaded) -> None:
        if message.view.index == self.section_index:
            self._show(message.view)
            self._entry_shown()

    def on_section_panel_row_moved(self, message: SectionPanel.RowMoved) -> None:
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

    @holder_only
    def action_next_section(self) -> None:
        """`n`: the next section at once from memory; the gate's write follows in a worker."""
        view = self.view
        if view is None or self.navigating:
            return
        if view.unmet:  # the service's answer when the section loaded: refuse at once
            self.on_gate_refused(GateRefused(view.unmet))
            return
        readings = view.readings if view.kind == "dashboard" else None
        if self.section_index == len(self.meeting.sections) - 1:
            self._ask_to_close(readings)
            return
        self.navigating = True
        self._hold_keys(self._moving)
        self.saver.cancel()
        position = self._position()
        self.enter_section(self.section_index + 1)
        # The write starts after the repaint: its thread would otherwise hold the GIL.
        self.call_after_refresh(self.navigator.advance, position, readings)

    def _ask_to_close(self, readings: list[Reading] | None) -> None:
        """`n` on the last section asks first (tui.screens.closing): its save closes the
        meeting with the next meeting's date; escape keeps the meeting on this section."""
        from tui.screens.form_base import open_form
        from tui.screens.meeting.navigation import close_form

        self.saver.cancel()
        form = close_form(self.chair.door, self.config, self.meeting, self._position(), readings)

        def done(closed: MeetingClosed | None) -> None:
            if closed is not None:
                self.on_meeting_closed(closed)  # the minutes are pushed: the keys go there
                ready_for_keys(closed, self.app)
            else:
                self.saver.schedule()

        open_form(self.app, form, self.meeting.id, "close", done)

    @holder_only
    def action_abandon(self) -> None:
        """The palette's "Abandon this meeting": asks, then the service deletes it (nothing
        recorded yet) or closes it as abandoned (the minutes say so)."""
        from tui.screens.choice import ChoiceModal

        if self.closed or self.navigating:
            return

        def chosen(choice: str | None) -> None:
            if choice == "y" and not self.closed:
                self.saver.cancel()
                self.navigating = True
                self._hold_keys(self._moving)
                self.navigator.abandon(self.meeting.id)

        body = (
            "If nothing is recorded in it yet (a decision, action, update, AOB item, "
            "acknowledgement, approval...; attendance does not count), it is deleted as if "
            "never begun. Otherwise it is closed as abandoned here, and its minutes say so."
        )
        self.app.push_screen(
            ChoiceModal("Abandon this meeting?", body, [("y", "abandon it"), ("n", "keep it")]),
            chosen,
        )

    def on_meeting_deleted(self, message: MeetingDeleted) -> None:
        self.closed = True
        self.holder.stop()
        self.navigating = False
        ready_for_keys(self._moving, self.app)
        self.notify("Meeting abandoned: nothing was recorded in it, so it is gone.")
        if self.app.screen is self:
            self.app.pop_screen()

    @holder_only
    def action_previous_section(self) -> None:
        if self.section_index == 0 or self.navigating:
            return
        self.navigating = True
        self._hold_keys(self._moving)
        self.saver.cancel()
        position = self._position()
        self.enter_section(self.section_index - 1)
        self.call_after_refresh(self.navigator.go_back, position)

    def on_gate_refused(self, message: GateRefused) -> None:
        self.panel.show_refusal(message.unmet)
        self.panel.point_at(message.unmet[0].target)

    def on_section_changed(self, message: SectionChanged) -> None:
        """The service has the meeting's new state. Normally the section is already on
        screen: only the agenda (its closed marks) repaints; the table stays as it is."""
        self.navigating = False
        ready_for_keys(self._moving, self.app)
        self.meeting = meeting = message.meeting
        self._prepare_minutes()
        if message.refused:  # the service saw something the screen had not: read it again
            self.loader.forget(meeting)
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
        self.holder.stop()
        self.navigating = False
        ready_for_keys(self._moving, self.app)
        self.refresh_bindings()
        minutes = MinutesScreen(message.minutes, self._minutes_name(), closed=True)
        self.app.push_screen(minutes, self._back_home)

    def _back_home(self, _: None) -> None:
        """The closed meeting's minutes were closed: back to Home."""
        if self.app.screen is self:
            self.app.pop_screen()

    @holder_only
    def action_toggle_timer(self) -> None:
        self.header.toggle()
        self.saver.schedule(at_once=True)

    def on_unmount(self) -> None:
        ready_for_keys(self._moving, self.app)  # gone: nothing to wait for
        ready_for_keys(self._loading, self.app)

    def action_leave(self) -> None:
        """Everything confirmed is already saved; save the position and go home."""
        if not self.closed:
            self.saver.cancel()
            self.saver.save()
        self.holder.release()
        self.closed = True
        self.app.pop_screen()

    # ------------------------------------------------------------------ two chairs

    def action_take_over(self) -> None:
        self.holder.offer_take_over()

    def on_holding_changed(self, message: HoldingChanged) -> None:
        if message.holding.mine and message.before is not None and not message.before.mine:
            self._reload(message.meeting or self.meeting)  # this screen took the meeting
        elif not message.holding.mine:
            self.saver.cancel()
        self._allowed = None
        self._refresh_keys()

    def on_followed_meeting_read(self, message: FollowedMeetingRead) -> None:
        change = followed_change(message.meeting, self.meeting)
        if change == "reload":
            self._reload(message.meeting)
        elif change == "clock":  # the holder saved its clock: ours runs on from there
            self.meeting = message.meeting
            self.header.restart(message.meeting)

    def _reload(self, meeting: Meeting) -> None:
        """Show the meeting as stored (the holder's section, decisions and clock)."""
        self.meeting = meeting
        self.header.restart(meeting)
        self.loader.forget(meeting)
        self.enter_section(meeting.current_section, meeting.highlighted_row)

    # ------------------------------------------------------------------ keys

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        state = keys.KeyState(
            self.closed, self.following, self.section_index, self.view, self.current_row()
        )
        return keys.allowed(action, state)

    def _refresh_keys(self) -> None:
        """Refresh the footer only when what is possible changed (it recomposes: ~10 ms), and
        after the frame that shows the change (the section first, its keys a frame later)."""
        allowed = tuple(self.check_action(a, ()) for a in keys.STATE_ACTIONS)
        if allowed != self._allowed:
            self._allowed = allowed
            self.call_after_refresh(self.refresh_bindings)

    def action_move(self, step: int) -> None:
        if step > 0:
            self.table.action_cursor_down()
        else:
            self.table.action_cursor_up()

    def action_move_to(self, row: int) -> None:
        if self.focused is not self.table or not self.table.row_count:
            raise SkipAction  # a field's own home/end
        self.table.move_cursor(row=row % self.table.row_count)

    def _on_row(self, entry: Callable[[SectionView, Row], None]) -> None:
        row, view = self.current_row(), self.view
        if row is not None and view is not None:
            entry(view, row)

    @holder_only
    def action_decide(self) -> None:
        self._on_row(self.entries.decide)

    @holder_only
    def action_add_action(self) -> None:
        self._on_row(self.entries.add_action)

    @holder_only
    def action_acknowledge(self) -> None:
        if self.view is not None:  # a notice if the row is no breach
            self.entries.acknowledge(self.view, self.current_row())

    @holder_only
    def action_add_to_risk_register(self) -> None:
        self._on_row(self.entries.add_to_risk_register)

    def action_detail(self) -> None:
        self._on_row(self.entries.detail)

    @holder_only
    def action_attendance(self) -> None:
        self.entries.attendance(self.meeting)

    @holder_only
    def action_add_aob(self) -> None:
        self.entries.add_aob(self.meeting.id)

    def action_minutes(self) -> None:
        from tui.screens.minutes import MinutesScreen

        self._minutes_open = None
        prepared = self.entries.prepared.get(self.meeting.id) if self.entries.prepared else None
        if prepared is not None:  # filled at once; the worker, after, brings the clock's latest
            self._minutes_open = MinutesScreen(prepared[0], self._minutes_name(), closed=False)
            self.app.push_screen(self._minutes_open)
            self.call_after_refresh(self.entries.minutes, self.meeting.id)
        else:
            self.entries.minutes(self.meeting.id)

    def _minutes_name(self) -> str:
        return f"minutes-{self.meeting.meeting_type}-{self.meeting.date.isoformat()}.md"

    def on_minutes_ready(self, message: MinutesReady) -> None:
        from tui.screens.minutes import MinutesScreen

        opened, self._minutes_open = self._minutes_open, None
        if opened is None:
            self.app.push_screen(MinutesScreen(message.minutes, self._minutes_name(), closed=False))
        elif opened.is_attached:  # still open (else closed already: nothing to show)
            opened.show(message.minutes)

    @on(EntrySaved)
    def _entry_saved(self) -> None:
        self._entry_loads += self._entry_holds  # their load is asked now
        self._entry_holds = []
        self.loader.load(self.section_index)
        self._prepare_minutes()

    @on(DecisionSaved)
    def _decision_saved(self) -> None:
        # The section was built afresh in the form's worker (entries.reload), before it closed:
        # it is on screen (its SectionLoaded came first), so the keys after ctrl+s go on.
        self._entry_shown(everything=True)
        self._prepare_minutes()

    def on_exception_saved(self, message: ExceptionSaved) -> None:
        """An exception on a row behind a metric: its dashboard is read again (the count
        without it, the status judged on that)."""
        self.loader.reread(self.section_index)

    def on_note_saved(self, message: NoteSaved) -> None:
        """A period note from the metric detail: the readings carry it (SPC, chart, minutes)."""
        self.loader.note_added(message.note)
        self.loader.load(self.section_index)

    def on_entry_refused(self, message: EntryRefused) -> None:
        self.navigating = False
        self.reading = False  # the section could not be read: keys act on what is shown
        ready_for_keys(self._moving, self.app)
        ready_for_keys(self._loading, self.app)
        self._entry_shown(everything=True)
        self.notify(message.problem, severity="error", markup=False)
