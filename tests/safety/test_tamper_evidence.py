"""Tamper-evident history (issue 14): the attack of a group member on a shared SQLite file
(drop the triggers, re-attribute rows, delete an approval, recompute a hash) is caught by
`chair check`, and `chair db upgrade` puts the triggers back. On SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from config import ChairConfig
from storage.database import schema
from storage.database.engine import normalise_url
from storage.security import chain
from storage.service.chair import ChairService
from tests.db_templates import built_sqlite
from tests.safety.conftest import SAMPLE
from tests.safety.test_security import chair_cli, finish

TODAY = dt.date(2026, 11, 26)


def _approved_meetings(config: ChairConfig, db: str | Path) -> tuple[int, int]:
    """Two weekly meetings: the first's minutes approved at the second. (first id, second id)"""
    first = ChairService(config, db, TODAY, "spatel")
    meeting = first.meetings.start("weekly-ops")
    finish(first, meeting.id)
    first.close()
    later = ChairService(config, db, TODAY + dt.timedelta(days=7), "spatel")
    second = later.meetings.start("weekly-ops")
    later.minutes.approve_previous(second.id)
    later.close()
    return meeting.id, second.id


def approved_meetings(config: ChairConfig, db: str | Path) -> tuple[int, int]:
    """`_approved_meetings` at `db`; on SQLite a copy of the two meetings walked once per test
    process (a whole meeting's walk is the costly part; each test gets its own copy)."""
    if "://" in str(db):
        return _approved_meetings(config, db)
    return built_sqlite(
        "two approved weekly meetings", Path(db), lambda path: _approved_meetings(config, path)
    )


@pytest.fixture
def record(sample_config: ChairConfig, db_url: str) -> Iterator[tuple[ChairService, int]]:
    first_id, _ = approved_meetings(sample_config, db_url)
    service = ChairService(sample_config, db_url, TODAY + dt.timedelta(days=7), "spatel")
    yield service, first_id
    service.close()


def _sql(service: ChairService, *statements: str, drop_triggers: bool = True) -> None:
    with service.engine.begin() as connection:
        if drop_triggers:
            chain.drop_triggers(connection, chain.CHAINED_TABLES)
        for statement in statements:
            connection.execute(text(statement))


def _audit_ids(service: ChairService, where: str) -> list[int]:
    with service.engine.connect() as connection:
        return [
            int(i)
            for (i,) in connection.execute(
                text(f"SELECT id FROM audit_log WHERE {where} ORDER BY id")
            )
        ]


def test_an_untouched_record_verifies(record: tuple[ChairService, int]) -> None:
    service, _ = record
    assert service.history.verify() == []
    heads = {h.table: h for h in service.history.chain_heads()}
    assert heads["audit_log"].rows > 3 and len(heads["audit_log"].head) == 64
    assert heads["minutes_approvals"].rows == 1


def test_dropping_the_triggers_is_reported(record: tuple[ChairService, int]) -> None:
    service, _ = record
    _sql(service)
    problems = service.history.verify()
    assert problems and all("trigger" in p and "chair db upgrade" in p for p in problems)
    expected = chain.expected_triggers(service.engine.dialect.name)
    assert {name for name in expected if any(name in p for p in problems)} == set(expected)


def test_re_attributing_rows_breaks_the_chain_at_the_first_one(
    record: tuple[ChairService, int],
) -> None:
    service, _ = record
    first = _audit_ids(service, "login = 'spatel'")[0]
    _sql(service, "UPDATE audit_log SET login = 'aokafor' WHERE login = 'spatel'")
    problems = service.history.verify()
    broken = [p for p in problems if p.startswith("audit log")]
    assert broken == [
        f"audit log: the chain breaks at its first row ({first}): it was changed after it was "
        "written, or rows before it were deleted"
    ]


def test_editing_a_row_and_recomputing_its_own_hash_breaks_the_next_link(
    record: tuple[ChairService, int],
) -> None:
    service, _ = record
    ids = _audit_ids(service, "1 = 1")
    target, after = ids[1], ids[2]
    with service.engine.connect() as connection:
        rows = {r[0]: r for r in chain.rows_in_order(connection, "audit_log")}
    previous_hash = str(rows[ids[0]][1])
    values = list(rows[target][2:])
    values[1] = "aokafor"  # login
    forged = chain.link_hash(previous_hash, values)
    _sql(
        service,
        f"UPDATE audit_log SET login = 'aokafor', chain_hash = '{forged}' WHERE id = {target}",
    )
    broken = [p for p in service.history.verify() if p.startswith("audit log")]
    assert broken == [
        f"audit log: the chain breaks at row {after}: row {after} or row {target} before it was "
        "changed after it was written, or rows between them were deleted"
    ]


def test_deleting_an_approval_is_caught(record: tuple[ChairService, int]) -> None:
    service, first_id = record
    _sql(service, "DELETE FROM minutes_approvals")
    problems = service.history.verify()
    assert any(
        f"meeting {first_id}: the audit log" in p and "approval" in p and "missing" in p
        for p in problems
    ), problems
    assert any(f"meeting {first_id} (" in p and "no approval recorded" in p for p in problems)


def test_editing_minutes_and_recomputing_their_hash_is_caught(
    record: tuple[ChairService, int],
) -> None:
    service, first_id = record
    with service.engine.connect() as connection:
        minutes = connection.execute(
            text(f"SELECT minutes_text FROM meetings WHERE id = {first_id}")
        ).scalar_one()
    from storage.service.store import sha256

    forged = minutes.replace("Sam Patel", "Dr Okafor")
    assert forged != minutes
    with service.engine.begin() as connection:
        connection.execute(
            text("UPDATE meetings SET minutes_text = :t, minutes_hash = :h WHERE id = :id"),
            {"t": forged, "h": sha256(forged), "id": first_id},
        )
    assert service.minutes.verify_locked() == []  # the old check alone is fooled...
    problems = service.history.verify()  # ...the approval's chained hash is not
    assert any(
        f"meeting {first_id} (" in p and "differ from those the approval locked" in p
        for p in problems
    ), problems


def test_forging_the_approval_and_its_chain_hash_is_caught_by_the_audit_log(
    record: tuple[ChairService, int],
) -> None:
    service, first_id = record
    with service.engine.connect() as connection:
        (approval,) = chain.rows_in_order(connection, "minutes_approvals")
    values = list(approval[2:])
    values[4] = "aokafor"  # by_login
    forged = chain.link_hash(chain.GENESIS, values)
    _sql(
        service,
        f"UPDATE minutes_approvals SET by_login = 'aokafor', chain_hash = '{forged}' "
        f"WHERE id = {approval[0]}",
    )
    problems = [p for p in service.history.verify() if "trigger" not in p]
    (audit_row,) = _audit_ids(service, "what = 'approve'")
    assert problems == [
        f"meeting {first_id}: the audit log (row {audit_row}) records an approval of its "
        "minutes that is missing from the approvals"
    ]


def test_the_backfill_chains_existing_rows_as_the_service_would(
    sample_config: ChairConfig, db_url: str
) -> None:
    _approved_meetings(sample_config, db_url)
    # A plain engine: SQLite's foreign keys off, as a batch migration that rebuilds a table
    # (a later revision's downgrade) needs on a populated file.
    engine = create_engine(normalise_url(db_url))
    tables = ("audit_log", "minutes_approvals")  # rosters is new in 0003: a downgrade drops it
    with engine.connect() as connection:
        before = {t: chain.rows_in_order(connection, t) for t in tables}
    schema.downgrade(engine, "0002")
    schema.upgrade(engine)
    with engine.connect() as connection:
        after = {t: chain.rows_in_order(connection, t) for t in tables}
        assert chain.missing_triggers(connection) == []
    engine.dispose()
    assert after == before
    service = ChairService(sample_config, db_url, TODAY, "spatel")
    assert service.history.verify() == []
    service.close()


def test_the_attack_of_the_issue_is_caught_by_check_and_upgrade_restores_the_triggers(
    tmp_path: Path, sample_config: ChairConfig
) -> None:
    """Drop the triggers, re-attribute one's rows to someone else, delete one's approval."""
    db = tmp_path / "chair.db"
    first_id, _ = _approved_meetings(sample_config, db)
    common = ("--config", str(SAMPLE), "--db", str(db), "--today", "2026-12-03")
    clean = chair_cli(*common, "check")
    assert "ERROR database" not in clean.stdout, clean.stdout
    assert "history chains checked" in clean.stderr
    with sqlite3.connect(db) as connection:
        for trigger in chain.SQLITE_TRIGGERS:
            connection.execute(f"DROP TRIGGER {trigger}")
        connection.execute("UPDATE audit_log SET login = 'aokafor' WHERE login = 'spatel'")
        connection.execute("DELETE FROM minutes_approvals")
    tampered = chair_cli(*common, "check")
    assert tampered.returncode == 1, tampered.stderr
    assert "Traceback" not in tampered.stderr
    lines = [line for line in tampered.stdout.splitlines() if line.startswith("ERROR database")]
    assert sum("trigger" in line for line in lines) == len(chain.SQLITE_TRIGGERS)
    assert any("audit log: the chain breaks at its first row (1)" in line for line in lines)
    assert any(f"meeting {first_id}: the audit log" in line for line in lines)
    upgrade = chair_cli(*common, "db", "upgrade")
    assert upgrade.returncode == 0, upgrade.stderr
    assert "restored missing append-only triggers" in upgrade.stderr
    again = chair_cli(*common, "check")
    assert again.returncode == 1
    assert not any("trigger" in line for line in again.stdout.splitlines())
    with sqlite3.connect(db) as connection, pytest.raises(sqlite3.DatabaseError, match="append"):
        connection.execute("DELETE FROM audit_log")
