"""Typing as people type (issue 19, points 4, 5 and 11, and the keys that were lost): the
installed `chair` in tmux, each burst ONE tmux command with no pause, then the database.

- Amendments typed with backspaces in them, and the connection dropped at once: the draft
  holds them as typed; back in, `d`, two backspaces, the rest, ctrl+s and `n` in one burst
  approve them with exactly those words (the backspaces ran after the save, or after the
  letters typed after them) and move on.
- `n Escape n wed Enter` on the last section: the first question is escaped, the second
  closes the meeting on that Wednesday (escape and a letter arrived as alt+letter).
- A meeting begun by mistake (`s` on Home's first type): `Escape`, then the palette's
  "Abandon this meeting" and `y`: nothing was recorded, so it is gone. (The palette is
  Textual's: it searches as it is typed into, so its words and enter wait for it.)
"""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

from tests.tui.test_typing_e2e import (
    E2E_MARKS,
    TODAY,
    Terminal,
    one,
    rows,
    running,
    start_weekly,
    until,
)
from tests.tui.test_typing_e2e_closing import _weekly_on_its_last_section

pytestmark = E2E_MARKS


def report(terminal: Terminal) -> None:
    print("\nKeystroke bursts (each one tmux command, no pause):", *terminal.scripts, sep="\n  ")


def test_amendments_with_backspaces_survive_a_dropped_connection(tmp_path: Path) -> None:
    db = tmp_path / "chair.db"
    typed = "Item 3: the DNA rate was 4.1% not 5.1%"
    terminal = Terminal(tmp_path, db, "--today", TODAY.isoformat(), "demo")
    try:
        meeting = start_weekly(terminal, db)
        assert rows(db, "SELECT COUNT(*) FROM drafts") == [(0,)]
        pid = terminal.pid()
        terminal.burst("d", "Item 3: the DNA rate was 5.1", *["BSpace"] * 3, "4.1% not 5.1%")
        terminal.wait_for("4.1% not 5.1%", timeout=60)
        os.kill(pid, signal.SIGTERM)  # the connection drops as soon as the words show
        os.kill(pid, signal.SIGHUP)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and running(pid):
            time.sleep(0.1)
    finally:
        report(terminal)
        terminal.close()
    item, fields = one(db, "SELECT item_key, fields FROM drafts WHERE meeting_id = ?", meeting)
    assert item.startswith("minutes:") and json.loads(fields) == {"amendments": typed}
    assert (
        rows(db, "SELECT id FROM minutes_approvals WHERE approved_at_meeting_id = ?", meeting) == []
    )

    terminal = Terminal(tmp_path, db, "--today", TODAY.isoformat(), "demo")
    try:
        terminal.wait_for("In progress (r to resume)")
        terminal.key("r")
        terminal.wait_for("Previous minutes: Approve")
        terminal.burst("d", "BSpace", "BSpace", "1% (corrected at the meeting)", "C-s", "n")
        terminal.wait_for("Matters arising: Actions")  # `n` after ctrl+s moved on
    finally:
        report(terminal)
        terminal.close()
    assert one(
        db, "SELECT amendments FROM minutes_approvals WHERE approved_at_meeting_id = ?", meeting
    ) == (typed + " (corrected at the meeting)",)
    assert rows(db, "SELECT COUNT(*) FROM drafts") == [(0,)]  # approved: the draft has gone


def test_closing_escaped_then_asked_again_in_one_burst(tmp_path: Path) -> None:
    db = tmp_path / "chair.db"
    meeting_id = _weekly_on_its_last_section(db)
    terminal = Terminal(tmp_path, db, "--today", TODAY.isoformat(), "demo")
    try:
        terminal.wait_for("In progress (r to resume)", timeout=120)
        terminal.key("r")
        terminal.wait_for("Any other business:", timeout=60)
        assert one(db, "SELECT state, next_meeting FROM meetings WHERE id = ?", meeting_id) == (
            "in progress",
            None,
        )
        terminal.burst("n", "Escape", "n", "wed", "Enter")
        terminal.wait_for("e Export", timeout=60)  # the minutes of the closed meeting
        assert until(
            lambda: one(db, "SELECT state FROM meetings WHERE id = ?", meeting_id)[0] == "closed"
        )
        assert one(db, "SELECT state, next_meeting FROM meetings WHERE id = ?", meeting_id) == (
            "closed",
            "2026-12-23",
        )
    finally:
        report(terminal)
        terminal.close()


def test_a_meeting_begun_by_mistake_is_abandoned(tmp_path: Path) -> None:
    db = tmp_path / "chair.db"
    terminal = Terminal(tmp_path, db, "--today", TODAY.isoformat(), "demo")
    try:
        terminal.wait_for("Overdue by owner")
        before = rows(db, "SELECT COUNT(*) FROM meetings")[0][0]
        terminal.burst("s")  # the first type, by mistake
        terminal.wait_for("Attendance", timeout=120)
        [(meeting_id, kind)] = rows(
            db, "SELECT id, meeting_type FROM meetings WHERE state = 'in progress'"
        )
        assert kind == "daily-huddle"
        # The palette holds no keys while it opens, and searches as it is typed into: its
        # words wait for it, enter for the command it found.
        terminal.burst("Escape", "C-p")
        terminal.wait_for("Search for commands")
        terminal.burst("abandon")
        terminal.wait_for("Abandon this meeting", timeout=60)
        terminal.burst("Enter")
        terminal.wait_for("Abandon this meeting?", timeout=60)
        terminal.burst("y")
        terminal.wait_for("Overdue by owner", timeout=60)
        assert until(lambda: rows(db, "SELECT id FROM meetings WHERE id = ?", meeting_id) == [])
        assert rows(db, "SELECT COUNT(*) FROM meetings")[0][0] == before
    finally:
        report(terminal)
        terminal.close()
