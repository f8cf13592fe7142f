"""A Rich renderable (e.g. the help's table) drawn once per width as plain styled lines.

Textual draws a Rich renderable given to a Static by rendering it again for each question
the layout asks (its width, its height) and again to paint it: a table of forty keys with
wrapped cells took most of the help's opening CPU. Drawn here once per width (the layout
gives the width), the screen paints lines of text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widget import Widget

if TYPE_CHECKING:
    from rich.console import RenderableType
    from textual.geometry import Size


class Drawn(Widget):
    """`renderable` as lines of text at the widget's width (kept per width)."""

    DEFAULT_CSS = "Drawn { height: auto; }"

    def __init__(
        self, renderable: RenderableType, *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.renderable = renderable
        self._width = 0
        """The content width of the last layout (0: not laid out yet)."""
        self._drawn: dict[int, Text] = {}

    def text_at(self, width: int) -> Text:
        drawn = self._drawn.get(width)
        if drawn is None:
            console = self.app.console
            lines = console.render_lines(
                self.renderable, console.options.update_width(width), pad=False
            )
            drawn = Text("\n").join(
                Text.assemble(*((s.text, s.style or "") for s in line if not s.control), end="")
                for line in lines
            )
            drawn.no_wrap = True
            self._drawn[width] = drawn
        return drawn

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        self._width = width
        return len(self.text_at(width).split("\n")) if width else 0

    def render(self) -> Text:
        return self.text_at(self._width or self.content_size.width or 80)
