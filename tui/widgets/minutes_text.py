"""The minutes on screen: their Markdown (domain/minutes.py) drawn as styled text in ONE widget.

Textual's Markdown widget mounts a widget per block and Rich's lays tables out cell by cell:
for a month's minutes either takes most of a second before the screen is filled. The minutes
use a small part of Markdown (headings, bullets, emphasis, quotes, GFM tables, backslash
escapes), so they are drawn here line by line, tables fitted to the width, in milliseconds.
"""

from __future__ import annotations

import textwrap
import threading

from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget

TABLE_GAP = "  "


def inline(source: str, base: str = "") -> Text:
    """One line of inline Markdown: **bold**, *italic*, `code`, backslash escapes, <br>."""
    text = Text(style=base)
    styles: list[str] = []
    plain: list[str] = []

    def flush() -> None:
        if plain:
            text.append("".join(plain), style=" ".join(styles) or None)
            plain.clear()

    i, size = 0, len(source)
    while i < size:
        char = source[i]
        if char == "\\" and i + 1 < size:
            plain.append(source[i + 1])
            i += 2
            continue
        if source.startswith("<br>", i):
            plain.append("\n")
            i += 4
            continue
        if source.startswith("**", i):
            flush()
            _toggle(styles, "bold")
            i += 2
            continue
        if char in "*_" and (styles and styles[-1] == "italic" or _opens(source, i)):
            flush()
            _toggle(styles, "italic")
            i += 1
            continue
        if char == "`":
            end = source.find("`", i + 1)
            if end > i:
                flush()
                text.append(source[i + 1 : end], style="bold")
                i = end + 1
                continue
        plain.append(char)
        i += 1
    flush()
    return text


def _opens(source: str, at: int) -> bool:
    """An emphasis mark that opens: followed by a non-space, closed later on the line."""
    char = source[at]
    return at + 1 < len(source) and not source[at + 1].isspace() and char in source[at + 1 :]


def _toggle(styles: list[str], style: str) -> None:
    if style in styles:
        styles.remove(style)
    else:
        styles.append(style)


def cells(line: str) -> list[str]:
    """A GFM row's cells, split on unescaped pipes (escapes kept for `inline`)."""
    found: list[str] = []
    current: list[str] = []
    body = line.strip()
    body = body[1:] if body.startswith("|") else body
    body = body[:-1] if body.endswith("|") and not body.endswith("\\|") else body
    i = 0
    while i < len(body):
        if body[i] == "\\" and i + 1 < len(body):
            current.append(body[i : i + 2])
            i += 2
            continue
        if body[i] == "|":
            found.append("".join(current).strip())
            current = []
        else:
            current.append(body[i])
        i += 1
    found.append("".join(current).strip())
    return found


def _is_rule(row: list[str]) -> bool:
    return all(cell and set(cell) <= set("-: ") for cell in row)


def table_lines(rows: list[list[str]], width: int) -> list[Text]:
    """Rows as columns fitted to `width`: the widest columns give way first, their cells
    wrapped onto more lines; the header row in bold."""
    plain = [[inline(cell.replace("<br>", " / ")).plain for cell in row] for row in rows]
    columns = max(len(row) for row in plain)
    for row in plain:
        row.extend([""] * (columns - len(row)))
    widths = [max(len(row[c]) for row in plain) for c in range(columns)]
    room = max(columns * 4, width - len(TABLE_GAP) * (columns - 1))
    while sum(widths) > room and max(widths) > 6:  # the widest give way, one column at a time
        widths[max(range(columns), key=lambda c: widths[c])] -= 1
    lines: list[Text] = []
    for index, row in enumerate(plain):
        wrapped = [textwrap.wrap(cell, w) or [""] for cell, w in zip(row, widths, strict=True)]
        for part in range(max(len(w) for w in wrapped)):
            line = TABLE_GAP.join(
                (w[part] if part < len(w) else "").ljust(widths[c]) for c, w in enumerate(wrapped)
            )
            lines.append(Text(line.rstrip(), style="bold" if index == 0 else ""))
        if index == 0:
            lines.append(Text(TABLE_GAP.join("─" * w for w in widths), style="dim"))
    return lines


def minutes_text(markdown: str, width: int) -> Text:
    """The minutes as one Text at `width` columns (tables fitted; prose wraps where shown)."""
    out: list[Text] = []
    table: list[list[str]] = []

    def end_table() -> None:
        if table:
            out.extend(table_lines(table, width))
            table.clear()

    for line in markdown.splitlines():
        stripped = line.strip()
        if stripped.startswith("|"):
            row = cells(stripped)
            if not _is_rule(row):
                table.append(row)
            continue
        end_table()
        if stripped.startswith("#"):
            level = len(stripped) - len(stripped.lstrip("#"))
            title = inline(stripped[level:].strip(), "bold")
            if level == 1:
                title.stylize("reverse")
                title.pad(1)
            elif level == 2:
                title.stylize("underline")
            out.append(title)
        elif stripped.startswith(("- ", "* ")):
            indent = " " * (len(line) - len(line.lstrip()))
            out.append(Text(f"{indent}  • ") + inline(stripped[2:]))
        elif stripped.startswith(">"):
            out.append(Text("▌ ", style="dim") + inline(stripped.lstrip("> "), "italic"))
        else:
            out.append(inline(stripped))
    end_table()
    return Text("\n").join(out)


DRAWN_KEPT = 8
"""How many drawings (minutes, width) are kept for the next screen that shows them."""
_drawn: dict[tuple[str, int], Text] = {}
_widths: dict[int, None] = {}
"""The widths the minutes were last shown at (newest last): drawn ahead at these."""
_lock = threading.Lock()
"""Minutes are drawn ahead in a worker thread while the screen draws its own."""


def drawn(markdown: str, width: int) -> Text:
    """`minutes_text` kept per (minutes, width): the screen opened again on unchanged minutes,
    or on minutes drawn ahead (`draw_ahead`), does not draw them again (a Text is never changed
    once drawn: Textual reads it)."""
    width = max(20, width)
    key = (markdown, width)
    with _lock:
        text = _drawn.pop(key, None)
    if text is None:
        text = minutes_text(markdown, width)
    with _lock:
        _drawn.pop(key, None)
        while len(_drawn) >= DRAWN_KEPT:
            del _drawn[next(iter(_drawn))]
        _drawn[key] = text  # kept as the newest
    return text


def draw_ahead(markdown: str) -> None:
    """Draw the minutes at the widths they were last shown at (in the worker that read them,
    before the key that shows them)."""
    with _lock:
        widths = list(_widths)[-2:]
    for width in widths:
        drawn(markdown, width)


class MinutesText(Widget):
    """The minutes drawn by `minutes_text` at the widget's width (kept: `drawn`).

    The width comes from the layout (`get_content_height` is given it): asking the widget for
    its own size while Textual lays the screen out would make it arrange the whole screen
    again, once per layout pass."""

    DEFAULT_CSS = "MinutesText { height: auto; }"

    def __init__(self, markdown: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.markdown = markdown
        self._width = 0
        """The content width of the last layout (0: not laid out yet)."""

    def text_at(self, width: int) -> Text:
        with _lock:
            _widths.pop(width, None)
            _widths[width] = None
            while len(_widths) > 4:
                del _widths[next(iter(_widths))]
        return drawn(self.markdown, width)

    def update(self, markdown: str) -> None:
        self.markdown = markdown
        self.refresh(layout=True)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        self._width = width
        return super().get_content_height(container, viewport, width)

    def render(self) -> Text:
        return self.text_at(self._width or self.content_size.width or 80)
