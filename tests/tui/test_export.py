"""The TUI's `e` on the minutes: the file is offered (beside the database) before writing, is
private (0600, 0660 in a setgid group folder), and a planted symlink is refused, not followed.

Issue 12: `e` wrote 0644 into the current folder and followed a symlink planted at the
predictable name, overwriting the user's own file.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

from textual.widgets import Input, Static

from tests.tui.conftest import SAMPLE, TODAY
from tests.tui.helpers import press, ready, screen_text
from tui.app import make_app, service_factory_for
from tui.screens.forms import TextPrompt
from tui.screens.minutes import MinutesScreen

NAME = "minutes-daily-huddle-2026-11-26.md"


async def _minutes_of_a_huddle(pilot: Any) -> None:
    await ready(pilot)
    await press(pilot, "s", "escape")  # the daily huddle, first on Home; attendance later
    await press(pilot, "m")  # its minutes so far
    assert isinstance(pilot.app.screen, MinutesScreen), pilot.app.screen


def _app(folder: Path) -> Any:
    factory = service_factory_for(SAMPLE, str(folder / "chair.db"), TODAY, "spatel")
    return make_app(factory, TODAY, minutes_dir=folder)


async def test_export_is_offered_then_written_private(tmp_path: Path) -> None:
    app = _app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await _minutes_of_a_huddle(pilot)
        await press(pilot, "e")
        assert isinstance(app.screen, TextPrompt)
        assert app.screen.query_one("#text", Input).value == str(tmp_path / NAME)
        assert not (tmp_path / NAME).exists()
        await press(pilot, "enter")
        assert isinstance(app.screen, MinutesScreen)
        written = tmp_path / NAME
        assert "Daily huddle" in written.read_text()
        assert stat.S_IMODE(written.stat().st_mode) == 0o600
        assert f"Minutes written to {written}" in str(
            app.screen.query_one("#minutes-banner", Static).render()
        )
        assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


async def test_a_planted_symlink_is_refused_and_its_target_untouched(tmp_path: Path) -> None:
    mine = tmp_path / "my-own-notes.txt"
    mine.write_text("the user's own file")
    (tmp_path / NAME).symlink_to(mine)
    app = _app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await _minutes_of_a_huddle(pilot)
        await press(pilot, "e", "enter")
        assert isinstance(app.screen, TextPrompt)  # still open, saying why
        assert "symbolic link" in screen_text(app)
        await press(pilot, "escape")
    assert mine.read_text() == "the user's own file"
    assert (tmp_path / NAME).is_symlink()


async def test_export_in_a_setgid_group_folder_is_group_private(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o2770)
    app = _app(shared)
    async with app.run_test(size=(120, 36)) as pilot:
        await _minutes_of_a_huddle(pilot)
        await press(pilot, "e", "enter")
    written = shared / NAME
    assert stat.S_IMODE(written.stat().st_mode) == 0o660
    assert os.stat(written).st_gid == shared.stat().st_gid
