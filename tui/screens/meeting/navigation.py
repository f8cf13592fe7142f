"""Moving between sections: the gate on `n` (refusal in plain words), `p`, and closing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work

from domain.records import MeetingState
from tui.messages import EntryRefused, GateRefused, MeetingClosed, SectionChanged
from tui.screens.meeting.clock import Position
from tui.screens.meeting.loading import SectionLoading

if TYPE_CHECKING:
    from domain.readings import Reading


class SectionNavigation(SectionLoading):
    """Part of MeetingScreen: `n` repaints the next section at once from memory; the gate's
    write (and, rarely, the service's refusal) follows in a worker after the repaint."""

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
