"""With NO_COLOR the highlighted row of every table is marked in the text (issue 19, point 13):
a shade of grey alone is lost on a monochrome terminal, a screen reader or a screen capture."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable

from chair.commands.tui import review_screen
from sample.history import seed_history
from storage.service.chair import ChairService
from tests.tui.conftest import SAMPLE, TODAY, FrozenClock
from tests.tui.helpers import press, ready, settle, to_weekly_telephony
from tui.app import make_app, service_factory_for
from tui.screens.meeting import MeetingScreen
from tui.screens.metric_detail import MetricDetailScreen
from tui.widgets.marked_table import MARKER, MarkedTable


def marked_rows(table: DataTable[Any]) -> list[str]:
    """The table's lines as shown that carry the marker."""
    lines = ["".join(s.text for s in table.render_line(y)) for y in range(table.size.height)]
    return [line for line in lines if line.startswith(MARKER)]


def cursor_text(table: DataTable[Any]) -> str:
    return str(table.get_row_at(table.cursor_row)[0]).strip()[:8]


def assert_marks_the_cursor_row(table: DataTable[Any]) -> None:
    assert isinstance(table, MarkedTable)
    [marked] = marked_rows(table)
    assert marked[1:].lstrip().startswith(cursor_text(table)), (marked, cursor_text(table))


async def test_no_color_marks_the_highlighted_row_of_every_table(
    app_factory: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = app_factory()
    assert app.no_color
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        home = app.screen.query_one("#meeting-types", DataTable)
        assert_marks_the_cursor_row(home)
        assert marked_rows(home)[0][1:].startswith("Daily huddle")
        await press(pilot, "down")
        assert_marks_the_cursor_row(home)
        assert marked_rows(home)[0][1:].startswith("Weekly operations meeting")

        await press(pilot, "up")
        await to_weekly_telephony(pilot)
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        assert_marks_the_cursor_row(screen.table)
        first = marked_rows(screen.table)[0]
        await press(pilot, "j")
        assert_marks_the_cursor_row(screen.table)
        assert marked_rows(screen.table)[0] != first, "the marker moved with the cursor"

        await press(pilot, "i")  # the metric's detail: its periods and the rows behind
        detail = app.screen
        assert isinstance(detail, MetricDetailScreen)
        await settle(pilot)
        periods = detail.query_one("#periods", DataTable)
        if periods.row_count:
            assert_marks_the_cursor_row(periods)


async def test_no_color_marks_the_highlighted_action_in_the_review(
    tmp_path: Path, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from config.load import load_config

    monkeypatch.setenv("NO_COLOR", "1")
    db = str(tmp_path / "chair.db")
    config = load_config(SAMPLE)
    assert seed_history(lambda day, login: ChairService(config, db, day, login), config, TODAY)
    factory = service_factory_for(SAMPLE, db, TODAY, "spatel")
    app = make_app(factory, TODAY, clock=clock, screens={"review": review_screen(False)})
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await press(pilot, "a")
        review = app.screen.query_one("#review-table", DataTable)
        assert review.row_count > 1
        assert_marks_the_cursor_row(review)
        await press(pilot, "j")
        assert review.cursor_row == 1
        assert_marks_the_cursor_row(review)
        await press(pilot, "k")
        assert review.cursor_row == 0
        assert_marks_the_cursor_row(review)


async def test_with_colour_the_row_is_shaded_not_marked(app_factory: Any) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        home = app.screen.query_one("#meeting-types", DataTable)
        assert not app.no_color and home.row_count > 0
        assert marked_rows(home) == []


async def test_a_line_painted_before_the_columns_were_measured_is_painted_again() -> None:
    """Textual measures a new row's cells when the table is next idle; a frame painted before
    that (on a busy machine the screen paints between add_row and the idle) kept each line
    with the columns at their headers' widths, and nothing painted them again: the action
    review showed "Close" / "Sam P" under Action / Owner until the terminal was resized."""
    from textual.app import App, ComposeResult

    class One(App[None]):
        CSS = "#t { height: 1fr; }"  # as the review's: a new row does not resize it

        def compose(self) -> ComposeResult:
            yield MarkedTable(id="t", cursor_type="row")

    app = One()
    async with app.run_test(size=(80, 10)) as pilot:
        table = app.query_one("#t", MarkedTable)
        table.add_column("Action")
        table.add_column("Owner")
        await pilot.pause()
        table.add_row("Close the two complaints", "Sam Patel")
        early = "".join(s.text for s in table.render_line(1))  # painted before the idle
        assert "Close " in early and "Close the" not in early  # the race, as it was seen
        await pilot.pause()
        line = "".join(s.text for s in table.render_line(1))
        assert "Close the two complaints" in line and "Sam Patel" in line, line
