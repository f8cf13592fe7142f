"""Who was at a meeting: present, apologies, guests by name."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from domain.records import Meeting, MeetingState
from storage.database import convert
from storage.database.models import MeetingRow
from storage.errors import InvalidEntry, NotAllowed, Problem
from storage.service.store import Store


@dataclass(frozen=True)
class Attendance:
    """Who was at a meeting: person ids present and with apologies, guests by name."""

    present: tuple[str, ...] = ()
    apologies: tuple[str, ...] = ()
    guests: tuple[str, ...] = ()


class Attendances:
    """Recording attendance at a meeting, and the starting point for the chair."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def default(self, meeting_id: int) -> Attendance:
        """The attendance recorded at this meeting, else at the last meeting of its type that
        recorded any (the chair's starting point), else nobody."""
        with self._store.sessions() as session:
            row = self._store.meeting_row(session, meeting_id)
            candidates = session.scalars(
                select(MeetingRow)
                .where(MeetingRow.meeting_type == row.meeting_type, MeetingRow.id <= meeting_id)
                .order_by(MeetingRow.id.desc())
            ).all()
            for candidate in candidates:
                found = convert.meeting(candidate)
                if found.present or found.apologies or found.guests:
                    known = self._store.known_people
                    return Attendance(
                        tuple(p for p in found.present if p in known),
                        tuple(p for p in found.apologies if p in known),
                        found.guests,
                    )
        return Attendance()

    def record(
        self,
        meeting_id: int,
        present: tuple[str, ...],
        apologies: tuple[str, ...] = (),
        guests: tuple[str, ...] = (),
    ) -> Meeting:
        """Record who is present, who sent apologies, and guests by name (chair only)."""
        self._store.require_chair("record attendance")
        guests = tuple(dict.fromkeys(g.strip() for g in guests if g.strip()))
        problems = [
            Problem("present", f"'{p}' is not a person in the config")
            for p in (*present, *apologies)
            if p not in self._store.known_people
        ]
        both = sorted(set(present) & set(apologies))
        if both:
            problems.append(Problem("apologies", f"'{both[0]}' cannot be present and absent"))
        problems += [
            Problem("guests", f"guest name '{g[:40]}' is too long (at most 80 characters)")
            for g in guests
            if len(g) > 80
        ]
        if problems:
            raise InvalidEntry(problems)
        self._store.check_free_text(guests="\n".join(guests))
        with self._store.meeting_tx(meeting_id) as session:
            row = self._store.meeting_row(session, meeting_id)
            if row.state == MeetingState.CLOSED.value:
                raise NotAllowed("this meeting is closed; its attendance can no longer change")
            before = {"present": row.present, "apologies": row.apologies, "guests": row.guests}
            row.present = ",".join(dict.fromkeys(present))
            row.apologies = ",".join(dict.fromkeys(apologies))
            row.guests = "\n".join(guests)
            after = {"present": row.present, "apologies": row.apologies, "guests": row.guests}
            self._store.audit(session, "meeting", row.id, "attendance", before=before, after=after)
        return self._store.meeting(meeting_id)
