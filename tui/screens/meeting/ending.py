"""How a meeting leaves its screen: closed (its final minutes shown), abandoned with nothing
recorded (gone), or left with `q` (where it stands saved, the lease handed back). After any of
them nothing more is saved, renewed or waited for."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    from domain.records import Meeting
    from tui.screens.meeting.clock import PositionSaver
    from tui.screens.meeting.holder import MeetingHolder
    from tui.screens.meeting.prepared import MinutesPreview
    from tui.screens.meeting.waits import KeyWaits


class MeetingEnd:
    """The end of the meeting on this screen; `closed` once it has come. `home` leaves the
    screen for Home (if it is still the one on top)."""

    def __init__(
        self,
        holder: MeetingHolder,
        saver: PositionSaver,
        waits: KeyWaits,
        minutes: MinutesPreview,
        home: Callable[[], None],
    ) -> None:
        self._holder = holder
        self._saver = saver
        self._waits = waits
        self._minutes = minutes
        self._home = home
        self.closed = False

    def _close(self) -> None:
        self.closed = True
        self._holder.stop()
        self._waits.moved()

    def closed_with(self, minutes: str, meeting: Meeting) -> None:
        """The meeting closed: its final minutes; Home once they are closed."""
        self._close()
        self._minutes.closed(minutes, meeting, lambda _: self._home())

    def deleted(self) -> None:
        """Abandoned with nothing recorded: the meeting is gone, and so is its screen."""
        self._close()
        self._holder.notify("Meeting abandoned: nothing was recorded in it, so it is gone.")
        self._home()

    def leave(self) -> None:
        """`q`: everything confirmed is already saved; save the position and go home."""
        if not self.closed:
            self._saver.cancel()
            self._saver.save()
        self._holder.release()
        self.closed = True
