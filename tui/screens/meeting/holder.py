"""One hand on the keyboard: the meeting screen holds its meeting, or follows whoever does.

On opening, the screen asks for the meeting's lease. Held: it renews it every few seconds
while open and gives it back on leaving. Held by another chair: the screen follows — read-only,
refreshed every FOLLOW_SECONDS from the database, saying who holds it — until its chair takes
it over (T, then an explicit yes). A holder whose lease was taken becomes a follower at its
next renewal, and says who took it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from textual import work
from textual.message import Message
from textual.widgets import Static

from domain.records import Holding, Meeting
from storage.service.holder_rules import RENEW_SECONDS, held_line

if TYPE_CHECKING:
    from tui.door import ServiceDoor

FOLLOW_SECONDS = 2.0
"""How often a follower reads the meeting again."""


class HoldingChanged(Message):
    """The screen's standing on its meeting: holder, or follower of someone. `before`: what it
    was (None at the first answer); `meeting`: as stored, read when this screen took it over."""

    def __init__(
        self, holding: Holding, before: Holding | None, meeting: Meeting | None = None
    ) -> None:
        super().__init__()
        self.holding = holding
        self.before = before
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
    who = "your other screen" if holding.yours else holding.name
    return (
        f"Following: {who} holds this meeting{since}. Read-only, it refreshes by "
        "itself; T to take it over."
    )


def followed_change(stored: Meeting, shown: Meeting) -> str | None:
    """What a follower does with the meeting as stored: "reload" when the section, decisions,
    AOB items or state changed; "clock" when only the holder's clock did; None otherwise."""
    if _shape(stored) != _shape(shown):
        return "reload"
    if stored.elapsed_seconds != shown.elapsed_seconds or stored.timer_paused != shown.timer_paused:
        return "clock"
    return None


def refusal(holding: Holding | None) -> str:
    """Why a follower's write key does nothing, in one line (the service's own words)."""
    if holding is None or not holding.login:
        return "Nobody holds this meeting now: T takes it (read-only until then)"
    return held_line(holding.name, holding.since, holding.yours)


Act = TypeVar("Act", bound=Callable[..., None])


def holder_only(action: Act) -> Act:
    """A meeting screen's write key: on a follower's screen it says who holds the meeting and
    that T takes it over, and does nothing else (the service would refuse the write anyway)."""

    @functools.wraps(action)
    def guarded(screen: Any, *args: Any) -> None:
        holder = getattr(screen, "holder", None)
        if holder is not None and holder.following:
            screen.notify(refusal(holder.holding), severity="warning", markup=False)
            return
        action(screen, *args)

    return cast(Act, guarded)


def _shape(meeting: Meeting) -> tuple[object, ...]:
    return (
        meeting.current_section,
        meeting.state,
        tuple(d.id for d in meeting.decisions),
        tuple(item.id for item in meeting.aob),
    )


def notice(holding: Holding, before: Holding | None) -> str | None:
    """What to say when the keyboard changed hands (None: it did not)."""
    if holding.mine and before is not None and not before.mine:  # this screen took it
        taken = holding.took_over_from
        return (
            f"You hold this meeting now (taken over from {taken})."
            if taken
            else "You hold this meeting now."
        )
    if not holding.mine and before is not None and before.mine and holding.yours:
        return "Your other screen took over this meeting; this one follows it now (read-only)."
    if not holding.mine and before is not None and before.mine:
        return f"{holding.name} took over this meeting; this screen follows it now (read-only)."
    return None


class MeetingHolder(Static):
    """The lease of one meeting screen (hold, renew, follow, take over, release), and the line
    that says who holds it while this screen follows (hidden while it holds).

    Messages up: HoldingChanged when the answer changes hands, FollowedMeetingRead every
    FOLLOW_SECONDS while following. `renewing` is called before each renewal (the screen saves
    its clock then)."""

    class Answered(Message):
        """What the service answered (handled here, then told up as HoldingChanged)."""

        def __init__(self, holding: Holding, meeting: Meeting | None) -> None:
            super().__init__()
            self.holding = holding
            self.meeting = meeting

    def __init__(
        self, door: ServiceDoor, meeting_id: int, renewing: Callable[[], None], **kwargs: Any
    ) -> None:
        super().__init__("", markup=False, **kwargs)
        self.display = False
        self._door = door
        self._meeting_id = meeting_id
        self._renewing = renewing
        self._stopped = False
        self.holding: Holding | None = None
        """None until the first answer; then whether this screen holds the meeting."""

    @property
    def following(self) -> bool:
        """True while another screen holds the meeting (or nobody does and we have not asked)."""
        return self.holding is not None and not self.holding.mine

    def on_mount(self) -> None:
        self._ask(take_over=False)
        self.set_interval(RENEW_SECONDS, self._renew)
        self.set_interval(FOLLOW_SECONDS, self._follow)

    def stop(self) -> None:
        """The meeting closed or the screen is leaving: no more renewals or follows."""
        self._stopped = True

    def offer_take_over(self) -> None:
        """`T` on a followed meeting: ask, then take the keyboard from the other chair."""
        holding = self.holding
        if holding is None or holding.mine:
            return
        from tui.screens.choice import ChoiceModal

        if holding.yours:
            body = (
                "Your other screen holds this meeting. Take it over here? That screen becomes "
                "read-only and follows this one; nothing saved there is lost."
            )
        elif holding.login:
            body = (
                f"{holding.name} holds this meeting. Take it over? Their screen becomes "
                "read-only and follows yours; nothing they saved is lost."
            )
        else:
            body = "Nobody holds this meeting now. Take it?"

        def chosen(choice: str | None) -> None:
            if choice == "y":
                self._ask(take_over=True)

        self.app.push_screen(
            ChoiceModal(
                "Take over the meeting", body, [("y", "take it over"), ("n", "keep following")]
            ),
            chosen,
        )

    def _renew(self) -> None:
        if self.holding is not None and self.holding.mine and not self._stopped:
            # The clock goes to the database with each renewal: a follower, or a chair who
            # takes over, sees the meeting's time to within RENEW_SECONDS.
            self._renewing()
            self._ask(take_over=False, renewing=True)

    @work(thread=True, group="holder", exit_on_error=False)
    def _ask(self, take_over: bool, renewing: bool = False) -> None:
        from storage.errors import UserError

        try:
            with self._door() as service:
                holding = service.holders.hold(
                    self._meeting_id, take_over=take_over, renewing=renewing
                )
                meeting = service.meetings.get(self._meeting_id) if take_over else None
        except UserError:
            return  # a reader, not a chair: the screen's own checks already say so
        self.post_message(self.Answered(holding, meeting))

    def on_meeting_holder_answered(self, message: Answered) -> None:
        message.stop()
        before, self.holding = self.holding, message.holding
        if not message.holding.mine:
            self.update(banner(message.holding))
        self.display = not message.holding.mine
        said = notice(message.holding, before)
        if said is not None:
            self.notify(
                said, severity="information" if message.holding.mine else "warning", markup=False
            )
        self.post_message(HoldingChanged(message.holding, before, message.meeting))

    def _follow(self) -> None:
        if self.following and not self._stopped:
            self._read_followed()

    @work(thread=True, group="follow", exit_on_error=False)
    def _read_followed(self) -> None:
        with self._door() as service:
            meeting = service.meetings.get(self._meeting_id)
            holding = service.holders.holding(self._meeting_id)
        self.post_message(FollowedMeetingRead(meeting, holding))

    def on_followed_meeting_read(self, message: FollowedMeetingRead) -> None:
        if self.following and not self._stopped:  # the screen repaints what changed
            self.update(banner(message.holding))
        else:
            message.stop()

    def release(self) -> None:
        """Leaving the screen: give the meeting back (in a worker of the app, which outlives
        the screen; the lease lapses anyway)."""
        self.stop()
        if self.holding is None or not self.holding.mine:
            return
        meeting_id, door = self._meeting_id, self._door

        def give_back() -> None:
            with door() as service:
                service.holders.release(meeting_id)

        self.app.run_worker(give_back, thread=True, group="release", exit_on_error=False)
