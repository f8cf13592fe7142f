import os
from collections.abc import Iterator

import pytest

from tests.db_templates import drop_templates
from tests.pg_server import pytest_collection_finish, pytest_report_header, pytest_sessionfinish  # noqa: F401 - a throw-away PostgreSQL server for the session


@pytest.fixture(autouse=True)
def _own_cache_folder(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each test has its own user cache folder (the readings cache lives there), so no test
    sees another's cached readings, and none writes to the real one."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))


@pytest.fixture(scope="session", autouse=True)
def _database_templates() -> Iterator[None]:
    """The migrated and seeded templates (tests/db_templates.py) go when the session ends."""
    yield
    drop_templates(os.environ.get("CHAIR_TEST_POSTGRES_URL"))
