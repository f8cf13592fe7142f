"""Typing as people type, with two chairs and without colour (issue 19, points 11 and 13): the
installed `chair` in tmux, each burst ONE tmux command with no pause, then the database.

- Two `chair` processes on one database file (one person, two terminals: the same login). A
  opens the previous minutes; B resumes the meeting, which takes it over. A, stale, types an
  amendment and ctrl+s in one burst: the approval is refused in one line naming who holds the
  meeting and the key that takes it back, nothing is approved, and the words stay in the form
  and in the drafts table. A takes the meeting back (T, y) and `d` gives the words back; ctrl+s
  approves them. (Before, each screen of one login took the meeting back at every renewal, so
  the refusal came and went at random.)
- NO_COLOR: the highlighted row of every table carries ▶ (Home, the meeting's section table,
  the action review), and the marker follows j/k and the arrows.
- Matters arising, an action raised on a metric: `d r next ctrl+s` (the n answered "did it
  work?", as designed): refused, naming the answer the n gave and the date meant; put right
  in one burst. `d b Tab <reason> C-s n n`: refused for want of that answer; the `n n`
  typed after ctrl+s are not used (they chose "no change" and ended the reason "…nn").
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.tui.test_typing_e2e import (
    CHAIR,
    TMUX,
    TODAY,
    Terminal,
    minutes_done,
    one,
    rows,
    start_weekly,
    until,
)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.slow,
    pytest.mark.skipif(TMUX is None, reason="tmux is not installed"),
    pytest.mark.skipif(not CHAIR.exists(), reason="chair is not installed (pip install -e .)"),
]

APPROVALS = "SELECT amendments FROM minutes_approvals WHERE approved_at_meeting_id = ?"
DRAFTS = "SELECT item_key, fields FROM drafts WHERE meeting_id = ?"
UPDATES = (
    "SELECT a.description, u.status, u.evidence, u.note, u.new_due, u.verdict "
    "FROM action_updates u JOIN actions a ON a.id = u.action_id WHERE u.meeting_id = ? "
    "ORDER BY u.id"
)
HOLDER = "SELECT token FROM meeting_holders WHERE meeting_id = ?"


def report(*terminals: Terminal) -> None:
    print("\nKeystroke bursts (each one tmux command, no pause):")
    for terminal in terminals:
        print(*terminal.scripts, sep="\n  ")


def amend_pane(screen: str) -> str:
    """The previous minutes' right-hand pane (amendments, their error line) as one line."""
    return " ".join(x.split("│")[-1].strip(" ▊▎") for x in screen.splitlines() if "│" in x)


def to_matters_arising(terminal: Terminal, db: Path) -> int:
    """The demo's weekly meeting started, its previous minutes approved as presented, and on
    Matters arising: the meeting's id."""
    meeting = start_weekly(terminal, db)
    terminal.burst("d")
    terminal.wait_for("type any amendments")
    terminal.burst("C-s", "n")
    terminal.wait_for("Matters arising: Actions")
    return meeting


def taken_from(db: Path, meeting: int, token: str) -> str | None:
    """The token of the screen holding the meeting, once it is not `token`'s."""
    held = rows(db, HOLDER, meeting)
    return held[0][0] if held and held[0][0] != token else None


def test_a_stale_chairs_refused_approval_keeps_the_typed_amendment(tmp_path: Path) -> None:
    db = tmp_path / "chair.db"
    words = "Item 3: the DNA rate was 4.1% not 5.1%"
    first = Terminal(tmp_path, db, "--today", TODAY.isoformat(), "demo")
    second: Terminal | None = None
    try:
        meeting = start_weekly(first, db)
        first.burst("d")
        first.wait_for("type any amendments")
        (held_by_first,) = one(db, HOLDER, meeting)
        assert rows(db, APPROVALS, meeting) == [] and rows(db, DRAFTS, meeting) == []

        second = Terminal(tmp_path, db, "--today", TODAY.isoformat(), "demo")
        second.wait_for("In progress (r to resume)", timeout=120)
        second.burst("r")
        second.wait_for("Previous minutes: Approve")
        # Resuming takes the meeting (the same login, on another screen).
        held_by_second = until(lambda: taken_from(db, meeting, held_by_first))
        assert held_by_second, rows(db, HOLDER, meeting)

        first.burst(words, "C-s")
        refused = first.wait_for(lambda s: "nothing was saved" in amend_pane(s), timeout=60)
        pane = amend_pane(refused)
        assert re.search(
            r"✗ Your other screen holds this meeting since \d\d:\d\d: T takes it over here; "
            r"nothing was saved",
            pane,
        ), pane
        assert words in pane, pane
        assert "type any amendments" in refused  # the form stays open, the words in it
        assert rows(db, APPROVALS, meeting) == []  # nothing approved
        draft = until(lambda: rows(db, DRAFTS, meeting))
        assert [(key[:8], fields) for key, fields in draft] == [
            ("minutes:", f'{{"amendments": "{words}"}}')
        ], draft
        # The renewals no longer take the meeting back: the second screen still holds it.
        assert one(db, HOLDER, meeting) == (held_by_second,)

        first.burst("Escape")
        first.wait_for("Following: your other screen holds this meeting")
        first.burst("T")
        first.wait_for("Take it over here?")
        first.burst("y")
        first.wait_for(lambda s: "Following:" not in s and "Take it over here?" not in s)
        assert until(lambda: one(db, HOLDER, meeting) == (held_by_first,) or None) is not None
        first.burst("d")
        first.wait_for(lambda s: "are back" in amend_pane(s) and words in amend_pane(s))
        first.burst("C-s")
        first.wait_for(minutes_done)
        assert one(db, APPROVALS, meeting) == (words,)
        assert rows(db, DRAFTS, meeting) == []  # approved: the draft has gone
    finally:
        report(first, *([second] if second else []))
        first.close()
        if second is not None:
            second.close()


def marked(screen: str, after: str = "") -> list[str]:
    """The lines of the screen's table whose row carries the ▶ marker (for a table beside the
    agenda: the part right of `after`), the marker's cell first."""
    found = []
    for line in screen.splitlines():
        cells = line.split(after)[-1] if after and after in line else ("" if after else line)
        if cells.startswith("▶") or cells.startswith(" ▶"):
            found.append(cells.strip())
    return found


def marks(terminal: Terminal, label: str, after: str = "") -> str:
    """Wait until exactly one row of the table is marked, and it is the row starting `label`
    (its first 20 characters: how much of a cell shows depends on the terminal's width)."""
    label = label[:20]
    return terminal.wait_for(
        lambda s: [m[1:].lstrip()[: len(label)] for m in marked(s, after)] == [label], timeout=30
    )


def test_no_color_marks_the_highlighted_row_of_every_table(tmp_path: Path) -> None:
    """NO_COLOR=1 (the Terminal sets it): Home, the meeting's section table and the action
    review each mark their highlighted row with ▶, and j / k move it as ↓ / ↑ do."""
    db = tmp_path / "chair.db"
    terminal = Terminal(tmp_path, db, "--today", TODAY.isoformat(), "demo")
    try:
        terminal.wait_for("Overdue by owner")
        marks(terminal, "Daily huddle")
        terminal.burst("j", "j", "k")
        marks(terminal, "Weekly operations meeting")
        terminal.burst("Down")
        marks(terminal, "Monthly management meeting")
        terminal.burst("Up")
        marks(terminal, "Weekly operations meeting")

        # The meeting: its section table (beside the agenda, right of ▕).
        terminal.burst("s")
        terminal.wait_for("(from the last meeting of this type)")
        terminal.burst("C-s")
        terminal.wait_for("Previous minutes: Approve")
        marks(terminal, "Minutes of the last meeting", after="▕")
        terminal.burst("d")
        terminal.wait_for("type any amendments")
        terminal.burst("C-s", "n")
        terminal.wait_for("Matters arising: Actions")
        marks(terminal, "Business case for a call-bac", after="▕")
        terminal.burst("j")
        marks(terminal, "Update the chaperone policy", after="▕")
        terminal.burst("j", "k", "Down")
        marks(terminal, "Audit DOAC monitoring search", after="▕")
        terminal.burst("k")
        marks(terminal, "Update the chaperone policy", after="▕")

        # The action review, from Home.
        terminal.burst("q")
        terminal.wait_for("Overdue by owner")
        terminal.burst("a")
        terminal.wait_for("Action review")
        marks(terminal, "Close the two c")
        terminal.burst("j", "j")
        marks(terminal, "Review the inve")
        terminal.burst("k")
        marks(terminal, "Chase the ICB f")
        terminal.burst("Down")
        marks(terminal, "Review the inve")
    finally:
        report(terminal)
        terminal.close()


def test_a_date_word_whose_first_letter_answered_did_it_work_is_said_before_saving(
    tmp_path: Path,
) -> None:
    """Matters arising, an action raised on a metric: after the outcome letter, the next letter
    answers "did it work?" (the design: w n x t). `d r next ctrl+s` typed at once: its n
    answers "no change" and 'ext' is no date. Nothing is saved; the refusal names the answer
    the n gave and the date meant, and the answer shows chosen (▶[n]o change). Put right in one burst:
    the date typed again, the answer changed to t (too early), the reason, ctrl+s."""
    db = tmp_path / "chair.db"
    callback = "Business case for a call-back system"
    terminal = Terminal(tmp_path, db, "--today", TODAY.isoformat(), "demo")
    try:
        meeting = to_matters_arising(terminal, db)
        marks(terminal, callback[:28], after="▕")
        assert rows(db, UPDATES, meeting) == []

        terminal.burst("d", "r", "next", "C-s")
        said = terminal.wait_for("is not a date: your n answered did it work?", timeout=60)
        flat = " ".join(line.strip(" │▊▎") for line in said.splitlines())
        assert "'ext' is not a date: your n answered did it work? (no change)" in flat, said
        assert "type the date again: next" in flat, said
        assert "▶[n]o change" in said  # the answer the n gave, shown chosen
        assert f"Update: {callback}" in said  # the form stays open
        assert rows(db, UPDATES, meeting) == []  # nothing saved

        # t puts the cursor in the first empty field: the reason the date moves.
        reason = "ICB decision due at month end"
        terminal.burst("BSpace", "BSpace", "BSpace", "next", "BTab", "t", reason, "C-s")
        terminal.wait_for(lambda s: f"Update: {callback}" not in s)
        (update,) = until(lambda: rows(db, UPDATES, meeting))
        description, status, _evidence, note, new_due, verdict = update
        assert (description, status, note, verdict) == (
            callback,
            "in progress",
            reason,
            "too early",
        ), update
        assert new_due is not None and new_due > TODAY.isoformat(), update
    finally:
        report(terminal)
        terminal.close()


def test_keys_typed_after_a_refused_save_are_not_used(tmp_path: Path) -> None:
    """Matters arising, an action raised on a metric: `d b Tab <reason> C-s n n` in one burst.
    Blocked needs "did it work?" answered, so the save is refused; the `n n` typed after
    ctrl+s were for the meeting screen: they neither answer the question (nobody chose "no
    change") nor end the reason, and the form names them. `t C-s` then saves it."""
    db = tmp_path / "chair.db"
    callback = "Business case for a call-back system"
    reason = "Awaiting the ICB decision"
    terminal = Terminal(tmp_path, db, "--today", TODAY.isoformat(), "demo")
    try:
        meeting = to_matters_arising(terminal, db)
        terminal.burst("d", "b", "Tab", reason, "C-s", "n", "n")
        said = terminal.wait_for("keys typed after saving were not used", timeout=60)
        flat = " ".join(line.strip(" │▊▎") for line in said.splitlines())
        assert "keys typed after saving were not used: nn" in flat, said
        assert "did it work? choose" in flat, said  # the refusal is still on screen
        assert "▶[n]o change" not in said, said  # the n chose nothing
        assert f"{reason}n" not in said, said  # nor ran on into the reason
        assert f"Update: {callback}" in said  # the form stays open
        assert rows(db, UPDATES, meeting) == []

        terminal.burst("t", "C-s")  # the cursor is on the question the refusal named
        terminal.wait_for(lambda s: f"Update: {callback}" not in s)
        (update,) = until(lambda: rows(db, UPDATES, meeting))
        assert update == (callback, "blocked", "", reason, None, "too early"), update
    finally:
        report(terminal)
        terminal.close()
