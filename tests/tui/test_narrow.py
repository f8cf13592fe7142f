"""The meeting at 80 and 100 columns: the table fits, hidden columns show below, `? Help` shows."""

from __future__ import annotations

from typing import Any

import pytest

from tests.tui.helpers import press, ready, screen_text
from tui.screens.meeting import MeetingScreen
from tui.screens.meeting.table import CELL_PADDING, COLUMN_SPECS, fit_columns


@pytest.mark.parametrize("kind", sorted(COLUMN_SPECS))
@pytest.mark.parametrize("width", [50, 70, 90, 130])
def test_columns_fit_and_keep_the_most_important(kind: str, width: int) -> None:
    layout = fit_columns(kind, width)
    specs = COLUMN_SPECS[kind]
    assert sum(w + CELL_PADDING for w in layout.widths) <= width
    assert 0 in layout.shown  # the item itself is always shown
    shown_priorities = {specs[i].priority for i in layout.shown}
    hidden_priorities = {specs[i].priority for i in range(len(specs)) if i not in layout.shown}
    assert not hidden_priorities or max(shown_priorities) < min(hidden_priorities)
    for index, width_given in zip(layout.shown, layout.widths, strict=True):
        assert specs[index].narrowest <= width_given <= specs[index].widest


def test_every_dashboard_column_is_shown_when_wide() -> None:
    assert len(fit_columns("dashboard", 130).shown) == len(COLUMN_SPECS["dashboard"])


@pytest.mark.parametrize("size", [(80, 24), (100, 32)])
async def test_the_meeting_fits_the_terminal(app_factory: Any, size: tuple[int, int]) -> None:
    app = app_factory()
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        await press(pilot, "down", "s", "escape", "n", "n", "n")  # weekly ops: Telephony
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        table = screen.table
        assert table.virtual_size.width <= table.size.width, "the table scrolls sideways"
        text = screen_text(app)
        lines = text.splitlines()
        header = next(line for line in lines if "Metric" in line and "Status" in line)
        assert "Decision" in header
        assert "✗ decision" in text
        # What the table leaves out shows under it, for the highlighted row.
        assert "Calls missed in queue" in text
        assert "Owner:" in text and "operations lead" not in header
        assert "? Help" in lines[-1]
        assert "q Leave" in lines[-1]


@pytest.mark.parametrize("width", [80, 100, 120, 160])
async def test_values_and_statuses_are_never_cut(app_factory: Any, width: int) -> None:
    """At every width the value and status columns are as wide as their longest cell (the
    QOF section's '-33.6 pts' and '£71,735', Claims' '‼ CRITICAL !H'); names shorten instead."""
    app = app_factory()
    async with app.run_test(size=(width, 32)) as pilot:
        await ready(pilot)
        await press(pilot, "down", "down", "s", "escape", "n", "n", "n")  # monthly: QOF
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        for _section in ("QOF", "Workforce", "Claims"):
            layout = screen.table.table_layout
            assert layout is not None
            widths = dict(zip(layout.shown, layout.widths, strict=True))
            assert 1 in widths and 2 in widths, "value and status are always shown"
            for row in screen.rows:
                for column in (1, 2):
                    cell = row.cells[column]
                    text = cell.plain if hasattr(cell, "plain") else str(cell)
                    assert len(text) <= widths[column], (width, row.key, text)
            assert screen.table.virtual_size.width <= screen.table.size.width
            # Look at the next section without the gate (QOF has an undecided RED).
            screen.enter_section(screen.section_index + 1)
            await press(pilot)
