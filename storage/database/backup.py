"""A consistent copy of a SQLite database while others write to it (SQLite's online backup API)."""

from __future__ import annotations

import os
import sqlite3
import tempfile
from contextlib import closing
from pathlib import Path
from urllib.parse import quote

from storage.database.integrity import damaged_message, is_corrupt, leftover_wal_problems
from storage.errors import DatabaseDamaged, DatabaseError

BUSY_TIMEOUT_SECONDS = 30.0


def backup_sqlite(source: Path, destination: Path) -> int:
    """Copy source to destination (mode 0600, replaced atomically); return the page count.

    The copy is taken in one step of the backup API, inside one read transaction, so it is a
    consistent snapshot even while a meeting is writing (WAL mode lets the writer go on).
    Only a Chair database is backed up: an empty file or another program's database is
    refused now, not by the restore that would need it. The source is opened as every Chair
    opens it (never created: it must exist), so that when nobody else has it open SQLite
    removes the -wal and -shm it makes on closing, under its own locks; a read-only
    connection left them beside the database, empty.
    """
    if not source.is_file():
        raise DatabaseError(f"{source}: no database here to back up (check --db / CHAIR_DB)")
    destination = destination.expanduser()
    if destination.resolve() == source.resolve():
        raise DatabaseError(f"{destination}: is the database itself; choose another file")
    if destination.is_dir():
        raise DatabaseError(f"{destination}: is a directory; give a file name for the backup")
    if source.stat().st_size == 0:
        raise DatabaseError(
            f"{source}: is empty, not a Chair database; check --db / CHAIR_DB (nothing was "
            "backed up)"
        )
    problems = leftover_wal_problems(source)
    if problems:
        raise DatabaseDamaged(damaged_message(source, "; ".join(problems[:2])))
    try:
        fd, temporary = tempfile.mkstemp(
            prefix=f".{destination.name}.", suffix=".tmp", dir=destination.parent
        )
    except OSError as exc:  # the user's folder, not the temporary file's name, in the message
        raise DatabaseError(
            f"{destination}: cannot write the backup there ({exc.strerror or exc}: the folder "
            f"{destination.parent})"
        ) from None
    os.close(fd)  # mkstemp made it 0600; sqlite3 writes into the empty file
    try:
        uri = f"file:{quote(str(source.resolve()))}?mode=rw"
        with closing(sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_SECONDS)) as reader:
            _refuse_not_chair(reader, source)
            with closing(sqlite3.connect(temporary)) as target:
                reader.backup(target)  # pages=-1: all pages in one step, one snapshot
                # A backup is one self-contained file: no -wal beside it to lose.
                target.execute("PRAGMA journal_mode = DELETE")
                (status,) = target.execute("PRAGMA quick_check").fetchone()
                (pages,) = target.execute("PRAGMA page_count").fetchone()
        if status != "ok":
            raise DatabaseDamaged(damaged_message(source, f"the copy failed quick_check: {status}"))
        os.replace(temporary, destination)
    except OSError as exc:
        raise DatabaseError(
            f"{destination}: cannot write the backup ({exc.strerror or exc})"
        ) from None
    except sqlite3.DatabaseError as exc:
        if is_corrupt(exc):
            raise DatabaseDamaged(damaged_message(source, str(exc))) from None
        raise DatabaseError(f"{source}: cannot back up ({exc})") from None
    finally:
        Path(temporary).unlink(missing_ok=True)
    return int(pages)


def _refuse_not_chair(connection: sqlite3.Connection, source: Path) -> None:
    """A restore refuses a backup without Chair's tables: refuse to make one."""
    from storage.database.restore import CHAIR_TABLES

    tables = {
        name
        for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    missing = CHAIR_TABLES - tables
    if missing:
        what = "another program's database" if tables else "a database with no tables"
        raise DatabaseError(
            f"{source}: not a Chair database ({what}: no {', '.join(sorted(missing))}); "
            "check --db / CHAIR_DB (nothing was backed up)"
        )
