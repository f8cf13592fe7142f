"""Ctrl-C stops `chair check` within a second, even in the middle of reading a huge file."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.cli.conftest import REPO, chair_env

DATA = REPO / "tests" / "fixtures" / "data"


def _chair() -> str:
    found = shutil.which("chair", path=str(Path(sys.executable).parent))
    assert found, "the installed chair command"
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="SIGINT; /proc")
def test_ctrl_c_stops_chair_check_reading_a_huge_file(tmp_path: Path) -> None:
    folder = tmp_path / "practice"
    shutil.copytree(DATA, folder, ignore=shutil.ignore_patterns("broken"))
    config = folder / "chair.toml"
    text = config.read_text()
    config.write_text(text.replace('path = "gpad/Practice_Level_Crosstab*.csv"',
                                   'path = "gpad/Practice_Level_Crosstab*.csv"\nmax_file_mb = 8000'))  # fmt: skip
    # 3 GB whose middle is a hole of NUL bytes (sparse: no disk used) between real rows: text
    # at both ends, so only a full read finds the damage, and that read takes minutes
    path = folder / "gpad" / "Practice_Level_Crosstab_Dec_25.csv"
    head, body = path.read_bytes().split(b"\n", 1)
    with path.open("wb") as handle:
        handle.write(head + b"\n" + body * 20)
        handle.seek(3 * 1024**3)
        handle.write(body * 20)
    env = chair_env(tmp_path / "home") | {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    (tmp_path / "home").mkdir()
    process = subprocess.Popen(
        [_chair(), "--config", str(config), "--today", "2026-01-15", "check"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True,
    )  # fmt: skip
    try:
        _wait_until_reading(process, path)
        cpu_before = _cpu_seconds(process.pid)
        sent = time.monotonic()
        process.send_signal(signal.SIGINT)
        assert process.stderr is not None and process.stdout is not None
        err = process.stderr.read()  # to its end: the process has exited or closed it
        process.stdout.read()
        _, status, usage = os.wait4(process.pid, 0)
        took = time.monotonic() - sent
        process.returncode = os.waitstatus_to_exitcode(status)
    finally:
        if process.returncode is None:
            process.kill()
            process.wait()
    assert process.returncode == 130
    assert "chair: interrupted" in err and "Traceback" not in err
    # Within a second of work: the CPU it spent after Ctrl-C (on a loaded machine the wall
    # clock also counts the time it waited for a core; reading on would take minutes of CPU).
    after = usage.ru_utime + usage.ru_stime - cpu_before
    assert after < 1.0, f"Ctrl-C took {after:.2f} s of CPU ({took:.2f} s on the clock)"
    assert took < 20, f"Ctrl-C took {took:.2f} s on the clock"


def _cpu_seconds(pid: int) -> float:
    """The user and system CPU seconds a running process has used so far (/proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _wait_until_reading(process: subprocess.Popen[str], path: Path, limit: float = 120) -> None:
    """Until `chair check` has held the huge file open (or mapped) for half a second: past its
    start-up (longer on a loaded machine) and its quick look at the file's ends, into the read."""
    deadline = time.monotonic() + limit
    since: float | None = None
    while time.monotonic() < deadline:
        assert process.poll() is None, "still reading the huge file"
        if _holds(process.pid, path):
            since = since or time.monotonic()
            if time.monotonic() - since >= 0.5:
                return
        else:
            since = None
        time.sleep(0.05)
    raise AssertionError(f"chair check did not start reading {path} in {limit:.0f} s")


def _holds(pid: int, path: Path) -> bool:
    """Whether the process has `path` open or memory-mapped (Linux /proc)."""
    try:
        if str(path) in Path(f"/proc/{pid}/maps").read_text():
            return True
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            try:
                if os.readlink(fd) == str(path):
                    return True
            except OSError:
                continue
    except OSError:
        pass
    return False
