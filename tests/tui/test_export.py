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


async def test_export_asks_before_replacing_a_file(tmp_path: Path) -> None:
    """Issue 19, point 13: `e` overwrote an earlier export without asking. The file is named;
    n (or escape) keeps it and says so; y replaces it."""
    from tui.screens.choice import ChoiceModal

    earlier = tmp_path / NAME
    earlier.write_text("the earlier export")
    earlier.chmod(0o600)
    app = _app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await _minutes_of_a_huddle(pilot)
        await press(pilot, "e", "enter")
        assert isinstance(app.screen, ChoiceModal)
        assert f"Replace {NAME}?" in screen_text(app)
        said = " ".join(str(w.render()) for w in app.screen.query(Static))
        assert f"{earlier} already exists" in said
        await press(pilot, "n")
        assert isinstance(app.screen, MinutesScreen)
        assert earlier.read_text() == "the earlier export"
        banner = str(app.screen.query_one("#minutes-banner", Static).render())
        assert f"Kept the existing {earlier}: nothing written" in banner

        await press(pilot, "e", "enter", "escape")  # escape keeps it too
        assert isinstance(app.screen, MinutesScreen)
        assert earlier.read_text() == "the earlier export"

        await press(pilot, "e", "enter", "y")
        assert isinstance(app.screen, MinutesScreen)
        assert "Daily huddle" in earlier.read_text()
        assert stat.S_IMODE(earlier.stat().st_mode) == 0o600
        banner = str(app.screen.query_one("#minutes-banner", Static).render())
        assert f"Minutes written to {earlier}" in banner
