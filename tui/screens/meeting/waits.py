"""Why the meeting screen's keys wait (tui.key_hold holds them, then replays them in order).

While the section on screen is being read there are no rows for a key to act on; while a move
between sections is being written `n` and `p` cannot move again; after a form saved an entry,
the keys typed after its ctrl+s act on the rows as the section shows them with the entry.
"""

from __future__ import annotations

from collections.abc import Callable

from tui.key_hold import hold_keys, ready_for_keys

ENTRY_LIMIT = 20.0
"""Seconds the keys after a saved entry wait for the section to show it, at most."""
READ_LIMIT = 30.0
"""Seconds the keys typed while a section is read (or a move written) wait at most. Each such
wait ends when the section shows or is refused; the limit only keeps the app from going deaf.
A busy machine reads a section in seconds: a shorter limit let the keys go on while it was
still read, and they were dropped (`escape n n` as the meeting opened moved one section)."""


class KeysWait:
    """Why the keys read now wait (a reason held in tui.key_hold), named for the reader."""

    def __init__(self, why: str, limit: float = READ_LIMIT) -> None:
        self.why = why
        self.limit = limit

    def __repr__(self) -> str:
        return f"KeysWait({self.why!r})"


class KeyWaits:
    """The meeting screen's reasons to hold keys, and the state that makes them: `moving` (a
    move is being written) and `reading` (the section on screen is being read)."""

    def __init__(self, app: Callable[[], object]) -> None:
        """`app`: the app the screen is in (asked when a key waits: the screen is made before
        it is attached)."""
        self._app = app
        self.moving = False
        """A move between sections is being written (n and p wait for it)."""
        self.reading = True
        """The section on screen is being read (nothing to show for it yet)."""
        self._moving = KeysWait("a move between sections is being written")
        self._loading = KeysWait("the section on screen is still being read")
        self._entry_holds: list[object] = []
        """Keys held until the section shows an entry just saved (see expect_entry)."""
        self._entry_loads: list[object] = []
        """Those holds whose section load has been asked (released when it arrives)."""

    def why(self, closed: bool) -> KeysWait | None:
        """Why a key read now must wait (the app holds it), None if it acts now. Each such
        key was dropped; held, it acts in order once the wait is over."""
        if self.moving:
            return self._moving
        if self.reading and not closed:
            return self._loading
        return None

    def _hold(self, wait: KeysWait) -> None:
        """Hold from now (the app also asks `why` as it reads each key; a key replayed after a
        wait is not asked again, so the wait that key starts holds the keys after it)."""
        hold = getattr(self._app(), "key_hold", None)
        if hold is not None:
            hold.hold_for(wait, wait.limit)

    def move(self) -> None:
        """A move between sections starts: n and p wait until it is written."""
        self.moving = True
        self._hold(self._moving)

    def moved(self) -> None:
        """The move is written (or refused, or the meeting closed): the keys go on."""
        self.moving = False
        ready_for_keys(self._moving, self._app())

    def read(self) -> None:
        """The section shown is not in memory: the keys wait until it is read."""
        self.reading = True
        self._hold(self._loading)

    def shown(self) -> None:
        """The section is on screen: the keys go on."""
        self.reading = False
        ready_for_keys(self._loading, self._app())

    def expect_entry(self) -> None:
        """A form saved an entry: the keys typed after its ctrl+s wait until the section
        shows it (`j d` after a new AOB item decides on the row `j` reaches in the reloaded
        table)."""
        token = object()
        self._entry_holds.append(token)
        hold_keys(token, self._app(), ENTRY_LIMIT)

    def entry_load_asked(self) -> None:
        """The section's load after the entry is asked: its arrival releases those keys."""
        self._entry_loads += self._entry_holds
        self._entry_holds = []

    def entry_shown(self, everything: bool = False) -> None:
        """The section as reloaded after the entry is on screen: the keys go on. Only a load
        asked after the entry was saved counts (an earlier one may still arrive first);
        `everything`: every entry's keys (the entry is shown, or nothing will be)."""
        holds, self._entry_loads = self._entry_loads, []
        if everything:
            holds += self._entry_holds
            self._entry_holds = []
        for token in holds:
            ready_for_keys(token, self._app())

    def refused(self) -> None:
        """An entry or a read was refused: the keys act on what is shown."""
        self.moving = False
        self.reading = False
        ready_for_keys(self._moving, self._app())
        ready_for_keys(self._loading, self._app())
        self.entry_shown(everything=True)

    def gone(self) -> None:
        """The screen is gone: nothing to wait for."""
        ready_for_keys(self._moving, self._app())
        ready_for_keys(self._loading, self._app())
