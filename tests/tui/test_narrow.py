"""The meeting at 80 and 100 columns: the table fits, hidden columns show below, `? Help` shows."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.tui.helpers import press, ready, screen_text, to_weekly_telephony
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
        await to_weekly_telephony(pilot)
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


@pytest.mark.parametrize("width", range(56, 140, 2))
def test_the_trend_stays_at_every_width_of_80_and_up(width: int) -> None:
    """56 cells is the table at an 80-column terminal: the sparkline keeps at least 5 points,
    and reaches its 13 before the metric's name grows past its narrowest."""
    layout = fit_columns("dashboard", width)
    widths = dict(zip(layout.labels, layout.widths, strict=True))
    trend = next(label for label in widths if label.startswith("Trend"))
    assert widths[trend] >= 5
    counted = f"Trend ({widths[trend]})"
    assert trend == (counted if len(counted) <= widths[trend] else "Trend")  # never cut
    if widths["Metric"] > COLUMN_SPECS["dashboard"][0].narrowest:
        assert widths[trend] == 13


@pytest.mark.parametrize("size", [(80, 24), (100, 32), (160, 50)])
async def test_the_meeting_shows_sparklines_and_the_qof_rows_window(
    app_factory: Any, size: tuple[int, int]
) -> None:
    app = app_factory()
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        await press(pilot, "down", "down", "s", "escape", "n", "n")  # monthly: Access
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        lines = screen_text(app).splitlines()
        assert any("Trend" in line and "Metric" in line for line in lines)
        dna = next(line for line in lines if "DNA rate" in line and "5.0%" in line)
        assert sum(ch in "▁▂▃▄▅▆▇█" for ch in dna) >= 5, dna
        # One clock format: hours on both sides of the meeting, minutes on both of the section.
        assert re.search(r"Meeting 0:00:00 / 1:30:00 · Access 0:00 / \d+:00\n", screen_text(app))
        screen.enter_section(screen.section_index + 1)  # QOF, past its gate
        table = screen.table
        # The heading's new height is laid out a frame later: wait until the table's rows
        # line agrees with the table's height (not for a fixed time).
        for _ in range(400):
            await press(pilot)
            total, shown = table.row_count, table.size.height - 1
            if total <= shown or f"rows 1–{shown} of {total}" in screen_text(app):
                break
            await pilot.pause(0.05)
        total = table.row_count
        text = screen_text(app)
        if total > table.size.height - 1:
            assert f"rows 1–{table.size.height - 1} of {total}" in text
            await press(pilot, "end")
            assert table.cursor_row == total - 1
            assert f"of {total}" in screen_text(app) and "rows 1–" not in screen_text(app)
            await press(pilot, "home")
            assert table.cursor_row == 0 and "rows 1–" in screen_text(app)
            await press(pilot, "pagedown")
            assert table.cursor_row > 0
        # No scrollbar thumb beside the rows (it read as stray sparkline cells).
        for line in screen_text(app).splitlines():
            if "%" in line and ("AMBER" in line or "GREEN" in line):
                assert not any(ch in "▁▂▃▄▅▆▇█" for ch in line), line
