"""A bad config ends the TUI with the command line's usual one line, `chair: error: ...` (exit 2)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from chair.commands.tui import exit_code
from tests.tui.conftest import TODAY
from tui.app import make_app, service_factory_for

CHAIR = Path(sys.executable).with_name("chair")
BAD = "[practice]\nname = 3\n"
ANSI = re.compile(r"\x1b(\[[0-9;?<>=$]*[a-zA-Z~]|\][^\x07\x1b]*(\x07|\x1b\\)?|[=>])")


async def test_the_app_keeps_the_one_line_and_ends_with_2(tmp_path: Path) -> None:
    config = tmp_path / "chair.toml"
    config.write_text(BAD)
    app = make_app(service_factory_for(config, str(tmp_path / "c.db"), TODAY, "spatel"), TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(500):  # the config loads in a worker; the app then ends itself
            if app.return_code is not None:
                break
            await pilot.pause(0.02)
    assert app.return_code == 2
    assert app.error_message is not None
    assert "practice.name" in app.error_message
    assert "\n" not in app.error_message


def test_exit_code_prints_the_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert exit_code(2, "chair.toml:practice.name: Input should be a valid string") == 2
    assert capsys.readouterr().err == (
        "chair: error: chair.toml:practice.name: Input should be a valid string\n"
    )
    assert exit_code(None, None) == 0
    assert capsys.readouterr().err == ""


@pytest.mark.e2e
@pytest.mark.skipif(not CHAIR.exists(), reason="chair is not installed (pip install -e .)")
def test_chair_with_a_bad_config_prints_one_line(tmp_path: Path) -> None:
    (tmp_path / "bad.toml").write_text(BAD)
    env = {**os.environ, "TERM": "xterm-256color", "NO_COLOR": "1"}
    done = subprocess.run(
        [str(CHAIR), "--config", "bad.toml", "--today", TODAY.isoformat()],
        cwd=tmp_path,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2, done.stderr
    # Without a terminal on stdout Textual draws on stderr; after its last escape sequence (the
    # terminal restored) comes only the line, once, not also wrapped in Textual's exit panel.
    after_screen = ANSI.split(done.stderr)[-1]
    assert after_screen == "chair: error: bad.toml:practice.name: Input should be a valid string\n"
    assert done.stderr.count("Input should be a valid string") == 1
