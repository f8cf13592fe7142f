"""A database's content as one hash, to prove a refused entry or a bad input changed nothing."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlalchemy import Engine, inspect, text


def content_hash(engine: Engine) -> str:
    """SHA-256 over every row of every table, in primary-key order (SQLite or PostgreSQL)."""
    digest = hashlib.sha256()
    with engine.connect() as connection:
        for table in sorted(inspect(connection).get_table_names()):
            digest.update(table.encode())
            for row in connection.execute(text(f'SELECT * FROM "{table}" ORDER BY 1')):
                digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


def file_hash(path: Path) -> str:
    """SHA-256 of a file's bytes, and of its -wal and -shm companions if present."""
    digest = hashlib.sha256()
    for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        if candidate.exists():
            digest.update(candidate.name.encode() + candidate.read_bytes())
    return digest.hexdigest()
