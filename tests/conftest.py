import os
from collections.abc import Iterator

import pytest

from tests import quiet_pilot, shared_readings
from tests.db_templates import drop_templates
from tests.pg_server import pytest_collection_finish, pytest_report_header, pytest_sessionfinish  # noqa: F401 - a throw-away PostgreSQL server for the session

LONGEST_FIRST = (
    "tests/safety/test_backup_restore.py",
    "tests/safety/test_crash_harness.py",
    "tests/across/test_history.py",
    "tests/tui/test_forms_typing.py",
    "tests/safety/test_tamper_evidence.py",
    "tests/tui/test_meeting_extras.py",
    "tests/safety/test_altered_minutes.py",
    "tests/domain/test_nhs_numbers.py",
    "tests/tui/test_escalations_in.py",
    "tests/tui/test_work_sections.py",
    "tests/tui/test_prepared_minutes.py",
    "tests/tui/test_decision_shapes.py",
    "tests/safety/test_restore.py",
    "tests/safety/test_witness.py",
    "tests/safety/test_bad_input.py",
)
"""Files holding the longest single tests (several CPU seconds each): they start first, so on
two workers (--dist worksteal) the run never ends waiting on one long test while the other
worker is idle; the short ones fill in around them."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {path: number for number, path in enumerate(LONGEST_FIRST)}
    first = len(LONGEST_FIRST)
    items.sort(key=lambda item: rank.get(item.nodeid.split("::", 1)[0], first))


@pytest.fixture(autouse=True)
def _own_cache_folder(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each test has its own user cache folder (the readings cache lives there), so no test
    sees another's cached readings, and none writes to the real one."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))


@pytest.fixture(autouse=True)
def _pilot_waits_for_events(monkeypatch: pytest.MonkeyPatch) -> None:
    """A Pilot's keys and pauses wait until the app has nothing left to do, not for the
    process to look idle by the clock (tests/quiet_pilot.py)."""
    quiet_pilot.install(monkeypatch)


@pytest.fixture(autouse=True)
def _sample_readings_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """A service over the committed sample with no cache folder of its own keeps its readings
    in one cache folder per test process (tests/shared_readings.py)."""
    shared_readings.install(monkeypatch)


@pytest.fixture(scope="session", autouse=True)
def _database_templates() -> Iterator[None]:
    """The migrated and seeded templates (tests/db_templates.py) go when the session ends."""
    yield
    drop_templates(os.environ.get("CHAIR_TEST_POSTGRES_URL"))
