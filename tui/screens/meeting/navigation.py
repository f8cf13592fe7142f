"""Moving between sections: `n` (the gate), `p`, closing and abandoning the meeting.

SectionMoves shows the next section at once from memory (SectionDisplay); Navigator writes the
move through the service in a worker, and the outcome (rarely, the service's refusal) comes back
to the screen as a message.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from tui.messages import EntryRefused, GateRefused, MeetingClosed, SectionChanged

if TYPE_CHECKING:
    from collections.abc import Callable

    from config.models import ChairConfig
    from domain.readings import Reading
    from domain.records import Meeting, Position
    from tui.door import ServiceDoor
    from tui.screens.closing import CloseMeetingForm
    from tui.screens.meeting.clock import PositionSaver
    from tui.screens.meeting.display import SectionDisplay
    from tui.screens.meeting.outbox import Outbox
    from tui.screens.meeting.waits import KeyWaits
    from tui.shell import ChairApp


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


class SectionMoves:
    """`n`, `p` and abandoning, as the screen sees them: the section moved to is shown at once,
    the keys after the move wait for its write (KeyWaits), the saver's pending position is
    dropped (the move saves it), and the Navigator writes the move."""

    def __init__(
        self,
        display: SectionDisplay,
        waits: KeyWaits,
        saver: PositionSaver,
        navigator: Navigator,
        app: ChairApp,
        after_refresh: Callable[..., object],
        closed: Callable[[], bool],
    ) -> None:
        """`after_refresh`: the screen's (the write starts once the move is painted);
        `closed`: whether the meeting has closed on this screen."""
        self._display = display
        self._waits = waits
        self._saver = saver
        self._navigator = navigator
        self._app = app
        self._after_refresh = after_refresh
        self._closed = closed

    def next_section(self, closed: Callable[[MeetingClosed], None]) -> None:
        """`n`: the next section at once from memory; the gate's write follows in a worker.
        On the last section it asks first; `closed` gets the closing form's answer."""
        display = self._display
        view = display.view
        if view is None or self._waits.moving:
            return
        if view.unmet:  # the service's answer when the section loaded: refuse at once
            display.refuse(view.unmet)
            return
        readings = view.readings if view.kind == "dashboard" else None
        if display.last:
            self._ask_to_close(readings, closed)
            return
        position = self._start()
        display.enter(display.index + 1)
        # The write starts after the repaint: its thread would otherwise hold the GIL.
        self._after_refresh(self._navigator.advance, position, readings)

    def previous_section(self) -> None:
        """`p`: back a section (always allowed); the position's write follows."""
        display = self._display
        if display.index == 0 or self._waits.moving:
            return
        position = self._start()
        display.enter(display.index - 1)
        self._after_refresh(self._navigator.go_back, position)

    def _start(self) -> Position:
        """A move starts: the keys wait for it; where the meeting stood goes with its write."""
        self._waits.move()
        self._saver.cancel()
        return self._display.position()

    def _ask_to_close(
        self, readings: list[Reading] | None, closed: Callable[[MeetingClosed], None]
    ) -> None:
        """`n` on the last section asks first (tui.screens.closing): its save closes the
        meeting with the next meeting's date; escape keeps the meeting on this section."""
        from tui.key_hold import ready_for_keys
        from tui.screens.form_base import open_form

        app, meeting = self._app, self._display.meeting
        self._saver.cancel()
        assert app.config is not None
        form = close_form(app.door, app.config, meeting, self._display.position(), readings)

        def done(answer: MeetingClosed | None) -> None:
            if answer is not None:
                closed(answer)  # the minutes are pushed: the keys go there
                ready_for_keys(answer, app)
            else:
                self._saver.schedule()

        open_form(app, form, meeting.id, "close", done)

    def abandon(self) -> None:
        """The palette's "Abandon this meeting": asks, then the service deletes it (nothing
        recorded yet: MeetingDeleted) or closes it as abandoned (MeetingClosed: the minutes
        say so)."""
        from tui.screens.choice import ChoiceModal

        closed = self._closed
        if closed() or self._waits.moving:
            return
        meeting_id = self._display.meeting.id

        def chosen(choice: str | None) -> None:
            if choice == "y" and not closed():
                self._saver.cancel()
                self._waits.move()
                self._navigator.abandon(meeting_id)

        body = (
            "If nothing is recorded in it yet (a decision, action, update, AOB item, "
            "acknowledgement, approval...; attendance does not count), it is deleted as if "
            "never begun. Otherwise it is closed as abandoned here, and its minutes say so."
        )
        self._app.push_screen(
            ChoiceModal("Abandon this meeting?", body, [("y", "abandon it"), ("n", "keep it")]),
            chosen,
        )


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
