"""The dimmed screen beneath a modal, drawn once and kept while the modal opens.

A modal screen's own background is the whole screen beneath it, tinted (Textual draws every
widget of the meeting again and blends each cell's colours). It is drawn each time the modal
lays itself out, which an opening form does several times in its first frames: about a
quarter of the main thread's CPU opening the decision form went there (headless). KeptBackdrop keeps the tinted
lines for KEEP_SECONDS at one size; a repaint after that draws the screen beneath as it is.
Each style of the screen beneath is tinted once (_TintedScreen), not each of its segments.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from rich.segment import Segment
from textual.renderables.background_screen import BackgroundScreen
from textual.visual import RichVisual

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
    from rich.style import Style as RichStyle
    from textual.color import Color
    from textual.strip import Strip
    from textual.style import Style
    from textual.visual import RenderOptions
    from textual.widget import Widget

KEEP_SECONDS = 1.0
"""How long the tinted lines are kept (the screen beneath changes little under a modal)."""


class _TintedScreen(BackgroundScreen):
    """As Textual's, each style tinted once: the screen beneath has a few dozen styles over
    thousands of segments, and Textual blends the colours of every segment."""

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        return tinted(console.render(self.screen._compositor, options), self.color)


def tinted(segments: Iterable[Segment], color: Color) -> Iterator[Segment]:
    """Textual's tint (BackgroundScreen.process_segments), worked out once per style."""
    done: dict[RichStyle | None, RichStyle | None] = {}
    for segment in segments:
        text, style, control = segment
        if control:
            yield segment
            continue
        if style not in done:
            (one,) = BackgroundScreen.process_segments([Segment("", style)], color)
            done[style] = one.style
        yield Segment(text, done[style])


class _KeptLines(RichVisual):
    """A RichVisual that keeps the strips it drew last (for one size and style)."""

    def __init__(self, widget: Widget, renderable: RenderableType) -> None:
        super().__init__(widget, renderable)
        self._kept: tuple[tuple[int, int | None, Style], list[Strip]] | None = None

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        key = (width, height, style)
        if self._kept is None or self._kept[0] != key:
            self._kept = (key, super().render_strips(width, height, style, options))
        return self._kept[1]


class KeptBackdrop:
    """Mixin for a ModalScreen (first among its bases): the dimmed backdrop is kept."""

    _backdrop: tuple[float, _KeptLines] | None = None

    def render(self) -> Any:
        rendered = super().render()  # type: ignore[misc]
        if not isinstance(rendered, BackgroundScreen):
            return rendered
        now = time.monotonic()
        kept = self._backdrop
        if kept is None or now - kept[0] > KEEP_SECONDS:
            fast = _TintedScreen(rendered.screen, rendered.color)
            kept = self._backdrop = (now, _KeptLines(self, fast))  # type: ignore[arg-type]
        return kept[1]
