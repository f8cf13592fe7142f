"""A consistent copy of a SQLite database while others write to it (SQLite's online backup API)."""

from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path
from urllib.parse import quote

from storage.database.integrity import damaged_message, is_corrupt, leftover_wal_problems
from storage.errors import DatabaseDamaged, DatabaseError

BUSY_TIMEOUT_SECONDS = 30.0


def backup_sqlite(source: Path, destination: Path) -> int:
    """Copy source to destination (mode 0600, replaced atomically); return the page count.

    The copy is taken in one step of the backup API, inside one read transaction, so it is a
    consistent snapshot even while a meeting is writing (WAL mode lets the writer go on).
    The source is opened read-only: a backup never creates or changes a database.
    """
    if not source.is_file():
        raise DatabaseError(f"{source}: no database here to back up (check --db / CHAIR_DB)")
    destination = destination.expanduser()
    if destination.resolve() == source.resolve():
        raise DatabaseError(f"{destination}: is the database itself; choose another file")
    if destination.is_dir():
        raise DatabaseError(f"{destination}: is a directory; give a file name for the backup")
    problems = leftover_wal_problems(source)
    if problems:
        raise DatabaseDamaged(damaged_message(source, "; ".join(problems[:2])))
    fd, temporary = tempfile.mkstemp(
        prefix=f".{destination.name}.", suffix=".tmp", dir=destination.parent
    )
    os.close(fd)  # mkstemp made it 0600; sqlite3 writes into the empty file
    try:
        uri = f"file:{quote(str(source.resolve()))}?mode=ro"
        with sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_SECONDS) as reader:
            target = sqlite3.connect(temporary)
            try:
                reader.backup(target)  # pages=-1: all pages in one step, one snapshot
                # A backup is one self-contained file: no -wal beside it to lose.
                target.execute("PRAGMA journal_mode = DELETE")
                (status,) = target.execute("PRAGMA quick_check").fetchone()
                (pages,) = target.execute("PRAGMA page_count").fetchone()
            finally:
                target.close()
        reader.close()
        if status != "ok":
            raise DatabaseDamaged(damaged_message(source, f"the copy failed quick_check: {status}"))
        os.replace(temporary, destination)
    except sqlite3.DatabaseError as exc:
        if is_corrupt(exc):
            raise DatabaseDamaged(damaged_message(source, str(exc))) from None
        raise DatabaseError(f"{source}: cannot back up ({exc})") from None
    finally:
        Path(temporary).unlink(missing_ok=True)
    return int(pages)
