"""Minutes: rendered from the meeting record, approved and locked, verified by hash."""

from __future__ import annotations

import dataclasses
import json
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from domain.records import MinutesState
from storage.database.models import MeetingRow, MinutesApprovalRow
from storage.errors import NotFound
from storage.service.store import Store, sha256

if TYPE_CHECKING:
    from domain.minutes_input import MinutesInput
    from storage.service.acknowledgements import Acknowledgements
    from storage.service.actions import Actions
    from storage.service.arising import Arising


class Minutes:
    """The minutes of a meeting: as rendered, as approved, and whether they were altered."""

    def __init__(
        self, store: Store, arising: Arising, actions: Actions, acknowledgements: Acknowledgements
    ) -> None:
        self._store = store
        self._arising = arising
        self._actions = actions
        self._acknowledgements = acknowledgements

    def markdown(self, meeting_id: int | None = None) -> str:
        """The minutes of a meeting (default: the latest). Locked minutes are returned as locked."""
        from domain.minutes import render_minutes

        if meeting_id is None:
            latest = self._latest_id()
            if latest is None:
                raise NotFound("no meetings yet: start one with 'chair' (s)")
            meeting_id = latest
        with self._store.sessions() as session:
            row = self._store.meeting_row(session, meeting_id)
            if row.minutes_text is not None:
                if _altered(row):
                    return altered_banner(row.id) + row.minutes_text
                return row.minutes_text
            sections_readings = {
                s.key: json.loads(s.readings) if s.readings else None for s in row.sections
            }
            indicators = {s.key: s.indicators for s in row.sections}
            items = {s.key: s.items for s in row.sections}
        built = self.build_input(meeting_id, sections_readings, indicators, items)
        return render_minutes(built)

    def build_input(
        self,
        meeting_id: int,
        section_readings: dict[str, list[dict[str, Any]] | None],
        section_indicators: dict[str, str | None],
        section_items: dict[str, str | None],
    ) -> MinutesInput:
        """What the minutes are rendered from: the record, the config, and what each section
        kept when it closed (its readings, indicator table and rows)."""
        from storage.service.minutes_input import build_minutes_input
        from storage.service.work_minutes import work_fields

        built = build_minutes_input(
            self._store,
            self.amendments_of,
            self._arising,
            self._actions,
            self._acknowledgements,
            meeting_id,
            section_readings,
            section_indicators,
        )
        work = work_fields(self._store, built.meeting, section_items)
        return dataclasses.replace(built, **work)  # type: ignore[arg-type]

    def amendments_of(self, meeting_id: int) -> str:
        """The amendments agreed when a meeting's minutes were approved ('' if as presented)."""
        with self._store.sessions() as session:
            return (
                session.scalars(
                    select(MinutesApprovalRow.amendments)
                    .where(MinutesApprovalRow.meeting_id == meeting_id)
                    .order_by(MinutesApprovalRow.id.desc())
                ).first()
                or ""
            )

    def _latest_id(self) -> int | None:
        with self._store.sessions() as session:
            return session.scalars(
                select(MeetingRow.id)
                .where(MeetingRow.practice_code.in_(self._store.scope_codes()))
                .order_by(MeetingRow.date.desc(), MeetingRow.id.desc())
                .limit(1)
            ).first()

    def altered(self, meeting_id: int) -> bool:
        """True when the meeting's approved minutes no longer match their stored hash."""
        with self._store.sessions() as session:
            return _altered(self._store.meeting_row(session, meeting_id))

    def verify_locked(self) -> list[str]:
        """One line per approved meeting whose stored minutes no longer match their hash, or
        whose decisions and actions, rendered again from their rows, no longer match them."""
        from storage.service.minutes_check import rerendered_problems

        with self._store.sessions() as session:
            rows = session.scalars(
                select(MeetingRow).where(MeetingRow.minutes_hash.is_not(None))
            ).all()
            altered = [
                f"meeting {r.id} ({r.meeting_type}, {r.date.isoformat()}): approved minutes "
                "have been altered since they were locked (hash mismatch)"
                for r in rows
                if _altered(r)
            ]
        return altered + rerendered_problems(self._store, self.build_input)

    def approve_previous(self, meeting_id: int, amendments: str | None = None) -> None:
        """Approve the last minutes of this type as presented (None) or with amendments, and
        lock them: the text and its hash are stored; amendments are an addendum."""
        self._store.require_chair("approve minutes")
        meeting = self._store.meeting(meeting_id)
        if meeting.previous_meeting_id is None:
            raise NotFound("there are no previous minutes of this meeting type to approve")
        previous = self._store.meeting(meeting.previous_meeting_id)
        if previous.minutes_state is not MinutesState.DRAFT:
            return
        amendments = (amendments or "").strip()
        self._store.check_free_text(amendments=amendments)
        text = self.markdown(previous.id)
        if amendments:
            text += (
                f"\n## Addendum (amendments agreed at the meeting of {meeting.date.isoformat()})\n\n"
                f"{amendments}\n"
            )
        from storage.database.models import MinutesApprovalRow
        from storage.security import witness
        from storage.service.store import sha256

        with self._store.meeting_tx(meeting_id) as session:
            row = self._store.meeting_row(session, previous.id)
            # The audit log's chain head goes into every copy of the minutes (a witness).
            text = witness.with_witness(text, witness.current(session.connection()))
            row.minutes_text = text
            row.minutes_hash = sha256(text)
            row.minutes_state = (
                MinutesState.AMENDED if amendments else MinutesState.APPROVED
            ).value
            approval = MinutesApprovalRow(
                meeting_id=previous.id,
                approved_at_meeting_id=meeting_id,
                amendments=amendments,
                when=self._store.now(),
                by_login=self._store.login,
                minutes_hash=row.minutes_hash,
            )
            self._store.chain(session, approval)
            session.add(approval)
            self._store.audit(
                session,
                "minutes",
                previous.id,
                "approve",
                after={
                    "amendments": amendments,
                    "hash": row.minutes_hash,
                    "approval": approval.chain_hash,
                },
            )


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
