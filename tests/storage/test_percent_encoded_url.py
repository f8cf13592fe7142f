"""A PostgreSQL URL with percent-encoding (a socket folder in `?host=%2F...`, an encoded
password) used to end in a traceback from Alembic's config parser (issue 18, part 8)."""

from __future__ import annotations

import os
import uuid
from urllib.parse import quote

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from config import ChairConfig
from storage.database.engine import normalise_url
from storage.database.schema import alembic_config
from storage.service.chair import ChairService
from tests.storage.conftest import TODAY

ENCODED = "postgresql+psycopg://chair:p%40ss%25word@/chair?host=%2Fvar%2Frun%2Fpostgresql"


def test_alembic_is_given_a_percent_encoded_url_unchanged() -> None:
    engine = create_engine(ENCODED)  # not connected: only the URL is read
    config = alembic_config(engine)
    assert config.get_main_option("sqlalchemy.url") == ENCODED  # type: ignore[attr-defined]


@pytest.mark.postgres
def test_chair_opens_and_upgrades_a_database_named_by_a_percent_encoded_url(
    config: ChairConfig,
) -> None:
    base = os.environ.get("CHAIR_TEST_POSTGRES_URL")
    if not base:
        pytest.skip("CHAIR_TEST_POSTGRES_URL not set")
    admin = create_engine(normalise_url(base), isolation_level="AUTOCOMMIT")
    name = f"chair_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        sockets = str(connection.execute(text("SHOW unix_socket_directories")).scalar())
        port = connection.execute(text("SHOW port")).scalar()
        user = connection.execute(text("SELECT current_user")).scalar()
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    folder = sockets.split(",")[0].strip()
    given = make_url(normalise_url(base))
    if given.password:  # a server that asks for a password (CI's): every byte of it encoded
        password = "".join(f"%{byte:02X}" for byte in given.password.encode())
        url = f"postgresql://{user}:{password}@{given.host}:{port}/{name}"
        assert "%" in url
    else:  # a throw-away server that trusts its socket: the socket folder encoded
        url = f"postgresql://{user}@/{name}?host={quote(folder, safe='')}&port={port}"
        assert "%2F" in url
    try:
        service = ChairService(config, url, TODAY, "spatel")  # runs every migration
        try:
            meeting = service.meetings.start("weekly-ops")
            service.meetings.add_aob(meeting.id, "through a percent-encoded URL")
            assert [item.title for item in service.meetings.get(meeting.id).aob] == [
                "through a percent-encoded URL"
            ]
        finally:
            service.close()
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
