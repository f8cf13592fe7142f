"""Moving between sections through the service: the gate's write on `n`, `p`, and closing.

The screen repaints the next section at once from memory; the write (and, rarely, the
service's refusal) follows here, in a worker, and comes back as a message.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen

from tui.messages import EntryRefused, GateRefused, MeetingClosed, SectionChanged

if TYPE_CHECKING:
    from domain.readings import Reading
    from domain.records import Position
    from tui.door import ServiceDoor


class Navigator:
    """Writes section moves through the door; posts what happened to the screen."""

    def __init__(self, screen: Screen[None], door: ServiceDoor) -> None:
        self._screen = screen
        self._door = door

    def advance(self, position: Position, readings: list[Reading] | None) -> None:
        """One `n` in one service call (and one transaction): save the position and pass the
        gate. Posts SectionChanged (then GateRefused if refused) or MeetingClosed."""

        def write() -> None:
            from storage.errors import UserError

            screen = self._screen
            try:
                with self._door() as service:
                    outcome = service.sections.move_on(position.meeting_id, readings, position)
            except UserError as error:
                screen.post_message(EntryRefused(str(error)))
                return
            if outcome.minutes is not None:
                screen.post_message(MeetingClosed(outcome.meeting.id, outcome.minutes))
                return
            screen.post_message(SectionChanged(outcome.meeting, refused=bool(outcome.unmet)))
            if outcome.unmet:
                screen.post_message(GateRefused(outcome.unmet))

        self._screen.run_worker(write, thread=True, group="navigate", exit_on_error=False)

    def go_back(self, position: Position) -> None:
        """Save the position and go back a section (always allowed), in one transaction:
        SectionChanged."""

        def write() -> None:
            with self._door() as service:
                meeting = service.sections.go_back(position.meeting_id, position)
            self._screen.post_message(SectionChanged(meeting))

        self._screen.run_worker(write, thread=True, group="navigate", exit_on_error=False)
