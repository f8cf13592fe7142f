"""Moving between sections through the service: the gate's write on `n`, `p`, and closing.

The screen repaints the next section at once from memory; the write (and, rarely, the
service's refusal) follows here, in a worker, and comes back as a message.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.messages import EntryRefused, GateRefused, MeetingClosed, SectionChanged

if TYPE_CHECKING:
    from domain.readings import Reading
    from domain.records import Position
    from tui.door import ServiceDoor
    from tui.screens.meeting.outbox import Outbox


class Navigator:
    """Writes section moves through the door; posts what happened through the Outbox."""

    def __init__(self, outbox: Outbox, door: ServiceDoor) -> None:
        self._outbox = outbox
        self._door = door

    def advance(self, position: Position, readings: list[Reading] | None) -> None:
        """One `n` in one service call (and one transaction): save the position and pass the
        gate. Posts SectionChanged (then GateRefused if refused) or MeetingClosed."""

        def write() -> None:
            from storage.errors import UserError

            post = self._outbox.post
            try:
                with self._door() as service:
                    outcome = service.sections.move_on(position.meeting_id, readings, position)
            except UserError as error:
                post(EntryRefused(str(error)))
                return
            if outcome.minutes is not None:
                post(MeetingClosed(outcome.meeting.id, outcome.minutes))
                return
            post(SectionChanged(outcome.meeting, refused=bool(outcome.unmet)))
            if outcome.unmet:
                post(GateRefused(outcome.unmet))

        self._outbox.run(write, "navigate")

    def go_back(self, position: Position) -> None:
        """Save the position and go back a section (always allowed), in one transaction:
        SectionChanged."""

        def write() -> None:
            with self._door() as service:
                meeting = service.sections.go_back(position.meeting_id, position)
            self._outbox.post(SectionChanged(meeting))

        self._outbox.run(write, "navigate")
