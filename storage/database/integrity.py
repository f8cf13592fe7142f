"""Is a SQLite database whole? The checks `chair check`, `db upgrade` and `db restore` run,
and the one line every command gives for a damaged database."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from urllib.parse import quote

_CORRUPT = 11
"""SQLITE_CORRUPT: 'database disk image is malformed'."""
_NOT_A_DATABASE = 26
"""SQLITE_NOTADB: 'file is not a database'."""

RESTORE_HINT = "restore a backup: chair db restore BACKUP"


def is_damage(error: BaseException | None) -> bool:
    """True if the error (or the DBAPI error inside a SQLAlchemy one) says the file is damaged."""
    error = getattr(error, "orig", None) or error
    code = getattr(error, "sqlite_errorcode", None)
    return isinstance(code, int) and (code & 0xFF) in (_CORRUPT, _NOT_A_DATABASE)


def is_corrupt(error: BaseException) -> bool:
    """True only for 'malformed': the file is SQLite's, but damaged (a 'not a database' file
    may be anything at all, such as a wrong --db)."""
    code = getattr(error, "sqlite_errorcode", None)
    return isinstance(code, int) and (code & 0xFF) == _CORRUPT


def damaged_message(path: Path | str, reason: str) -> str:
    """The one line for a damaged database: which file, what SQLite said, what to do."""
    return f"{path}: the database is damaged ({reason}); {RESTORE_HINT}"


def integrity_problems(path: Path, *, thorough: bool = False, limit: int = 5) -> list[str]:
    """SQLite's own check of the file: [] when whole, else its first few complaints.

    `quick_check` (the default) reads every page and row; `thorough` runs `integrity_check`,
    which also matches every index against its table (slower on a big file). The original is
    never changed: a -wal left over by a session that did not close is checked on a copy
    (opening it read-write would fold it into the file), a live one read-only.
    """
    wal = Path(f"{path}-wal")
    if wal.is_file() and wal.stat().st_size > 0 and not _live(path):
        return _check_copy(path, wal, thorough, limit)
    try:
        try:
            return _verdict(_pragma(path, thorough, limit, "ro"))
        except sqlite3.OperationalError as exc:
            if "readonly" not in str(exc):
                raise
            return _verdict(_pragma(path, thorough, limit, "rw"))
    except sqlite3.OperationalError as exc:  # cannot open, locked: not a verdict on the file
        from storage.errors import DatabaseError

        raise DatabaseError(f"{path}: cannot be checked ({str(exc).splitlines()[0]})") from None
    except sqlite3.DatabaseError as exc:
        return [str(exc).splitlines()[0]]


def _verdict(rows: list[str]) -> list[str]:
    return [] if rows == ["ok"] else rows


def _check_copy(path: Path, wal: Path, thorough: bool, limit: int) -> list[str]:
    """Check what SQLite would read (the file with its -wal replayed) on a copy SQLite itself
    makes from a read-only connection: the original and its -wal stay exactly as they were.

    Never a plain file copy: opening and closing any descriptor of the database in a process
    drops every POSIX lock that process holds on it, SQLite's included. A process with a
    meeting open that lost its locks let the next Chair to close believe it was the last, and
    delete the -wal the meeting was still writing to.
    """
    import tempfile

    with tempfile.TemporaryDirectory(prefix="chair-check-") as directory:
        copy = Path(directory) / "copy.db"
        try:
            with (
                closing(sqlite3.connect(_uri(path, "ro"), uri=True, timeout=30)) as source,
                closing(sqlite3.connect(copy)) as target,
            ):
                source.backup(target)
        except sqlite3.OperationalError as exc:
            if "readonly" in str(exc):  # SQLite cannot replay it read-only: it will on opening
                return []
            return [str(exc).splitlines()[0]]
        except sqlite3.DatabaseError as exc:
            return [str(exc).splitlines()[0]]
        try:
            return _verdict(_pragma(copy, thorough, limit, "rw"))
        except sqlite3.DatabaseError as exc:
            return [str(exc).splitlines()[0]]


def _uri(path: Path, mode: str) -> str:
    return f"file:{quote(str(path))}?mode={mode}"


def _pragma(path: Path, thorough: bool, limit: int, mode: str) -> list[str]:
    """The check's complaints (["ok"] when whole). Thorough adds the foreign keys: a -wal
    replayed onto another file (a backup copied over the database) can leave every page well
    formed and still hold rows of meetings the file has never seen."""
    pragma = "integrity_check" if thorough else "quick_check"
    with closing(sqlite3.connect(_uri(path, mode), uri=True, timeout=30)) as connection:
        rows = [str(row[0]) for row in connection.execute(f"PRAGMA {pragma}({limit})")]
        if not thorough or rows != ["ok"]:
            return rows
        orphans = connection.execute("PRAGMA foreign_key_check").fetchmany(limit)
        return [
            f"{table} row {rowid} refers to a {parent} row that is not there"
            for table, rowid, parent, _key in orphans
        ] or rows


def processes_holding(path: Path) -> list[int]:
    """Other processes that have the SQLite database open, by the POSIX locks SQLite holds on
    the file and its -shm (every open WAL connection holds one), as the kernel lists them in
    /proc/locks. Linux only; [] when the file is free or missing. This process is not counted.

    The files are never opened here: closing any descriptor of a file drops every POSIX lock
    this process holds on it, SQLite's included. A process with the database open that then
    lost its lock on the -shm let the next process to open the database reset that file under
    it, and the first crashed (SIGBUS) on its next read of it.
    """
    import os

    files = set()
    for candidate in (path, Path(f"{path}-shm")):
        try:
            info = candidate.stat()
        except OSError:
            continue
        files.add((os.major(info.st_dev), os.minor(info.st_dev), info.st_ino))
    if not files:
        return []
    try:
        listing = Path("/proc/locks").read_text(encoding="ascii", errors="replace")
    except OSError:
        return []
    found: dict[int, None] = {}  # in the order listed, once each
    for line in listing.splitlines():
        fields = line.split()
        # "1: POSIX  ADVISORY  WRITE 1234 fe:00:2163137 0 EOF" (a blocked lock has "->" first)
        if "->" in fields:
            continue
        try:
            kind, pid, where = fields[1], int(fields[4]), fields[5]
            major, minor, inode = where.split(":")
            key = (int(major, 16), int(minor, 16), int(inode))
        except (IndexError, ValueError):
            continue
        if kind in ("POSIX", "OFDLCK") and key in files and 0 < pid != os.getpid():
            found.setdefault(pid)
    return list(found)


def leftover_wal_problems(path: Path) -> list[str]:
    """After a session that did not close (a crash, a kill, a database copied over with an old
    -wal still beside it), check what SQLite is about to replay before anyone uses it.

    Runs only when a non-empty -wal exists and no other process has the database open (an open
    session's -wal is live, not left over); on a copy, so a damaged original stays as it was.
    """
    wal = Path(f"{path}-wal")
    try:
        if wal.stat().st_size == 0:
            return []
    except OSError:
        return []
    if _live(path):
        return []
    return _check_copy(path, wal, thorough=True, limit=5)


def _live(path: Path) -> bool:
    """Is the -wal in use: another process holds the database, or this one has it open?"""
    return bool(processes_holding(path)) or open_here(path)


def open_here(path: Path) -> bool:
    """Does this process have the database (or its -wal or -shm) open? Read from the links in
    /proc/self/fd, never by opening anything. Linux only; False elsewhere."""
    import os

    names = {str(path.resolve()) + suffix for suffix in ("", "-wal", "-shm")}
    try:
        descriptors = os.listdir("/proc/self/fd")
    except OSError:
        return False
    for descriptor in descriptors:
        try:
            if os.readlink(f"/proc/self/fd/{descriptor}") in names:
                return True
        except OSError:
            continue
    return False
