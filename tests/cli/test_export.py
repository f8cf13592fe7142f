"""Actions as a table, CSV and JSON: pure functions of (actions, config, today); the iCalendar
export is domain.ics (tests/across/test_actions_command.py)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from chair import export
from config import ChairConfig, load_config
from config.people import read_roster
from domain.records import Action, ActionStatus
from tests.cli.conftest import CONFIGS

TODAY = dt.date(2026, 11, 26)
SAMPLE_CONFIG = Path(__file__).resolve().parents[2] / "sample" / "chair.toml"


@pytest.fixture(scope="module")
def config() -> ChairConfig:
    return load_config(CONFIGS / "valid.toml")


def actions() -> list[Action]:
    return [
        Action(
            id=1,
            description="Review the Monday rota; add 2 sessions",
            owner_id="pm",
            due=dt.date(2026, 11, 20),
            review_meeting_type="monthly",
            metric_id="turnaround",
        ),
        Action(
            id=2,
            description='Check the "48h" search, then report | line two\nline three',
            owner_id=None,
            due=dt.date(2026, 12, 10),
            status=ActionStatus.IN_PROGRESS,
        ),
        Action(id=3, description="No date yet", owner_id="pm", due=None),
        Action(
            id=4,
            description="Done already",
            owner_id="pm",
            due=dt.date(2026, 11, 1),
            status=ActionStatus.DONE,
        ),
    ]


def test_days_overdue_ignores_closed_and_undated() -> None:
    first, second, undated, done = actions()
    assert export.days_overdue(first, TODAY) == 6
    assert export.days_overdue(second, TODAY) == 0
    assert export.days_overdue(undated, TODAY) == 0
    assert export.days_overdue(done, TODAY) == 0


def test_table_says_overdue_in_words_and_counts(config: ChairConfig) -> None:
    text = export.table(actions(), config.roster(), TODAY)
    lines = text.splitlines()
    assert lines[0].split() == ["ID", "Due", "Overdue", "Owner", "Status", "Back", "at", "Action"]
    assert "6 days" in lines[1] and "Pat Manager" in lines[1]
    assert "Monthly management meeting" in lines[1]
    assert "(no owner)" in lines[2]
    assert "line two line three" in lines[2]  # one row per action, whatever the description
    assert lines[-1] == "4 actions, 1 overdue (as of 2026-11-26)"


def test_empty_table(config: ChairConfig) -> None:
    assert export.table([], config.roster(), TODAY) == "No actions match.\n"


def test_csv_round_trips(config: ChairConfig) -> None:
    rows = list(csv.DictReader(io.StringIO(export.to_csv(actions(), config.roster(), TODAY))))
    assert [r["id"] for r in rows] == ["1", "2", "3", "4"]
    assert rows[1]["description"] == actions()[1].description
    assert rows[0]["days_overdue"] == "6"
    assert rows[0]["owner_name"] == "Pat Manager"
    assert tuple(rows[0]) == export.FIELDS


def test_json_is_a_list_of_records(config: ChairConfig) -> None:
    records = json.loads(export.to_json(actions(), config.roster(), TODAY))
    assert records[0]["due"] == "2026-11-20"
    assert records[1]["status"] == "in progress"
    assert records[2]["due"] is None


@pytest.mark.parametrize("path", [CONFIGS / "valid.toml", SAMPLE_CONFIG])
def test_a_configs_roster_is_the_one_the_fast_path_reads(path: Path) -> None:
    """`chair actions` reads the roster without validating chair.toml; a validated config gives
    the same roster, so the renderers take one type."""
    assert load_config(path).roster() == read_roster(path)
