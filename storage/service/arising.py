"""What comes back to a meeting from earlier ones: matters arising and escalations in."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from domain.records import Action, ActionStatus, Decision, DecisionKind, Origin
from storage.database import convert
from storage.database.models import (
    ActionRow,
    ActionUpdateRow,
    DecisionRow,
    MeetingRow,
    SectionRow,
)
from storage.service.store import Store


class Arising:
    """Actions due back and escalations aimed at a meeting, from the meetings that answer to it."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def _meetings_answering_to(self, meeting: MeetingRow) -> Select[int]:
        """Ids of the meetings whose actions and escalations come back to this one: the same
        practice's; for a PCN meeting, the PCN's and every member practice's."""
        codes = {meeting.practice_code}
        if meeting.practice_code == self._store.config.pcn_code:
            codes |= {p.code for p in self._store.config.practices}
        return select(MeetingRow.id).where(MeetingRow.practice_code.in_(codes))

    def actions_due_back(self, meeting_id: int) -> list[Action]:
        """Actions whose review route is this meeting's type and that are due by its date,
        still open when the meeting started, or updated at this meeting (whatever the outcome:
        one re-dated here is still listed, with its update), in the order they were raised."""
        with self._store.sessions() as session:
            meeting = self._store.meeting_row(session, meeting_id)
            updated = self.updated_at(meeting_id, session)
            rows = session.scalars(
                select(ActionRow)
                .where(
                    ActionRow.review_meeting_type == meeting.meeting_type,
                    ActionRow.meeting_id != meeting_id,
                    or_(ActionRow.due <= meeting.date, ActionRow.id.in_(updated)),
                    ActionRow.meeting_id < meeting_id,
                    ActionRow.meeting_id.in_(self._meetings_answering_to(meeting)),
                )
                # The order the actions were raised in, as the previous minutes list them: an
                # update that re-dates an action must not move it under the chair's cursor.
                .order_by(ActionRow.meeting_id, ActionRow.id)
            ).all()
            due = [r for r in rows if not ActionStatus(r.status).closed or r.id in updated]
            updates = session.scalars(
                select(ActionUpdateRow)
                .where(ActionUpdateRow.action_id.in_([r.id for r in due]))
                .order_by(ActionUpdateRow.id)
            ).all()
            by_action: dict[int, list[ActionUpdateRow]] = {}
            for update in updates:
                by_action.setdefault(update.action_id, []).append(update)
            return [convert.action(r, by_action.get(r.id, [])) for r in due]

    def updated_at(self, meeting_id: int, session: Session | None = None) -> set[int]:
        def run(s: Session) -> set[int]:
            return set(
                s.scalars(
                    select(ActionUpdateRow.action_id).where(
                        ActionUpdateRow.meeting_id == meeting_id
                    )
                ).all()
            )

        if session is not None:
            return run(session)
        with self._store.sessions() as own:
            return run(own)

    def escalations_in(self, meeting_id: int) -> list[Decision]:
        """Escalate decisions aimed at this meeting's type from earlier meetings, not yet
        answered at an earlier meeting of this type."""
        with self._store.sessions() as session:
            meeting = self._store.meeting_row(session, meeting_id)
            rows = session.scalars(
                select(DecisionRow)
                .where(
                    DecisionRow.kind == DecisionKind.ESCALATE.value,
                    DecisionRow.escalate_to == meeting.meeting_type,
                    DecisionRow.superseded.is_(False),
                    DecisionRow.meeting_id < meeting_id,
                    DecisionRow.meeting_id.in_(self._meetings_answering_to(meeting)),
                )
                .order_by(DecisionRow.id)
            ).all()
            answered_elsewhere = set(
                session.scalars(
                    select(DecisionRow.escalated_from_id).where(
                        DecisionRow.escalated_from_id.is_not(None),
                        DecisionRow.meeting_id != meeting_id,
                        DecisionRow.superseded.is_(False),
                    )
                ).all()
            )
            waiting = [r for r in rows if r.id not in answered_elsewhere]
            return [
                replace(convert.decision(r, []), origin=self._origin(session, r)) for r in waiting
            ]

    def _origin(self, session: Session, row: DecisionRow) -> Origin:
        """Where an escalated decision was taken: its meeting's type and date, and the title
        of the section it was taken in (as that meeting's agenda named it)."""
        meeting = session.get(MeetingRow, row.meeting_id)
        assert meeting is not None
        section = session.scalar(
            select(SectionRow.title).where(
                SectionRow.meeting_id == row.meeting_id, SectionRow.key == row.section_key
            )
        )
        meeting_type = self._store.config.meeting_type(meeting.meeting_type)
        return Origin(
            meeting_type=meeting.meeting_type,
            meeting_title=meeting_type.title if meeting_type else meeting.meeting_type,
            meeting_date=meeting.date,
            section_title=section or "",
        )
