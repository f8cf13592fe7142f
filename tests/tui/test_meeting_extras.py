"""Data caveats on the meeting screen, acknowledging a breach, and the risk register (palette)."""

from __future__ import annotations

from typing import Any

from tests.tui.helpers import press, ready, screen_text, settle
from tui.screens.meeting import MeetingScreen


def meeting(app: Any) -> MeetingScreen:
    screen = app.screen
    assert isinstance(screen, MeetingScreen), f"expected the meeting, got {screen!r}"
    return screen


def highlight(screen: MeetingScreen, key: str) -> None:
    screen.table.move_cursor(row=[row.key for row in screen.rows].index(key))


async def test_data_problem_is_marked_and_explained(app_factory: Any) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await press(pilot, "down", "down", "s")
        screen = meeting(app)
        assert screen.meeting.meeting_type == "monthly-management"
        keys = [section.key for section in screen.meeting.sections]
        screen._enter_section(keys.index("dashboard:compliance"))
        await settle(pilot)
        row = next(r for r in screen.rows if r.key == "metric:complaints-over-target")
        reading = row.reading
        assert reading is not None and reading.detail.get("data problem")
        status = row.cells[2]
        assert reading.status.word in status.plain and "⚠" in status.plain  # type: ignore[union-attr]
        highlight(screen, "metric:complaints-over-target")
        await settle(pilot)
        text = screen_text(app)
        assert "⚠" in text
        detail = str(screen.query_one("#detail").render())
        assert "data problem: " + reading.detail["data problem"][:20] in detail
        if reading.completeness is not None and reading.completeness < 1:
            assert f"completeness {reading.completeness:.0%}" in detail
