"""The footer of keys, rebuilt only when the keys it shows change.

Textual's Footer rebuilds all its keys (a widget each, each restyled) every time its screen
says its bindings may have changed: on each focus change, each refresh_bindings, several times
while a screen opens, mostly to show the same keys again. Opening the metric detail spent a
tenth of its CPU there. KeysFooter gathers the requests of one frame into one, and rebuilds
only if the keys shown (their labels, and which are enabled) are not those on screen already.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Footer

if TYPE_CHECKING:
    from textual.screen import Screen


class KeysFooter(Footer):
    """A Footer that recomposes once per frame at most, and only when its keys changed."""

    _shown: tuple[object, ...] | None = None
    _asked = False

    def bindings_changed(self, screen: Screen[object]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._asked:
            self._asked = True
            self.call_after_refresh(self._recompose_if_changed)

    def _keys(self) -> tuple[object, ...]:
        """What the footer shows: each active binding's key, label and state."""
        bindings = tuple(
            (key, binding.action, binding.description, binding.show, enabled, tooltip)
            for key, (_node, binding, enabled, tooltip) in self.screen.active_bindings.items()
        )
        return (self.compact, self.show_command_palette, bindings)

    async def _recompose_if_changed(self) -> None:
        self._asked = False
        if not self.is_attached:
            return
        keys = self._keys()
        if keys == self._shown:
            return
        self._shown = keys
        await self.recompose()
