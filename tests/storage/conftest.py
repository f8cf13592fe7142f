"""Storage tests run the real migrations on a real SQLite file (and PostgreSQL when given)."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from config import ChairConfig, load_config
from storage.service.chair import ChairService
from tests.db_templates import migrated_postgres, migrated_sqlite

SAMPLE = Path(__file__).resolve().parents[2] / "sample" / "chair.toml"
TODAY = dt.date(2026, 11, 26)


@pytest.fixture(scope="session")
def config() -> ChairConfig:
    return load_config(SAMPLE)


def _postgres_url() -> str | None:
    return os.environ.get("CHAIR_TEST_POSTGRES_URL")


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh database per test: a SQLite file, or a fresh PostgreSQL database when
    CHAIR_TEST_POSTGRES_URL points at a server (else the PostgreSQL variant is skipped).

    It is at head already (a copy of a migrated template: tests/db_templates.py), nothing in
    it; a test marked `empty_database` gets no file / an empty database, to migrate itself."""
    empty = request.node.get_closest_marker("empty_database") is not None
    if request.param == "sqlite":
        path = tmp_path / "chair.db"
        if not empty:
            migrated_sqlite(path)
        yield str(path)
        return
    base = _postgres_url()
    if not base:
        pytest.skip("CHAIR_TEST_POSTGRES_URL not set")
    from sqlalchemy import create_engine, text

    from storage.database.engine import normalise_url

    name = f"chair_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(normalise_url(base), isolation_level="AUTOCOMMIT")
    if empty:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        url = base.rsplit("/", 1)[0] + "/" + name
    else:
        url = migrated_postgres(base, name)
    yield url
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def service(config: ChairConfig, db_url: str) -> Iterator[ChairService]:
    svc = ChairService(config, db_url, TODAY, "spatel")
    yield svc
    svc.close()
