"""The installed `chair` command as a user runs it: actions and minutes from a real database."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from domain.keys import SectionKey
from tests.cli.conftest import chair_env

pytestmark = pytest.mark.e2e

TODAY = dt.date(2026, 11, 26)
SAMPLE = Path(__file__).resolve().parents[2] / "sample" / "chair.toml"


def installed_chair() -> Path:
    script = Path(sys.executable).parent / "chair"
    assert script.exists(), "the chair command is not installed here: pip install -e '.[test]'"
    return script


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A sample-practice database with one meeting, one decision and two actions."""
    from config import load_config
    from domain.records import Action, Decision, DecisionKind
    from storage.service.chair import ChairService

    path = tmp_path_factory.mktemp("e2e") / "chair.db"
    service = ChairService(load_config(SAMPLE), str(path), TODAY, "spatel")
    try:
        meeting = service.meetings.start("weekly-ops", present=("sp", "jm"))
        service.decisions.record(
            meeting.id,
            Decision(
                id=None,
                section_key=SectionKey.of_dashboard("access"),
                kind=DecisionKind.ACT,
                metric_id="dna-rate",
                title="DNA rate",
                data_shows="DNA rate 6.4%, second month red",
                reason="Unfilled | rota gaps on Mondays",
                actions=(
                    Action(
                        id=None,
                        description="Review the Monday rota",
                        owner_id="jm",
                        due=TODAY + dt.timedelta(days=7),
                    ),
                    Action(
                        id=None,
                        description="Text reminders for DNAs",
                        owner_id="sp",
                        due=TODAY + dt.timedelta(days=28),
                    ),
                ),
            ),
            breach_status="RED",
        )
    finally:
        service.close()
    return path


def run(database: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(installed_chair()), "--config", str(SAMPLE), "--db", str(database), *args],
        cwd=cwd,
        env=chair_env(cwd),
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
        check=False,
    )


def test_actions_table(database: Path, tmp_path: Path) -> None:
    result = run(database, "--today", TODAY.isoformat(), "actions", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Review the Monday rota" in result.stdout
    assert "Jo Morgan" in result.stdout
    assert result.stdout.splitlines()[-1] == "2 actions, 0 overdue (as of 2026-11-26)"


def test_actions_overdue_later_and_fail_on_overdue(database: Path, tmp_path: Path) -> None:
    later = (TODAY + dt.timedelta(days=10)).isoformat()
    result = run(
        database,
        "--today",
        later,
        "actions",
        "--overdue",
        "--format",
        "json",
        "--fail-on-overdue",
        cwd=tmp_path,
    )
    assert result.returncode == 1, result.stderr
    records = json.loads(result.stdout)
    assert [(r["description"], r["days_overdue"]) for r in records] == [
        ("Review the Monday rota", 3)
    ]


def test_actions_by_owner_as_csv(database: Path, tmp_path: Path) -> None:
    result = run(database, "actions", "--owner", "spatel", "--format", "csv", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["owner_name"] for r in rows] == ["Sam Patel"]


def test_actions_as_ics(database: Path, tmp_path: Path) -> None:
    icalendar = pytest.importorskip("icalendar")
    result = run(database, "actions", "--format", "ics", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    events = list(icalendar.Calendar.from_ical(result.stdout).walk("VEVENT"))
    assert sorted(e.decoded("DTSTART") for e in events) == [
        TODAY + dt.timedelta(days=7),
        TODAY + dt.timedelta(days=28),
    ]


def test_minutes_to_stdout(database: Path, tmp_path: Path) -> None:
    result = run(database, "minutes", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("#")
    assert "Review the Monday rota" in result.stdout
    assert "Unfilled \\| rota gaps" in result.stdout  # table cells escape |


def test_minutes_to_a_private_file(database: Path, tmp_path: Path) -> None:
    result = run(database, "minutes", "1", "-o", "minutes.md", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    written = tmp_path / "minutes.md"
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    assert "Review the Monday rota" in written.read_text(encoding="utf-8")
    assert result.stdout == ""


def test_minutes_refuse_a_planted_symlink_and_leave_its_target(
    database: Path, tmp_path: Path
) -> None:
    mine = tmp_path / "my-own-notes.txt"
    mine.write_text("the user's own file")
    (tmp_path / "minutes.md").symlink_to(mine)
    result = run(database, "minutes", "1", "-o", "minutes.md", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert "symbolic link" in result.stderr and "Traceback" not in result.stderr
    assert mine.read_text() == "the user's own file"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_minutes_in_a_setgid_group_folder_are_group_private(database: Path, tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o2770)
    result = run(database, "minutes", "1", "-o", str(shared / "minutes.md"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE((shared / "minutes.md").stat().st_mode) == 0o660


def test_minutes_of_a_missing_meeting(database: Path, tmp_path: Path) -> None:
    result = run(database, "minutes", "99", cwd=tmp_path)
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1
    assert "Traceback" not in result.stderr
