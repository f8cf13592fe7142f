"""Meetings: open one, find them, add AOB, close one (its minutes come with the close)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Final, Literal

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from domain.records import AobItem, Meeting, MeetingState
from storage.database import convert
from storage.database.models import AobItemRow, DraftRow, MeetingRow, SectionRow
from storage.errors import InvalidEntry, Problem
from storage.service.store import Store, load_meeting

PROPOSED: Final = "proposed"
"""Close with the next meeting the calendar proposes (see Meetings.close)."""
NextMeeting = dt.date | None | Literal["proposed"]

if TYPE_CHECKING:
    from domain.keys import SectionKey
    from storage.service.abandon import Abandoned
    from storage.service.minutes import Minutes


class Meetings:
    """The practice's meetings: starting, listing, AOB and closing."""

    def __init__(self, store: Store, minutes: Minutes) -> None:
        self._store = store
        self._minutes = minutes

    def get(self, meeting_id: int) -> Meeting:
        """A meeting with its decisions, actions and AOB items."""
        return self._store.meeting(meeting_id)

    def in_progress(self) -> list[Meeting]:
        with self._store.sessions() as session:
            rows = session.scalars(
                select(MeetingRow)
                .where(
                    MeetingRow.state == MeetingState.IN_PROGRESS.value,
                    MeetingRow.practice_code.in_(self._store.scope_codes()),
                )
                .order_by(MeetingRow.id.desc())
            ).all()
            return [load_meeting(session, r) for r in rows]

    def newest_first(self, type_id: str | None = None) -> list[Meeting]:
        """All meetings, newest first, without their decisions (for lists)."""
        with self._store.sessions() as session:
            query = (
                select(MeetingRow)
                .where(MeetingRow.practice_code.in_(self._store.scope_codes()))
                .order_by(MeetingRow.date.desc(), MeetingRow.id.desc())
            )
            if type_id:
                query = query.where(MeetingRow.meeting_type == type_id)
            return [convert.meeting(r) for r in session.scalars(query).all()]

    def latest(self, type_id: str | None = None, closed_only: bool = False) -> Meeting | None:
        with self._store.sessions() as session:
            row = self._latest_row(session, type_id, closed_only)
            return None if row is None else load_meeting(session, row)

    def _latest_row(
        self, session: Session, type_id: str | None, closed_only: bool, before_id: int | None = None
    ) -> MeetingRow | None:
        query = select(MeetingRow).order_by(MeetingRow.date.desc(), MeetingRow.id.desc())
        if type_id:
            query = query.where(
                MeetingRow.meeting_type == type_id,
                MeetingRow.practice_code == self._store.type_code(type_id),
            )
        else:
            query = query.where(MeetingRow.practice_code.in_(self._store.scope_codes()))
        if closed_only:
            query = query.where(MeetingRow.state == MeetingState.CLOSED.value)
        if before_id is not None:
            query = query.where(MeetingRow.id < before_id)
        return session.scalars(query.limit(1)).first()

    def start(
        self,
        type_id: str,
        present: tuple[str, ...] = (),
        apologies: tuple[str, ...] = (),
        date: dt.date | None = None,
    ) -> Meeting:
        """Open a meeting of a type (or return the one of that type already in progress)."""
        self._store.require_chair("start a meeting")
        meeting_type = self._store.meeting_type(type_id)
        with self._store.tx() as session:
            existing = session.scalars(
                select(MeetingRow).where(
                    MeetingRow.meeting_type == type_id,
                    MeetingRow.state == MeetingState.IN_PROGRESS.value,
                    MeetingRow.practice_code == self._store.type_code(type_id),
                )
            ).first()
            if existing is not None:
                return load_meeting(session, existing)
            previous = self._latest_row(session, type_id, closed_only=True)
            person = self._store.person
            row = MeetingRow(
                meeting_type=type_id,
                practice_code=self._store.type_code(type_id),
                date=date or self._store.today,
                state=MeetingState.IN_PROGRESS.value,
                chair_id=person.id if person else None,
                present=",".join(present),
                apologies=",".join(apologies),
                started=self._store.now(),
                previous_meeting_id=previous.id if previous else None,
                sections=[
                    SectionRow(
                        position=i,
                        key=section.key,
                        title=self.section_title(section.key),
                        time_box_minutes=section.minutes,
                    )
                    for i, section in enumerate(meeting_type.sections)
                ],
            )
            session.add(row)
            session.flush()
            self._store.audit(session, "meeting", row.id, "start", after={"type": type_id})
            return load_meeting(session, row)

    def section_title(self, key: SectionKey) -> str:
        fixed = {
            "previous-minutes": "Previous minutes",
            "matters-arising": "Matters arising",
            "escalations-in": "Escalations in",
            "this-week": "This week",
            "watch-list": "Watch list",
            "risk-register": "Risk register",
            "aob": "Any other business",
        }
        if key in fixed:
            return fixed[key]
        dashboard = self._store.config.dashboard(key.dashboard)
        return dashboard.title if dashboard else key

    def add_aob(self, meeting_id: int, title: str) -> AobItem:
        self._store.require_chair("add AOB items")
        title = title.strip()
        if not title:
            raise InvalidEntry([Problem("title", "an AOB item needs a title")])
        self._store.check_free_text(title=title)
        with self._store.meeting_tx(meeting_id) as session:
            self._store.meeting_row(session, meeting_id)
            row = AobItemRow(
                meeting_id=meeting_id,
                title=title,
                raised_by_id=self._store.person.id if self._store.person else None,
                created=self._store.now(),
            )
            session.add(row)
            session.flush()
            self._store.audit(session, "aob", row.id, "add", after={"title": title})
            return convert.aob_item(row, None)

    def close(self, meeting_id: int, next_meeting: NextMeeting = PROPOSED) -> str:
        """Close the meeting: record the next meeting's date; the minutes are a draft until
        the next meeting of this type approves them. Returns the minutes.

        `next_meeting`: the date the chair confirmed (None: none is set), or PROPOSED for the
        type's cadence moved on to a working day (domain.calendar.proposed_next_meeting).

        The meeting's form drafts go with the close (a closed meeting is never resumed):
        everyone's on SQLite; on PostgreSQL with the roles of `chair db grant` this role sees
        only its own, and the owner's trigger drops the others' (see storage.security.grants)."""
        from domain.calendar import proposed_next_meeting

        self._store.require_chair("close the meeting")
        with self._store.meeting_tx(meeting_id) as session:
            row = self._store.meeting_row(session, meeting_id)
            if row.state != MeetingState.CLOSED.value:
                meeting_type = self._store.meeting_type(row.meeting_type)
                if next_meeting == PROPOSED:
                    next_meeting = proposed_next_meeting(meeting_type.cadence, row.date)
                elif next_meeting is not None and next_meeting <= row.date:
                    raise InvalidEntry(
                        [
                            Problem(
                                "next_meeting",
                                f"the next meeting must be after {row.date:%d/%m/%Y}",
                            )
                        ]
                    )
                row.state = MeetingState.CLOSED.value
                row.closed = self._store.now()
                row.next_meeting = next_meeting
                session.execute(delete(DraftRow).where(DraftRow.meeting_id == meeting_id))
                self._store.audit(
                    session, "meeting", row.id, "close", after={"next_meeting": next_meeting}
                )
        return self._minutes.markdown(meeting_id)

    def abandon(self, meeting_id: int) -> Abandoned:
        """A meeting begun by mistake or given up: deleted when nothing is recorded in it
        yet, else closed as abandoned (storage.service.abandon)."""
        from storage.service.abandon import abandon

        return abandon(self._store, self._minutes, meeting_id)
