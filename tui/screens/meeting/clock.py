"""The meeting's clock (elapsed against the time box, pause) and saving where it stands."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from tui.screens.meeting.base import MeetingBase
from tui.widgets.meeting_header import MeetingHeader

if TYPE_CHECKING:
    from tui.app import ChairApp

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


class MeetingClock(MeetingBase):
    """Part of MeetingScreen: the clock ticks, folds running time in, and saves the position."""

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
