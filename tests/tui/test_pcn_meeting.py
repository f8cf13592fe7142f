"""Several practices in the TUI (issue 14): Home offers the practice; a PCN meeting's section
shows the member practices side by side per metric with the PCN median."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.tui.conftest import ROOT, TODAY
from tests.tui.helpers import press, screen_text, settle
from tui.app import ChairApp, make_app, service_factory_for
from tui.screens.choice import ChoiceModal
from tui.screens.home import HomeScreen
from tui.widgets.pcn_grid import PcnGrid


@pytest.fixture(scope="module")
def pcn_config_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pcn")
    subprocess.run(
        [sys.executable, "-m", "sample.generate", "--pcn", "--out", str(folder)]
        + ["--practices", "3", "--years", "2", "--national-extra", "4"],
        check=True,
        cwd=ROOT,
        capture_output=True,
        timeout=300,
    )
    return folder / "chair.toml"


def _app(config: Path, db: Path, practice: str | None = None) -> ChairApp:
    factory = service_factory_for(config, str(db), TODAY, "spatel", practice=practice)
    return make_app(factory, TODAY, minutes_dir=db.parent / "minutes")


async def _opened(pilot: Any) -> None:
    app = pilot.app
    while app.service is None:
        await pilot.pause(0.02)
    await settle(pilot)


async def test_home_offers_the_practice_when_there_are_several(
    pcn_config_path: Path, tmp_path: Path
) -> None:
    app = _app(pcn_config_path, tmp_path / "chair.db")
    async with app.run_test(size=(100, 32)) as pilot:
        await _opened(pilot)
        assert isinstance(app.screen, ChoiceModal)
        assert "X99002  Example PCN Practice 02" in screen_text(app)
        await press(pilot, "2")
        assert isinstance(app.screen, HomeScreen)
        assert app.service is not None and app.service.practice_code == "X99002"
        text = screen_text(app)
        assert "Example PCN Practice 02 (fictional) · X99002" in text
        assert "PCN U99001: 3 practices · p: another practice" in text
        assert "PCN board (PCN)" in text
        await press(pilot, "p", "3")
        assert app.service.practice_code == "X99003"
        assert "· X99003 ·" in screen_text(app)


async def test_a_pcn_meeting_shows_the_practices_side_by_side(
    pcn_config_path: Path, tmp_path: Path
) -> None:
    app = _app(pcn_config_path, tmp_path / "chair.db", practice="X99001")
    async with app.run_test(size=(160, 50)) as pilot:
        await _opened(pilot)
        assert isinstance(app.screen, HomeScreen)  # --practice given: no question asked
        table = app.screen.query_one("#meeting-types")
        await press(pilot, *["down"] * [str(k.value) for k in table.rows].index("pcn-board"))
        await press(pilot, "s", "escape")  # attendance: later
        meeting = app.screen.meeting  # type: ignore[attr-defined]
        assert meeting.practice_code == "U99001"
        await press(pilot, "n", "n")
        await settle(pilot)
        text = screen_text(app)
        assert "PCN U99001 (3 practices) · PCN board" in text
        assert "Access" in text
        grid = str(app.screen.query_one(PcnGrid).render())
        for code in ("X99001", "X99002", "X99003", "PCN median"):
            assert code in grid, grid
        assert "common" in grid or "SC " in grid  # the variation words
        dna = next(r for r in app.screen.rows if r.reading and r.reading.metric_id == "dna-rate")  # type: ignore[attr-defined]
        assert dna.reading.source_file == "median of 3 of 3 practices"
