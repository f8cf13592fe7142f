"""Chair on a shared server: private files, identity from the OS, the roles of PRODUCT.md
enforced in the service, an append-only audit log, tamper-evident minutes, no NHS numbers in
free text and no free text in logs."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import logging
import os
import pwd
import re
import shutil
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from config import ChairConfig
from domain.keys import SectionKey
from domain.records import Action, ActionStatus, Decision, DecisionKind
from storage.errors import InvalidEntry, NotAllowed
from storage.service.chair import ChairService
from tests import warm_chair
from tests.safety.conftest import ROOT, SAMPLE, subprocess_env
from tests.safety.fingerprint import content_hash
from tests.work_sections import settle_work_section

TODAY = dt.date(2026, 11, 26)
NHS_NUMBER = "943 476 5919"  # the NHS's own published example number: valid, not a patient
CHAIR = shutil.which("chair", path=str(Path(sys.executable).parent)) or "chair"


def act(owner: str = "jm", **changes: object) -> Decision:
    decision = Decision(
        id=None,
        section_key=SectionKey.of_dashboard("access"),
        kind=DecisionKind.ACT,
        metric_id="dna-rate",
        title="DNA rate",
        data_shows="DNA rate 6.4%, second month red",
        reason="Unfilled rota gaps on Mondays",
        actions=(Action(id=None, description="Review rota", owner_id=owner, due=TODAY),),
    )
    return dataclasses.replace(decision, **changes)  # type: ignore[arg-type]


def chair_cli(*arguments: str, umask: int | None = None) -> subprocess.CompletedProcess[str]:
    if umask is None:  # a new process forked from one with the libraries imported
        return warm_chair.run(list(arguments), cwd=ROOT, env=subprocess_env(), timeout=120)
    return subprocess.run(  # a umask set before it starts: the installed script
        [CHAIR, *arguments],
        capture_output=True,
        text=True,
        timeout=120,
        env=subprocess_env(),
        cwd=ROOT,
        preexec_fn=(lambda: os.umask(umask)) if umask is not None else None,  # noqa: PLW1509
    )


def finish(service: ChairService, meeting_id: int) -> None:
    while service.meetings.get(meeting_id).state.value == "in progress":
        settle_work_section(service, meeting_id)
        assert service.sections.move_on(meeting_id).unmet == []


# ---------------------------------------------------------------------- files


def test_database_and_its_journal_are_private_even_with_umask_zero(tmp_path: Path) -> None:
    db = tmp_path / "chair.db"
    result = chair_cli("--config", str(SAMPLE), "--db", str(db), "db", "upgrade", umask=0)
    assert result.returncode == 0, result.stderr
    for path in tmp_path.glob("chair.db*"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name


def test_database_in_a_shared_setgid_directory_is_group_writable_only(
    tmp_path: Path, sample_config: ChairConfig
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o2770)  # setgid, group-writable: the practice's shared install
    service = ChairService(sample_config, shared / "chair.db", TODAY, "spatel")
    meeting = service.meetings.start("weekly-ops")
    service.meetings.add_aob(meeting.id, "Flu clinic rota")  # a write, so the WAL exists
    for path in shared.glob("chair.db*"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o660, path.name
    service.close()


@pytest.fixture
def closed_meeting_db(tmp_path: Path, sample_config: ChairConfig) -> Iterator[Path]:
    db = tmp_path / "chair.db"
    service = ChairService(sample_config, db, TODAY, "spatel")
    meeting = service.meetings.start("weekly-ops")
    service.meetings.add_aob(meeting.id, "Flu clinic rota")
    finish(service, meeting.id)
    service.close()
    yield db


def test_exported_minutes_and_backups_are_private(tmp_path: Path, closed_meeting_db: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o2777)  # even in a world-writable setgid directory, with umask 0
    common = ("--config", str(SAMPLE), "--db", str(closed_meeting_db))
    minutes = shared / "minutes.md"
    result = chair_cli(*common, "minutes", "-o", str(minutes), umask=0)
    assert result.returncode == 0, result.stderr
    assert "Flu clinic rota" in minutes.read_text()
    backup = shared / "backup.db"
    result = chair_cli(*common, "db", "backup", str(backup), umask=0)
    assert result.returncode == 0, result.stderr
    for path in (minutes, backup):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
    assert sorted(p.name for p in shared.iterdir()) == ["backup.db", "minutes.md"]


# ---------------------------------------------------------------------- identity


def _context_login(config: Path, monkeypatch: pytest.MonkeyPatch, **environment: str) -> str:
    from chair.context import Context

    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return Context(argparse.Namespace(config=str(config))).login


def test_identity_is_the_os_login(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "chair.toml"
    config.write_text(SAMPLE.read_text())  # the sample practice, but not *the* sample
    os_login = pwd.getpwuid(os.geteuid()).pw_name
    assert _context_login(config, monkeypatch) == os_login


def test_identity_cannot_be_claimed_through_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "chair.toml"
    config.write_text(SAMPLE.read_text())
    os_login = pwd.getpwuid(os.geteuid()).pw_name
    claimed = _context_login(config, monkeypatch, LOGNAME="spatel", USER="spatel")
    assert claimed == os_login


# ---------------------------------------------------------------------- roles


@pytest.fixture
def meeting_with_action(sample_config: ChairConfig, db_url: str) -> Iterator[tuple[int, int, int]]:
    """(meeting id, decision id, action id owned by Jo) in a meeting in progress."""
    chair = ChairService(sample_config, db_url, TODAY, "spatel")
    meeting = chair.meetings.start("weekly-ops")
    decision = chair.decisions.record(meeting.id, act())
    assert decision.id is not None and decision.actions[0].id is not None
    chair.close()
    yield meeting.id, decision.id, decision.actions[0].id


def _chair_only_calls(
    meeting_id: int, decision_id: int
) -> dict[str, Callable[[ChairService], object]]:
    action = Action(id=None, description="Phone the locum agency", owner_id="jm", due=TODAY)
    return {
        "start a meeting": lambda s: s.meetings.start("daily-huddle"),
        "record a decision": lambda s: s.decisions.record(meeting_id, act(metric_id="other")),
        "add an action": lambda s: s.decisions.add_action(decision_id, action),
        "add an AOB item": lambda s: s.meetings.add_aob(meeting_id, "Car park"),
        "approve minutes": lambda s: s.minutes.approve_previous(meeting_id),
        "move on": lambda s: s.sections.move_on(meeting_id).unmet,
        "go back": lambda s: s.sections.go_back(meeting_id),
        "save the position": lambda s: s.sections.save_position(meeting_id, 1, 3, 60),
        "close the meeting": lambda s: s.meetings.close(meeting_id),
        "acknowledge a breach": lambda s: s.acknowledgements.acknowledge(
            meeting_id, "dna-rate", "jm", "known locum gap", TODAY, "RED"
        ),
    }


@pytest.mark.parametrize("login", ["jmorgan", "tbaker", "visitor"])
def test_only_a_chair_runs_meetings_others_are_told_why(
    login: str,
    sample_config: ChairConfig,
    db_url: str,
    meeting_with_action: tuple[int, int, int],
) -> None:
    meeting_id, decision_id, _ = meeting_with_action
    reader = ChairService(sample_config, db_url, TODAY, login)
    before = content_hash(reader.engine)
    for what, call in _chair_only_calls(meeting_id, decision_id).items():
        with pytest.raises(NotAllowed) as refused:
            call(reader)
        assert login in str(refused.value) and "chair" in str(refused.value), what
    assert content_hash(reader.engine) == before
    # ...and they can read everything.
    assert reader.meetings.get(meeting_id).decisions
    assert reader.actions.find()
    assert "DNA rate" in reader.minutes.markdown(meeting_id)
    reader.close()


def test_an_owner_updates_only_their_own_actions(
    sample_config: ChairConfig, db_url: str, meeting_with_action: tuple[int, int, int]
) -> None:
    _, _, action_id = meeting_with_action
    owner = ChairService(sample_config, db_url, TODAY, "jmorgan")
    other = ChairService(sample_config, db_url, TODAY, "rkaur")
    version = owner.actions.get(action_id).version
    before = content_hash(other.engine)
    with pytest.raises(NotAllowed, match="rkaur may not change action .* only its owner"):
        other.actions.update(action_id, version, ActionStatus.DONE, evidence="done")
    assert content_hash(other.engine) == before
    updated = owner.actions.update(action_id, version, ActionStatus.IN_PROGRESS, note="started")
    assert updated.status is ActionStatus.IN_PROGRESS
    owner.close()
    other.close()


# ---------------------------------------------------------------------- audit log


def test_every_change_is_in_the_audit_log_with_who_did_it(
    sample_config: ChairConfig, db_url: str, meeting_with_action: tuple[int, int, int]
) -> None:
    meeting_id, _, action_id = meeting_with_action
    owner = ChairService(sample_config, db_url, TODAY, "jmorgan")
    version = owner.actions.get(action_id).version
    owner.actions.update(action_id, version, ActionStatus.BLOCKED, note="no locum")
    from sqlalchemy import text

    with owner.engine.connect() as connection:
        rows = connection.execute(
            text('SELECT login, entity, what, "before", "after" FROM audit_log ORDER BY id')
        ).all()
    owner.close()
    assert [(r.login, r.entity, r.what) for r in rows] == [
        ("spatel", "roster", "register"),  # the first to open a new database registers it
        ("spatel", "meeting", "start"),
        ("spatel", "action", "create"),
        ("spatel", "decision", "record"),
        ("jmorgan", "action", "update"),
    ]
    assert '"open"' in rows[-1].before and '"blocked"' in rows[-1].after


def test_the_audit_log_refuses_change_even_outside_chair(closed_meeting_db: Path) -> None:
    """The triggers hold for any SQLite client, not just SQLAlchemy (PostgreSQL: tests/storage)."""
    connection = sqlite3.connect(closed_meeting_db)
    (count,) = connection.execute("SELECT count(*) FROM audit_log").fetchone()
    assert count > 0
    for statement in (
        "UPDATE audit_log SET login = 'nobody'",
        "DELETE FROM audit_log",
        "DELETE FROM audit_log WHERE id = 1",
    ):
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            connection.execute(statement)
        connection.rollback()
    assert connection.execute("SELECT count(*) FROM audit_log").fetchone() == (count,)
    connection.close()


# ---------------------------------------------------------------------- locked minutes


def test_chair_check_reports_altered_minutes(tmp_path: Path, sample_config: ChairConfig) -> None:
    db = tmp_path / "chair.db"
    first = ChairService(sample_config, db, TODAY, "spatel")
    meeting = first.meetings.start("weekly-ops")
    finish(first, meeting.id)
    first.close()
    later = ChairService(sample_config, db, TODAY + dt.timedelta(days=7), "spatel")
    later.minutes.approve_previous(later.meetings.start("weekly-ops").id)
    later.close()
    common = ("--config", str(SAMPLE), "--db", str(db), "--today", "2026-12-03", "check")
    clean = chair_cli(*common)
    assert "approved minutes" not in clean.stdout, clean.stdout
    with sqlite3.connect(db) as connection:
        connection.execute(
            "UPDATE meetings SET minutes_text = replace(minutes_text, 'Weekly', 'Weakly') "
            "WHERE id = ?",
            (meeting.id,),
        )
    tampered = chair_cli(*common)
    assert tampered.returncode == 1, tampered.stderr
    assert re.search(rf"meeting {meeting.id} .*altered", tampered.stdout), tampered.stdout
    assert "Traceback" not in tampered.stderr


# ---------------------------------------------------------------------- NHS numbers


def _free_text_entries(
    meeting_id: int, action_id: int, version: int, number: str
) -> dict[str, Callable[[ChairService], object]]:
    decision = act(metric_id="telephony", section_key=SectionKey.of_dashboard("telephony"))
    monitor = Decision(
        id=None,
        section_key=SectionKey.of_dashboard("access"),
        kind=DecisionKind.MONITOR,
        metric_id="dna-rate",
        title="DNA rate",
        data_shows="amber",
        reason="watch it",
        review_date=TODAY + dt.timedelta(days=7),
        escalation_owner_id="jm",
    )
    new_action = Action(id=None, description=number, owner_id="jm", due=TODAY)
    return {
        "decision data_shows": lambda s: s.decisions.record(
            meeting_id, dataclasses.replace(decision, data_shows=number)
        ),
        "decision reason": lambda s: s.decisions.record(
            meeting_id, dataclasses.replace(decision, reason=number)
        ),
        "decision not_escalated_reason": lambda s: s.decisions.record(
            meeting_id,
            dataclasses.replace(monitor, not_escalated_reason=number),
            breach_status="CRITICAL",
        ),
        "decision action description": lambda s: s.decisions.record(
            meeting_id,
            dataclasses.replace(
                decision, actions=(dataclasses.replace(decision.actions[0], description=number),)
            ),
        ),
        "added action description": lambda s: s.decisions.add_action(1, new_action),
        "AOB title": lambda s: s.meetings.add_aob(meeting_id, number),
        "action update note": lambda s: s.actions.update(
            action_id, version, ActionStatus.BLOCKED, note=number
        ),
        "action update evidence": lambda s: s.actions.update(
            action_id, version, ActionStatus.DONE, evidence=number
        ),
        "minutes amendments": lambda s: s.minutes.approve_previous(meeting_id, amendments=number),
        "acknowledgement reason": lambda s: s.acknowledgements.acknowledge(
            meeting_id, "dna-rate", "jm", number, TODAY, "RED"
        ),
    }


BAD_TEXT = {
    "an NHS number": (f"patient {NHS_NUMBER}", "NHS number .943 476 5919."),
    "an NHS number run together": ("patient 9434765919", "NHS number"),
    # PostgreSQL cannot store NUL: it must be a refusal on every database, never a crash.
    "a NUL character": ("pasted\x00text", "NUL character"),
}


@pytest.mark.parametrize("bad", list(BAD_TEXT))
def test_every_free_text_entry_refuses_bad_text(
    bad: str, sample_config: ChairConfig, db_url: str
) -> None:
    text, message = BAD_TEXT[bad]
    service = ChairService(sample_config, db_url, TODAY - dt.timedelta(days=7), "spatel")
    previous = service.meetings.start("weekly-ops")
    [action] = service.decisions.record(previous.id, act()).actions
    finish(service, previous.id)
    service.close()
    service = ChairService(sample_config, db_url, TODAY, "spatel")
    meeting = service.meetings.start("weekly-ops")
    assert action.id is not None
    before = content_hash(service.engine)
    entries = _free_text_entries(meeting.id, action.id, action.version, text)
    for where, call in entries.items():
        with pytest.raises(InvalidEntry, match=message):
            call(service)
        assert content_hash(service.engine) == before, f"refused {where}, but it was written"
    service.close()


def test_decision_title_with_an_nhs_number_is_refused(
    sample_config: ChairConfig, db_url: str
) -> None:
    """The title of an AOB decision is typed by the chair: free text like any other."""
    service = ChairService(sample_config, db_url, TODAY, "spatel")
    meeting = service.meetings.start("weekly-ops")
    item = service.meetings.add_aob(meeting.id, "Complaint about the phones")
    decision = Decision(
        id=None,
        section_key="aob",
        kind=DecisionKind.ACCEPT,
        title=f"Complaint from {NHS_NUMBER}",
        data_shows="one complaint",
        reason="already answered",
    )
    with pytest.raises(InvalidEntry, match="NHS number"):
        service.decisions.record(meeting.id, decision, aob_item_id=item.id)
    service.close()


# ---------------------------------------------------------------------- logs


def test_no_free_text_reaches_a_log(
    tmp_path: Path, sample_config: ChairConfig, caplog: pytest.LogCaptureFixture
) -> None:
    """Whatever level a server's logging is set to, Chair logs no minutes text (SQLAlchemy's
    engine log, which would show parameters, stays off), and writes no log file."""
    marker = "Mrs Example's complaint about the phones"
    caplog.set_level(logging.DEBUG)
    service = ChairService(sample_config, tmp_path / "chair.db", TODAY, "spatel")
    meeting = service.meetings.start("weekly-ops")
    service.meetings.add_aob(meeting.id, marker)
    [action] = service.decisions.record(meeting.id, act(data_shows=marker)).actions
    assert action.id is not None
    service.actions.update(action.id, action.version, ActionStatus.BLOCKED, note=marker)
    finish(service, meeting.id)
    assert marker in service.minutes.markdown(meeting.id)
    service.close()
    assert marker not in caplog.text
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("chair.db")) == []


def test_no_package_configures_logging_to_a_file() -> None:
    pattern = re.compile(r"FileHandler|basicConfig|TEXTUAL_LOG|echo\s*=\s*True|devtools")
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for package in ("chair", "config", "domain", "storage", "tui")
        for path in (ROOT / package).rglob("*.py")
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if pattern.search(line)
    ]
    assert offenders == []
