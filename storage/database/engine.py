"""Engines: SQLite (WAL, foreign keys, busy timeout, mode 0600) or PostgreSQL, by URL."""

from __future__ import annotations

import errno
import os
import sqlite3
import stat
from contextlib import closing
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DatabaseError as SQLAlchemyDatabaseError
from sqlalchemy.exc import OperationalError

from storage.data.file_kind import special_kind
from storage.database.integrity import damaged_message, is_corrupt, is_damage, leftover_wal_problems
from storage.database.text_cells import text_decoder
from storage.errors import DatabaseDamaged, DatabaseError

BUSY_TIMEOUT_MS = 30_000
"""How long a writer waits for another writer before giving up (never 'database is locked')."""


def normalise_url(url_or_path: str | Path) -> str:
    """A file path or a SQLAlchemy URL to a SQLAlchemy URL."""
    text_url = str(url_or_path)
    if "://" in text_url:
        if text_url.startswith("postgresql://"):
            return "postgresql+psycopg://" + text_url.removeprefix("postgresql://")
        return text_url
    try:
        resolved = Path(text_url).expanduser().resolve()
    except (RuntimeError, OSError) as exc:  # a symlink loop, an unreadable parent
        raise DatabaseError(f"{text_url}: cannot be used as a database path ({exc})") from None
    return f"sqlite:///{resolved}"


def sqlite_path(url: str) -> Path | None:
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        return Path(url.removeprefix("sqlite:///"))
    return None


def _create_private_file(path: Path) -> None:
    """Create the database file with mode 0600, or 0660 in a setgid shared directory."""
    path.parent.mkdir(parents=True, exist_ok=True)
    parent_mode = path.parent.stat().st_mode
    shared = bool(parent_mode & stat.S_ISGID) and bool(parent_mode & stat.S_IWGRP)
    mode = 0o660 if shared else 0o600
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, mode)
    except FileExistsError:
        return
    except (PermissionError, OSError) as exc:
        if isinstance(exc, PermissionError) or exc.errno == errno.EROFS:
            raise DatabaseError(
                f"cannot write {path}: read-only (its folder {path.parent}); "
                "ask who runs the server"
            ) from None
        raise
    os.close(fd)
    os.chmod(path, mode)


def make_engine(url_or_path: str | Path) -> Engine:
    """An engine for the URL. SQLite writes take the lock up front (BEGIN IMMEDIATE) and wait."""
    url = normalise_url(url_or_path)
    path = sqlite_path(url)
    if path is None:
        return create_engine(url, pool_pre_ping=True)
    if path.is_dir():
        raise DatabaseError(f"{path}: is a directory; give a database file path")
    refuse_special_file(path, "--db / CHAIR_DB")
    _create_private_file(path)
    _refuse_read_only(path)
    _refuse_damaged_leftover(path)
    _refuse_foreign(path)
    engine = create_engine(
        url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}
    )
    decoder = text_decoder(path)
    identity = file_identity(path)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event emit BEGIN itself (pysqlite's own is deferred).
        dbapi_connection.isolation_level = None
        # One invalid UTF-8 byte is shown as U+FFFD and named by the command, never a traceback.
        dbapi_connection.text_factory = decoder
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.close()

    @event.listens_for(engine, "handle_error")
    def _on_error(context: Any) -> BaseException | None:
        # A damaged file can surface at any query: one line naming it, never a traceback.
        if is_damage(context.original_exception):
            return DatabaseDamaged(damaged_message(path, _reason(context.original_exception)))
        return None

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # IMMEDIATE: a writer queues for the lock at the start instead of failing on upgrade.
        connection.exec_driver_sql("BEGIN IMMEDIATE")
        # With the lock held (a restore holds it while it copies): is the file this engine
        # opened still the one at the path? Else nothing is written to the file moved aside.
        if file_identity(path) != identity:
            connection.exec_driver_sql("ROLLBACK")
            raise DatabaseError(replaced_message(path))

    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT count(*) FROM sqlite_master"))
    except DatabaseDamaged:
        engine.dispose()
        raise
    except (SQLAlchemyDatabaseError, OperationalError) as exc:
        engine.dispose()
        raise DatabaseError(
            f"{path}: not a Chair database ({_reason(exc)}); check --db / CHAIR_DB"
        ) from None
    return engine


def file_identity(path: Path) -> tuple[int, int] | None:
    """(device, inode) of the file at the path, None if there is none (never opens it)."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_dev, info.st_ino)


def replaced_message(path: Path) -> str:
    """The refusal for a process whose database file was restored (replaced) under it."""
    import datetime as dt

    try:
        when = dt.datetime.fromtimestamp(os.stat(path).st_ctime).strftime("%H:%M")
    except OSError:
        return f"{path}: the database was moved away while Chair had it open; restart Chair"
    return f"{path}: the database was restored at {when}; restart Chair (this change was not saved)"


def checkpoint_and_close(engine: Engine) -> None:
    """Close every pooled connection; for SQLite first fold the write-ahead log into the
    database file (TRUNCATE leaves no -wal content behind for a copy or a restore to trip on).
    Best effort: a checkpoint another process blocks is finished by the last one out."""
    if engine.dialect.name == "sqlite":
        try:
            raw = engine.raw_connection()
            try:
                raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # type: ignore[union-attr]
            finally:
                raw.close()
        except (SQLAlchemyDatabaseError, sqlite3.Error, DatabaseError):
            pass
    engine.dispose()


def _refuse_damaged_leftover(path: Path) -> None:
    problems = leftover_wal_problems(path)
    if problems:
        raise DatabaseDamaged(damaged_message(path, "; ".join(problems[:2])))


def _refuse_foreign(path: Path) -> None:
    """Refuse, before anything is written (even the switch to WAL), a file that is not a
    database or is another program's database (tables, but no Chair schema version)."""
    try:
        tables = _table_names(path)
    except sqlite3.DatabaseError as exc:
        if is_corrupt(exc):
            raise DatabaseDamaged(damaged_message(path, _reason(exc))) from None
        raise DatabaseError(
            f"{path}: not a Chair database ({str(exc).splitlines()[0]}); check --db / CHAIR_DB"
        ) from None
    if tables and "alembic_version" not in tables:
        raise DatabaseError(
            f"{path}: not a Chair database (it holds another program's tables); "
            "check --db / CHAIR_DB"
        )


def refuse_special_file(path: Path, option: str) -> None:
    """Refuse a FIFO, device or socket before anything opens it (opening a FIFO blocks)."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise DatabaseError(f"{path}: cannot be used ({exc.strerror}); check {option}") from None
    kind = None if stat.S_ISDIR(mode) else special_kind(mode)
    if kind is None:
        return
    raise DatabaseError(f"{path}: is {kind}, not a file; check {option}")


def _refuse_read_only(path: Path) -> None:
    """Chair writes on every open (migrations, WAL): say so plainly for a read-only file or
    folder, rather than let SQLite call it 'not a Chair database'."""
    if not os.access(path, os.W_OK):
        raise DatabaseError(f"cannot write {path}: read-only (the file); ask who runs the server")
    if not os.access(path.parent, os.W_OK | os.X_OK):
        missing = [
            name
            for name in (f"{path.name}-wal", f"{path.name}-shm")
            if not os.access(path.parent / name, os.W_OK)
        ]
        if missing:
            raise DatabaseError(
                f"cannot write {path}: read-only (its folder {path.parent}, where SQLite keeps "
                f"{' and '.join(missing)}); ask who runs the server"
            )


def _table_names(path: Path) -> set[str]:
    """The tables, read without writing; read-write only when SQLite insists."""
    try:
        return _read_table_names(path, "ro")
    except sqlite3.OperationalError as exc:
        if "readonly" not in str(exc):
            raise
        # After a crash a WAL database may need its index rebuilt on the first read, which a
        # read-only connection cannot do (SQLITE_READONLY_RECOVERY).
        return _read_table_names(path, "rw")


def _read_table_names(path: Path, mode: str) -> set[str]:
    uri = f"file:{quote(str(path))}?mode={mode}"
    with closing(sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)) as probe:
        return {
            name for (name,) in probe.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }


def _reason(exc: Exception) -> str:
    orig = getattr(exc, "orig", None)
    return str(orig or exc).splitlines()[0]
