"""End to end: the installed `chair demo` in a real terminal (tmux), driven by keys, read back."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

CHAIR = Path(sys.executable).with_name("chair")


SOCKET = f"chair-e2e-{os.getpid()}"
"""A tmux server of our own: another server's clients cannot change the terminal's size."""


def _tmux(*args: str) -> str:
    command = ["tmux", "-L", SOCKET, *args]
    # chair sizes itself by the pane, not by a test process's COLUMNS / LINES (80 x 24).
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    return subprocess.run(command, check=True, capture_output=True, text=True, env=env).stdout


def _wait_gone(session: str, text: str, timeout: float = 30.0) -> None:
    """Wait until `text` has left the screen (a key sent sooner could be read with the
    Escape before it as one Alt+key)."""
    deadline = time.monotonic() + timeout
    while text in _tmux("capture-pane", "-p", "-t", session):
        if time.monotonic() > deadline:
            raise AssertionError(f"{text!r} is still on the screen")
        time.sleep(0.1)


def _wait_for(session: str, text: str, timeout: float = 60.0) -> str:
    """Poll the terminal until `text` shows (a real terminal has no worker to await)."""
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = _tmux("capture-pane", "-p", "-t", session)
        if text in screen or re.search(" +".join(map(re.escape, text.split("  "))), screen):
            return screen
        time.sleep(0.1)
    raise AssertionError(f"{text!r} did not appear; the screen shows:\n{screen}")


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
@pytest.mark.skipif(not CHAIR.exists(), reason="chair is not installed (pip install -e .)")
def test_chair_demo_in_tmux(tmp_path: Path) -> None:
    session = f"chair-e2e-{os.getpid()}"
    command = f"cd {tmp_path} && NO_COLOR=1 {CHAIR} demo --today 2026-11-26"
    _tmux("new-session", "-d", "-s", session, "-x", "100", "-y", "32", command)
    try:
        _wait_for(session, "Riverside Surgery (fictional)", timeout=60)
        _tmux("send-keys", "-t", session, "Down", "s")
        _wait_for(session, "ctrl+s save")  # attendance first: the last meeting's, as default
        _tmux("send-keys", "-t", session, "Escape")
        _wait_gone(session, "ctrl+s save")  # the section shows behind the modal already
        _wait_for(session, "Previous minutes: Approve")
        # The demo's last weekly meeting left draft minutes: the gate refuses, in words.
        _tmux("send-keys", "-t", session, "n")
        screen = _wait_for(session, "Cannot move on yet")
        assert "Previous minutes are not yet approved" in screen
        _tmux("send-keys", "-t", session, "d")
        _wait_for(session, "ctrl+s approves")  # the previous minutes, in full
        _tmux("send-keys", "-t", session, "C-s")
        _wait_for(session, "approved  done")  # the minutes row (its columns: as wide as fit)
        _tmux("send-keys", "-t", session, "n")
        screen = _wait_for(session, "Matters arising: Actions")
        assert "✓ 1. Previou" in screen  # done marker as a symbol (NO_COLOR is set)
        _tmux("send-keys", "-t", session, "q")
        screen = _wait_for(session, "In progress (r to resume)")
        assert re.search(r"section 2 of \d+ \(Matters arising\)", screen), screen
        _tmux("send-keys", "-t", session, "q")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            alive = subprocess.run(
                ["tmux", "-L", SOCKET, "has-session", "-t", session], capture_output=True
            )
            if alive.returncode != 0:
                break
            time.sleep(0.1)
        else:
            raise AssertionError("chair did not quit on q")
    finally:
        subprocess.run(["tmux", "-L", SOCKET, "kill-server"], capture_output=True)
