"""Keys typed while a screen opens or a form closes are held, then delivered in order.

A key that opens a form pushes it at once, but the form mounts (and places its cursor) a little
later; keys read in between reach the form with no field focused and are lost (`o` then "New
phone contract" at once saved an empty item). So while a screen that takes typing is opening,
the app holds every key it reads, and replays them in order through its own routing when the
screen says it is ready. A screen that opens a form from a worker holds keys the same way.

The same holds on the way out: the key that closes a form (ctrl+s, enter) holds the keys typed
after it until the form has gone, so they reach the screen beneath (`o`, a title, ctrl+s, then
`j d` saved the title with "jd" on its end). A screen beneath that reloads after the entry holds
them until the reload is shown (a key after a saved entry acts on the rows as they are now).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual import events
    from textual.app import App


HOLD_LIMIT = 10.0
"""Seconds a screen may take to open before the keys held for it go on anyway (every screen
says when it is ready, or gone: the limit only keeps the app from going deaf; 2 s ran out on a
busy machine while the form was still opening, and its words went to the screen beneath)."""
CLOSE_LIMIT = 10.0
"""Seconds a form may take to save and close (a busy database) before its keys go on."""


class KeyHold:
    """The app's held keys and the reasons it holds them (screens opening, forms closing)."""

    def __init__(self, app: App[Any]) -> None:
        self._app = app
        self._keys: list[events.Key] = []
        self._reasons: dict[int, int] = {}
        """Each reason held, by id, with the turn it was held in (its time limit's turn)."""
        self._turn = 0
        self._replaying: events.Key | None = None

    @property
    def holding(self) -> bool:
        return bool(self._reasons or self._keys)

    def hold_for(self, reason: object, limit: float = HOLD_LIMIT) -> None:
        """Hold keys from now until `done(reason)`, or `limit` seconds at most (a screen
        that never says it is ready must not leave the app deaf to every key)."""
        self._turn += 1
        turn = self._turn
        self._reasons[id(reason)] = turn
        self._app.set_timer(limit, lambda: self._expire(reason, turn))

    def _expire(self, reason: object, turn: int) -> None:
        if self._reasons.get(id(reason)) == turn:  # not held again since, for a later step
            self.done(reason)

    def done(self, reason: object) -> None:
        """`reason` is ready (or gone): once nothing else holds, the keys go on, in order."""
        if id(reason) not in self._reasons:
            return
        del self._reasons[id(reason)]
        if not self._reasons:
            # On the app's own queue, behind any key it has read but not yet handled (those
            # join the held ones first, so the order is kept).
            self._app.call_later(self._release)

    def drop(self, reason: object) -> list[events.Key]:
        """`reason` will not take the keys held for it (a form whose save was refused: the keys
        typed after ctrl+s were for the screen beneath): they are taken away, unused, unless
        something else still holds them."""
        if id(reason) not in self._reasons:
            return []
        del self._reasons[id(reason)]
        if self._reasons:
            return []
        dropped, self._keys = self._keys, []
        return dropped

    def hold(self, event: events.Key) -> bool:
        """Called by the app for each key it reads: True when the key was held. A key being
        replayed that meets a screen still busy (held again for it) goes back first in line."""
        if not self.holding or (event is self._replaying and not self._reasons):
            return False
        if event is self._replaying:
            self._keys.insert(0, event)
        else:
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


def drop_held_keys(reason: object, app: object) -> list[events.Key]:
    """The keys held for `reason`, taken away unused (see KeyHold.drop)."""
    hold = getattr(app, "key_hold", None)
    return hold.drop(reason) if isinstance(hold, KeyHold) else []


def hold_keys(reason: object, app: object, limit: float = HOLD_LIMIT) -> None:
    """Hold the keys read from now until `ready_for_keys(reason, app)` (or `limit` seconds)."""
    hold = getattr(app, "key_hold", None)
    if isinstance(hold, KeyHold):
        hold.hold_for(reason, limit)
