"""Tests across meetings (the loop coming back): the storage fixtures on a real database."""

from __future__ import annotations

from tests.storage.conftest import config, db_url, service  # noqa: F401 - pytest fixtures
