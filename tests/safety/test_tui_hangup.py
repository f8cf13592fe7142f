"""The real TUI in a real terminal (tmux): no exit path loses a confirmed entry or leaves a -wal.

`chair` runs in a private tmux server; keys start the daily huddle, add an AOB item and decide
on it. Once the screen confirms each entry, the session ends: SIGHUP to the process (as sshd
sends when the connection drops), SIGTERM, the tmux session killed, `q` twice or ctrl+q. The
database then holds the meeting in progress with both entries, has been checkpointed (no -wal
content left) and passes its integrity check. Skips when tmux or the TUI is not installed.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

from config import ChairConfig
from storage.service.chair import ChairService
from tests.safety.conftest import SAMPLE
from tests.safety.crash_driver import TODAY

TMUX = shutil.which("tmux")
CHAIR = shutil.which("chair", path=str(Path(sys.executable).parent))

pytestmark = [
    pytest.mark.slow,
    pytest.mark.e2e,
    pytest.mark.skipif(TMUX is None, reason="tmux is not installed"),
    pytest.mark.skipif(
        CHAIR is None or importlib.util.find_spec("tui.app") is None,
        reason="the TUI or the installed chair command is not available",
    ),
]


class Terminal:
    """One chair process in a private tmux server, driven by keys and read from the screen."""

    def __init__(self, home: Path, db: Path) -> None:
        self.socket = f"chair-safety-{uuid.uuid4().hex[:8]}"
        env = {  # (not COLUMNS or LINES: the pane's size, not a test process's defaults)
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("CHAIR_", "TMUX")) and k not in ("COLUMNS", "LINES")
        }
        env.update(HOME=str(home), XDG_DATA_HOME=str(home / "data"), TERM="xterm-256color")
        self.env = env
        self.db = db
        command = f"exec {CHAIR} --config {SAMPLE} --db {db} --today {TODAY.isoformat()}"
        self.tmux("new-session", "-d", "-s", "chair", "-x", "120", "-y", "36", command)

    def tmux(self, *arguments: str) -> subprocess.CompletedProcess[str]:
        assert TMUX is not None
        return subprocess.run(
            [TMUX, "-L", self.socket, *arguments],
            capture_output=True,
            text=True,
            env=self.env,
            timeout=30,
        )

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "chair").stdout

    def wait_for(self, check: Callable[[str], bool], what: str, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.screen()
            if check(text):
                return text
            time.sleep(0.2)
        raise AssertionError(f"the screen never showed {what}:\n{self.screen()}\n{self.debug()}")

    def debug(self) -> str:
        """What the database holds, to tell a lost entry from a screen that did not update."""
        if not self.db.exists():
            return "no database yet"
        with sqlite3.connect(f"file:{self.db}?mode=ro", uri=True) as connection:
            decisions = connection.execute("SELECT kind, reason FROM decisions").fetchall()
            items = connection.execute("SELECT title FROM aob_items").fetchall()
        return f"database: decisions {decisions}, AOB items {items}"

    def press_until(self, key: str, check: Callable[[str], bool], what: str) -> str:
        """Press a key until the screen shows its effect (a key pressed while a section is
        still loading can be ignored, as a person would see and press again)."""
        for _ in range(5):
            self.keys(key)
            try:
                return self.wait_for(check, what, timeout=4)
            except AssertionError:
                continue
        return self.wait_for(check, what, timeout=1)

    def keys(self, *keys: str) -> None:
        for key in keys:
            self.tmux("send-keys", "-t", "chair", key)

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", "chair", "-l", text)
        time.sleep(0.2)

    def pid(self) -> int:
        return int(self.tmux("display", "-p", "-t", "chair", "#{pane_pid}").stdout.strip())

    def close(self) -> None:
        self.tmux("kill-server")


def _field_holds(screen: str, label: str, text: str) -> bool:
    return any(label in line and text in line for line in screen.splitlines())


def _record_entries(terminal: Terminal) -> None:
    terminal.wait_for(lambda s: "Daily huddle" in s and "s Start meeting" in s, "home")
    terminal.keys("s")
    terminal.wait_for(lambda s: "ctrl+s save" in s, "attendance")
    terminal.keys("Escape")
    terminal.wait_for(lambda s: "o AOB" in s and "Access" in s, "the meeting")
    terminal.keys("o")
    time.sleep(0.5)
    terminal.type("Flu clinic rota")
    terminal.wait_for(lambda s: "Flu clinic rota" in s, "the AOB title typed")
    terminal.keys("Enter")
    terminal.wait_for(lambda s: "AOB item added" in s, "the AOB item confirmed")
    # On through the dashboards (the daily huddle decides only on CRITICAL) to the AOB section.
    for _ in range(8):
        terminal.keys("n")
        try:
            terminal.wait_for(lambda s: "decision needed" in s, "the AOB section", timeout=3)
            break
        except AssertionError:
            continue
    terminal.wait_for(lambda s: "decision needed" in s, "the AOB section", timeout=1)
    terminal.keys("d")
    terminal.wait_for(lambda s: "Decision on Flu clinic rota" in s, "the decision form")
    terminal.keys("c")
    terminal.wait_for(lambda s: "▶a[c]cept" in s, "accept chosen")
    reason = "landlord repairs it next week"
    # Choosing the kind moves the focus on by itself; type into whichever field has it, and
    # if that was "What the data shows" (fine: it is free text too), tab on to Reason.
    terminal.type(reason)
    screen = terminal.wait_for(lambda s: reason in s, "the text typed")
    for _ in range(3):
        if _field_holds(screen, "Reason", reason):
            break
        terminal.keys("Tab")
        time.sleep(0.5)
        terminal.type(reason)
        time.sleep(0.5)
        screen = terminal.screen()
    assert _field_holds(screen, "Reason", reason), screen
    terminal.press_until("C-s", lambda s: "✓ accept" in s, "the decision confirmed")


EXITS = [
    "SIGHUP to chair",
    "SIGTERM to chair",
    "SIGTERM then SIGHUP",  # a kill, then the terminal's hangup, while the first is handled
    "tmux session killed",
    "q, q",
    "ctrl+q",
]


def _home_kept_for_the_next_start(terminal: Terminal, db: Path) -> None:
    """A dropped connection keeps Home as a clean exit does, keyed by the database as closed:
    the next start paints it filled at once (else it waits for the database, 3.5x longer)."""
    from storage.data.cache import SnapshotCache
    from tui.home_view import HomeView, snapshot_key, snapshot_name

    base = terminal.env.get("XDG_CACHE_HOME") or str(Path(terminal.env["HOME"]) / ".cache")
    key = snapshot_key(SAMPLE, db, TODAY, "spatel")
    kept = SnapshotCache(Path(base) / "chair").load(snapshot_name(db), key, HomeView)
    assert isinstance(kept, HomeView), "no Home kept for this database as it was left"
    assert [m.meeting_type for m in kept.in_progress] == ["daily-huddle"]


@pytest.mark.parametrize("hang_up", EXITS)
def test_every_exit_loses_no_confirmed_entry_and_leaves_no_wal(
    hang_up: str, tmp_path: Path, sample_config: ChairConfig
) -> None:
    db = tmp_path / "chair.db"
    terminal = Terminal(tmp_path, db)
    try:
        _record_entries(terminal)
        pid = terminal.pid()
        if hang_up == "SIGHUP to chair":
            os.kill(pid, signal.SIGHUP)
        elif hang_up == "SIGTERM to chair":
            os.kill(pid, signal.SIGTERM)
        elif hang_up == "SIGTERM then SIGHUP":
            os.kill(pid, signal.SIGTERM)
            os.kill(pid, signal.SIGHUP)
        elif hang_up == "q, q":
            terminal.press_until("q", lambda s: "s Start meeting" in s, "home")
            terminal.keys("q")
        elif hang_up == "ctrl+q":
            terminal.keys("C-q")
        else:
            terminal.tmux("kill-session", "-t", "chair")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and Path(f"/proc/{pid}").exists():
            time.sleep(0.1)
        assert not Path(f"/proc/{pid}").exists(), "chair outlived its terminal"
    finally:
        terminal.close()
    if hang_up.startswith(("SIGHUP", "SIGTERM", "q")):
        _home_kept_for_the_next_start(terminal, db)
    # Every exit checkpoints and closes: nothing is left in a -wal for a copy to miss or a
    # restore to replay.
    wal = Path(f"{db}-wal")
    assert not wal.exists() or wal.stat().st_size == 0, f"{hang_up}: left {wal.stat().st_size} B"
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    service = ChairService(sample_config, db, TODAY, "spatel")
    [meeting] = service.meetings.in_progress()
    assert meeting.meeting_type == "daily-huddle"
    [item] = meeting.aob
    assert item.title == "Flu clinic rota"
    assert item.decision is not None and item.decision.reason == "landlord repairs it next week"
    assert item.decision.kind.value == "accept"
    huddle = sample_config.meeting_type("daily-huddle")
    assert huddle is not None
    aob = len(huddle.sections) - 1
    assert meeting.current_section == aob  # resumes in Any other business
    service.close()
