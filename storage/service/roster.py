"""Registering the roster (people and who chairs) with the record, and checking the record
against it."""

from __future__ import annotations

from storage.security import roster
from storage.service.store import Store


class Roster:
    """The registered roster: registering a new one, and what differs from it."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def register(self) -> list[str]:
        """Register the given config's people as the roster; only a chair of the roster
        registered now may. Returns what changed ([] when it was already registered)."""
        self._store.require_chair("register a new roster")
        with self._store.sessions() as session:
            registered = roster.current(session)
        before = list(registered.people) if registered else []
        after = list(self._store.given_config.people)
        if registered is not None and roster.people_json(before) == roster.people_json(after):
            return []
        if not any(p.chair for p in after):
            from storage.errors import NotAllowed

            raise NotAllowed("the new roster has nobody with chair = true; keep at least one")
        self._store.register_roster(after)
        return roster.changes(before, after) or ["(order only)"]

    def differs(self) -> list[str]:
        """How the given config's people differ from the registered roster ([] if not at all)."""
        return roster.changes(self._store.config.people, self._store.given_config.people)

    def problems(self) -> list[str]:
        """Meetings, approvals and registrations by someone not a chair in the roster then."""
        with self._store.sessions() as session:
            return roster.record_problems(session)

    def apply_sql(self, script: str) -> None:
        """Run an SQL script (several statements, its own BEGIN/COMMIT) on PostgreSQL."""
        from sqlalchemy.exc import DBAPIError

        from storage.errors import DatabaseError

        raw = self._store.engine.raw_connection()
        try:
            driver = raw.driver_connection
            driver.autocommit = True  # type: ignore[union-attr]
            driver.execute(script)  # type: ignore[union-attr]
        except (DBAPIError, Exception) as exc:  # psycopg's own errors are not SQLAlchemy's
            if type(exc).__module__.split(".")[0] not in {"psycopg", "sqlalchemy"}:
                raise
            raise DatabaseError(
                f"the grants were not applied: {str(exc).splitlines()[0]}"
            ) from None
        finally:
            raw.close()
