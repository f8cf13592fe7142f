"""The meeting screen: which section is on screen and what may be done there.

It composes the painted areas, each a widget that owns its ids and paints what it is given:
ClockHeader (the header and the meeting's clock, clock.py), AgendaList, MeetingHolder (the
line saying who holds the meeting, and its lease, holder.py) and SectionPanel (the question,
refusal, table, detail, chart and loop, panel.py). The parts that work off the screen get what
they need passed in (an Outbox, the door, callbacks, the widgets they paint), never the screen:
SectionLoader (loading.py) reads the sections, SectionDisplay (display.py) shows them,
SectionMoves (navigation.py) moves between them, MeetingEntries (entries.py) opens the entry
forms, MinutesPreview (prepared.py) shows the minutes, KeyWaits (waits.py) says why keys wait,
PositionSaver (clock.py) saves where the meeting stands. What their workers find comes back as
messages named for what happened (messages.py, tui/messages.py). The keys are in keys.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer

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
from tui.screens.meeting import keys
from tui.screens.meeting.clock import ClockHeader, PositionSaver
from tui.screens.meeting.display import SectionDisplay
from tui.screens.meeting.ending import MeetingEnd
from tui.screens.meeting.entries import MeetingEntries
from tui.screens.meeting.holder import (
    FollowedMeetingRead,
    HoldingChanged,
    MeetingHolder,
    holder_only,
)
from tui.screens.meeting.loading import SectionLoader
from tui.screens.meeting.messages import (
    ExceptionSaved,
    MeetingDeleted,
    NoteSaved,
    SectionLoaded,
)
from tui.screens.meeting.navigation import Navigator, SectionMoves
from tui.screens.meeting.outbox import Outbox
from tui.screens.meeting.panel import NARROW_BELOW, SectionPanel
from tui.screens.meeting.prepared import MinutesPreview
from tui.screens.meeting.section_table import SectionTable
from tui.screens.meeting.view import Row, SectionView
from tui.screens.meeting.waits import KeysWait, KeyWaits
from tui.shell import ChairApp
from tui.widgets.agenda import AgendaList
from tui.widgets.keys_footer import KeysFooter

if TYPE_CHECKING:
    from domain.records import Meeting, Position

PALETTE_HINT_WIDTH = 90
"""Narrower than this, the footer leaves out its `^p palette` hint."""


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
    showing: SectionDisplay
    moves: SectionMoves
    end: MeetingEnd
    entries: MeetingEntries
    minutes: MinutesPreview
    header: ClockHeader

    def __init__(self, meeting: Meeting, first: object | None = None) -> None:
        super().__init__()
        self._opened, self._first = meeting, first  # first: loading.first_view
        """The meeting as opened (the display keeps it as it changes, once composed)."""
        self.waits = KeyWaits(lambda: self.app)
        self.footer_keys = keys.FooterKeys(self.call_after_refresh, self.refresh_bindings)

    @property
    def meeting(self) -> Meeting:
        return self.showing.meeting if hasattr(self, "showing") else self._opened

    @property
    def section_index(self) -> int:
        return self.showing.index if hasattr(self, "showing") else self._opened.current_section

    @property
    def closed(self) -> bool:
        """The meeting has closed (or was left) on this screen."""
        return hasattr(self, "end") and self.end.closed

    @property
    def following(self) -> bool:
        """True while another chair holds this meeting: the screen is read-only."""
        return hasattr(self, "holder") and self.holder.following

    # What tests and the help read: the table, its rows, the highlighted one.

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

    def compose(self) -> ComposeResult:
        app, meeting = self.app, self._opened
        assert isinstance(app, ChairApp) and app.config is not None, "opened once the service is"
        config = app.config
        outbox = Outbox.of(self)
        variables = lambda: app.theme_variables or app.get_css_variables()  # noqa: E731
        self.loader = loader = SectionLoader(outbox, app.door, config, meeting, variables)
        # The position is written in the app's worker: `q` saves it as the screen goes.
        lasting = Outbox.of(app).run
        self.saver = PositionSaver(app.door, self._position_to_save, self.set_timer, lasting)
        self.minutes = MinutesPreview(outbox, app, self.set_timer, self.call_after_refresh)
        reload = lambda: loader.reload_now(self.section_index)  # noqa: E731
        self.entries = MeetingEntries(outbox, app, loader, self.minutes.prepared, reload)
        pcn_rows = loader.pcn_rows if loader.pcn else None
        recolour = lambda: self.showing.recolour()  # noqa: E731
        self.panel = SectionPanel(config, pcn_rows, recolour, id="section")
        renewing = lambda: self.saver.schedule(at_once=True)  # noqa: E731
        self.holder = MeetingHolder(app.door, meeting.id, renewing, id="holder")
        self.header = ClockHeader(config, meeting, lambda: app.clock(), id="header")
        agenda, waits, after = AgendaList(id="agenda"), self.waits, self.call_after_refresh
        widgets = (agenda, self.header, self.panel)
        shown = self._refresh_keys
        self.showing = display = SectionDisplay(
            meeting, config, loader, waits, widgets, after, shown
        )
        navigator = Navigator(outbox, app.door)
        self.end = MeetingEnd(self.holder, self.saver, waits, self.minutes, self._home)
        closed = lambda: self.closed  # noqa: E731
        self.moves = SectionMoves(display, waits, self.saver, navigator, app, after, closed)
        yield self.header
        with Horizontal(id="body"):
            yield agenda
            with Vertical(id="main"):
                yield self.holder
                yield self.panel
        yield KeysFooter(compact=True)

    def on_mount(self) -> None:
        # A PCN meeting shows the member practices side by side where the chart would be.
        self.set_class(self.loader.pcn, "-pcn")
        self.showing.show_agenda()
        if (first := self.loader.open(self.section_index, self._first)) is not None:
            self.showing.loaded(first)  # built with the meeting: its rows in the first frame
        meeting = self.meeting
        fresh = meeting.current_section == 0 and meeting.elapsed_seconds == 0
        if fresh and not (meeting.present or meeting.apologies or meeting.guests):
            self.entries.records.attendance(meeting)  # at the start: who is here
        self.entries.offer_drafts(meeting.id)
        self.minutes.prepare(meeting, at_once=True)

    def on_resize(self) -> None:
        # Below 30 rows the chart gives way to the table (80x24 must stay usable).
        self.set_class(self.size.height < 30, "-short")
        self.set_class(self.size.width < NARROW_BELOW, "-narrow")
        # Below 90 columns the palette hint gives way to the keys (ctrl+p still works).
        self.query_one(Footer).show_command_palette = self.size.width >= PALETTE_HINT_WIDTH

    # ------------------------------------------------------------------ showing a section

    def enter_section(self, index: int, row: int = 0) -> None:
        """Show a section at once (from memory when it was loaded or prefetched)."""
        self.showing.enter(index, row)

    def expect_entry(self) -> None:
        """A form over this screen saved an entry: the keys typed after its ctrl+s wait until
        the section shows it (they act on the rows as they are now)."""
        self.waits.expect_entry()

    def keys_wait(self) -> KeysWait | None:
        """Why a key read now must wait (the app holds it: tui.key_hold), None if it acts now."""
        return self.waits.why(self.closed)

    def on_readings_loaded(self, message: ReadingsLoaded) -> None:
        self.showing.readings_loaded()

    def on_section_loaded(self, message: SectionLoaded) -> None:
        self.showing.loaded(message.view)

    def on_section_panel_row_moved(self, message: SectionPanel.RowMoved) -> None:
        self._refresh_keys()
        self.saver.schedule()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_decide()

    # ------------------------------------------------------------------ moving

    def _position_to_save(self) -> Position | None:
        if self.waits.moving or self.closed or self.following:
            return None  # a follower's clock and cursor are never saved over the holder's
        return self.showing.position()

    @holder_only
    def action_next_section(self) -> None:
        """`n`: the next section at once from memory; the gate's write follows in a worker."""
        self.moves.next_section(self.on_meeting_closed)

    @holder_only
    def action_previous_section(self) -> None:
        self.moves.previous_section()

    @holder_only
    def action_abandon(self) -> None:
        self.moves.abandon()

    def on_gate_refused(self, message: GateRefused) -> None:
        self.showing.refuse(message.unmet)

    def on_section_changed(self, message: SectionChanged) -> None:
        self.waits.moved()
        self.minutes.prepare(message.meeting)
        self.showing.changed(message.meeting, message.refused)
        self._refresh_keys()

    def on_meeting_closed(self, message: MeetingClosed) -> None:
        self.end.closed_with(message.minutes, self.meeting)
        self.refresh_bindings()

    def on_meeting_deleted(self, message: MeetingDeleted) -> None:
        self.end.deleted()

    def _home(self) -> None:
        """Back to Home (the meeting is gone, or its closing minutes were closed)."""
        if self.app.screen is self:
            self.app.pop_screen()

    @holder_only
    def action_toggle_timer(self) -> None:
        self.header.toggle()
        self.saver.schedule(at_once=True)

    def on_unmount(self) -> None:
        self.waits.gone()

    def action_leave(self) -> None:
        self.end.leave()
        self.app.pop_screen()

    # ------------------------------------------------------------------ two chairs

    def action_take_over(self) -> None:
        self.holder.offer_take_over()

    def on_holding_changed(self, message: HoldingChanged) -> None:
        if message.holding.mine and message.before is not None and not message.before.mine:
            self.showing.reload(message.meeting or self.meeting)  # this screen took it
        elif not message.holding.mine:
            self.saver.cancel()
        self.footer_keys.forget()
        self._refresh_keys()

    def on_followed_meeting_read(self, message: FollowedMeetingRead) -> None:
        self.showing.follow(message.meeting)

    # ------------------------------------------------------------------ keys

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return keys.allowed(action, self._key_state())

    def _key_state(self) -> keys.KeyState:
        row = self.current_row()
        return keys.KeyState(self.closed, self.following, self.section_index, self.view, row)

    def _refresh_keys(self) -> None:
        self.footer_keys.refresh(self._key_state())

    def action_move(self, step: int) -> None:
        self.panel.move(step)

    def action_move_to(self, row: int) -> None:
        if self.focused is not self.table or not self.panel.move_to(row):
            raise SkipAction  # a field's own home/end

    def _on_row(self, entry: Callable[[SectionView, Row], None]) -> None:
        row, view = self.current_row(), self.view
        if row is not None and view is not None:
            entry(view, row)

    @holder_only
    def action_decide(self) -> None:
        self._on_row(self.entries.decide)

    @holder_only
    def action_add_action(self) -> None:
        self._on_row(self.entries.decisions.add_action)

    @holder_only
    def action_acknowledge(self) -> None:
        if self.view is not None:  # a notice if the row is no breach
            self.entries.decisions.acknowledge(self.view, self.current_row())

    @holder_only
    def action_add_to_risk_register(self) -> None:
        self._on_row(self.entries.work.add_to_risk_register)

    def action_detail(self) -> None:
        self._on_row(self.entries.work.detail)

    @holder_only
    def action_attendance(self) -> None:
        self.entries.records.attendance(self.meeting)

    @holder_only
    def action_add_aob(self) -> None:
        self.entries.records.add_aob(self.meeting.id)

    def action_minutes(self) -> None:
        self.minutes.show(self.meeting)

    def on_minutes_ready(self, message: MinutesReady) -> None:
        self.minutes.ready(message, self.meeting)

    # ------------------------------------------------------------------ entries saved

    @on(EntrySaved)
    def _entry_saved(self) -> None:
        self.showing.entry_saved()
        self.minutes.prepare(self.meeting)

    @on(DecisionSaved)
    def _decision_saved(self) -> None:
        # The section was built afresh in the form's worker (entries.reload), before it closed:
        # it is on screen (its SectionLoaded came first), so the keys after ctrl+s go on.
        self.waits.entry_shown(everything=True)
        self.minutes.prepare(self.meeting)

    def on_exception_saved(self, message: ExceptionSaved) -> None:
        self.showing.exception_saved()

    def on_note_saved(self, message: NoteSaved) -> None:
        self.showing.note_saved(message.note)

    def on_entry_refused(self, message: EntryRefused) -> None:
        self.waits.refused()  # the section could not be read: keys act on what is shown
        self.loader.shown()
        self.notify(message.problem, severity="error", markup=False)
