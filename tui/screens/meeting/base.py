"""The meeting screen's state and plumbing, shared by its parts (see tui/screens/meeting.py)."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable

from domain.records import Meeting
from tui.screens.meeting.table import TableLayout
from tui.screens.meeting.view import Row, SectionView

if TYPE_CHECKING:
    from domain.readings import Reading
    from tui.app import ChairApp


class MeetingBase(Screen[None]):
    """What every part of the meeting screen reads and writes (attributes down, one place).

    The parts build on each other: MeetingClock -> SectionDisplay -> SectionLoading ->
    SectionNavigation -> MeetingScreen (keys and actions).
    """

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

    def _minutes_name(self) -> str:
        return f"minutes-{self.meeting.meeting_type}-{self.meeting.date.isoformat()}.md"

    def _refresh_keys(self) -> None:
        """Refresh the footer when what is possible changed (MeetingScreen)."""
        raise NotImplementedError

    def action_decide(self) -> None:
        """`d` on the highlighted row (MeetingScreen)."""
        raise NotImplementedError
