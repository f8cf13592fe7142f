"""How a form closes with fast typing: the keys typed before the closing key land first, the
keys typed after it go where the person expects.

The closing keys (ctrl+s, enter on the last field, escape on a form that keeps its draft) are
priority bindings: the app runs them as it reads the key, before the keys typed just ahead of
them have reached their fields. So the close waits until every field has handled its keys
(form_parts.SaveAfterKeys), and the keys typed after the closing key are held from that key on
(tui.key_hold): for the screen beneath once the form has gone (`o`, a title, ctrl+s, `j d`
saved the title with "jd" on its end). When the save is refused and the form stays, they are
not used, and the form says so: typed for the screen beneath, in the form they chose for the
person or ran on into the words (`C-s n n` refused for want of a verdict: the first n chose
"no change", its problem line went, and the rest ended the note).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tui.key_hold import CLOSE_LIMIT, drop_held_keys, hold_keys
from tui.screens.form_parts import SaveAfterKeys, keys_wait_beneath

if TYPE_CHECKING:
    from textual import events
    from textual.screen import Screen

    from tui.screens.form_parts import SaveAsked


class ClosingKeys:
    """One form's closing keys. `save` is called once the keys before ctrl+s are in and says
    whether a save is now running (False: refused at once, the form stays); `cancel` once
    the keys before escape are in (the form keeps its draft and goes); `unused` with the keys
    typed after a refused save (as typed), which no field took."""

    def __init__(
        self,
        form: Screen[Any],
        save: Callable[[], bool],
        cancel: Callable[[], None],
        unused: Callable[[str], None],
    ) -> None:
        self._form = form
        self._save = save
        self._cancel = cancel
        self._unused = unused
        self._after_keys = SaveAfterKeys(form)
        self.cancelling = False
        """Escape asked to close keeping the draft, once the keys before it have arrived."""

    def ask_save(self) -> None:
        """ctrl+s (or enter on the last field): the keys typed after it are for the screen
        beneath, once this form has gone."""
        hold_keys(self._form, self._form.app, CLOSE_LIMIT)
        self._after_keys.ask()

    def ask_cancel(self) -> None:
        """Escape on a form that keeps its draft: like ctrl+s, it waits behind the keys typed
        before it (a priority binding, it ran before the words of the same burst reached the
        box: none was kept)."""
        hold_keys(self._form, self._form.app, CLOSE_LIMIT)
        self.cancelling = True
        self._after_keys.ask()

    def arrived(self, event: SaveAsked) -> None:
        """The form's SaveAsked handler: once the last of the round is in, close."""
        if not self._after_keys.arrived(event):
            return
        if self.cancelling:
            self._cancel()
        elif not self._save() and self._form.app.screen is self._form:
            self.keys_back()  # refused at once

    def keys_back(self) -> None:
        """The save was refused and the form stays: the keys held since ctrl+s are not used."""
        dropped = drop_held_keys(self._form, self._form.app)
        if dropped:
            self._unused(as_typed(dropped))

    def keys_beneath(self) -> None:
        """Saved: the keys held since ctrl+s wait for the screen beneath to show the entry
        (held before this form lets them go, so none slips by)."""
        keys_wait_beneath(self._form)


def as_typed(keys: list[events.Key], limit: int = 40) -> str:
    """Keys as the person typed them: letters as words, other keys by name."""
    typed = "".join(
        key.character if key.is_printable and key.character else f" {key.key} " for key in keys
    )
    typed = re.sub(" {2,}", " ", typed).strip()
    return typed if len(typed) <= limit else typed[: limit - 1] + "…"
