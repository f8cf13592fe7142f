"""The hash chains of the record (like a Git history) and the append-only triggers.

Each audit row, each minutes approval and each registered roster carries `chain_hash`:
SHA-256 of the previous row's hash and this row's content. Editing a row breaks its own hash;
editing it and recomputing its own hash breaks the next row's, so `chair check` names the first
broken link. The definition below must never change: every stored chain depends on it.

The triggers make the chained tables refuse UPDATE and DELETE inside the database; `chair check`
reports a missing (or disabled) trigger and `chair db upgrade` puts it back.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, text

GENESIS = ""
"""The `previous hash` of a chain's first row."""

CHAINED_TABLES: dict[str, tuple[str, ...]] = {
    "audit_log": ("when", "login", "entity", "entity_id", "what", "before", "after"),
    "minutes_approvals": (
        "meeting_id",
        "approved_at_meeting_id",
        "amendments",
        "when",
        "by_login",
        "minutes_hash",
    ),
    "rosters": ("registered", "by_login", "people"),
}
"""Each chained table and the columns its hash covers, in hash order."""


def _plain(value: object) -> object:
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None).isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def link_hash(previous: str, values: Sequence[object]) -> str:
    """The chain hash of a row: SHA-256 of the previous hash, a newline, and the row's values
    as compact JSON (dates as ISO text)."""
    body = json.dumps([_plain(v) for v in values], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"{previous}\n{body}".encode()).hexdigest()


@dataclass(frozen=True)
class BrokenLink:
    """Where a chain stops following: the first row whose hash is not the hash of its content
    and its predecessor's hash."""

    table: str
    row_id: int
    previous_id: int | None

    def describe(self) -> str:
        label = TABLE_LABELS[self.table]
        if self.previous_id is None:
            return (
                f"{label}: the chain breaks at its first row ({self.row_id}): it was changed "
                "after it was written, or rows before it were deleted"
            )
        return (
            f"{label}: the chain breaks at row {self.row_id}: row {self.row_id} or row "
            f"{self.previous_id} before it was changed after it was written, or rows between "
            "them were deleted"
        )


TABLE_LABELS = {
    "audit_log": "audit log",
    "minutes_approvals": "minutes approvals",
    "rosters": "registered rosters",
}


def rows_in_order(connection: Connection, table: str) -> list[tuple[object, ...]]:
    """(id, chain_hash, *hashed columns) of every row, oldest first, with typed values."""
    from sqlalchemy import DateTime, Integer, Text, column, select
    from sqlalchemy import table as table_clause

    types = {"when": DateTime, "registered": DateTime}
    ints = {"entity_id", "meeting_id", "approved_at_meeting_id"}
    columns = [
        column(name, types.get(name, Integer if name in ints else Text))
        for name in ("id", "chain_hash", *CHAINED_TABLES[table])
    ]
    query = select(*columns).select_from(table_clause(table, *columns)).order_by(columns[0])
    return [tuple(row) for row in connection.execute(query)]


def first_broken_link(table: str, rows: Iterable[Sequence[object]]) -> BrokenLink | None:
    """Walk (id, chain_hash, *values) oldest first; the first row whose hash does not follow."""
    previous_hash = GENESIS
    previous_id: int | None = None
    for row in rows:
        row_id, stored, values = int(row[0]), row[1], row[2:]  # type: ignore[call-overload]
        expected = link_hash(previous_hash, values)
        if stored != expected:
            # Either this row changed, or the one before changed and had its own hash
            # recomputed (then this row no longer follows it), or rows between were deleted.
            return BrokenLink(table, row_id, previous_id)
        previous_hash = str(stored)
        previous_id = row_id
    return None


def verify_chain(connection: Connection, table: str) -> BrokenLink | None:
    return first_broken_link(table, rows_in_order(connection, table))


def last_hash(connection: Connection, table: str) -> str:
    stored = connection.execute(
        text(f"SELECT chain_hash FROM {table} ORDER BY id DESC LIMIT 1")  # noqa: S608 - fixed names
    ).scalar()
    return GENESIS if stored is None else str(stored)


# ---------------------------------------------------------------------- triggers

REFUSALS = {
    "audit_log": "the audit log is append-only",
    "minutes_approvals": "minutes approvals are append-only",
    "rosters": "registered rosters are append-only",
}
SQLITE_TRIGGERS = {
    f"{table}_no_{verb.lower()}": (
        f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{REFUSALS[table]}'); END"
    )
    for table in CHAINED_TABLES
    for verb in ("UPDATE", "DELETE")
}
"""The append-only triggers of a SQLite database, by name."""

POSTGRES_FUNCTION = (
    "CREATE OR REPLACE FUNCTION chair_append_only() RETURNS trigger AS $$ BEGIN "
    "RAISE EXCEPTION 'the % table is append-only', TG_TABLE_NAME; END $$ LANGUAGE plpgsql"
)
POSTGRES_TRIGGERS = {
    f"{table}_append_only": (
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION "
        + ("audit_log_refuse()" if table == "audit_log" else "chair_append_only()")
    )
    for table in CHAINED_TABLES
}
"""The append-only triggers of a PostgreSQL database, by name (the audit log keeps the
function the first migration gave it)."""
POSTGRES_AUDIT_FUNCTION = (
    "CREATE OR REPLACE FUNCTION audit_log_refuse() RETURNS trigger AS $$ BEGIN "
    "RAISE EXCEPTION 'the audit log is append-only'; END $$ LANGUAGE plpgsql"
)


def expected_triggers(dialect: str) -> dict[str, str]:
    return SQLITE_TRIGGERS if dialect == "sqlite" else POSTGRES_TRIGGERS


def present_triggers(connection: Connection) -> set[str]:
    """Names of the append-only triggers that exist and are enabled."""
    if connection.dialect.name == "sqlite":
        rows = connection.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))
    else:
        rows = connection.execute(
            text("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'D'")
        )
    return {str(name) for (name,) in rows}


def missing_triggers(connection: Connection) -> list[str]:
    present = present_triggers(connection)
    return sorted(set(expected_triggers(connection.dialect.name)) - present)


def restore_triggers(connection: Connection) -> list[str]:
    """Create (or re-enable) every missing append-only trigger; the names restored."""
    missing = missing_triggers(connection)
    if not missing:
        return []
    dialect = connection.dialect.name
    if dialect != "sqlite":
        connection.execute(text(POSTGRES_FUNCTION))
        connection.execute(text(POSTGRES_AUDIT_FUNCTION))
    for name in missing:
        table = next(t for t in CHAINED_TABLES if name.startswith(t))
        if dialect == "sqlite":
            connection.execute(text(f"DROP TRIGGER IF EXISTS {name}"))
        else:
            connection.execute(text(f"DROP TRIGGER IF EXISTS {name} ON {table}"))
        connection.execute(text(expected_triggers(dialect)[name]))
    return missing


def drop_triggers(connection: Connection, tables: Iterable[str]) -> None:
    """Drop the append-only triggers of these tables (only for a migration's backfill)."""
    dialect = connection.dialect.name
    for name in expected_triggers(dialect):
        table = next(t for t in CHAINED_TABLES if name.startswith(t))
        if table not in tables:
            continue
        if dialect == "sqlite":
            connection.execute(text(f"DROP TRIGGER IF EXISTS {name}"))
        else:
            connection.execute(text(f"DROP TRIGGER IF EXISTS {name} ON {table}"))
