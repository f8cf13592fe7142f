"""Minutes read before the key that shows them: `d` on Previous minutes and `m` open filled.

Reading a meeting's minutes (the record, then domain/minutes.py) takes 50-150 ms: too long for
the key that shows them. The meeting screen reads them ahead, in a worker, when the section
that needs them is shown and again after each change to the record (an entry, a decision, a
section passed), a moment after the change so a run of keys is not slowed. A change forgets
what was read before it (a read in flight when it came is not kept), so what `get` returns
is never older than the last change the screen made; the minutes screen still reads them
again as it opens, for the clock's figures saved since.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.timer import Timer

    from tui.screens.meeting.outbox import Outbox
    from tui.shell import ChairApp


class PreparedMinutes:
    """Per meeting: its minutes' Markdown and its date (ISO), once read."""

    def __init__(
        self, outbox: Outbox, app: ChairApp, set_timer: Callable[[float, Callable[[], None]], Timer]
    ) -> None:
        self._outbox = outbox
        self._set_timer = set_timer
        self._app = app
        self._texts: dict[int, tuple[str, str]] = {}
        self._changes: dict[int, int] = {}
        """Per meeting, how many changes: a read started before the last one is dropped."""
        self._timers: dict[int, Timer] = {}

    def get(self, meeting_id: int) -> tuple[str, str] | None:
        return self._texts.get(meeting_id)

    def changed(self, meeting_id: int, delay: float = 1.0) -> None:
        """The record changed: forget the meeting's minutes; read them again after `delay`
        seconds without a further change."""
        self._changes[meeting_id] = self._changes.get(meeting_id, 0) + 1
        self._texts.pop(meeting_id, None)
        self.prepare(meeting_id, delay)

    def prepare(self, meeting_id: int, delay: float = 0.0) -> None:
        """Read the meeting's minutes in a worker (after `delay` seconds)."""
        timer = self._timers.pop(meeting_id, None)
        if timer is not None:
            timer.stop()
        if delay > 0:
            self._timers[meeting_id] = self._set_timer(delay, lambda: self.prepare(meeting_id))
            return
        changes = self._changes.get(meeting_id, 0)
        self._outbox.run(lambda: self._read(meeting_id, changes), f"prepare-minutes-{meeting_id}")

    def _read(self, meeting_id: int, changes: int) -> None:
        try:
            with self._app.door() as service:
                text = service.minutes.markdown(meeting_id)
                when = service.meetings.get(meeting_id).date.isoformat()
        except Exception:  # only a speed-up: the key reads them itself
            return
        self._app.call_from_thread(self._keep, meeting_id, changes, (text, when))

    def _keep(self, meeting_id: int, changes: int, read: tuple[str, str]) -> None:
        if changes == self._changes.get(meeting_id, 0):
            self._texts[meeting_id] = read
