"""The meeting's table as a widget: a section's rows in the columns that fit (see table.py)."""

from __future__ import annotations

from typing import Any

from domain.keys import Target
from tui.screens.meeting.table import TableLayout, fill_table, fit_columns, longest_cells
from tui.screens.meeting.view import Row
from tui.widgets.marked_table import MarkedTable


class SectionTable(MarkedTable[Any]):
    """A DataTable that knows the Rows it shows and the columns it shows them in.

    Attributes down: `show(rows, kind, width)` fills it in place; the cursor is the
    DataTable's own (the panel watches it).
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.section_rows: list[Row] = []
        """The rows shown, in order (a DataTable's own `rows` are its cells by key)."""
        self.table_layout: TableLayout | None = None
        """The columns and their widths now (they follow the terminal's width)."""
        self._longest: dict[int, int] = {}
        """The widest cell of each never-cut column in the rows shown."""

    def show(self, rows: list[Row], kind: str, width: int) -> None:
        """Put `rows` in the table with the columns of `kind` that fit `width` cells."""
        self.section_rows = rows
        self._longest = longest_cells(kind, rows)
        layout = fit_columns(kind, width, self._longest)
        rebuild = layout != self.table_layout
        self.table_layout = layout
        fill_table(self, rows, layout, rebuild)

    def empty(self) -> None:
        """No rows (the columns stay until the next section's are known)."""
        self.section_rows = []
        self.clear()

    def fits(self, kind: str, width: int) -> bool:
        """Whether the columns shown are still those that fit `width`."""
        return fit_columns(kind, width, self._longest) == self.table_layout

    def current_row(self) -> Row | None:
        rows = self.section_rows
        index = self.cursor_row
        return rows[index] if rows and 0 <= index < len(rows) else None

    def point_at(self, target: Target) -> None:
        """Move the cursor to the row whose key is `target` (if shown) and take the focus."""
        keys = [row.key for row in self.section_rows]
        if target in keys:
            self.move_cursor(row=keys.index(target))
        self.focus()
