"""One invalid UTF-8 byte in an action's description (a damaged page, a bad import) stops nothing
(issue 18, part 3): `chair actions` and `minutes` say in one line which table, row and column
hold it, `chair check` reports it, and the TUI opens with the text shown with U+FFFD."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from chair.commands.tui import review_screen
from config import ChairConfig
from domain.keys import SectionKey
from domain.records import Action, Decision, DecisionKind
from storage.service.chair import ChairService
from tests.safety.conftest import SAMPLE
from tests.safety.test_bad_input import run_chair
from tui.app import make_app, service_factory_for

TODAY = dt.date(2026, 11, 26)
WHERE = "actions row 1, column description: not valid UTF-8"


@pytest.fixture
def bad_byte_db(sample_config: ChairConfig, tmp_path: Path) -> Path:
    db = tmp_path / "chair.db"
    service = ChairService(sample_config, db, TODAY, "spatel")
    meeting = service.meetings.start("weekly-ops", present=("sp",))
    action = Action(
        id=None, description="Review the rota", owner_id="jm", due=TODAY + dt.timedelta(days=7)
    )
    service.decisions.record(
        meeting.id,
        Decision(
            id=None,
            section_key=SectionKey.of_dashboard("access"),
            kind=DecisionKind.ACT,
            metric_id="dna-rate",
            title="DNA rate",
            data_shows="DNA rate 6.4%",
            reason="Unfilled | rota gaps",
            actions=(action,),
        ),
        breach_status="RED",
    )
    service.close()
    with sqlite3.connect(db) as connection:  # "Review\xff rota": one byte no UTF-8 allows
        connection.execute(
            "UPDATE actions SET description = CAST(x'526576696577ff20726f7461' AS TEXT)"
        )
    connection.close()
    return db


@pytest.mark.parametrize("command", ["actions", "minutes"])
def test_a_bad_byte_is_one_line_naming_table_row_and_column(
    bad_byte_db: Path, tmp_path: Path, command: str
) -> None:
    result = run_chair(
        tmp_path,
        "--config",
        str(SAMPLE),
        "--db",
        str(bad_byte_db),
        "--today",
        "2026-12-06",
        command,
    )
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1, result.stderr
    lines = [line for line in result.stderr.splitlines() if "UTF-8" in line]
    assert len(lines) == 1, result.stderr
    assert f"{bad_byte_db}: {WHERE}" in lines[0]
    if command == "actions":
        assert "Review\N{REPLACEMENT CHARACTER} rota" in result.stdout


def test_chair_check_reports_a_bad_byte(bad_byte_db: Path, tmp_path: Path) -> None:
    result = run_chair(tmp_path, "--config", str(SAMPLE), "--db", str(bad_byte_db), "check")
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1
    assert f"ERROR database: {bad_byte_db}: {WHERE}" in result.stdout
    assert "UTF-8" not in result.stderr  # reported once, in the report


async def test_the_tui_opens_with_a_replacement_character(bad_byte_db: Path) -> None:
    factory = service_factory_for(SAMPLE, str(bad_byte_db), TODAY, "spatel")
    app = make_app(factory, TODAY, screens={"review": review_screen(False)})
    async with app.run_test(size=(100, 32)) as pilot:
        for _ in range(3):
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
        await pilot.press("a")
        for _ in range(3):
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
        items = pilot.app.screen.items  # type: ignore[attr-defined]
        assert [item.action.description for item in items] == [
            "Review\N{REPLACEMENT CHARACTER} rota"
        ]
