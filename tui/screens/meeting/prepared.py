"""The minutes the meeting screen shows (`m`, and the closed meeting's), read before the key
that shows them: `d` on Previous minutes and `m` open filled.

Reading a meeting's minutes (the record, then domain/minutes.py) takes 50-150 ms: too long for
the key that shows them; they are drawn ahead as styled text too (tui.widgets.minutes_text).
The meeting screen reads them ahead, in a worker, when the section that needs them is shown
and again after each change to the record (an entry, a decision, a section passed), a moment
after the change so a run of keys is not slowed. A change forgets what was read before it (a
read in flight when it came is not kept), so what `get` returns is never older than the last
change the screen made; the minutes screen still reads them again as it opens, for the
clock's figures saved since.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.messages import MinutesReady
from tui.widgets.minutes_text import draw_ahead

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.timer import Timer

    from domain.records import Meeting
    from tui.screens.meeting.outbox import Outbox
    from tui.screens.minutes import MinutesScreen
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
        draw_ahead(text)  # drawn as styled text too, at the widths last shown
        self._app.call_from_thread(self._keep, meeting_id, changes, (text, when))

    def _keep(self, meeting_id: int, changes: int, read: tuple[str, str]) -> None:
        if changes == self._changes.get(meeting_id, 0):
            self._texts[meeting_id] = read


class MinutesPreview:
    """`m` on the meeting screen: the minutes so far, filled at once from what was read ahead
    (then brought up to the clock's latest by a worker: MinutesReady), and the closed
    meeting's minutes. Keeps the read-ahead going as the record changes."""

    def __init__(
        self,
        outbox: Outbox,
        app: ChairApp,
        set_timer: Callable[[float, Callable[[], None]], Timer],
        after_refresh: Callable[..., object],
    ) -> None:
        self._outbox = outbox
        self._app = app
        self._after_refresh = after_refresh
        self.prepared = PreparedMinutes(outbox, app, set_timer)
        self._open: MinutesScreen | None = None
        """The preview opened from what was read ahead, until the worker's minutes arrive."""

    def prepare(self, meeting: Meeting, at_once: bool = False) -> None:
        """Read ahead the minutes `d` (previous minutes) and `m` show: on opening (the
        previous minutes once the first section is in), else a moment after the record
        changed."""
        prepared = self.prepared
        previous = meeting.previous_meeting_id
        if at_once:
            if previous is not None:
                prepared.prepare(previous, delay=0.3)
            prepared.prepare(meeting.id, delay=1.0)
            return
        prepared.changed(meeting.id)
        if previous is not None:
            prepared.changed(previous)

    def show(self, meeting: Meeting) -> None:
        """`m`: the preview, filled at once if read ahead; the worker's minutes follow."""
        from tui.screens.minutes import MinutesScreen

        self._open = None
        prepared = self.prepared.get(meeting.id)
        if prepared is not None:  # filled at once; the worker, after, brings the clock's latest
            self._open = MinutesScreen(prepared[0], file_name(meeting), closed=False)
            self._app.push_screen(self._open)
            self._after_refresh(self._read, meeting.id)
        else:
            self._read(meeting.id)

    def _read(self, meeting_id: int) -> None:
        """The minutes so far, read in a worker: MinutesReady."""
        app, post = self._app, self._outbox.post

        def read() -> None:
            with app.door() as service:
                text = service.minutes.markdown(meeting_id)
            post(MinutesReady(meeting_id, text))

        self._outbox.run(read, "minutes")

    def ready(self, message: MinutesReady, meeting: Meeting) -> None:
        """The worker's minutes: shown in the preview opened from the read-ahead (if still
        open), else in a new one."""
        from tui.screens.minutes import MinutesScreen

        opened, self._open = self._open, None
        if opened is None:
            self._app.push_screen(MinutesScreen(message.minutes, file_name(meeting), closed=False))
        elif opened.is_attached:  # still open (else closed already: nothing to show)
            opened.show(message.minutes)

    def closed(self, minutes: str, meeting: Meeting, back: Callable[[None], None]) -> None:
        """The meeting closed: its minutes, final; `back` runs when they are closed."""
        from tui.screens.minutes import MinutesScreen

        self._app.push_screen(MinutesScreen(minutes, file_name(meeting), closed=True), back)


def file_name(meeting: Meeting) -> str:
    """The name the minutes are saved under ('minutes-weekly-ops-2026-12-06.md')."""
    return f"minutes-{meeting.meeting_type}-{meeting.date.isoformat()}.md"
