"""Drafts: unsaved form text kept per login, meeting and item, offered back after a drop.

A draft is the typist's own: each login reads and writes only its own drafts, whatever its
role (a read-only person may keep a draft too: it changes nothing). Drafts are not audited
and not part of the meeting record: no gate, minutes or action list reads this table. A closed
meeting is never resumed, so it keeps no drafts: closing it drops them (see close_meeting), and
none are offered or kept for it after.
"""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from domain.drafts import Draft, clean_fields
from domain.records import MeetingState
from storage.database.models import DraftRow, MeetingRow
from storage.service.store import Store


def _draft(row: DraftRow) -> Draft:
    try:
        fields = json.loads(row.fields)
    except ValueError:
        fields = {}
    if not isinstance(fields, dict):
        fields = {}
    return Draft(
        login=row.login,
        meeting_id=row.meeting_id,
        item_key=row.item_key,
        title=row.title,
        fields={str(k): str(v) for k, v in fields.items()},
        updated=row.updated,
    )


class Drafts:
    """This login's drafts: kept, offered back, forgotten."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def _draft_rows(self, session: Session, meeting_id: int | None) -> list[DraftRow]:
        query = select(DraftRow).where(DraftRow.login == self._store.login)
        if meeting_id is None:
            query = query.where(DraftRow.meeting_id.is_(None))
        else:
            query = query.where(DraftRow.meeting_id == meeting_id)
        return list(session.scalars(query.order_by(DraftRow.updated, DraftRow.id)).all())

    def _closed(self, session: Session, meeting_id: int | None) -> bool:
        if meeting_id is None:
            return False
        state = session.scalar(select(MeetingRow.state).where(MeetingRow.id == meeting_id))
        return state == MeetingState.CLOSED.value

    def of(self, meeting_id: int | None) -> list[Draft]:
        """This login's drafts for a meeting (None: between meetings), oldest first; none
        for a closed meeting."""
        with self._store.sessions() as session:
            if self._closed(session, meeting_id):
                return []
            return [_draft(row) for row in self._draft_rows(session, meeting_id)]

    def find(self, meeting_id: int | None, item_key: str) -> Draft | None:
        """This login's draft for one item, if any."""
        return next((d for d in self.of(meeting_id) if d.item_key == item_key), None)

    def keep(
        self, meeting_id: int | None, item_key: str, title: str, fields: dict[str, str]
    ) -> Draft | None:
        """Keep what is typed now (one row per login, meeting and item; the newest wins).
        A form with no text left, or on a closed meeting, keeps no draft. Returns the draft
        kept, or None."""
        kept = Draft(
            self._store.login, meeting_id, item_key, title, clean_fields(fields), self._store.now()
        )
        with self._store.tx() as session:
            rows = [r for r in self._draft_rows(session, meeting_id) if r.item_key == item_key]
            for extra in rows[1:]:
                session.delete(extra)
            row = rows[0] if rows else None
            if not kept.has_text or self._closed(session, meeting_id):
                if row is not None:
                    session.delete(row)
                return None
            if row is None:
                row = DraftRow(login=self._store.login, meeting_id=meeting_id, item_key=item_key)
                session.add(row)
            row.title = title
            row.fields = json.dumps(kept.fields, sort_keys=True)
            row.updated = kept.updated or self._store.now()
        return kept

    def discard(self, meeting_id: int | None, item_key: str) -> None:
        """Forget the draft (the entry was saved, or the form was cancelled on purpose)."""
        with self._store.tx() as session:
            for row in self._draft_rows(session, meeting_id):
                if row.item_key == item_key:
                    session.delete(row)
