"""Moving between sections through the service: the gate's write on `n`, `p`, and closing.

The screen repaints the next section at once from memory; the write (and, rarely, the
service's refusal) follows here, in a worker, and comes back as a message.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen

from domain.records import MeetingState
from tui.messages import EntryRefused, GateRefused, MeetingClosed, SectionChanged

if TYPE_CHECKING:
    from domain.readings import Reading
    from tui.door import ServiceDoor
    from tui.screens.meeting.clock import Position


class Navigator:
    """Writes section moves through the door; posts what happened to the screen."""

    def __init__(self, screen: Screen[None], door: ServiceDoor) -> None:
        self._screen = screen
        self._door = door

    def advance(self, position: Position, readings: list[Reading] | None) -> None:
        """Save the position and pass the gate: SectionChanged, GateRefused or MeetingClosed."""

        def write() -> None:
            from storage.errors import UserError

            screen = self._screen
            try:
                with self._door() as service:
                    position.save(service)
                    unmet = service.advance(position.meeting_id, readings)
                    meeting = service.meeting(position.meeting_id)
                    closed = unmet == [] and meeting.state is MeetingState.CLOSED
                    minutes = service.minutes_markdown(meeting.id) if closed else ""
            except UserError as error:
                screen.post_message(EntryRefused(str(error)))
                return
            if closed:
                screen.post_message(MeetingClosed(meeting.id, minutes))
                return
            screen.post_message(SectionChanged(meeting))
            if unmet:
                screen.post_message(GateRefused(unmet))

        self._screen.run_worker(write, thread=True, group="navigate", exit_on_error=False)

    def go_back(self, position: Position) -> None:
        """Save the position and go back a section (always allowed): SectionChanged."""

        def write() -> None:
            with self._door() as service:
                position.save(service)
                meeting = service.go_back(position.meeting_id)
            self._screen.post_message(SectionChanged(meeting))

        self._screen.run_worker(write, thread=True, group="navigate", exit_on_error=False)
