"""The action review's list and its filter box: each a widget that owns its id."""

from __future__ import annotations

import datetime as dt
from typing import Any

from textual.message import Message
from textual.widgets import Input

from tui.format import styled
from tui.screens.review.view import ACTION_STATUS_VARIABLE, ReviewItem, due_words, status_word
from tui.widgets.marked_table import MarkedTable

WIDE = 96
"""Below this width the 'From' column is left to the detail lines under the table."""


class ReviewTable(MarkedTable[Any]):
    """The actions shown (#review-table), one row each: the description (cut to what the
    other columns leave), owner, due, status, carried and, when wide, where it came from."""

    def __init__(self) -> None:
        super().__init__(id="review-table", cursor_type="row", zebra_stripes=True)
        self.shown: list[ReviewItem] = []
        self.wide: bool | None = None

    @property
    def current(self) -> ReviewItem | None:
        """The highlighted action, if any."""
        row = self.cursor_row
        if not self.shown or row < 0 or row >= len(self.shown):
            return None
        return self.shown[row]

    def fits(self, width: int) -> bool:
        """Lay the columns out for a screen `width` wide (0: not laid out yet, wide); True
        when they changed (the rows are then to be shown again)."""
        wide = width >= WIDE or width == 0
        if wide == self.wide:
            return False
        self.wide = wide
        self.clear(columns=True)
        self.add_column("Action", key="action")
        self.add_column("Owner", key="owner")
        self.add_column("Due", key="due")
        self.add_column("Status", key="status")
        self.add_column("Carried", key="carried")
        if wide:
            self.add_column("From", key="from")
        return True

    def show(self, items: list[ReviewItem], today: dt.date) -> None:
        """Show `items`, the cursor kept on the action it was on (else the first)."""
        keep = self.current.action.id if self.current else None
        self.shown = items
        variables = self.app.get_css_variables()
        self.clear()
        rows: list[list[Any]] = []
        for item in items:
            action = item.action
            words, variable = due_words(action, today)
            cells: list[Any] = [
                item.owner_name,
                styled(words, variable, variables, bold=variable == "error"),
                styled(status_word(action), ACTION_STATUS_VARIABLE[action.status], variables),
                f"{action.carried}×" if action.carried else "—",
            ]
            if self.wide:
                cells.append(item.source)
            rows.append(cells)
        width = self._description_width(rows)
        for item, cells in zip(items, rows, strict=True):
            description = item.action.description
            if len(description) > width:
                description = description[: width - 1] + "…"
            self.add_row(description, *cells, key=str(item.action.id))
        row = next((i for i, it in enumerate(items) if it.action.id == keep), 0)
        if items:
            self.move_cursor(row=row)

    def _description_width(self, rows: list[list[Any]]) -> int:
        """What is left for the description once the other columns fit (the rest scrolls)."""
        headers = ["Owner", "Due", "Status", "Carried", "From"]
        used = 0
        for index, header in enumerate(headers[: len(rows[0]) if rows else 0]):
            used += max(len(header), *(len(str(row[index])) for row in rows)) + 2
        return max(16, self.screen.size.width - used - 4)


class FilterBox(Input):
    """The filter (#review-filter): hidden until `/`, hidden again when left empty."""

    class Left(Message):
        """Enter left the box; sent through its own queue, so it comes after its keys."""

    def __init__(self) -> None:
        super().__init__(
            placeholder="filter: owner, status, meeting type (escape clears)",
            id="review-filter",
            compact=True,
        )

    def on_mount(self) -> None:
        self.display = False

    def open(self) -> None:
        self.display = True
        self.screen.set_focus(self)  # now, not a turn later: the next keys are the filter's

    def leave(self) -> None:
        """The box hides once its own keys are in, if it was left empty."""
        self.post_message(self.Left())

    def on_filter_box_left(self, message: Left) -> None:
        message.stop()
        if not self.value.strip():
            self.display = False

    def clear_away(self) -> None:
        """Empty and hidden."""
        self.value = ""
        self.display = False
