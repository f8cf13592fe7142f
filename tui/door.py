"""The one door from the UI to the service: a typed method call under one lock.

    with app.door() as service:
        outcome = service.sections.move_on(meeting_id, readings, position)

Workers call the service only through the door, so calls never share a database session at
the same time, and mypy checks every call (name, arguments, result) against ChairService.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storage.service.chair import ChairService


class ServiceClosed(RuntimeError):
    """The door was used before the service opened (a screen should wait for `is_open`)."""


class ServiceDoor:
    """Holds the opened service and the lock that lets one call through at a time."""

    def __init__(self) -> None:
        self._service: ChairService | None = None
        self._lock = threading.RLock()

    def open(self, service: ChairService) -> None:
        self._service = service

    @property
    def is_open(self) -> bool:
        return self._service is not None

    @property
    def service(self) -> ChairService | None:
        """The service itself, for what needs no database (identity, config) and for tests."""
        return self._service

    def close(self, timeout: float = 30.0) -> None:
        """Checkpoint and close the database once any call in progress has finished; later
        calls raise ServiceClosed. Every exit path (q, ctrl+q, SIGHUP, SIGTERM) ends here."""
        if not self._lock.acquire(timeout=timeout):
            return  # a stuck call: SQLite's last close still folds the -wal in at exit
        try:
            service, self._service = self._service, None
            if service is not None:
                service.close()
        finally:
            self._lock.release()

    @contextmanager
    def __call__(self) -> Iterator[ChairService]:
        """The service, held for the `with` block (from a worker thread)."""
        service = self._service
        if service is None:
            raise ServiceClosed("the service is not open yet")
        with self._lock:
            yield service
