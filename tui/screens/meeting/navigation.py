"""Moving between sections through the service: the gate's write on `n`, `p`, and closing.

The screen repaints the next section at once from memory; the write (and, rarely, the
service's refusal) follows here, in a worker, and comes back as a message.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from tui.messages import EntryRefused, GateRefused, MeetingClosed, SectionChanged

if TYPE_CHECKING:
    from config.models import ChairConfig
    from domain.readings import Reading
    from domain.records import Meeting, Position
    from tui.door import ServiceDoor
    from tui.screens.closing import CloseMeetingForm
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

    def abandon(self, meeting_id: int) -> None:
        """Abandon the meeting (storage.service.abandon): MeetingDeleted when nothing was
        recorded in it, else MeetingClosed with the minutes that say it was abandoned."""

        def write() -> None:
            from storage.errors import UserError
            from tui.screens.meeting.messages import MeetingDeleted

            post = self._outbox.post
            try:
                with self._door() as service:
                    outcome = service.meetings.abandon(meeting_id)
            except UserError as error:
                post(EntryRefused(str(error)))
                return
            if outcome.minutes is None:
                post(MeetingDeleted())
            else:
                post(MeetingClosed(meeting_id, outcome.minutes))

        self._outbox.run(write, "navigate")

    def go_back(self, position: Position) -> None:
        """Save the position and go back a section (always allowed), in one transaction:
        SectionChanged."""

        def write() -> None:
            with self._door() as service:
                meeting = service.sections.go_back(position.meeting_id, position)
            self._outbox.post(SectionChanged(meeting))

        self._outbox.run(write, "navigate")


def close_form(
    door: ServiceDoor,
    config: ChairConfig,
    meeting: Meeting,
    position: Position,
    readings: list[Reading] | None,
) -> CloseMeetingForm:
    """`n` on the last section: the form that asks before closing, proposing the next meeting
    on a working day at the type's cadence. Its save is the gate's `n` (one transaction) with
    the date confirmed; it closes with the minutes, or stays and says what the gate needs."""
    from domain.calendar import proposed_next_meeting
    from storage.errors import UserError
    from tui.screens.closing import CloseMeetingForm

    meeting_type = config.meeting_type(meeting.meeting_type)
    cadence = meeting_type.cadence if meeting_type else "ad hoc"
    title = meeting_type.title if meeting_type else meeting.meeting_type

    def save(next_meeting: dt.date | None) -> MeetingClosed:
        with door() as service:
            outcome = service.sections.move_on(meeting.id, readings, position, next_meeting)
        if outcome.minutes is None:
            needs = "; ".join(u.message for u in outcome.unmet) or "the gate refused"
            raise UserError(f"not closed: {needs}")
        return MeetingClosed(outcome.meeting.id, outcome.minutes)

    return CloseMeetingForm(
        f"{title}, {meeting.date:%d/%m/%Y}",
        meeting.date,
        proposed_next_meeting(cadence, meeting.date),
        cadence,
        save,
    )
