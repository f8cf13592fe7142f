"""The real Alembic migrations: up, down, up on a real database; versions; foreign files."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from storage.database import schema
from storage.database.engine import make_engine
from storage.errors import DatabaseError

pytestmark = pytest.mark.empty_database  # db_url: an empty database, migrated by the tests


def _tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_upgrade_downgrade_upgrade(db_url: str) -> None:
    engine = make_engine(db_url)
    schema.upgrade(engine)
    assert schema.current_revision(engine) == schema.HEAD
    assert {"meetings", "decisions", "actions", "audit_log"} <= _tables(db_url)
    schema.downgrade(engine, "base")
    assert schema.current_revision(engine) is None
    assert "meetings" not in _tables(db_url)
    schema.upgrade(engine)
    assert schema.current_revision(engine) == schema.HEAD
    engine.dispose()


def test_head_constant_matches_the_migration_scripts() -> None:
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory(str(schema.MIGRATIONS))
    assert scripts.get_current_head() == schema.HEAD
    assert [s.revision for s in reversed(list(scripts.walk_revisions()))] == list(
        schema.KNOWN_REVISIONS
    )


def test_new_sqlite_file_is_private_and_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "chair.db"
    engine = make_engine(path)
    schema.ensure_current(engine)
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() >= 10_000
    engine.dispose()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_file_that_is_not_a_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"these are my notes, not a database" * 100)
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match="not a Chair database"):
        make_engine(path)
    assert path.read_bytes() == before


def test_a_database_from_a_newer_chair_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "chair.db"
    engine = make_engine(path)
    schema.ensure_current(engine)
    engine.dispose()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    engine = make_engine(path)
    with pytest.raises(DatabaseError, match="newer Chair"):
        schema.ensure_current(engine)
    assert schema.current_revision(engine) == "9999"
    engine.dispose()


def test_audit_log_is_append_only_in_the_database(db_url: str) -> None:
    engine = make_engine(db_url)
    schema.ensure_current(engine)
    with engine.begin() as connection:
        connection.execute(
            text(
                'INSERT INTO audit_log ("when", login, entity, what) '
                "VALUES ('2026-11-26 10:00:00', 'spatel', 'meeting', 'start')"
            )
        )
    for statement in ("UPDATE audit_log SET login = 'someone'", "DELETE FROM audit_log"):
        with pytest.raises(Exception, match="append-only"), engine.begin() as connection:
            connection.execute(text(statement))
    with engine.connect() as connection:
        assert connection.execute(text("SELECT login FROM audit_log")).scalar() == "spatel"
    engine.dispose()
