"""Action updates against the audit log: each update is signed (`by_login`) by its author.

Every update Chair writes to `action_updates` is recorded in the same transaction by an audit
entry (`action` / `update`) in the author's name, and the audit log is hash-chained. So an update
whose signature is not the login of its audit entry, whose note differs from the note the entry
recorded, or that no entry records, was written or rewritten outside Chair. On PostgreSQL with
`chair db grant` the engine already refuses a member's rewrite or forgery; this check also sees
what the tables' owner, or anyone with the SQLite file, did.

Updates and entries are paired per action in order (the k-th update of an action with the k-th
audit entry of an update to it): each of Chair's writers adds exactly one of each.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.database.models import ActionUpdateRow, AuditRow


@dataclass(frozen=True)
class Entry:
    """An audit entry of an action update: who it names and the note it recorded."""

    audit_id: int
    login: str
    note: str | None


def _entry(audit_id: int, login: str, after: str | None) -> Entry:
    try:
        recorded = json.loads(after) if after else {}
    except ValueError:
        recorded = {}
    note = recorded.get("note") if isinstance(recorded, dict) else None
    return Entry(audit_id, login, note if isinstance(note, str) else None)


def update_problems(session: Session) -> list[str]:
    """One line per action update whose signature or note is not what its audit entry says."""
    entries: dict[int, list[Entry]] = {}
    audited = session.execute(
        select(AuditRow.id, AuditRow.entity_id, AuditRow.login, AuditRow.after)
        .where(AuditRow.entity == "action", AuditRow.what == "update")
        .order_by(AuditRow.id)
    )
    for audit_id, action_id, login, after in audited:
        entries.setdefault(int(action_id or 0), []).append(_entry(audit_id, login, after))
    updates: dict[int, list[ActionUpdateRow]] = {}
    for row in session.scalars(select(ActionUpdateRow).order_by(ActionUpdateRow.id)):
        updates.setdefault(row.action_id, []).append(row)
    problems: list[str] = []
    for action_id in sorted(set(updates) | set(entries)):
        problems += _compare(action_id, updates.get(action_id, []), entries.get(action_id, []))
    return problems


def _compare(
    action_id: int, rows: Sequence[ActionUpdateRow], entries: Sequence[Entry]
) -> list[str]:
    problems: list[str] = []
    for index, row in enumerate(rows):
        label = f"action update {row.id} (action {action_id})"
        if index >= len(entries):
            problems.append(
                f"{label}: signed by {row.by_login}, but no audit log entry records it: it was "
                "written outside Chair"
            )
            continue
        entry = entries[index]
        if row.by_login != entry.login:
            problems.append(
                f"{label}: signed by {row.by_login}, but the audit log (row {entry.audit_id}) "
                f"records {entry.login} as its author"
            )
        elif entry.note is not None and row.note != entry.note:
            problems.append(
                f"{label}: its note differs from the note the audit log (row {entry.audit_id}) "
                "recorded: it was rewritten after it was written"
            )
    for entry in entries[len(rows) :]:
        problems.append(
            f"action {action_id}: the audit log (row {entry.audit_id}) records an update by "
            f"{entry.login} that is missing from the action's updates"
        )
    return problems


def action_problems(session: Session) -> list[str]:
    """One line per action whose owner or date is not the one its latest audit entry (its
    creation, or an update since) recorded: it was changed outside Chair."""
    from storage.database.models import ActionRow

    recorded: dict[int, tuple[int, dict[str, object]]] = {}
    audited = session.execute(
        select(AuditRow.id, AuditRow.entity_id, AuditRow.after)
        .where(AuditRow.entity == "action", AuditRow.what.in_(("create", "update")))
        .order_by(AuditRow.id)
    )
    for audit_id, action_id, after in audited:
        try:
            values = json.loads(after) if after else {}
        except ValueError:
            continue
        if not isinstance(values, dict):
            continue
        _, known = recorded.get(int(action_id or 0), (0, {}))
        fields = {k: values[k] for k in ("owner", "due") if k in values}
        recorded[int(action_id or 0)] = (audit_id, known | fields)
    problems: list[str] = []
    for row in session.scalars(select(ActionRow).order_by(ActionRow.id)):
        if row.id not in recorded:
            problems.append(
                f"action {row.id}: no entry in the audit log records its creation: it was "
                "inserted outside Chair"
            )
            continue
        audit_id, known = recorded[row.id]
        now = {"owner": row.owner_id, "due": row.due.isoformat() if row.due else None}
        for field, value in now.items():
            if field in known and known[field] != value:
                problems.append(
                    f"action {row.id}: its {field} is {value}, but the audit log (up to row "
                    f"{audit_id}) last recorded {known[field]}: it was changed outside Chair"
                )
    return problems
