"""Abandoning a meeting begun by mistake (or given up part-way).

Nothing recorded in it yet (no decision, action, update, AOB item, acknowledgement, approval,
watch-list note, risk review, exception; attendance as it opened does not count): the meeting
is deleted with its sections, drafts and lease, and the audit log keeps a "delete" entry with
what the meeting was (the log is append-only and hash-chained: the entries of its start stay,
so `chair check` still follows the chain). Something recorded: it is closed as abandoned (the
record stays; the minutes say the meeting was abandoned and where).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import delete, func, select

from domain.records import MeetingState
from storage.database.models import Base, DraftRow, MeetingHolderRow
from storage.errors import UserError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from storage.service.minutes import Minutes
    from storage.service.store import Store

PARTS = frozenset({"meeting_sections", "drafts", "meeting_holders"})
"""Tables holding a meeting's own parts, not anything recorded in it."""


@dataclass(frozen=True)
class Abandoned:
    """What abandoning did: `deleted` (nothing was recorded), or closed with `minutes`."""

    meeting_id: int
    deleted: bool
    recorded: tuple[str, ...] = ()
    """What was recorded (table names and counts) when it was closed instead."""
    minutes: str | None = None


def recorded_in(session: Session, meeting_id: int) -> tuple[str, ...]:
    """Every kind of record that names the meeting, with its count ('decisions: 2'): each
    table with a foreign key to meetings except the meeting's own parts (PARTS)."""
    found: list[str] = []
    for table in Base.metadata.sorted_tables:
        if table.name in PARTS:
            continue
        for key in table.foreign_keys:
            if key.column.table.name != "meetings":
                continue
            count = session.scalar(
                select(func.count()).select_from(table).where(key.parent == meeting_id)
            )
            if count:
                found.append(f"{table.name}.{key.parent.name}: {count}")
    return tuple(found)


def abandon(store: Store, minutes: Minutes, meeting_id: int) -> Abandoned:
    """Abandon a meeting in progress (see the module's docstring). Refused for a closed one."""
    from domain.calendar import proposed_next_meeting

    store.require_chair("abandon the meeting")
    with store.meeting_tx(meeting_id) as session:
        row = store.meeting_row(session, meeting_id)
        if row.state != MeetingState.IN_PROGRESS.value:
            raise UserError(f"meeting {meeting_id} is already closed: it cannot be abandoned")
        recorded = recorded_in(session, meeting_id)
        session.execute(delete(DraftRow).where(DraftRow.meeting_id == meeting_id))
        if not recorded:
            what = {
                "type": row.meeting_type,
                "date": row.date,
                "practice": row.practice_code,
                "started": row.started,
                "chair": row.chair_id,
                "why": "abandoned with nothing recorded",
            }
            session.execute(
                delete(MeetingHolderRow).where(MeetingHolderRow.meeting_id == meeting_id)
            )
            session.delete(row)  # its sections go with it (cascade)
            store.audit(session, "meeting", meeting_id, "delete", before=what)
            return Abandoned(meeting_id, deleted=True)
        meeting_type = store.meeting_type(row.meeting_type)
        row.state = MeetingState.CLOSED.value
        row.abandoned = True
        row.closed = store.now()
        row.next_meeting = proposed_next_meeting(meeting_type.cadence, row.date)
        store.audit(
            session,
            "meeting",
            row.id,
            "abandon",
            after={"at_section": row.current_section, "recorded": list(recorded)},
        )
    return Abandoned(meeting_id, False, recorded, minutes.markdown(meeting_id))
