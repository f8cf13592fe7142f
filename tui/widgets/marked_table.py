"""A DataTable whose highlighted row is marked in the text when colours are off (NO_COLOR),
and whose lines are painted again once its columns are measured.

Without colour the cursor row is only a shade of grey, which a screen reader, a screen capture
or a monochrome terminal does not carry: the row's first cell then starts with a marker
character (in the cell's left padding, so no column moves and no cell's value changes).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widgets import DataTable
from textual.widgets.data_table import CellKey, RowKey

CellType = TypeVar("CellType")

MARKER = "▶"
"""Marks the highlighted row with NO_COLOR (the agenda and the attendance list use it too)."""


class MarkedTable(DataTable[CellType]):
    """A DataTable that marks its cursor row with `MARKER` when the app has no colour."""

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        """Textual measures new rows' cells when the table is next idle. A frame painted
        before that (on a busy machine the screen paints between add_row and the idle) keeps
        each cell cut to its column's header width, and unless the table changes size nothing
        paints it again: the action review showed "Close" / "Sam P" under Action / Owner
        until the terminal was resized. Columns widened: what was painted at the old widths
        goes."""
        before = self._widths()
        super()._update_dimensions(new_rows)
        self._painted_at(before)

    def _update_column_widths(self, updated_cells: set[CellKey]) -> None:
        """The same for cells updated in place (measured at the next idle too)."""
        before = self._widths()
        super()._update_column_widths(updated_cells)
        self._painted_at(before)

    def _widths(self) -> list[int]:
        return [column.get_render_width(self) for column in self.ordered_columns]

    def _painted_at(self, widths: list[int]) -> None:
        if self._widths() != widths:
            self._clear_caches()
            self.refresh()

    def _render_line(self, y: int, x1: int, x2: int, base_style: Style) -> Strip:
        strip = super()._render_line(y, x1, x2, base_style)
        if not self._marks(y, x1):
            return strip
        segments = list(strip)
        if not segments or not segments[0].text:
            return strip
        first = segments[0]
        marked = Segment(MARKER + first.text[1:], first.style, first.control)
        return Strip([marked, *segments[1:]], strip.cell_length)

    def _marks(self, y: int, x1: int) -> bool:
        """Line `y` (from the table's top, scrolled) is the cursor row's first line, and the
        table is not scrolled sideways (the marker sits in the first column's padding)."""
        if not self.app.no_color or self.cursor_type != "row" or not self.show_cursor:
            return False
        if x1 != 0 or self.row_count == 0:
            return False
        try:
            row_key, line = self._get_offsets(y)
        except LookupError:
            return False
        if line != 0 or row_key is self._header_row_key:
            return False
        try:
            return self.get_row_index(row_key) == self.cursor_row
        except Exception:  # a key no longer in the table (rows are being replaced)
            return False
