"""Escape typed straight before another key is escape, then that key.

A terminal sends escape as the byte ESC, and alt+n as ESC then `n`: Textual tells them apart
only by time (ESC alone for a tenth of a second is escape). Typed at full speed, `escape n`
arrived as alt+n (the form did not close and the n went nowhere); and ESC read while an earlier
ESC's bytes were pending was turned into a "^" key (`escape o title escape` typed "^otitle").
Chair binds no alt+letter key, so ESC followed by anything that does not start a terminal's
own sequence (`[`, `O`, `]`, `P`, `_`, `\\`) is escape, then that key, wherever the bytes of
one read end. A key that still comes as alt+<key> (its ESC was the last byte of one read, the
key the first of the next) is split the same way by the app (`split_alt`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual import events
from textual._xterm_parser import XTermParser
from textual.keys import KEY_NAME_REPLACEMENTS, _character_to_key

ESC = "\x1b"
SEQUENCE_STARTS = "[O]P_\\"
"""What follows ESC at the start of a terminal's own sequence (an arrow, a mouse report...)."""


class EscapeFirstParser(XTermParser):
    """Textual's parser, with an ESC followed by a plain key in the same read given as escape
    at once (as if its time had run out), before that key is read."""

    def feed(self, data: str) -> Iterable[Any]:
        start = 0
        for at, character in enumerate(data):
            if character != ESC or at + 1 >= len(data) or data[at + 1] in SEQUENCE_STARTS:
                continue
            yield from super().feed(data[start : at + 1])
            if self._timeout_time is not None:  # waiting to see if a sequence follows
                self._timeout_time = 0.0  # its wait is over: the parser says escape
                yield from self.tick()
            start = at + 1
        if start < len(data) or not data:
            yield from super().feed(data[start:])


def install_escape_first() -> None:
    """The terminal driver reads keys with EscapeFirstParser (set before the app runs)."""
    from textual.drivers import linux_driver

    linux_driver.XTermParser = EscapeFirstParser  # type: ignore[attr-defined]


def split_alt(event: events.Key) -> list[events.Key] | None:
    """alt+<key> as the two keys the terminal sent (escape, then the key), or None."""
    if not event.key.startswith("alt+") or event.character is None:
        return None
    character = event.character
    if len(character) != 1 or not character.isprintable():
        return None
    name = character if character.isalnum() else _character_to_key(character)
    return [
        events.Key("escape", ESC),
        events.Key(KEY_NAME_REPLACEMENTS.get(name, name), character),
    ]
