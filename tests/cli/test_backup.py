"""`chair db backup` takes a consistent copy while another connection is writing."""

from __future__ import annotations

import datetime as dt
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from config import load_config
from storage.database.backup import backup_sqlite
from storage.errors import DatabaseError
from storage.service.chair import ChairService

SAMPLE = Path(__file__).resolve().parents[2] / "sample" / "chair.toml"
TODAY = dt.date(2026, 11, 26)


def _database(path: Path) -> None:
    """A Chair database (the real schema) with a table of entries to count."""
    ChairService(load_config(SAMPLE), path, TODAY, "spatel").close()
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("CREATE TABLE entry (id INTEGER PRIMARY KEY, text TEXT)")
        connection.executemany("INSERT INTO entry (text) VALUES (?)", [("a",), ("b",)])
    connection.close()


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


def _chair_backup(source: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    chair = Path(sys.executable).with_name("chair")
    return subprocess.run(
        [str(chair), "--config", str(SAMPLE), "--db", str(source), "db", "backup", *arguments],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=source.parent,
    )


@pytest.mark.parametrize("kind", ["empty file", "another program's database", "no tables"])
def test_backup_refuses_what_a_restore_would_refuse(tmp_path: Path, kind: str) -> None:
    source = tmp_path / "chair.db"
    if kind == "empty file":
        source.touch()
    elif kind == "no tables":
        with sqlite3.connect(source) as connection:
            connection.execute("PRAGMA user_version = 1")
        connection.close()
    else:
        with sqlite3.connect(source) as connection:
            connection.execute("CREATE TABLE patients (id INTEGER PRIMARY KEY)")
        connection.close()
    before = sorted(p.name for p in tmp_path.iterdir())
    result = _chair_backup(source, str(tmp_path / "copy.db"))
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"chair: error: {source}: ") and "not a Chair database" in line, line
    assert "nothing was backed up" in line
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no copy, no -wal, no -shm


def test_backup_of_a_closed_database_leaves_no_wal_or_shm_beside_it(tmp_path: Path) -> None:
    source = tmp_path / "chair.db"
    _database(source)
    assert not Path(f"{source}-wal").exists() and not Path(f"{source}-shm").exists()
    result = _chair_backup(source, str(tmp_path / "copy.db"))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["chair.db", "copy.db"]


@pytest.mark.parametrize("where", ["no such folder", "a file, not a folder"])
def test_backup_and_restore_errors_name_the_users_file_not_the_temporary_one(
    tmp_path: Path, where: str
) -> None:
    source = tmp_path / "chair.db"
    _database(source)
    folder = tmp_path / ("missing" if where == "no such folder" else "chair.db")
    backup = _chair_backup(source, str(folder / "copy.db"))
    assert backup.returncode == 2, backup.stderr
    [line] = backup.stderr.strip().splitlines()
    assert f"{folder / 'copy.db'}: cannot write the backup there" in line, line
    assert ".tmp" not in line
    assert not list(tmp_path.glob(".copy.db.*"))

    _chair_backup(source, str(tmp_path / "good.db"))
    chair = Path(sys.executable).with_name("chair")
    restore = subprocess.run(
        [str(chair), "--config", str(SAMPLE), "--db", str(tmp_path / "missing" / "new.db")]
        + ["db", "restore", str(tmp_path / "good.db")],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert restore.returncode == 2, restore.stderr
    [line] = restore.stderr.strip().splitlines()
    assert f"{tmp_path / 'missing' / 'new.db'}: cannot restore there" in line, line
    assert ".restoring" not in line and "nothing was changed" in line


def test_an_export_error_names_the_users_file(tmp_path: Path) -> None:
    from storage.database.private_files import FileRefused, write_private

    target = tmp_path / "minutes.md"
    (tmp_path / "minutes.md").mkdir()  # a folder where the file should go: os.replace fails
    with pytest.raises(FileRefused, match="is not a regular file"):
        write_private(target, "text")
    blocked = tmp_path / "blocked"
    blocked.write_text("a file")
    with pytest.raises(FileRefused) as refused:
        write_private(blocked / "minutes.md", "text")
    assert ".tmp" not in str(refused.value)
