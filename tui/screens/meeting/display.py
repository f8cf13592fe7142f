"""Which section of the meeting is on screen, and showing it: from memory at once when it was
loaded or prefetched, else once its worker has read it (the keys wait meanwhile)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from domain.keys import SectionKey
from domain.status import Status
from tui.screens.meeting.clock import section_seconds
from tui.screens.meeting.holder import followed_change
from tui.shell import settle_memory

if TYPE_CHECKING:
    from collections.abc import Callable

    from config.models import ChairConfig
    from domain.gate import Unmet
    from domain.readings import PeriodNote
    from domain.records import Meeting, Position
    from tui.screens.meeting.clock import ClockHeader
    from tui.screens.meeting.loading import SectionLoader
    from tui.screens.meeting.panel import SectionPanel
    from tui.screens.meeting.view import SectionView
    from tui.screens.meeting.waits import KeyWaits
    from tui.widgets.agenda import AgendaList


class SectionDisplay:
    """The meeting as the screen knows it and the section shown, painted on the widgets it is
    given (`widgets`: the agenda, the header with the clock, the section panel). `shown` is called once a
    section is painted (the screen's keys follow it)."""

    def __init__(
        self,
        meeting: Meeting,
        config: ChairConfig,
        loader: SectionLoader,
        waits: KeyWaits,
        widgets: tuple[AgendaList, ClockHeader, SectionPanel],
        after_refresh: Callable[..., object],
        shown: Callable[[], None],
    ) -> None:
        self.meeting = meeting
        """The meeting as last read (its state, decisions and clock)."""
        self.index = meeting.current_section
        """The section on screen."""
        self.pending_row: int | None = meeting.highlighted_row
        """Where the cursor goes when the section being loaded arrives."""
        self._config = config
        self._loader = loader
        self._waits = waits
        self._after_refresh = after_refresh
        self._shown = shown
        self._agenda, self._header, self._panel = widgets

    @property
    def view(self) -> SectionView | None:
        """The section on screen, as loaded (None while it loads)."""
        return self._panel.view

    @property
    def last(self) -> bool:
        return self.index == len(self.meeting.sections) - 1

    def show_agenda(self) -> None:
        config, meeting = self._config, self.meeting
        meeting_type = config.meeting_type(meeting.meeting_type)
        counts = self._loader.breach_counts(
            meeting_type.decide_status if meeting_type else Status.RED
        )
        agenda = self._agenda
        agenda.section_layers = {SectionKey.of_dashboard(d.id): d.layer for d in config.dashboards}
        agenda.show(meeting.sections, self.index, counts, self._panel.variables)

    def show(self, view: SectionView) -> None:
        """Paint a loaded section (the one at `index`)."""
        if view.meeting.current_section == self.meeting.current_section or not self._waits.moving:
            self.meeting = view.meeting
        row, self.pending_row = self.pending_row, None
        self._panel.paint(view, self._loader.problems.get(view.key.dashboard), row)
        self.show_agenda()
        self._shown()
        self._waits.shown()

    def enter(self, index: int, row: int = 0) -> None:
        """Show a section at once (from memory when it was loaded or prefetched)."""
        self._header.enter_section(index, section_seconds(self.meeting, index))
        self.index = index
        self.pending_row = row
        self._panel.show_refusal([])
        cached = self._loader.cached(index)
        if cached is not None:
            self.show(cached)
            # So that the next n or p is as quick; after the frame (its thread would hold the GIL).
            self._after_refresh(self._loader.prefetch, index)
        else:
            self._panel.clear("Loading…")
            self._waits.read()
            self.show_agenda()
            self._loader.load(index)

    def loaded(self, view: SectionView) -> None:
        """A worker read a section: shown if it is the one on screen."""
        if view.index == self.index:
            self.show(view)
            self._waits.entry_shown()
        self._after_refresh(self._loader.shown)  # the readings held back as the screen opened

    def readings_loaded(self) -> None:
        """A dashboard's readings are in: the agenda counts its breaches."""
        self.show_agenda()
        if self._loader.all_readings_in:
            settle_memory()  # every dashboard is in: later collections stay short

    def entry_saved(self) -> None:
        """An entry was saved: the section is read again (the keys typed after the entry wait
        for it to be shown)."""
        self._waits.entry_load_asked()
        self._loader.load(self.index)

    def exception_saved(self) -> None:
        """An exception on a row behind a metric: its dashboard is read again (the count
        without it, the status judged on that)."""
        self._loader.reread(self.index)

    def note_saved(self, note: PeriodNote) -> None:
        """A period note from the metric detail: the readings carry it (SPC, chart, minutes)."""
        self._loader.note_added(note)
        self._loader.load(self.index)

    def recolour(self) -> None:
        """The theme changed: the sections in memory are built again in its colours (the one
        on screen stays, its cursor where it is, until its new rows arrive)."""
        self._loader.forget(self.meeting)
        self._loader.load(self.index)

    def refuse(self, unmet: list[Unmet]) -> None:
        """The gate's refusal: what it needs, the cursor on the first row it names."""
        self._panel.show_refusal(unmet)
        self._panel.point_at(unmet[0].target)

    def changed(self, meeting: Meeting, refused: bool) -> None:
        """The service has the meeting's new state. Normally the section is already on
        screen: only the agenda (its closed marks) repaints; the table stays as it is."""
        self.meeting = meeting
        if refused:  # the service saw something the screen had not: read it again
            self._loader.forget(meeting)
        else:
            self._loader.moved(meeting)
        if meeting.current_section != self.index:
            self.enter(meeting.current_section, meeting.highlighted_row)
        else:
            self.show_agenda()

    def reload(self, meeting: Meeting) -> None:
        """Show the meeting as stored (the holder's section, decisions and clock)."""
        self.meeting = meeting
        self._header.restart(meeting)
        self._loader.forget(meeting)
        self.enter(meeting.current_section, meeting.highlighted_row)

    def follow(self, meeting: Meeting) -> None:
        """A follower read the meeting as the holder left it: shown again if its section,
        decisions or state changed; if only the holder's clock did, ours runs on from it."""
        change = followed_change(meeting, self.meeting)
        if change == "reload":
            self.reload(meeting)
        elif change == "clock":
            self.meeting = meeting
            self._header.restart(meeting)

    def position(self) -> Position:
        """Where the meeting stands: the section, the highlighted row, the clock."""
        row = self._panel.table.cursor_row if self._panel.rows else 0
        return self._header.clock.position(self.meeting.id, self.index, row)
