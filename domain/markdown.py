"""Markdown building blocks shared by the minutes and the TUI: safe cells, tables, sparklines."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence

SPARK_BARS = "▁▂▃▄▅▆▇█"

# Characters that start inline Markdown (emphasis, code, links, HTML, entities, strikethrough)
# plus the backslash itself and the table's own pipe. Escaped with a backslash, which GFM
# allows before any ASCII punctuation.
_ACTIVE = re.compile(r"([\\`*_\[\]<>|~&])")


def escape_text(text: str) -> str:
    """User text made inert for inline Markdown; line breaks become <br> (one logical line)."""
    escaped = _ACTIVE.sub(r"\\\1", text)
    return "<br>".join(escaped.splitlines())


def escape_cell(text: str) -> str:
    """User text safe inside one GFM table cell: no raw `|` and no line break can survive."""
    return escape_text(text)


def table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A GFM table; headers are trusted text, every row cell is escaped here."""
    lines = [_row(headers), _row(["---"] * len(headers))]
    for row in rows:
        if len(row) != len(headers):
            raise ValueError(f"a row has {len(row)} cells, the table has {len(headers)} columns")
        lines.append(_row([escape_cell(cell) for cell in row]))
    return "\n".join(lines)


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def sparkline(values: Sequence[float | None], gap: str = " ") -> str:
    """One bar per value, scaled between the series' own minimum and maximum.

    None, NaN or infinity shows as `gap` (a space by default); a flat series shows mid-height bars.
    """
    known = [v for v in values if v is not None and math.isfinite(v)]
    if not known:
        return gap * len(values)
    # Halved so that the span of two huge finite floats cannot overflow to infinity.
    low, high = min(known) / 2, max(known) / 2
    span = high - low
    top = len(SPARK_BARS) - 1
    bars = []
    for value in values:
        if value is None or not math.isfinite(value):
            bars.append(gap)
        elif span == 0:
            bars.append(SPARK_BARS[top // 2])
        else:
            index = round((value / 2 - low) / span * top)
            bars.append(SPARK_BARS[min(top, max(0, index))])
    return "".join(bars)
