"""`chair db backup` takes a consistent copy while another connection is writing."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest

from storage.database.backup import backup_sqlite
from storage.errors import DatabaseError


def _database(path: Path) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("CREATE TABLE entry (id INTEGER PRIMARY KEY, text TEXT)")
        connection.executemany("INSERT INTO entry (text) VALUES (?)", [("a",), ("b",)])


def test_backup_during_an_open_write_copies_only_committed_entries(tmp_path: Path) -> None:
    source = tmp_path / "chair.db"
    _database(source)
    writer = sqlite3.connect(source, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # a meeting holds the write lock, mid-transaction
    writer.execute("INSERT INTO entry (text) VALUES ('uncommitted')")
    try:
        pages = backup_sqlite(source, tmp_path / "copy.db")
    finally:
        writer.execute("COMMIT")
        writer.close()
    assert pages > 0
    with sqlite3.connect(tmp_path / "copy.db") as copy:
        texts = [row[0] for row in copy.execute("SELECT text FROM entry ORDER BY id")]
    assert texts == ["a", "b"]
    assert stat.S_IMODE((tmp_path / "copy.db").stat().st_mode) == 0o600


def test_backup_replaces_an_older_copy_atomically(tmp_path: Path) -> None:
    source = tmp_path / "chair.db"
    _database(source)
    target = tmp_path / "copy.db"
    target.write_bytes(b"yesterday's copy")
    backup_sqlite(source, target)
    with sqlite3.connect(target) as copy:
        assert copy.execute("SELECT count(*) FROM entry").fetchone() == (2,)


def test_backup_onto_the_database_itself_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "chair.db"
    _database(source)
    with pytest.raises(DatabaseError, match="is the database itself"):
        backup_sqlite(source, source)


def test_backup_of_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    source = tmp_path / "chair.db"
    source.write_text("hello " * 1000, encoding="utf-8")
    with pytest.raises(DatabaseError, match="cannot back up"):
        backup_sqlite(source, tmp_path / "copy.db")
    assert not (tmp_path / "copy.db").exists()
