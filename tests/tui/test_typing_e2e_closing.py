"""Typing as people type, at the start and the end of a meeting (the installed `chair` in tmux,
each burst ONE tmux command with no pause; then the database as it stands).

- `Down Down s` typed while Home still says "Opening the practice database…" starts the third
  meeting type: the moves wait for Home's table, then act in order (they were dropped, and `s`
  started the first type).
- `n` on the last section asks before closing, proposing the next meeting on a working day:
  `n Escape` keeps the meeting open; `n wed Enter` closes it with that Wednesday as the next
  meeting (a weekly meeting on Friday 18 December 2026 would otherwise meet on Christmas Day).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from config import load_config
from storage.service.chair import ChairService
from tests.tui.test_typing_e2e import E2E_MARKS, TODAY, Terminal, one, rows

SAMPLE = Path(__file__).resolve().parents[2] / "sample" / "chair.toml"
FRIDAY = dt.date(2026, 12, 18)

pytestmark = E2E_MARKS


def test_moves_typed_while_home_opens_act_in_order(tmp_path: Path) -> None:
    db = tmp_path / "chair.db"
    terminal = Terminal(tmp_path, db, "--today", TODAY.isoformat(), "demo")
    try:
        opening = terminal.wait_for("Opening the practice database", timeout=60)
        assert "Overdue by owner" not in opening  # Home is not filled yet
        terminal.burst("Down", "Down", "s")
        terminal.wait_for("Attendance", timeout=120)
        started = rows(db, "SELECT meeting_type FROM meetings WHERE state = 'in progress'")
        # The third type on Home (daily huddle, weekly operations, monthly management).
        assert started == [("monthly-management",)], started
    finally:
        print("\nKeystroke bursts:", *terminal.scripts, sep="\n  ")
        terminal.close()


def _weekly_on_its_last_section(db: Path) -> int:
    service = ChairService(load_config(SAMPLE), str(db), TODAY, "spatel")
    meeting = service.meetings.start("weekly-ops", date=FRIDAY)
    service.sections.save_position(meeting.id, len(meeting.sections) - 1, 0, 120)
    service.close()
    return meeting.id


def test_closing_asks_and_keeps_the_date_typed(tmp_path: Path) -> None:
    db = tmp_path / "chair.db"
    meeting_id = _weekly_on_its_last_section(db)
    terminal = Terminal(tmp_path, db, "--today", TODAY.isoformat(), "demo")
    try:
        terminal.wait_for("In progress (r to resume)", timeout=120)
        terminal.key("r")
        terminal.wait_for("Any other business:", timeout=60)
        terminal.burst("n", "Escape")
        screen = terminal.wait_for("Any other business:", timeout=30)
        assert "Close the meeting?" not in screen
        assert one(db, "SELECT state, next_meeting FROM meetings WHERE id = ?", meeting_id) == (
            "in progress",
            None,
        )
        terminal.burst("n")
        asked = terminal.wait_for("Close the meeting?", timeout=30)
        assert "Proposed next meeting: Tuesday 29 December 2026 (weekly" in asked
        # (Escape and a letter in one burst read as alt+letter, as in any terminal: apart.)
        terminal.burst("Escape")
        terminal.wait_for(lambda text: "Close the meeting?" not in text, timeout=30)
        terminal.burst("n", "wed", "Enter")
        terminal.wait_for("e Export", timeout=60)  # the minutes of the closed meeting
        assert one(db, "SELECT state, next_meeting FROM meetings WHERE id = ?", meeting_id) == (
            "closed",
            "2026-12-23",
        )
    finally:
        print("\nKeystroke bursts:", *terminal.scripts, sep="\n  ")
        terminal.close()
