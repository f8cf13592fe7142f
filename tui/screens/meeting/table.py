"""The meeting's table: which columns fit the width, and filling it in place from the rows.

At 80 columns the main area is about 56 cells wide: the least important columns give way (what
they said shows in the detail lines under the table) and long text is cut with an ellipsis.
Numbers and status words are never cut: a `whole` column is as wide as its longest cell.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.coordinate import Coordinate
from textual.widgets import DataTable

from tui.screens.meeting.view import Row


@dataclass(frozen=True)
class ColumnSpec:
    """One column: its label, how much it matters (0 most) and its narrowest / widest.

    Spare width goes first to the columns that `grow_first` (so a decision reads in full
    before a long metric name does), then by priority.
    """

    label: str
    priority: int
    narrowest: int
    widest: int
    grow_first: bool = False
    comfortable: int = 0
    """The width it keeps before an optional column is added (the metric name, the trend)."""
    whole: bool = False
    """Never cut (a value, a status): at least as wide as its longest cell."""
    tail: bool = False
    """A sparkline: cut from the left (fewer, latest points), its label saying how many."""


COLUMN_SPECS: dict[str, tuple[ColumnSpec, ...]] = {
    "dashboard": (
        ColumnSpec("Metric", 0, 13, 34, comfortable=24),
        ColumnSpec("Value", 1, 6, 8, whole=True),
        ColumnSpec("Status", 2, 10, 10, whole=True),
        ColumnSpec("Trend", 4, 5, 13, comfortable=13, grow_first=True, tail=True),
        ColumnSpec("Streak", 6, 6, 6),
        ColumnSpec("As of", 7, 10, 10),
        ColumnSpec("Owner", 5, 10, 18),
        ColumnSpec("Decision", 3, 12, 17, grow_first=True, comfortable=17),
        ColumnSpec("Peers (median)", 8, 14, 36),
    ),
    "qof": (
        ColumnSpec("Metric / indicator", 0, 13, 44, comfortable=22),
        ColumnSpec("Value", 1, 6, 8, whole=True),
        ColumnSpec("Status", 2, 10, 10, whole=True),
        ColumnSpec("£ stake", 4, 7, 10, whole=True),
        ColumnSpec("Needed", 5, 6, 6, whole=True),
        ColumnSpec("Recoverability → response", 6, 16, 50),
        ColumnSpec("Points", 7, 7, 7, whole=True),
        ColumnSpec("LT–UT", 8, 7, 7, whole=True),
        ColumnSpec("£/patient", 9, 9, 9, whole=True),
        ColumnSpec("Decision", 3, 12, 17, grow_first=True),
    ),
    "previous-minutes": (
        ColumnSpec("Minutes", 0, 16, 40),
        ColumnSpec("State", 1, 8, 10),
        ColumnSpec("What to do", 2, 12, 20),
    ),
    "matters-arising": (
        ColumnSpec("Action", 0, 16, 40),
        ColumnSpec("Update", 1, 15, 15, grow_first=True),
        ColumnSpec("Owner", 3, 10, 16),
        ColumnSpec("Due", 2, 10, 10),
        ColumnSpec("Status", 4, 8, 11),
    ),
    "escalations-in": (
        ColumnSpec("Escalated item", 0, 16, 40),
        ColumnSpec("From", 2, 14, 26),
        ColumnSpec("Owner", 3, 10, 16),
        ColumnSpec("Decision here", 1, 16, 20, grow_first=True),
    ),
    "this-week": (
        ColumnSpec("Due", 1, 10, 10, whole=True),
        ColumnSpec("When", 2, 8, 15, whole=True),
        ColumnSpec("What", 0, 26, 60, grow_first=True),
        ColumnSpec("From", 4, 7, 10),
        ColumnSpec("Owner", 3, 10, 18),
    ),
    "watch-list": (
        ColumnSpec("Metric", 0, 20, 40, grow_first=True),
        ColumnSpec("Value", 1, 6, 8, whole=True),
        ColumnSpec("AMBER for", 3, 16, 16),
        ColumnSpec("Variation (SPC)", 5, 12, 30),
        ColumnSpec("Dashboard", 6, 10, 20),
        ColumnSpec("Note", 2, 14, 40, grow_first=True),
    ),
    "risk-register": (
        ColumnSpec("Risk", 1, 4, 6, whole=True),
        ColumnSpec("Title", 0, 16, 40, grow_first=True),
        ColumnSpec("Score", 2, 9, 9, whole=True),
        ColumnSpec("Owner", 4, 10, 18),
        ColumnSpec("Review by", 5, 10, 10),
        ColumnSpec("Review", 3, 15, 40),
        ColumnSpec("Controls", 6, 12, 40),
    ),
    "aob": (
        ColumnSpec("Item", 0, 16, 40),
        ColumnSpec("Raised by", 2, 10, 16),
        ColumnSpec("Decision", 1, 16, 20, grow_first=True),
    ),
}
"""Per kind of section, in display order (the cells of a Row follow this order)."""

OPTIONAL = 4
"""Columns of this priority or less important are added only if the first column and the
sparkline can stay comfortable (a readable name and 13 points matter more than the owner); a
sparkline itself is added whenever its narrowest (5 points) fits."""

CELL_PADDING = 2
"""A DataTable cell has one cell of padding each side."""


@dataclass(frozen=True)
class TableLayout:
    """The columns shown (indexes into the kind's specs, in display order) and their widths."""

    kind: str
    shown: tuple[int, ...]
    widths: tuple[int, ...]
    specs: tuple[ColumnSpec, ...] = ()
    """The columns as fitted (whole columns widened to their content)."""

    @property
    def labels(self) -> tuple[str, ...]:
        specs = self.specs or COLUMN_SPECS[self.kind]
        return tuple(
            _tail_label(specs[index].label, width) if specs[index].tail else specs[index].label
            for index, width in zip(self.shown, self.widths, strict=True)
        )

    def hidden(self) -> tuple[str, ...]:
        """Labels of the columns left out at this width (their content goes to the detail)."""
        specs = self.specs or COLUMN_SPECS[self.kind]
        return tuple(spec.label for i, spec in enumerate(specs) if i not in self.shown)


def _tail_label(label: str, width: int) -> str:
    """'Trend (13)': how many points show, when the column has room to say it."""
    counted = f"{label} ({width})"
    return counted if len(counted) <= width else label


def content_specs(kind: str, longest: dict[int, int] | None) -> tuple[ColumnSpec, ...]:
    """The kind's columns with each `whole` column widened to its longest cell."""
    specs = COLUMN_SPECS[kind]
    if not longest:
        return specs
    return tuple(
        replace(spec, narrowest=max(spec.narrowest, longest.get(i, 0)),
                widest=max(spec.widest, longest.get(i, 0)))
        if spec.whole else spec
        for i, spec in enumerate(specs)
    )  # fmt: skip


def longest_cells(kind: str, rows: list[Row]) -> dict[int, int]:
    """Per `whole` column of the kind: the widest cell among `rows`."""
    found: dict[int, int] = {}
    for index, spec in enumerate(COLUMN_SPECS[kind]):
        if spec.whole:
            found[index] = max(
                (_width(row.cells[index]) for row in rows if index < len(row.cells)), default=0
            )
    return found


def _width(cell: str | Text) -> int:
    return cell.cell_len if isinstance(cell, Text) else cell_len(cell)


def fit_columns(kind: str, width: int, longest: dict[int, int] | None = None) -> TableLayout:
    """The most important columns that fit `width` cells, widened up to their widest; `whole`
    columns at least as wide as `longest` says their cells are."""
    specs = content_specs(kind, longest)
    by_priority = sorted(range(len(specs)), key=lambda i: specs[i].priority)
    chosen: list[int] = []
    used = 0
    kept = sorted(  # the sparkline's points first: names shorten before the trend does
        (
            i
            for i, spec in enumerate(specs)
            if spec.comfortable and (spec.priority < OPTIONAL or spec.tail)
        ),
        key=lambda i: (not specs[i].tail, not specs[i].grow_first, specs[i].priority),
    )
    keep = sum(max(0, specs[i].comfortable - specs[i].narrowest) for i in kept)
    for index in by_priority:
        need = specs[index].narrowest + CELL_PADDING
        if specs[index].priority >= OPTIONAL and not specs[index].tail:
            need += keep  # a sparkline is kept at any width, with fewer points
        if chosen and used + need > width:
            break  # strictly by importance: a less important column never replaces it
        chosen.append(index)
        used += specs[index].narrowest + CELL_PADDING
    widths = {index: specs[index].narrowest for index in chosen}
    spare = max(0, width - used)
    for index in kept:  # the room kept for them (optional columns came only if it was there)
        if index in widths:
            grow = min(spare, max(0, specs[index].comfortable - widths[index]))
            widths[index] += grow
            spare -= grow
    for index in sorted(chosen, key=lambda i: (not specs[i].grow_first, specs[i].priority)):
        grow = min(spare, specs[index].widest - widths[index])
        widths[index] += grow
        spare -= grow
    shown = tuple(sorted(chosen))
    return TableLayout(kind, shown, tuple(widths[index] for index in shown), specs)


def fit_cell(cell: str | Text, width: int, tail: bool = False) -> str | Text:
    """A cell cut to `width` with an ellipsis; a sparkline (`tail`) keeps its latest points."""
    if tail:
        return cell[-width:] if width else ""
    if isinstance(cell, Text):
        if cell.cell_len <= width:
            return cell
        cut = cell.copy()
        cut.truncate(width, overflow="ellipsis")
        return cut
    if cell_len(cell) <= width:
        return cell
    return cell[: max(0, width - 1)] + "…"


def fill_table(table: DataTable[Any], rows: list[Row], layout: TableLayout, rebuild: bool) -> None:
    """Put `rows` in `table`: new columns only when the layout changed, otherwise the cells are
    updated in place (rows added or removed at the end), so an unchanged cell is not redrawn."""
    if rebuild:
        table.clear(columns=True)
        for label, width in zip(layout.labels, layout.widths, strict=True):
            table.add_column(label, width=width)
    shown = table.row_count
    specs = layout.specs or COLUMN_SPECS[layout.kind]
    for index, item in enumerate(rows):
        cells = [
            fit_cell(item.cells[column], width, specs[column].tail)
            for column, width in zip(layout.shown, layout.widths, strict=True)
        ]
        if index >= shown:
            table.add_row(*cells)
            continue
        current = table.get_row_at(index)
        for column, cell in enumerate(cells):
            if current[column] != cell:
                table.update_cell_at(Coordinate(index, column), cell)
    for index in range(shown - 1, len(rows) - 1, -1):
        table.remove_row(table.coordinate_to_cell_key(Coordinate(index, 0)).row_key)


def hidden_details(row: Row, layout: TableLayout) -> str:
    """What the table does not show of the highlighted row, as one line for the detail: text
    cut short (in full, the first column without its label) and the hidden columns."""
    specs = layout.specs or COLUMN_SPECS[layout.kind]
    widths = dict(zip(layout.shown, layout.widths, strict=True))
    parts = []
    for index, spec in enumerate(specs):
        if index >= len(row.cells):
            break
        cell = row.cells[index]
        text = (cell.plain if isinstance(cell, Text) else str(cell)).strip()
        if not text or (index in widths and (cell_len(text) <= widths[index] or spec.tail)):
            continue
        parts.append(text if index == 0 else f"{spec.label}: {text}")
    return " · ".join(parts)
