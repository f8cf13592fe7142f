"""Fresh databases for the tests without running Alembic for each: one migrated template per
test process, copied per test (a SQLite file copy; PostgreSQL's CREATE DATABASE ... TEMPLATE).

A copy is what a first open leaves after its migrations: every table at head, nothing in them
(no roster: the first service registers its config's people, as on a new database). The
migrations themselves are tested from an empty database by the tests marked `empty_database`
and by tests/storage/test_migrations.py.

The seeded demo (sample/history.py's past meetings, a few seconds of CPU) is likewise built
once per process and copied to each test or module that asks for it.
"""

from __future__ import annotations

import atexit
import datetime as dt
import os
import shutil
import sqlite3
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from sample.history import History

T = TypeVar("T")

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample" / "chair.toml"
DEMO_TODAY = dt.date(2026, 11, 26)

_folder: Path | None = None
_migrated: Path | None = None
_seeded: dict[dt.date, tuple[Path, History]] = {}
_built: dict[str, tuple[Path, Any]] = {}
_postgres_templates: dict[str, str] = {}


def own_folder() -> Path:
    """This test process's folder of templates and built copies (gone at the session's end)."""
    global _folder
    if _folder is None:
        _folder = Path(tempfile.mkdtemp(prefix="chair-test-templates-"))
        atexit.register(shutil.rmtree, _folder, True)  # also when used outside a pytest session
    return _folder


def _copy_sqlite(source: Path, target: Path) -> Path:
    """A consistent copy of a closed template, mode 0600 as Chair makes its files."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)
    shutil.copyfile(source, target)
    return target


def _close_into_one_file(path: Path) -> None:
    """Fold the write-ahead log into the file so one file copy is the whole database."""
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()


def migrated_sqlite(target: Path) -> Path:
    """Put an empty database at head at `target` (a new file) and return it."""
    global _migrated
    if _migrated is None:
        from storage.database.engine import make_engine
        from storage.database.schema import ensure_current

        path = own_folder() / "migrated.db"
        engine = make_engine(path)
        ensure_current(engine)
        engine.dispose()
        _close_into_one_file(path)
        _migrated = path
    return _copy_sqlite(_migrated, target)


def seeded_demo(target: Path, today: dt.date = DEMO_TODAY) -> History:
    """Put the demo's seeded past (sample/history.py, on the sample practice) at `target`;
    returns what the seeding recorded (read it, never change it: it is shared)."""
    if today not in _seeded:
        from config import load_config
        from sample.history import seed_history
        from storage.service.chair import ChairService

        config = load_config(SAMPLE)
        path = own_folder() / f"seeded-{today.isoformat()}.db"
        migrated_sqlite(path)
        history = seed_history(
            lambda day, login: ChairService(config, str(path), day, login), config, today
        )
        assert history is not None
        _close_into_one_file(path)
        _seeded[today] = (path, history)
    source, history = _seeded[today]
    _copy_sqlite(source, target)
    return history


def built_sqlite(key: str, target: Path, build: Callable[[Path], T]) -> T:
    """Put at `target` a copy of what `build` made of a migrated database (built once per test
    process for each `key`, then copied: for a costly set-up that many tests start from, such as
    a meeting walked to its end). Returns what `build` returned (shared: read it only)."""
    if key not in _built:
        path = own_folder() / f"built-{len(_built)}.db"
        migrated_sqlite(path)
        made = build(path)
        _close_into_one_file(path)
        _built[key] = (path, made)
    source, made = _built[key]
    for leftover in (target, Path(f"{target}-wal"), Path(f"{target}-shm")):
        leftover.unlink(missing_ok=True)  # e.g. the empty copy db_url put there
    _copy_sqlite(source, target)
    return made  # type: ignore[no-any-return]


def migrated_postgres(base_url: str, name: str) -> str:
    """CREATE DATABASE `name` from this process's migrated template; returns its URL."""
    from sqlalchemy import create_engine, text

    from storage.database.engine import make_engine, normalise_url
    from storage.database.schema import ensure_current

    server = base_url.rsplit("/", 1)[0]
    admin = create_engine(normalise_url(base_url), isolation_level="AUTOCOMMIT")
    try:
        template = _postgres_templates.get(server)
        if template is None:
            template = f"chair_template_{uuid.uuid4().hex[:12]}"
            with admin.connect() as connection:
                connection.execute(text(f'CREATE DATABASE "{template}"'))
            engine = make_engine(f"{server}/{template}")
            ensure_current(engine)
            engine.dispose()
            _postgres_templates[server] = template
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    finally:
        admin.dispose()
    return f"{server}/{name}"


def drop_templates(base_url: str | None) -> None:
    """At the end of the session: drop the PostgreSQL templates, delete the files."""
    if base_url and _postgres_templates:
        from sqlalchemy import create_engine, text

        from storage.database.engine import normalise_url

        admin = create_engine(normalise_url(base_url), isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as connection:
                for template in _postgres_templates.values():
                    connection.execute(text(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)'))
        finally:
            admin.dispose()
    _postgres_templates.clear()
    global _folder, _migrated
    if _folder is not None:
        shutil.rmtree(_folder, ignore_errors=True)
    _folder = _migrated = None
    _seeded.clear()
    _built.clear()
