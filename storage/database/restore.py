"""`chair db restore`: put a checked backup in place of the database, keeping what it replaces."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import tempfile
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from storage.database.integrity import integrity_problems, processes_holding
from storage.database.schema import HEAD, KNOWN_REVISIONS
from storage.errors import DatabaseError

CHAIR_TABLES = frozenset({"alembic_version", "meetings", "decisions", "actions", "audit_log"})
"""Tables every Chair schema has had since the first revision."""


@dataclass(frozen=True)
class Restored:
    """What a restore did: the schema of the backup and where the replaced files went."""

    revision: str
    kept: tuple[Path, ...]


def check_backup(backup: Path) -> str:
    """Refuse a backup that is not whole or not Chair's; return its schema revision."""
    if backup.is_symlink() or not backup.is_file():
        what = "a symbolic link" if backup.is_symlink() else "not a file"
        raise DatabaseError(f"{backup}: {what}; give the backup file itself")
    wal = Path(f"{backup}-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise DatabaseError(
            f"{backup}: has a {wal.name} beside it (a copy of a live database, not a backup); "
            "use a file made by 'chair db backup'"
        )
    problems = integrity_problems(backup, thorough=True)
    if problems:
        raise DatabaseError(
            f"{backup}: the backup is damaged ({'; '.join(problems[:2])}); try an older one"
        )
    uri = f"file:{quote(str(backup.resolve()))}?mode=ro"
    try:
        with closing(sqlite3.connect(uri, uri=True)) as connection:
            tables = {
                name
                for (name,) in connection.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table'"
                )
            }
            missing = CHAIR_TABLES - tables
            if missing:
                raise DatabaseError(
                    f"{backup}: not a Chair backup (no {', '.join(sorted(missing))} table)"
                )
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"{backup}: not a Chair backup ({exc})") from None
    revision = None if row is None else str(row[0])
    if revision is None:
        raise DatabaseError(f"{backup}: not a Chair backup (no schema version)")
    if revision not in KNOWN_REVISIONS:
        raise DatabaseError(
            f"{backup}: made by a newer Chair (schema {revision}, this Chair knows up to "
            f"{HEAD}); upgrade Chair first"
        )
    return revision


def restore_sqlite(database: Path, backup: Path, now: dt.datetime) -> Restored:
    """Check the backup, refuse while anyone has the database open, move the database and its
    -wal / -shm aside (renamed `NAME.replaced-YYYYMMDD-HHMMSS`), then install a private copy
    of the backup in its place (0600, or 0660 in a setgid group folder). The caller upgrades
    the schema."""
    from storage.database.engine import refuse_special_file

    refuse_special_file(database, "--db / CHAIR_DB")
    revision = check_backup(backup)
    if database.exists() and database.resolve() == backup.resolve():
        raise DatabaseError(f"{backup}: is the database itself; give a backup file")
    _refuse_held(database)
    directory = database.parent
    temporary = _private_copy(backup, directory, database.name)
    stamp = now.strftime("%Y%m%d-%H%M%S")
    kept: list[Path] = []
    try:
        # Again after the (slow) copy, just before the swap: a Chair that opened the database
        # while the backup was copied is refused here, not left writing to the file moved
        # aside. One that opens it after this is refused at its first write, in words, by the
        # check every transaction makes that its file is still the one at the path
        # (storage.database.engine.file_identity).
        _refuse_held(database)
        for suffix in ("", "-wal", "-shm"):
            current = Path(f"{database}{suffix}")
            if current.exists() or current.is_symlink():
                aside = directory / f"{database.name}{suffix}.replaced-{stamp}"
                os.rename(current, aside)
                kept.append(aside)
        os.rename(temporary, database)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return Restored(revision, tuple(kept))


def _refuse_held(database: Path) -> None:
    holders = processes_holding(database)
    if holders:
        raise DatabaseError(
            f"{database}: in use by process {', '.join(map(str, holders))}; everyone must "
            "leave Chair (q) before a restore — nothing was changed"
        )


def _private_copy(backup: Path, directory: Path, name: str) -> str:
    """The backup copied into a new private file in the database's folder, synced to disk."""
    from storage.database.private_files import private_mode

    database = directory / name
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=".restoring", dir=directory)
    except OSError as exc:  # the user's database and folder, never the temporary file's name
        raise DatabaseError(
            f"{database}: cannot restore there ({exc.strerror or exc}: the folder {directory}); "
            "nothing was changed"
        ) from None
    try:
        os.fchmod(fd, private_mode(directory))
        with open(backup, "rb") as source, os.fdopen(fd, "wb") as target:
            while chunk := source.read(1 << 20):
                target.write(chunk)
            target.flush()
            os.fsync(target.fileno())
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise DatabaseError(
            f"{database}: cannot restore {backup} there ({exc.strerror or exc}); nothing was "
            "changed"
        ) from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return temporary
