"""Three writers at once: the chair in a meeting and two owners updating their actions.

1,000+ interleaved writes from separate processes on one database (a SQLite file, and
PostgreSQL when CHAIR_TEST_POSTGRES_URL is set or tests/pg_server.py started one). Each writer
logs what the service confirmed; afterwards every confirmed update is in the database and the
audit log, every refused one (storage.errors.Conflict) wrote nothing, no two confirmed updates
of an action started from the same version (no lost update), and no error other than Conflict
reached a writer ("database is locked" never does). On SQLite, online backups taken while the
writers run are whole.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, create_engine, text

from config import ChairConfig
from domain.keys import SectionKey
from domain.records import Action, Decision, DecisionKind
from storage.database.engine import normalise_url
from storage.service.chair import ChairService
from tests.safety.conftest import ROOT, SAMPLE, subprocess_env

TODAY = dt.date(2026, 11, 26)
WRITES = {"chair": 360, "jo": 340, "lee": 340}
CONTENTION_RESULTS: dict[str, dict[str, int]] = {}
"""Counts per database kind, for the report."""


def _prepare(config: ChairConfig, db_url: str) -> None:
    """A meeting in progress with three actions each for Jo and Lee (the contended rows)."""
    service = ChairService(config, db_url, TODAY, "spatel")
    meeting = service.meetings.start("weekly-ops")
    for owner in ("jm", "lc"):
        service.decisions.record(
            meeting.id,
            Decision(
                id=None,
                section_key=SectionKey.of_dashboard("access"),
                kind=DecisionKind.ACT,
                metric_id=f"metric-{owner}",
                title=f"decision for {owner}",
                data_shows="red",
                reason="rota gaps",
                actions=tuple(
                    Action(id=None, description=f"{owner} action {i}", owner_id=owner, due=TODAY)
                    for i in range(3)
                ),
            ),
        )
    service.close()


def whole_records(connection: Connection) -> dict[int, int]:
    """Assert every action row is whole (version, update rows and audit rows move together);
    return each action's version."""
    versions = dict(connection.execute(text("SELECT id, version FROM actions")).all())
    updates = Counter(
        action_id
        for (action_id,) in connection.execute(text("SELECT action_id FROM action_updates"))
    )
    audited = Counter(
        entity_id
        for (entity_id,) in connection.execute(
            text("SELECT entity_id FROM audit_log WHERE entity = 'action' AND what = 'update'")
        )
    )
    for action_id, version in versions.items():
        assert version == 1 + updates[action_id] == 1 + audited[action_id], (
            f"action {action_id}: version {version}, {updates[action_id]} updates, "
            f"{audited[action_id]} audited"
        )
    decisions = connection.execute(text("SELECT count(*) FROM decisions")).scalar()
    recorded = connection.execute(
        text("SELECT count(*) FROM audit_log WHERE entity = 'decision' AND what = 'record'")
    ).scalar()
    assert decisions == recorded
    orphans = connection.execute(
        text(
            "SELECT count(*) FROM actions WHERE decision_id IS NOT NULL AND decision_id NOT IN "
            "(SELECT id FROM decisions)"
        )
    ).scalar()
    assert orphans == 0
    return versions


def _backup_while_writing(db: Path, backups: Path, rng: random.Random) -> list[Path]:
    """Two `chair db backup` runs and one service.backup, at seeded moments of the run."""
    chair = shutil.which("chair", path=str(Path(sys.executable).parent)) or "chair"
    made = []
    for number in range(3):
        time.sleep(rng.uniform(0.2, 1.5))
        target = backups / f"backup-{number}.db"
        if number < 2:
            result = subprocess.run(
                [chair, "--config", str(SAMPLE), "--db", str(db), "db", "backup", str(target)],
                capture_output=True,
                text=True,
                timeout=120,
            )
            assert result.returncode == 0, result.stderr
        else:
            from config import load_config

            service = ChairService(load_config(SAMPLE), db, TODAY, "spatel")
            service.history.backup(target)
            service.close()
        assert target.stat().st_mode & 0o777 == 0o600
        made.append(target)
    return made


@pytest.mark.slow
def test_three_writers_lose_nothing(
    db_url: str, tmp_path: Path, sample_config: ChairConfig, safety_seed: int
) -> None:
    _prepare(sample_config, db_url)
    go = tmp_path / "go"
    workers = {}
    for role, writes in WRITES.items():
        log = tmp_path / f"{role}.jsonl"
        command = [sys.executable, "-m", "tests.safety.contention_worker", role, str(SAMPLE)]
        command += [db_url, str(writes), str(safety_seed), str(log), str(go)]
        workers[role] = (
            subprocess.Popen(
                command,
                cwd=ROOT,
                env=subprocess_env(),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            ),
            log,
        )
    time.sleep(1.5)  # let every worker import and open the database
    go.touch()
    started = time.monotonic()
    sqlite_file = Path(db_url) if "://" not in db_url else None
    backups = []
    if sqlite_file is not None:
        backups = _backup_while_writing(sqlite_file, tmp_path, random.Random(safety_seed))
    entries: dict[str, list[dict[str, Any]]] = {}
    for role, (process, log) in workers.items():
        stdout, stderr = process.communicate(timeout=600)
        assert process.returncode == 0, f"{role}: {stderr}"
        assert "database is locked" not in stderr + stdout
        entries[role] = [json.loads(line) for line in log.read_text().splitlines()]
    elapsed = time.monotonic() - started

    all_entries = [e for role_entries in entries.values() for e in role_entries]
    errors = [e for e in all_entries if e["result"] == "error"]
    assert errors == [], f"seed {safety_seed}: errors reached a writer: {errors[:5]}"
    assert len(all_entries) == sum(WRITES.values()) >= 1000

    engine = create_engine(normalise_url(db_url))
    with engine.connect() as connection:
        versions = whole_records(connection)
        notes = Counter(
            note for (note,) in connection.execute(text("SELECT note FROM action_updates")) if note
        )
        audit_notes = Counter(
            json.loads(after)["note"]
            for (after,) in connection.execute(
                text("SELECT after FROM audit_log WHERE entity = 'action' AND what = 'update'")
            )
        )
        titles = set(connection.execute(text("SELECT title FROM decisions")).scalars())
        aob_titles = set(connection.execute(text("SELECT title FROM aob_items")).scalars())
        position = connection.execute(
            text("SELECT highlighted_row FROM meetings WHERE state = 'in progress'")
        ).scalar()
    engine.dispose()

    updates = [e for e in all_entries if e["op"] == "update"]
    confirmed = [e for e in updates if e["result"] == "ok"]
    refused = [e for e in updates if e["result"] == "conflict"]
    for entry in confirmed:  # every confirmed update is in the database and the audit log
        assert notes[entry["note"]] == 1 and audit_notes[entry["note"]] == 1, entry
        # (the service returns the action as re-read: others may have updated it since)
        assert versions[entry["action"]] >= entry["version"] >= entry["expected"] + 1, entry
    for entry in refused:  # a refused update wrote nothing
        assert notes[entry["note"]] == 0 and audit_notes[entry["note"]] == 0, entry
        assert "nothing was overwritten" in entry["message"]
    assert sum(notes.values()) == len(confirmed), "an update nobody confirmed is in the database"
    # No lost update: of the writers that read the same version, at most one succeeded.
    started_from = Counter((e["action"], e["expected"]) for e in confirmed)
    assert max(started_from.values()) == 1, started_from.most_common(3)
    for action_id, version in versions.items():
        chain = sorted(e["expected"] for e in confirmed if e["action"] == action_id)
        assert chain == list(range(1, version)), f"action {action_id}: {chain} vs {version}"
    assert refused, "the run produced no conflicting edit; the test proves nothing about them"
    for entry in (e for e in entries["chair"] if e["op"] == "decision"):
        assert entry["title"] in titles
    for entry in (e for e in entries["chair"] if e["op"] == "aob"):
        assert entry["title"] in aob_titles
    last_row = [e["row"] for e in entries["chair"] if e["op"] == "position"][-1]
    assert position == last_row

    for backup in backups:  # consistent copies taken while all three were writing
        copy = create_engine(f"sqlite:///{backup}")
        with copy.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
            whole_records(connection)
        copy.dispose()

    kind = "sqlite" if sqlite_file else "postgresql"
    CONTENTION_RESULTS[kind] = {
        "writes": len(all_entries),
        "updates confirmed": len(confirmed),
        "conflicts refused": len(refused),
        "backups": len(backups),
    }
    print(f"\n{kind}: {CONTENTION_RESULTS[kind]} in {elapsed:.1f}s (seed {safety_seed})")
