"""Every Chair command from another terminal while a meeting is open, then `kill -9` the meeting:
nothing the meeting confirmed on screen is lost (issue 18, part 1).

The meeting runs in a real terminal (tmux): the demo (`chair demo --db FILE`, which seeds its
database in the same process before opening it) and a practice's own chair.toml (the sample
copied to a folder of its own, with its data), on SQLite and on PostgreSQL. With the meeting open
another process runs actions, minutes, check, report, db backup and the review screen; the
meeting then saves one more entry, a separate process must see it, the meeting is killed with
SIGKILL, and every entry confirmed on screen must still be in the database.

Run with `-s` to see the harness's log (commands, kills, entries checked, losses).
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import subprocess
import sys
import textwrap
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.cli.conftest import chair_env
from tests.safety.conftest import ROOT, subprocess_env

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

CHAIR = Path(sys.executable).with_name("chair")
SOCKET = f"chair-harness-{os.getpid()}"
TODAY = "2026-11-26"
OTHER_COMMANDS = (
    ("actions",),
    ("minutes",),
    ("check",),
    ("report", "dashboards"),
    ("db", "backup", "BACKUP"),
)


@dataclass
class Target:
    name: str
    folder: Path
    config: Path
    db: str
    demo: bool

    def chair(self, *arguments: str) -> list[str]:
        return [str(CHAIR), "--config", str(self.config), "--db", self.db, *arguments]


def _tmux(*args: str) -> str:
    command = ["tmux", "-L", SOCKET, *args]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def _wait_for(session: str, text: str, timeout: float = 90.0) -> str:
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = _tmux("capture-pane", "-p", "-t", session)
        if text in screen:
            return screen
        time.sleep(0.1)
    raise AssertionError(f"{text!r} did not appear; the screen shows:\n{screen}")


def _wait_gone(session: str, text: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while text in _tmux("capture-pane", "-p", "-t", session):
        if time.monotonic() > deadline:
            raise AssertionError(f"{text!r} is still on the screen")
        time.sleep(0.1)


def _practice_folder(folder: Path) -> Path:
    """The sample practice as a practice keeps it: its own chair.toml and data, this OS user
    as the chair Sam Patel."""
    shutil.copy(ROOT / "sample" / "chair.toml", folder / "chair.toml")
    shutil.copytree(ROOT / "sample" / "data", folder / "data")
    config = folder / "chair.toml"
    me = pwd.getpwuid(os.geteuid()).pw_name
    config.write_text(
        config.read_text(encoding="utf-8").replace('login = "spatel"', f'login = "{me}"'),
        encoding="utf-8",
    )
    return config


@pytest.fixture(
    params=[
        "demo-sqlite",
        "practice-sqlite",
        pytest.param("practice-postgresql", marks=pytest.mark.postgres),
    ]
)
def target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Target]:
    kind, engine = str(request.param).split("-")
    folder = tmp_path / "practice"
    folder.mkdir()
    config = ROOT / "sample" / "chair.toml" if kind == "demo" else _practice_folder(folder)
    if engine == "sqlite":
        yield Target(request.param, folder, config, str(folder / "chair.db"), kind == "demo")
        return
    base = os.environ.get("CHAIR_TEST_POSTGRES_URL")
    if not base:
        pytest.skip("CHAIR_TEST_POSTGRES_URL not set")
    from sqlalchemy import create_engine, text

    from storage.database.engine import normalise_url

    name = f"chair_harness_{uuid.uuid4().hex[:12]}"
    admin = create_engine(normalise_url(base), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield Target(request.param, folder, config, base.rsplit("/", 1)[0] + "/" + name, False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _rows(target: Target) -> dict[str, object]:
    """What a separate process reads of the database: AOB titles, attendance, approvals."""
    code = textwrap.dedent(
        f"""
        import json
        from sqlalchemy import create_engine, text
        from storage.database.engine import normalise_url
        engine = create_engine(normalise_url({target.db!r}))
        with engine.connect() as c:
            aob = [t for (t,) in c.execute(text("SELECT title FROM aob_items ORDER BY id"))]
            present = [p for (p,) in c.execute(text(
                "SELECT present FROM meetings WHERE state = 'in progress'"))]
            approvals = c.execute(text("SELECT count(*) FROM minutes_approvals")).scalar()
        engine.dispose()
        print(json.dumps({{"aob": aob, "present": present, "approvals": approvals}}))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env=subprocess_env(),
    )
    assert result.returncode == 0, result.stderr
    import json

    rows: dict[str, object] = json.loads(result.stdout)
    return rows


def _deleted(pid: int) -> list[str]:
    found = []
    for descriptor in os.listdir(f"/proc/{pid}/fd"):
        try:
            link = os.readlink(f"/proc/{pid}/fd/{descriptor}")
        except OSError:
            continue
        if link.endswith("(deleted)") and ".db" in link:
            found.append(link)
    return found


def _add_aob(session: str, title: str) -> None:
    # `o` is a key of the section on screen: pressed while the section is still being read
    # (after a save, on a busy machine) it does nothing, so press it again until the form shows.
    for _attempt in range(6):
        _tmux("send-keys", "-t", session, "o")
        try:
            _wait_for(session, "escape cancel", timeout=10)
            break
        except AssertionError:
            continue
    _wait_for(session, "Any other business")
    _tmux("send-keys", "-t", session, "-l", title)
    _tmux("send-keys", "-t", session, "Enter")
    _wait_for(session, "AOB item added")


def _run_other(target: Target, session: str, log: list[str]) -> None:
    """Every other command from another process, as a second terminal would run them."""
    env = chair_env(target.folder)
    for command in OTHER_COMMANDS:
        arguments = [str(target.folder / "backup.db") if a == "BACKUP" else a for a in command]
        if "backup" in command and not target.db.endswith(".db"):
            continue  # `chair db backup` is SQLite's (PostgreSQL has pg_dump)
        result = subprocess.run(
            [*target.chair(*arguments), "--today", TODAY],
            capture_output=True,
            text=True,
            timeout=180,
            env=env,
            cwd=target.folder,
            stdin=subprocess.DEVNULL,
        )
        assert "Traceback" not in result.stderr, f"{command}: {result.stderr}"
        assert result.returncode in (0, 1), f"{command}: {result.stderr}"
        log.append(f"  other process: chair {' '.join(command)} -> exit {result.returncode}")
    # The review screen: a second TUI, opened and left with q.
    review = f"{session}-review"
    line = " ".join(target.chair("review", "--today", TODAY))
    _tmux(
        "new-session",
        "-d",
        "-s",
        review,
        "-x",
        "100",
        "-y",
        "32",
        f"cd {target.folder} && NO_COLOR=1 HOME={target.folder} exec {line}",
    )
    _wait_for(review, "review", timeout=90)
    time.sleep(1)
    _tmux("send-keys", "-t", review, "q")
    deadline = time.monotonic() + 30
    while (
        subprocess.run(
            ["tmux", "-L", SOCKET, "has-session", "-t", review], capture_output=True
        ).returncode
        == 0
    ):
        if time.monotonic() > deadline:
            raise AssertionError("chair review did not quit on q")
        time.sleep(0.1)
    log.append("  other process: chair review (a second TUI) -> opened, left with q")


@pytest.mark.skipif(not CHAIR.exists(), reason="chair is not installed (pip install -e .)")
def test_nothing_confirmed_is_lost_when_every_command_runs_beside_an_open_meeting(
    target: Target,
) -> None:
    session = f"harness-{os.getpid()}"
    verb = "demo" if target.demo else ""
    command = " ".join([*target.chair(*filter(None, [verb]), "--today", TODAY)])
    log = [f"[{target.name}] meeting: chair {verb or '(home)'} --db {target.db.split('@')[-1]}"]
    _tmux(
        "new-session",
        "-d",
        "-s",
        session,
        "-x",
        "100",
        "-y",
        "32",
        f"cd {target.folder} && NO_COLOR=1 HOME={target.folder} exec {command}",
    )
    try:
        _wait_for(session, "Riverside Surgery (fictional)", timeout=120)
        _wait_for(session, "Start meeting")
        pid = int(_tmux("display-message", "-p", "-t", session, "#{pane_pid}").strip())
        _tmux("send-keys", "-t", session, "Down", "s")  # the weekly operations meeting
        screen = _wait_for(session, "ctrl+s save")
        if target.demo:  # the form starts from the last meeting's attendance, once it is read
            screen = _wait_for(session, "from the last meeting")
        sam = next(line for line in screen.splitlines() if "Sam Patel" in line)
        # Sam Patel present: `a` steps his mark on, so only when he is not present already
        # (the demo's last meeting had him present: `a` made him send apologies).
        _tmux("send-keys", "-t", session, *([] if "✓ present" in sam else ["a"]), "C-s")
        _wait_gone(session, "ctrl+s save")  # the form closes once saved (its note may be gone)
        confirmed = ["attendance (Sam Patel present)"]
        approvals = 0
        if target.demo:  # the demo's last weekly meeting left draft minutes: approve them
            _wait_for(session, "Previous minutes: Approve")
            _tmux("send-keys", "-t", session, "d")
            _wait_for(session, "ctrl+s approves")
            _tmux("send-keys", "-t", session, "C-s")
            _wait_for(session, "approved")
            confirmed.append("previous minutes approved")
            approvals = int(_rows(target)["approvals"])  # type: ignore[call-overload]
        _add_aob(session, "Harness entry before the other commands")
        confirmed.append("AOB 'Harness entry before the other commands'")

        _run_other(target, session, log)

        _add_aob(session, "Harness entry after the other commands")
        confirmed.append("AOB 'Harness entry after the other commands'")
        seen = _rows(target)
        assert "Harness entry after the other commands" in seen["aob"], seen  # type: ignore[operator]
        log.append("  another process sees the entry saved after the other commands")
        if target.db.endswith(".db"):
            assert _deleted(pid) == [], f"the meeting writes into deleted files: {_deleted(pid)}"
            log.append(f"  /proc/{pid}/fd: no deleted database file")

        os.kill(pid, signal.SIGKILL)
        log.append(f"  kill -9 {pid} (the meeting)")
        deadline = time.monotonic() + 10
        while os.path.exists(f"/proc/{pid}") and time.monotonic() < deadline:
            time.sleep(0.05)

        after = _rows(target)
        lost = []
        for title in (
            "Harness entry before the other commands",
            "Harness entry after the other commands",
        ):
            if title not in after["aob"]:  # type: ignore[operator]
                lost.append(title)
        if not any("sp" in str(p).split(",") for p in after["present"]):  # type: ignore[attr-defined]
            lost.append("attendance")
        if target.demo and int(after["approvals"]) < approvals:  # type: ignore[call-overload]
            lost.append("approval")
        log.append(f"  entries checked: {len(confirmed)} ({'; '.join(confirmed)})")
        log.append(f"  losses: {len(lost)}")
        print("\n".join(log))
        assert lost == [], lost
    finally:
        subprocess.run(["tmux", "-L", SOCKET, "kill-server"], capture_output=True)
