"""The member practices side by side for the highlighted metric of a PCN meeting."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import Static

from domain.pcn import PcnRow, PracticeCell
from domain.status import Status
from tui.format import STATUS_VARIABLE, style_of

COLUMN = 15
"""Cells per practice column at most (at least 10): a value, a status word, a variation."""


def short_variation(words: str) -> str:
    """The variation part of the SPC words, short: 'common cause', 'SC concern' (special
    cause, concern) or 'SC improvement'."""
    first = words.split(";")[0].split(" (")[0].strip()
    if first.startswith("special cause"):
        inner = first.removeprefix("special cause").strip(" —")
        return f"SC {inner}" if inner else "special cause"
    return first


NARROW = {"common cause": "common", "SC improvement": "SC improv"}
"""Shorter variation words for narrow columns."""


def _fit(text: str, width: int) -> str:
    """`text` in `width` cells with at least one space after it (cut with … if longer)."""
    room = width - 1
    if cell_len(text) <= room:
        return text.ljust(width)
    return text[: max(0, room - 1)] + "… "


class PcnGrid(Static):
    """Practice code, value, status and variation, one column per practice, then the PCN
    median; wraps into blocks of columns to fit the width (numbers are never cut)."""

    DEFAULT_CSS = """
    PcnGrid { height: auto; max-height: 13; padding: 0 0; }
    """

    def show(self, row: PcnRow | None, variables: dict[str, str], width: int) -> None:
        if row is None:
            self.update(Text("Practices: highlight a metric to compare them", style="dim"))
            return
        pcn = row.pcn
        count = len(row.cells) + 1
        column = max(10, min(COLUMN, width // count))
        label = "PCN median" if column > len("PCN median") else "PCN med."
        median = PracticeCell(label, pcn.display_value, pcn.status, "")
        cells: Sequence[PracticeCell] = (*row.cells, median)
        per_block = max(1, width // column)
        text = Text()
        for start in range(0, len(cells), per_block):
            block = cells[start : start + per_block]
            if start:
                text.append("\n")
            for cell in block:
                text.append(_fit(cell.practice_code, column), style="bold")
            text.append("\n")
            for cell in block:
                # A value is never cut: a wider one takes what it needs.
                text.append(cell.value.ljust(column - 1) + " ")
            text.append("\n")
            for cell in block:
                text.append(
                    _fit(cell.status.label, column),
                    style=style_of(STATUS_VARIABLE[cell.status], variables),
                )
            if any(cell.variation for cell in block):
                text.append("\n")
                for cell in block:
                    words = short_variation(cell.variation)
                    if cell_len(words) >= column:
                        words = NARROW.get(words, words)
                    text.append(_fit(words, column), style="dim")
        breaching = [c for c in row.cells if c.status.severity >= Status.RED.severity]
        if breaching and per_block >= len(cells):  # where there is room for it
            text.append(
                f"\n{len(breaching)} of {len(row.cells)} practices at RED or worse", style="bold"
            )
        self.update(text)
