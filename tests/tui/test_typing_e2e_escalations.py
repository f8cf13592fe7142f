"""Typing as people type (issue 19, points 12 and 13): the installed `chair` in tmux, keys sent
in ONE tmux command with no pause, then the database and the files checked.

- An escalation in at the partners meeting: `d`, the kind, the reason, the action (words,
  owner, due) and ctrl+s in one burst; the decision keeps the sender's evidence in "what the
  data shows" and answers the escalation.
- Export: `e enter` writes the minutes; `e enter n` keeps the file already there (and says
  so); `e enter y` replaces it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.tui.test_typing_e2e import E2E_MARKS, TODAY, Terminal, one, rows

SENT = TODAY - dt.timedelta(days=14)
"""sample/history.py: the weekly operations meeting that escalated calls missed in queue."""

pytestmark = E2E_MARKS


def _partners_at_escalations_in(db: Path) -> int:
    """The demo's past, and today's partners meeting walked (through the service, as the chair
    would) up to its Escalations in, where the weekly meeting's escalation waits."""
    from config.load import load_config
    from domain.records import ActionStatus, Verdict
    from sample.history import seed_history
    from storage.service.chair import ChairService
    from tests.tui.conftest import SAMPLE

    config = load_config(SAMPLE)
    assert seed_history(lambda day, login: ChairService(config, str(db), day, login), config, TODAY)
    service = ChairService(config, str(db), TODAY, "spatel")
    meeting = service.meetings.start("partners", present=("sp", "ao", "jm"), apologies=("tb",))
    service.minutes.approve_previous(meeting.id)
    assert service.sections.move_on(meeting.id).unmet == []
    for action in service.arising.actions_due_back(meeting.id):
        assert action.id is not None
        service.actions.update(
            action.id,
            action.version,
            ActionStatus.DONE,
            evidence="Confirmed at the meeting",
            meeting_id=meeting.id,
            verdict=Verdict.WORKED if action.metric_id else None,
        )
    assert service.sections.move_on(meeting.id).unmet == []
    [waiting] = service.arising.escalations_in(meeting.id)
    assert waiting.id is not None
    service.close()
    return waiting.id


def _panel(screen: str) -> str:
    """The words right of the agenda's edge, without spaces or line breaks."""
    return "".join(part for line in screen.splitlines() for part in line.split("▕")[-1].split())


def test_an_escalated_item_decided_in_one_burst(tmp_path: Path) -> None:
    db = tmp_path / "chair.db"
    escalation_id = _partners_at_escalations_in(db)
    sent_evidence = one(db, "SELECT data_shows FROM decisions WHERE id = ?", escalation_id)[0]
    terminal = Terminal(tmp_path, db, "--today", TODAY.isoformat(), "demo")
    try:
        terminal.wait_for("In progress (r to resume)")
        terminal.key("r")
        # The detail names the meeting that sent it (its lines wrap where the screen's width
        # says, so they are compared without the breaks and the panel's edge).
        sent_by = f"Weeklyoperationsmeetingon{SENT.isoformat()}"
        screen = terminal.wait_for(lambda s: "Why escalated:" in s and sent_by in _panel(s))
        assert "dashboard:" not in screen  # the From column and the detail name the meeting
        assert "Weekly operat" in screen  # the From column (cut to its width)
        before = rows(
            db, "SELECT COUNT(*) FROM decisions WHERE escalated_from_id = ?", escalation_id
        )
        assert before == [(0,)]
        terminal.burst(
            "d",
            "a",
            "Fund the call-back system",
            "Tab",
            "Order the call-back system",
            "Tab",
            "Sam",
            "Tab",
            "+14d",
            "C-s",
        )
        terminal.wait_for("✓ act")
        kind, data_shows, reason, decision_id = one(
            db,
            "SELECT kind, data_shows, reason, id FROM decisions "
            "WHERE escalated_from_id = ? AND superseded = 0",
            escalation_id,
        )
        assert (kind, reason) == ("act", "Fund the call-back system")
        assert data_shows.startswith("18.7% (RED, 5 periods)")  # the sender's evidence
        assert data_shows.endswith(sent_evidence)
        assert one(
            db, "SELECT description, owner_id, due FROM actions WHERE decision_id = ?", decision_id
        ) == ("Order the call-back system", "sp", (TODAY + dt.timedelta(days=14)).isoformat())
    finally:
        print("\nKeystroke bursts (each one tmux command, no pause):")
        for line in terminal.scripts:
            print("  ", line)
        terminal.close()


def test_export_asks_before_replacing_in_one_burst(tmp_path: Path) -> None:
    db = tmp_path / "chair.db"
    _partners_at_escalations_in(db)
    exported = tmp_path / f"minutes-partners-{TODAY.isoformat()}.md"
    terminal = Terminal(tmp_path, db, "--today", TODAY.isoformat(), "demo")
    try:
        terminal.wait_for("In progress (r to resume)")
        terminal.key("r")
        terminal.wait_for("Why escalated:")
        terminal.key("m")
        terminal.wait_for("Minutes so far (preview)")
        terminal.burst("e", "Enter")
        terminal.wait_for("Minutes written to")
        assert exported.read_text().startswith("# Partners meeting")
        exported.write_text("the earlier export\n")

        terminal.burst("e", "Enter", "n")
        screen = terminal.wait_for(lambda s: "nothing written" in " ".join(s.split()))
        assert f"Keptthe existing{exported}".replace(" ", "") in "".join(screen.split())
        assert exported.read_text() == "the earlier export\n"

        terminal.burst("e", "Enter", "y")
        terminal.wait_for(lambda s: "Minutes written to" in s and "nothing" not in s)
        assert exported.read_text().startswith("# Partners meeting")
        assert "Escalated to this meeting" in exported.read_text()
    finally:
        print("\nKeystroke bursts (each one tmux command, no pause):")
        for line in terminal.scripts:
            print("  ", line)
        terminal.close()
