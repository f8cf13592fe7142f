"""Where a meeting stands: its sections, the gate on `n`, going back, the saved position."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from domain.minutes_input import MetricRow
from domain.records import Meeting, Position
from storage.database import convert
from storage.database.models import MeetingRow, SectionRow
from storage.errors import NotFound
from storage.service.meetings import PROPOSED
from storage.service.store import Store
from storage.service.work_sections import WORK_KINDS, WorkParts

if TYPE_CHECKING:
    from domain.gate import Advanced, SectionContext, SectionState
    from domain.readings import Reading
    from storage.service.acknowledgements import Acknowledgements
    from storage.service.arising import Arising
    from storage.service.meetings import Meetings, NextMeeting
    from storage.service.minutes import Minutes
    from storage.service.readings import Readings


class Sections:
    """A running meeting's sections: what each needs (the gate), moving on and back."""

    def __init__(
        self,
        store: Store,
        meetings: Meetings,
        arising: Arising,
        acknowledgements: Acknowledgements,
        minutes: Minutes,
        readings: Readings,
        work: WorkParts | None = None,
    ) -> None:
        self._store = store
        self._work = work
        """This week, the watch list and the risk register (their section kinds)."""
        self._meetings = meetings
        self._arising = arising
        self._acknowledgements = acknowledgements
        self._minutes = minutes
        self._readings = readings

    def _section_row(self, meeting: MeetingRow, index: int) -> SectionRow:
        if not 0 <= index < len(meeting.sections):
            raise NotFound(f"meeting {meeting.id} has no section {index + 1}")
        return meeting.sections[index]

    def state(
        self,
        meeting_id: int,
        section_index: int,
        readings: list[Reading] | None = None,
        meeting: Meeting | None = None,
    ) -> SectionState:
        """What a section holds and what the gate still needs of it (`meeting`: already
        loaded). The screen shows this; `move_on` asks the same before it moves."""
        from domain.gate import SectionState, evaluate_gate

        context = self._context(meeting_id, section_index, readings, meeting)
        return SectionState(context, evaluate_gate(context))

    def _context(
        self,
        meeting_id: int,
        section_index: int,
        readings: list[Reading] | None = None,
        meeting: Meeting | None = None,
    ) -> SectionContext:
        """What the gate and the screen need of a section (`meeting`: already loaded)."""
        from domain.gate import SectionContext, acknowledge_breaches, breaches_for

        meeting = meeting or self._store.meeting(meeting_id)
        meeting_type = self._store.meeting_type(meeting.meeting_type)
        key = meeting.sections[section_index].key
        decisions = tuple(d for d in meeting.decisions if d.section_key == key)
        common = dict(
            meeting_date=meeting.date,
            decide_at=meeting_type.decide_status,
            known_people=self._store.known_people,
            decisions=decisions,
            person_names={p.id: p.name for p in self._store.config.people},
        )
        if key == "previous-minutes":
            previous = (
                self._store.meeting(meeting.previous_meeting_id)
                if meeting.previous_meeting_id
                else None
            )
            return SectionContext(
                kind="previous-minutes",
                previous_minutes=previous.minutes_state if previous else None,
                previous_minutes_altered=bool(previous and self._minutes.altered(previous.id)),
                **common,  # type: ignore[arg-type]
            )
        if key == "matters-arising":
            due = self._arising.actions_due_back(meeting_id)
            updated = self._arising.updated_at(meeting_id)
            return SectionContext(
                kind="matters-arising",
                actions_due_back=tuple(due),
                updated_action_ids=frozenset(updated),
                did_it_work=self._work.did_it_work(due) if self._work else {},
                **common,  # type: ignore[arg-type]
            )
        if key == "escalations-in":
            return SectionContext(
                kind="escalations-in",
                escalations_in=tuple(self._arising.escalations_in(meeting_id)),
                **common,  # type: ignore[arg-type]
            )
        if key == "aob":
            return SectionContext(kind="aob", aob_items=meeting.aob, **common)  # type: ignore[arg-type]
        if self._work is not None and key in WORK_KINDS:
            return self._work.context(key, meeting, common)
        breaches = breaches_for(
            readings or [], meeting_type.decide_status, meeting_type.persistent_after
        )
        if breaches and (acknowledgements := self._acknowledgements.find(meeting_id)):
            # A live acknowledgement keeps the breach on screen but asks for no new decision.
            breaches = acknowledge_breaches(breaches, acknowledgements, meeting.date)
        reopened = self._work.reopened(meeting, breaches) if self._work is not None else {}
        return SectionContext(kind="dashboard", breaches=breaches, reopened=reopened, **common)  # type: ignore[arg-type]

    def move_on(
        self,
        meeting_id: int,
        readings: list[Reading] | None = None,
        position: Position | None = None,
        next_meeting: NextMeeting = PROPOSED,
    ) -> Advanced:
        """One `n`, in one transaction: save where the meeting stands (`position`), then close
        the current section and move on if the gate allows, or close the meeting after its
        last section. Returns the meeting as it now stands and what the gate still needs (the
        position is saved either way), and the minutes when the meeting closed (with
        `next_meeting` as the next meeting's date: see Meetings.close)."""
        from domain.gate import Advanced

        self._store.require_chair("move the meeting on")
        with self._store.meeting_tx(meeting_id) as session:
            # Held for the whole step: every method below finds it in the session (the
            # session keeps only weak references), so the meeting is read once.
            row = self._store.meeting_row(session, meeting_id)
            if position is not None:
                self.save_at(position)
            meeting = self._store.meeting(meeting_id)
            index = meeting.current_section
            unmet = self.state(meeting_id, index, readings, meeting=meeting).unmet
            if unmet:
                return Advanced(meeting, unmet)
            indicators = self._readings.section_indicators(meeting.sections[index].key)
            section = self._section_row(row, index)
            section.closed = True
            if readings is not None:
                section.readings = json.dumps(
                    [convert.metric_row_data(MetricRow.of(r)) for r in readings], default=str
                )
            if indicators is not None:
                section.indicators = indicators
            if self._work is not None and section.key in WORK_KINDS:
                section.items = self._work.frozen(section.key, meeting)
            last = index == len(row.sections) - 1
            if not last:
                row.current_section = index + 1
                row.highlighted_row = 0
            self._store.audit(session, "section", section.id, "close", after={"key": section.key})
            if last:
                minutes = self._meetings.close(meeting_id, next_meeting)
                return Advanced(self._store.meeting(meeting_id), [], minutes)
            session.flush()
            # Decisions and AOB are as loaded above: only the row and its sections changed.
            return Advanced(convert.meeting(row, meeting.decisions, meeting.aob))

    def save_at(self, position: Position) -> None:
        """Save where the meeting stands: its section, row, clock and time per section."""
        self.save_position(
            position.meeting_id,
            position.section_index,
            position.row,
            position.elapsed_seconds,
            position.paused,
            section_seconds=position.section_seconds,
        )

    def go_back(self, meeting_id: int, position: Position | None = None) -> Meeting:
        """Previous section: always allowed; nothing recorded is lost. With `position`, where
        the meeting stood is saved first, in the same transaction."""
        self._store.require_chair("move the meeting on")
        with self._store.meeting_tx(meeting_id) as session:
            if position is not None:
                self.save_at(position)
            row = self._store.meeting_row(session, meeting_id)
            row.current_section = max(0, row.current_section - 1)
            row.highlighted_row = 0
        return self._store.meeting(meeting_id)

    def save_position(
        self,
        meeting_id: int,
        section_index: int,
        row: int,
        elapsed_seconds: int,
        paused: bool = False,
        section_seconds: int | None = None,
    ) -> None:
        """Where the chair is: section, highlighted row, the clock (for exact resume)."""
        self._store.require_chair("move the meeting on")

        # A follower's clock never overwrites the holder's: refused like every meeting write.
        with self._store.meeting_tx(meeting_id) as session:
            meeting = self._store.meeting_row(session, meeting_id)
            meeting.current_section = max(0, min(section_index, len(meeting.sections) - 1))
            meeting.highlighted_row = max(0, row)
            meeting.elapsed_seconds = max(0, elapsed_seconds)
            meeting.timer_paused = paused
            if section_seconds is not None:
                meeting.sections[meeting.current_section].seconds_spent = max(0, section_seconds)
