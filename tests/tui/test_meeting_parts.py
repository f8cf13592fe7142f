"""The meeting screen's parts: no class over 300 lines, and a section is built (its rows too)
in the loader's worker, so a section shown from memory (`n`, `p`) is only painted."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

from rich.text import Text

from tests.tui.helpers import settle
from tests.tui.test_meeting_walk import meeting, start_monthly

MEETING = Path(__file__).resolve().parents[2] / "tui" / "screens" / "meeting"
MOST_LINES = 300


def test_no_class_of_the_meeting_screen_runs_over_300_lines() -> None:
    sizes = {
        f"{path.name}:{node.name}": (node.end_lineno or node.lineno) - node.lineno + 1
        for path in sorted(MEETING.glob("*.py"))
        for node in ast.parse(path.read_text()).body
        if isinstance(node, ast.ClassDef)
    }
    assert "screen.py:MeetingScreen" in sizes and "entries.py:MeetingEntries" in sizes
    too_long = {name: lines for name, lines in sizes.items() if lines > MOST_LINES}
    assert not too_long, f"split by concern: {too_long}"


def test_no_class_of_chair_runs_over_300_lines() -> None:
    """Issue 24's house rule, over every package (Home, the forms, the store too)."""
    root = MEETING.parents[2]
    sizes = {
        f"{path.relative_to(root)}:{node.name}": (node.end_lineno or node.lineno) - node.lineno + 1
        for package in ("chair", "config", "domain", "storage", "tui", "sample")
        for path in sorted((root / package).rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.ClassDef)
    }
    assert "tui/screens/home.py:HomeScreen" in sizes
    too_long = {name: lines for name, lines in sizes.items() if lines > MOST_LINES}
    assert not too_long, f"split by concern: {too_long}"


async def test_a_section_from_memory_shows_the_rows_its_worker_built(app_factory: Any) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 32)) as pilot:
        await start_monthly(pilot)
        screen = meeting(app)
        keys = [section.key for section in screen.meeting.sections]
        first = next(i for i, key in enumerate(keys) if key.is_dashboard)
        screen.enter_section(first)
        await settle(pilot)  # read in a worker; its neighbours prefetched after it is shown
        after = first + 1
        cached = screen.loader.cached(after)
        assert cached is not None and cached.rows, "the next section is in memory, rows built"
        screen.enter_section(after)  # from memory: painted in this call, nothing read
        assert screen.view is cached
        assert screen.rows and all(a is b for a, b in zip(screen.rows, cached.rows, strict=True))
        # The worker coloured them from the theme (a status cell is styled text).
        statuses = [row.cells[2] for row in screen.rows if row.reading is not None]
        assert statuses and all(isinstance(cell, Text) for cell in statuses)


async def test_a_new_theme_builds_the_sections_again_in_its_colours(app_factory: Any) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 32)) as pilot:
        await start_monthly(pilot)
        screen = meeting(app)
        keys = [section.key for section in screen.meeting.sections]
        screen.enter_section(next(i for i, key in enumerate(keys) if key.is_dashboard))
        await settle(pilot)
        before = screen.view
        assert before is not None and app.theme == "textual-dark"
        old = {str(r.cells[2].style) for r in before.rows if isinstance(r.cells[2], Text)}
        app.theme = "nord"
        await settle(pilot)
        after = screen.view
        assert after is not None and after is not before, "the section was built again"
        new = {str(r.cells[2].style) for r in after.rows if isinstance(r.cells[2], Text)}
        assert old and new and new != old, "its status cells take the new theme's colours"
