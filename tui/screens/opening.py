"""A modal screen styled once and laid out once as it opens (Textual does each twice).

As a screen is pushed, Textual styles every widget as it mounts, then styles the whole screen
again when it first resumes; after the first layout the screen's own Resize lays it out again
at the size it has just been laid out at, and lays out every screen beneath it too (the meeting
screen, unchanged under a modal). On the decision form these repeats were about a third of the
CPU from the key to the form painted. A later resume (a modal above it closed) restyles, and a
Resize to another size (the terminal resized) lays everything out, as Textual does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from textual import events
    from textual.screen import Screen


class OpensOnce:
    """Mixin for a Screen (before Screen among its bases). Textual calls each class's
    `_on_...` handler along the bases, these first, unless one prevents the default."""

    _resumed = False

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False  # every widget was styled as it mounted

    async def _on_resize(self, event: events.Resize) -> None:
        screen = cast("Screen[Any]", self)
        beneath = screen.app._background_screens
        if screen.outer_size == event.size and all(s.outer_size == event.size for s in beneath):
            event.stop()
            event.prevent_default()  # laid out at this size already: Screen's handler skipped
