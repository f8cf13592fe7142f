"""The meeting's clock (elapsed against the time box, pause), the header that shows it, and
saving where the meeting stands."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.timer import Timer

from domain.records import Position
from tui.widgets.meeting_header import MeetingHeader

if TYPE_CHECKING:
    from config.models import ChairConfig
    from domain.records import Meeting
    from tui.door import ServiceDoor

POSITION_DEBOUNCE = 0.4
"""Seconds of quiet before the highlighted row is saved (cheap: one small UPDATE)."""


def section_seconds(meeting: Meeting, index: int) -> int:
    return meeting.sections[index].seconds_spent if meeting.sections else 0


class MeetingClock:
    """Time spent in the meeting and in the current section; paused or running."""

    def __init__(self, meeting: Meeting, now: Callable[[], float]) -> None:
        self.now = now
        self.paused = meeting.timer_paused
        self.elapsed_base = float(meeting.elapsed_seconds)
        self.section_base = float(section_seconds(meeting, meeting.current_section))
        self.run_started: float | None = None

    def start(self) -> None:
        """The screen is up: a running meeting's clock runs from now."""
        if not self.paused:
            self.run_started = self.now()

    def fold(self) -> None:
        """Add the running time into the totals (before they are saved or reset)."""
        if self.run_started is not None:
            now = self.now()
            delta = now - self.run_started
            self.elapsed_base += delta
            self.section_base += delta
            self.run_started = now

    def elapsed(self) -> tuple[float, float]:
        """Seconds in the meeting and in the current section."""
        running = self.now() - self.run_started if self.run_started is not None else 0.0
        return self.elapsed_base + running, self.section_base + running

    def toggle(self) -> None:
        self.fold()
        self.paused = not self.paused
        self.run_started = None if self.paused else self.now()

    def enter_section(self, seconds: int) -> None:
        """Another section is shown: its own clock continues from what it had."""
        self.fold()
        self.section_base = float(seconds)

    def position(self, meeting_id: int, section_index: int, row: int) -> Position:
        self.fold()
        elapsed, section_elapsed = self.elapsed()
        return Position(
            meeting_id, section_index, max(0, row), int(elapsed), self.paused, int(section_elapsed)
        )


class ClockHeader(MeetingHeader):
    """The header with the meeting's clock, repainted every second by itself. Attributes
    down: `enter_section`, `toggle`, `restart` (the meeting as stored, for a follower)."""

    def __init__(
        self, config: ChairConfig, meeting: Meeting, now: Callable[[], float], **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self._config = config
        self._meeting = meeting
        self._now = now
        self._index = meeting.current_section
        self.clock = MeetingClock(meeting, now)

    def on_mount(self) -> None:
        self.clock.start()
        self.set_interval(1.0, self.tick)
        self.tick()

    def tick(self) -> None:
        clock = self.clock
        self.show_meeting(self._config, self._meeting, self._index, clock.elapsed(), clock.paused)

    def enter_section(self, index: int, seconds: int) -> None:
        """Section `index` is shown: its clock continues from the `seconds` it had."""
        self.clock.enter_section(seconds)
        self._index = index
        self.tick()

    def toggle(self) -> None:
        self.clock.toggle()
        self.tick()

    def restart(self, meeting: Meeting) -> None:
        """Run the clock from `meeting` as stored (the holder saved its clock)."""
        self.clock = MeetingClock(meeting, self._now)
        self.clock.start()
        self.tick()


class PositionSaver:
    """Saves where the meeting stands: after a quiet moment on row moves, at once otherwise.

    `take` gives the position to save now, or None when nothing should be saved (the meeting
    is moving between sections or has closed: the move saves it). `later` sets a timer;
    `run` runs the write in a thread worker that outlives the screen (`q` saves on leaving).
    """

    def __init__(
        self,
        door: ServiceDoor,
        take: Callable[[], Position | None],
        later: Callable[[float, Callable[[], None]], Timer],
        run: Callable[[Callable[[], None], str], object],
    ) -> None:
        self._door = door
        self._take = take
        self._later = later
        self._run = run
        self._timer: Timer | None = None

    def cancel(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def schedule(self, at_once: bool = False) -> None:
        self.cancel()
        if at_once:
            self.save()
        else:
            self._timer = self._later(POSITION_DEBOUNCE, self.save)

    def save(self) -> None:
        position = self._take()
        if position is None:
            return
        door = self._door

        def write() -> None:
            with door() as service:
                service.sections.save_at(position)

        self._run(write, "position")
