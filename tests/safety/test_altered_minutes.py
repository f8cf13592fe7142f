"""Approved minutes altered after approval are shown with an "ALTERED since approval" banner
wherever they are read: `chair minutes` (stdout and -o FILE) and the meeting screen's row for
the previous minutes. `chair check` already listed them; now the reader sees it too."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from config import ChairConfig
from storage.service.chair import ChairService
from tests.db_templates import built_sqlite
from tests.safety.conftest import SAMPLE
from tests.safety.test_backup_restore import TODAY, _history
from tests.safety.test_bad_input import run_chair
from tests.tui.helpers import press, ready, screen_text, settle
from tui.app import make_app, service_factory_for
from tui.screens.attendance import AttendanceScreen


def _shared_history(config: ChairConfig, db: Path) -> int:
    """test_backup_restore's `_history` at `db`: walked once per test process, then copied."""
    return built_sqlite("backup-restore history", db, lambda path: _history(config, path))


def _altered(config: ChairConfig, db: Path) -> tuple[int, int]:
    """This week's meeting approved last week's minutes; then someone edited them in the file."""
    meeting_id = _shared_history(config, db)
    service = ChairService(config, db, TODAY, "spatel")
    previous = service.meetings.get(meeting_id).previous_meeting_id
    assert previous is not None
    service.close()
    with sqlite3.connect(db) as connection:
        connection.execute(
            "UPDATE meetings SET minutes_text = replace(minutes_text, 'rota gaps', "
            "'nobody was to blame') WHERE id = ?",
            (previous,),
        )
    return meeting_id, previous


def test_chair_minutes_shows_the_banner(tmp_path: Path, sample_config: ChairConfig) -> None:
    db = tmp_path / "chair.db"
    _meeting_id, previous = _altered(sample_config, db)
    common = ("--config", str(SAMPLE), "--db", str(db), "--today", TODAY.isoformat())
    shown = run_chair(tmp_path, *common, "minutes", str(previous))
    assert shown.returncode == 0, shown.stderr
    first = shown.stdout.splitlines()[0]
    assert "ALTERED since approval" in first, shown.stdout[:300]
    assert "nobody was to blame" in shown.stdout  # shown, but under the warning
    assert "ALTERED since approval" in shown.stderr
    written = run_chair(tmp_path, *common, "minutes", str(previous), "-o", "out.md")
    assert written.returncode == 0, written.stderr
    assert (tmp_path / "out.md").read_text().startswith("> **ALTERED since approval.**")
    checked = run_chair(tmp_path, *common, "check")
    assert "approved minutes have been altered" in checked.stdout


def test_unaltered_minutes_have_no_banner(tmp_path: Path, sample_config: ChairConfig) -> None:
    db = tmp_path / "chair.db"
    meeting_id = _shared_history(sample_config, db)
    service = ChairService(sample_config, db, TODAY, "spatel")
    previous = service.meetings.get(meeting_id).previous_meeting_id
    assert previous is not None
    assert "ALTERED" not in service.minutes.markdown(previous)
    service.close()


async def test_the_meeting_screen_shows_altered_previous_minutes(
    tmp_path: Path, sample_config: ChairConfig
) -> None:
    db = tmp_path / "chair.db"
    _altered(sample_config, db)
    factory = service_factory_for(SAMPLE, str(db), TODAY, "spatel")
    app = make_app(factory, TODAY, minutes_dir=tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await press(pilot, "r")
        await settle(pilot)
        if isinstance(app.screen, AttendanceScreen):  # a fresh meeting asks who is here first
            await press(pilot, "escape")
            await settle(pilot)
        text = screen_text(app)
        assert "Minutes of the last meeting" in text, text
        assert "ALTERED" in text and "since approval" in text, text
