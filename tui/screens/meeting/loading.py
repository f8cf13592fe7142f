"""Loading a meeting's sections: every dashboard's readings once, then each section's view."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work

from tui.app import settle_memory
from tui.messages import EntryRefused, ReadingsLoaded, SectionLoaded
from tui.screens.meeting.display import SectionDisplay
from tui.screens.meeting.view import INTRO, SectionView

if TYPE_CHECKING:
    from domain.readings import Reading


class SectionLoading(SectionDisplay):
    """Part of MeetingScreen: workers that read from the service and post what they found.

    All dashboards' readings are computed in one worker when the meeting opens and kept on the
    screen; a section's view (meeting, context, gate) is built in another, with its neighbours
    prefetched, so `n` and `p` repaint from memory.
    """

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
        dashboards = [s.key for s in self.meeting.sections if s.key.startswith("dashboard:")]
        if len(self.readings) >= len(dashboards):
            settle_memory()  # every dashboard is in: later collections stay short

    def on_section_loaded(self, message: SectionLoaded) -> None:
        if message.view.index == self.section_index:
            self._render_view(message.view)
