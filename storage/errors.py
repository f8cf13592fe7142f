"""Errors a user can cause through storage: each is one plain line for the screen or stderr."""

from __future__ import annotations

from dataclasses import dataclass


class UserError(Exception):
    """Shown to the user as one line; the CLI exits 2."""


@dataclass(frozen=True)
class Problem:
    field: str
    message: str


class InvalidEntry(UserError):
    """An entry that fails validation; `problems` says which field and why."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{p.field}: {p.message}" for p in problems))


class NotAllowed(UserError):
    """The OS login may not make this change (read-only users, other people's actions)."""


class Conflict(UserError):
    """Someone else changed the record since it was read; nothing was overwritten."""


class DatabaseError(UserError):
    """The database cannot be used: not a database, newer schema, unreadable."""


class NotFound(UserError):
    """No such meeting, action or decision."""


class DatabaseDamaged(DatabaseError):
    """The database file is damaged (SQLite says malformed or not a database): restore a backup."""
