"""The record's own evidence: hash chains, append-only triggers, approvals that match, no
patient identifiers, and a consistent copy."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from storage.database.engine import sqlite_path
from storage.database.models import AuditRow, MeetingRow, MinutesApprovalRow
from storage.errors import DatabaseError
from storage.security import chain
from storage.service.store import Store


@dataclass(frozen=True)
class ChainHead:
    """The newest link of a chain: compare it with a copy kept elsewhere to detect truncation."""

    table: str
    rows: int
    head: str


class History:
    """Checking the record against itself, and backing it up."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def verify(self) -> list[str]:
        """One line per problem: a missing append-only trigger, the first broken link of each
        chain, an approval recorded in the audit log but missing, approved minutes whose text or
        hash no longer match their approval, an action update not signed by its author."""
        from storage.security import signatures

        problems: list[str] = []
        with self._store.engine.connect() as connection:
            for name in chain.missing_triggers(connection):
                problems.append(
                    f"append-only trigger {name} is missing or disabled "
                    "(run 'chair db upgrade' to restore it)"
                )
            for table in chain.CHAINED_TABLES:
                broken = chain.verify_chain(connection, table)
                if broken is not None:
                    problems.append(broken.describe())
        problems += self._approvals_match()
        with self._store.sessions() as session:
            problems += signatures.update_problems(session)
            problems += signatures.action_problems(session)
        return problems

    def check_witnesses(self, files: list[Path]) -> tuple[list[str], list[str]]:
        """(problems, confirmations) for the chain heads printed in these copies of minutes."""
        from storage.security import witness

        with self._store.engine.connect() as connection:
            return witness.check_files(connection, files)

    def chain_heads(self) -> list[ChainHead]:
        with self._store.engine.connect() as connection:
            return [
                ChainHead(table, len(rows), str(rows[-1][1]) if rows else chain.GENESIS)
                for table in chain.CHAINED_TABLES
                for rows in (chain.rows_in_order(connection, table),)
            ]

    def _approvals_match(self) -> list[str]:
        problems: list[str] = []
        with self._store.sessions() as session:
            approvals = session.scalars(select(MinutesApprovalRow).order_by(MinutesApprovalRow.id))
            latest: dict[int, MinutesApprovalRow] = {}
            hashes: set[str] = set()
            for each in approvals:
                latest[each.meeting_id] = each
                if each.chain_hash:
                    hashes.add(each.chain_hash)
            audited = session.execute(
                select(AuditRow.id, AuditRow.entity_id, AuditRow.after).where(
                    AuditRow.entity == "minutes", AuditRow.what == "approve"
                )
            ).all()
            for audit_id, meeting_id, after in audited:
                recorded = _json(after).get("approval")
                if meeting_id not in latest or (recorded and recorded not in hashes):
                    problems.append(
                        f"meeting {meeting_id}: the audit log (row {audit_id}) records an "
                        "approval of its minutes that is missing from the approvals"
                    )
            for meeting in session.scalars(
                select(MeetingRow).where(MeetingRow.minutes_state != "draft")
            ):
                approval = latest.get(meeting.id)
                label = f"meeting {meeting.id} ({meeting.meeting_type}, {meeting.date.isoformat()})"
                if approval is None:
                    problems.append(f"{label}: minutes marked approved but no approval recorded")
                elif approval.minutes_hash and approval.minutes_hash != meeting.minutes_hash:
                    problems.append(
                        f"{label}: approved minutes differ from those the approval locked "
                        "(hash changed since approval)"
                    )
        return problems

    def patient_identifiers(self) -> list[str]:
        """One line per free-text field already in the database that holds what looks like an
        NHS number, in any spelling (entries made before the check knew that spelling)."""
        from domain.privacy import find_nhs_number, format_nhs_number
        from storage.database import models

        found: list[str] = []
        with self._store.sessions() as session:
            for row_type, label, fields in _FREE_TEXT:
                model = getattr(models, row_type)
                columns = [getattr(model, field) for field in fields]
                for row in session.execute(select(model.id, *columns)):
                    for field, value in zip(fields, row[1:], strict=True):
                        number = find_nhs_number(value) if value else None
                        if number is not None:
                            found.append(
                                f"{label} {row[0]} {field}: holds what looks like an NHS number "
                                f"({format_nhs_number(number)}); patient identifiers must not "
                                "be kept in the record"
                            )
        return found

    def backup(self, target: Path) -> int:
        """A consistent copy of a SQLite database, even while a meeting runs (online backup)."""
        from storage.database.backup import backup_sqlite

        source = sqlite_path(self._store.engine.url.render_as_string(hide_password=False))
        if source is None:
            raise DatabaseError("backup copies SQLite databases; for PostgreSQL use pg_dump")
        return backup_sqlite(source, target)


def _json(text: str | None) -> dict[str, object]:
    if not text:
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


_FREE_TEXT = (
    ("MeetingRow", "meeting", ("guests", "minutes_text")),
    ("DecisionRow", "decision", ("title", "data_shows", "reason", "not_escalated_reason")),
    ("ActionRow", "action", ("description", "evidence")),
    ("ActionUpdateRow", "action update", ("note", "evidence")),
    ("AobItemRow", "AOB item", ("title",)),
    ("MinutesApprovalRow", "minutes approval", ("amendments",)),
    ("AcknowledgementRow", "acknowledgement", ("reason",)),
)
"""Every column people type into (machine data, such as readings and the audit log's JSON
copies, is not scanned: the typed fields it copies are)."""
