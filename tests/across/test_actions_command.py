"""`chair actions` on the fast path: formats, filters, exit codes, iCalendar that parses back."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import icalendar
import pytest

from config import load_config
from domain.ics import CalendarAction, actions_calendar, escape_text, fold
from domain.records import Action, ActionStatus
from storage.service.chair import ChairService
from tests import warm_chair
from tests.across.helpers import act_on_dna
from tests.storage.conftest import SAMPLE, TODAY

LATER = TODAY + dt.timedelta(days=10)
AWKWARD = "Call the CCG, then; update\\rota — naïve café\nsecond line " + "x" * 80


@pytest.fixture
def seeded(tmp_path: Path) -> dict[str, int | str]:
    """Three actions: jm's open one due in 3 days (awkward text), lc's due in 14, tb's done."""
    db = str(tmp_path / "chair.db")
    config = load_config(SAMPLE)
    svc = ChairService(config, db, TODAY, "spatel")
    meeting = svc.meetings.start("weekly-ops")
    first = dataclasses.replace(
        act_on_dna(TODAY + dt.timedelta(days=3)),
        actions=(
            Action(id=None, description=AWKWARD, owner_id="jm", due=TODAY + dt.timedelta(days=3)),
            Action(
                id=None, description="Audit DNAs", owner_id="lc", due=TODAY + dt.timedelta(days=14)
            ),
            Action(
                id=None,
                description="Text reminders",
                owner_id="tb",
                due=TODAY + dt.timedelta(days=2),
            ),
        ),
    )
    awkward, audit, reminders = svc.decisions.record(meeting.id, first).actions
    svc.actions.update(reminders.id, reminders.version, ActionStatus.DONE, evidence="sent")
    svc.close()
    return {"db": db, "awkward": awkward.id, "audit": audit.id, "reminders": reminders.id}


def chair(*args: str, db: str, today: dt.date = LATER) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHAIR_")}
    env.update(CHAIR_CONFIG=str(SAMPLE), CHAIR_DB=db, PYTHONUTF8="1")
    return warm_chair.run(
        ["actions", "--today", today.isoformat(), *args], cwd=os.getcwd(), env=env, timeout=120
    )


def test_ics_parses_back_with_stable_uids_and_sequence(seeded: dict[str, int | str]) -> None:
    db = str(seeded["db"])
    first = chair("--format", "ics", db=db)
    assert first.returncode == 0, first.stderr
    calendar = icalendar.Calendar.from_ical(first.stdout)
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    awkward_uid = f"action-{seeded['awkward']}@X99001.chair"
    assert set(events) == {awkward_uid, f"action-{seeded['audit']}@X99001.chair"}  # open only
    event = events[awkward_uid]
    assert event["DTSTART"].dt == TODAY + dt.timedelta(days=3)  # all-day: a date, not a time
    assert event["DTSTART"].params.get("VALUE") == "DATE"
    assert str(event["SUMMARY"]).startswith("Action due: Call the CCG, then; update\\rota")
    assert "Owner: Jo Morgan" in str(event["DESCRIPTION"])
    assert "Agreed at: Weekly operations meeting, 2026-11-26" in str(event["DESCRIPTION"])
    assert "naïve café\nsecond line" in str(event["DESCRIPTION"])  # newline escaped and back
    assert int(event["SEQUENCE"]) == 1
    # A second export is identical: a re-import updates, never duplicates.
    second = chair("--format", "ics", db=db)
    assert second.stdout == first.stdout
    # After an update the UID stays and SEQUENCE rises.
    config = load_config(SAMPLE)
    svc = ChairService(config, db, LATER, "jmorgan")
    action = svc.actions.get(int(seeded["awkward"]))
    svc.actions.update(
        action.id,
        action.version,
        ActionStatus.IN_PROGRESS,
        note="half",
        new_due=LATER + dt.timedelta(days=5),
    )
    svc.close()
    third = icalendar.Calendar.from_ical(chair("--format", "ics", db=db).stdout)
    moved = {str(e["UID"]): e for e in third.walk("VEVENT")}[awkward_uid]
    assert int(moved["SEQUENCE"]) == 2
    assert moved["DTSTART"].dt == LATER + dt.timedelta(days=5)


def test_ics_lines_are_crlf_folded_at_75_octets(seeded: dict[str, int | str]) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHAIR_")}
    env.update(CHAIR_CONFIG=str(SAMPLE), CHAIR_DB=str(seeded["db"]))
    raw = subprocess.run(
        [sys.executable, "-m", "chair", "actions", "--format", "ics", "--today", LATER.isoformat()],
        env=env,
        capture_output=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    ).stdout
    assert raw.endswith(b"END:VCALENDAR\r\n")
    lines = raw.split(b"\r\n")[:-1]
    assert all(b"\n" not in line and b"\r" not in line for line in lines)
    assert all(len(line) <= 75 for line in lines)
    assert any(line.startswith(b" ") for line in lines)  # the long description was folded
    for line in lines:
        line.decode("utf-8")  # no UTF-8 character split across a fold


def test_escaping_and_folding_units() -> None:
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    long = "DESCRIPTION:" + "é" * 60
    folded = fold(long)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == long
    undated = Action(id=1, description="x", owner_id="jm", due=None)
    text = actions_calendar([CalendarAction(undated, "Jo")], "X99001", "Cal", TODAY)
    assert "VEVENT" not in text


def test_table_csv_json_owner_and_overdue(seeded: dict[str, int | str]) -> None:
    db = str(seeded["db"])
    table = chair(db=db)
    assert table.returncode == 0, table.stderr
    assert "Jo Morgan" in table.stdout and "7 days" in table.stdout
    assert "2 actions, 1 overdue" in table.stdout
    records = json.loads(chair("--format", "json", db=db).stdout)
    assert [r["id"] for r in records] == [seeded["awkward"], seeded["audit"]]  # overdue first
    assert records[0]["days_overdue"] == 7
    rows = list(csv.DictReader(io.StringIO(chair("--format", "csv", "--all", db=db).stdout)))
    assert {r["status"] for r in rows} == {"open", "done"}
    mine = json.loads(chair("--format", "json", "--owner", "lchen", db=db).stdout)
    assert [r["owner_id"] for r in mine] == ["lc"]
    # A first name, initials, any case: as the TUI's people fields take them.
    for who in ("lee", "LC", "Lee Chen"):
        named = chair("--owner", who, db=db)
        assert named.returncode == 0, named.stderr
        assert "1 action, 0 overdue" in named.stdout  # one action: no "1 actions"
    overdue = json.loads(chair("--format", "json", "--overdue", db=db).stdout)
    assert [r["id"] for r in overdue] == [seeded["awkward"]]
    unknown = chair("--owner", "nobody", db=db)
    assert unknown.returncode == 2 and "not a person in the config" in unknown.stderr


def test_fail_on_overdue_exit_codes(seeded: dict[str, int | str]) -> None:
    db = str(seeded["db"])
    assert chair("--fail-on-overdue", db=db).returncode == 1
    assert chair("--fail-on-overdue", db=db, today=TODAY).returncode == 0
    assert chair("--fail-on-overdue", "--owner", "lc", db=db).returncode == 0


def test_the_fast_path_loads_no_orm_pydantic_textual_or_polars(
    seeded: dict[str, int | str],
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHAIR_")}
    env.update(CHAIR_CONFIG=str(SAMPLE), CHAIR_DB=str(seeded["db"]))
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "chair", "actions", "--format", "ics"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    loaded = {
        line.rsplit("|", 1)[1].strip()
        for line in result.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }
    assert "sqlalchemy.engine" in loaded
    heavy = {"textual", "polars", "pydantic", "sqlalchemy.orm", "alembic"}
    assert not loaded & heavy, sorted(loaded & heavy)
