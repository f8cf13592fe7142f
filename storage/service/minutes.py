"""Minutes: rendered from the meeting record, locked on approval, verified by hash."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from storage.database.engine import sqlite_path
from storage.database.models import MeetingRow, MinutesApprovalRow
from storage.errors import DatabaseError, NotFound
from storage.service.base import ServiceBase, sha256


class MinutesMixin(ServiceBase):
    def minutes_markdown(self, meeting_id: int | None = None) -> str:
        """The minutes of a meeting (default: the latest). Locked minutes are returned as locked."""
        from domain.minutes import render_minutes
        from storage.service.minutes_input import build_minutes_input

        if meeting_id is None:
            latest = self._latest_id()
            if latest is None:
                raise NotFound("no meetings yet: start one with 'chair' (s)")
            meeting_id = latest
        with self._sessions() as session:
            row = self._meeting_row(session, meeting_id)
            if row.minutes_text is not None:
                if _altered(row):
                    return altered_banner(row.id) + row.minutes_text
                return row.minutes_text
            sections_readings = {
                s.key: json.loads(s.readings) if s.readings else None for s in row.sections
            }
            indicators = {s.key: s.indicators for s in row.sections}
        built = build_minutes_input(self, meeting_id, sections_readings, indicators)  # type: ignore[arg-type]
        return render_minutes(built)

    def amendments_of(self, meeting_id: int) -> str:
        """The amendments agreed when a meeting's minutes were approved ('' if as presented)."""
        with self._sessions() as session:
            return (
                session.scalars(
                    select(MinutesApprovalRow.amendments)
                    .where(MinutesApprovalRow.meeting_id == meeting_id)
                    .order_by(MinutesApprovalRow.id.desc())
                ).first()
                or ""
            )

    def _latest_id(self) -> int | None:
        with self._sessions() as session:
            return session.scalars(
                select(MeetingRow.id)
                .where(MeetingRow.practice_code.in_(self._scope_codes()))
                .order_by(MeetingRow.date.desc(), MeetingRow.id.desc())
                .limit(1)
            ).first()

    def minutes_altered(self, meeting_id: int) -> bool:
        """True when the meeting's approved minutes no longer match their stored hash."""
        with self._sessions() as session:
            return _altered(self._meeting_row(session, meeting_id))

    def verify_locked_minutes(self) -> list[str]:
        """One line per approved meeting whose stored minutes no longer match their hash, or
        whose decisions and actions, rendered again from their rows, no longer match them."""
        from storage.service.minutes_check import rerendered_problems

        with self._sessions() as session:
            rows = session.scalars(
                select(MeetingRow).where(MeetingRow.minutes_hash.is_not(None))
            ).all()
            altered = [
                f"meeting {r.id} ({r.meeting_type}, {r.date.isoformat()}): approved minutes "
                "have been altered since they were locked (hash mismatch)"
                for r in rows
                if _altered(r)
            ]
        return altered + rerendered_problems(self)  # type: ignore[arg-type]

    def patient_identifiers(self) -> list[str]:
        """One line per free-text field already in the database that holds what looks like an
        NHS number, in any spelling (entries made before the check knew that spelling)."""
        from domain.privacy import find_nhs_number, format_nhs_number
        from storage.database import models

        found: list[str] = []
        with self._sessions() as session:
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

        source = sqlite_path(self.engine.url.render_as_string(hide_password=False))
        if source is None:
            raise DatabaseError("backup copies SQLite databases; for PostgreSQL use pg_dump")
        return backup_sqlite(source, target)


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


ALTERED = "ALTERED since approval"


def altered_banner(meeting_id: int) -> str:
    """The warning put above approved minutes whose text no longer matches its hash."""
    return (
        f"> **{ALTERED}.** The stored text of meeting {meeting_id}'s approved minutes no longer "
        "matches the hash recorded when they were approved: what follows may not be what was "
        "agreed. Restore a backup (`chair db restore BACKUP`) or ask who runs the server.\n\n"
    )


def _altered(row: MeetingRow) -> bool:
    if row.minutes_hash is None:
        return False
    return row.minutes_text is None or sha256(row.minutes_text) != row.minutes_hash
