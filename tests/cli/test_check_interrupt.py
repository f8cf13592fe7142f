"""Ctrl-C stops `chair check` within a second, even in the middle of reading a huge file."""

from __future__ import annotations

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


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT")
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
        time.sleep(4)
        assert process.poll() is None, "still reading the huge file"
        sent = time.monotonic()
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=30)
        took = time.monotonic() - sent
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 130
    assert "chair: interrupted" in err and "Traceback" not in err
    assert took < 1.0, f"Ctrl-C took {took:.2f} s"
