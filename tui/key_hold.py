"""Keys typed while a form opens are held, then delivered in order once it can take them.

A key that opens a form pushes it at once, but the form mounts (and places its cursor) a little
later; keys read in between reach the form with no field focused and are lost (`o` then "New
phone contract" at once saved an empty item). So while a screen that takes typing is opening,
the app holds every key it reads, and replays them in order through its own routing when the
screen says it is ready. A screen that opens a form from a worker holds keys the same way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual import events
    from textual.app import App


HOLD_LIMIT = 2.0
"""Seconds a screen may take to open before the keys held for it go on anyway."""


class KeyHold:
    """The app's held keys and the reasons it holds them (screens still opening)."""

    def __init__(self, app: App[Any]) -> None:
        self._app = app
        self._keys: list[events.Key] = []
        self._reasons: set[int] = set()
        self._replaying: events.Key | None = None

    @property
    def holding(self) -> bool:
        return bool(self._reasons or self._keys)

    def hold_for(self, reason: object) -> None:
        """Hold keys from now until `done(reason)`, or HOLD_LIMIT seconds at most (a screen
        that never says it is ready must not leave the app deaf to every key)."""
        self._reasons.add(id(reason))
        self._app.set_timer(HOLD_LIMIT, lambda: self.done(reason))

    def done(self, reason: object) -> None:
        """`reason` is ready (or gone): once nothing else holds, the keys go on, in order."""
        if id(reason) not in self._reasons:
            return
        self._reasons.discard(id(reason))
        if not self._reasons:
            # On the app's own queue, behind any key it has read but not yet handled (those
            # join the held ones first, so the order is kept).
            self._app.call_later(self._release)

    def hold(self, event: events.Key) -> bool:
        """Called by the app for each key it reads: True when the key was held."""
        if event is self._replaying or not self.holding:
            return False
        self._keys.append(event)
        return True

    async def _release(self) -> None:
        while self._keys and not self._reasons:  # a replayed key may open another form
            event = self._keys.pop(0)
            self._replaying = event
            try:
                await self._app.on_event(event)
            finally:
                self._replaying = None


def ready_for_keys(screen: object, app: object) -> None:
    """A screen that takes typing has placed its cursor (or is gone): release the keys."""
    hold = getattr(app, "key_hold", None)
    if isinstance(hold, KeyHold):
        hold.done(screen)
