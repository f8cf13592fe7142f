"""One hand on the keyboard: the meeting screen holds its meeting, or follows whoever does.

On opening, the screen asks for the meeting's lease. Held: it renews it every few seconds
while open and gives it back on leaving. Held by another chair: the screen follows — read-only,
refreshed every FOLLOW_SECONDS from the database, saying who holds it — until its chair takes
it over (T, then an explicit yes). A holder whose lease was taken becomes a follower at its
next renewal, and says who took it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.message import Message

from domain.records import Holding, Meeting
from storage.service.holder_rules import RENEW_SECONDS

if TYPE_CHECKING:
    from tui.door import ServiceDoor

FOLLOW_SECONDS = 2.0
"""How often a follower reads the meeting again."""


class HoldingChanged(Message):
    """The screen's standing on its meeting: holder, or follower of someone."""

    def __init__(self, holding: Holding, meeting: Meeting | None = None) -> None:
        super().__init__()
        self.holding = holding
        self.meeting = meeting


class FollowedMeetingRead(Message):
    """What a follower read: the meeting as the holder left it, and who holds it now."""

    def __init__(self, meeting: Meeting, holding: Holding) -> None:
        super().__init__()
        self.meeting = meeting
        self.holding = holding


def banner(holding: Holding) -> str:
    """The line a follower reads at the top of the meeting."""
    if not holding.login:
        return "Nobody holds this meeting now: T to take it (read-only until then)."
    since = f" since {holding.since:%H:%M}" if holding.since else ""
    return (
        f"Following: {holding.name} holds this meeting{since}. Read-only, it refreshes by "
        "itself; T to take it over."
    )


class MeetingHolder:
    """The lease of one meeting screen: hold, renew, follow, take over, release."""

    def __init__(self, screen: Any, door: ServiceDoor) -> None:
        """`screen` is the MeetingScreen (its meeting, `closed`, workers, timers)."""
        self._screen = screen
        self._door = door
        self.holding: Holding | None = None
        """None until the first answer; then whether this screen holds the meeting."""

    @property
    def following(self) -> bool:
        """True while another screen holds the meeting (or nobody does and we have not asked)."""
        return self.holding is not None and not self.holding.mine

    def start(self) -> None:
        self._ask(take_over=False)
        self._screen.set_interval(RENEW_SECONDS, self._renew)
        self._screen.set_interval(FOLLOW_SECONDS, self._follow)

    def take_over(self) -> None:
        self._ask(take_over=True)

    def _renew(self) -> None:
        if self.holding is not None and self.holding.mine and not self._screen.closed:
            # The clock goes to the database with each renewal: a follower, or a chair who
            # takes over, sees the meeting's time to within RENEW_SECONDS.
            self._screen.saver.schedule(at_once=True)
            self._ask(take_over=False)

    def _ask(self, take_over: bool) -> None:
        meeting_id = self._screen.meeting.id

        def work() -> None:
            from storage.errors import UserError

            try:
                with self._door() as service:
                    holding = service.holders.hold(meeting_id, take_over=take_over)
                    meeting = service.meetings.get(meeting_id) if take_over else None
            except UserError:
                return  # a reader, not a chair: the screen's own checks already say so
            self._screen.post_message(HoldingChanged(holding, meeting))

        self._screen.run_worker(work, thread=True, group="holder", exit_on_error=False)

    def _follow(self) -> None:
        if not self.following or self._screen.closed:
            return
        meeting_id = self._screen.meeting.id

        def work() -> None:
            with self._door() as service:
                meeting = service.meetings.get(meeting_id)
                holding = service.holders.holding(meeting_id)
            self._screen.post_message(FollowedMeetingRead(meeting, holding))

        self._screen.run_worker(work, thread=True, group="follow", exit_on_error=False)

    def release(self) -> None:
        """Leaving the screen: give the meeting back (in a worker; the lease lapses anyway)."""
        if self.holding is None or not self.holding.mine:
            return
        meeting_id = self._screen.meeting.id
        door = self._door

        def work() -> None:
            with door() as service:
                service.holders.release(meeting_id)

        self._screen.app.run_worker(work, thread=True, group="release", exit_on_error=False)
