from tests.pg_server import pytest_collection_finish, pytest_report_header, pytest_sessionfinish  # noqa: F401 - a throw-away PostgreSQL server for the session
