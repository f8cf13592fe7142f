"""Running a meeting: sections, the gate, decisions, AOB, previous minutes, closing."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from sqlalchemy import Select, delete, select
from sqlalchemy.orm import Session

from domain.records import (
    Action,
    ActionStatus,
    AobItem,
    Decision,
    DecisionKind,
    Meeting,
    MeetingState,
    MinutesState,
    Position,
)
from storage.database import convert
from storage.database.models import (
    ActionRow,
    ActionUpdateRow,
    AobItemRow,
    DecisionRow,
    DraftRow,
    MeetingRow,
    SectionRow,
)
from storage.errors import Conflict, InvalidEntry, NotAllowed, NotFound, Problem
from storage.service.base import ServiceBase
from storage.service.holder_rules import refuse_unless_holder

if TYPE_CHECKING:
    from domain.gate import Advanced, SectionContext, Unmet
    from domain.readings import Reading


def reading_row(reading: Reading) -> dict[str, object]:
    """A reading as it is kept with the section for the minutes."""
    from domain.readings import peers_text, variation_text

    return {
        "metric_id": reading.metric_id,
        "title": reading.title,
        "value": reading.display_value,
        "status": reading.status.word,
        "trend": list(reading.trend),
        "as_of": reading.as_of.isoformat() if reading.as_of else None,
        "streak": reading.streak,
        "reason": "; ".join(filter(None, [reading.reason, *reading_notes(reading)])),
        "variation": variation_text(reading),
        "peers": peers_text(reading),
        "tables": [
            {"title": t.title, "headers": list(t.headers), "rows": [list(r) for r in t.rows],
             "note": t.note}
            for t in reading.tables
        ],
    }  # fmt: skip


def reading_notes(reading: Reading) -> list[str]:
    """Caveats the minutes must carry with a reading: a data problem, a provisional table."""
    return [
        f"{key}: {reading.detail[key]}"
        for key in ("data problem", "provisional", "practices")
        if reading.detail.get(key)
    ]


class MeetingsMixin(ServiceBase):
    # ------------------------------------------------------------------ the gate

    def _section_row(self, meeting: MeetingRow, index: int) -> SectionRow:
        if not 0 <= index < len(meeting.sections):
            raise NotFound(f"meeting {meeting.id} has no section {index + 1}")
        return meeting.sections[index]

    def section_context(
        self,
        meeting_id: int,
        section_index: int,
        readings: list[Reading] | None = None,
        meeting: Meeting | None = None,
    ) -> SectionContext:
        """What the gate and the screen need of a section (`meeting`: already loaded)."""
        from domain.gate import SectionContext, breaches_for

        meeting = meeting or self.meeting(meeting_id)
        meeting_type = self.meeting_type(meeting.meeting_type)
        key = meeting.sections[section_index].key
        decisions = tuple(d for d in meeting.decisions if d.section_key == key)
        common = dict(
            meeting_date=meeting.date,
            decide_at=meeting_type.decide_status,
            known_people=self.known_people,
            decisions=decisions,
            person_names={p.id: p.name for p in self.config.people},
        )
        if key == "previous-minutes":
            previous = (
                self.meeting(meeting.previous_meeting_id) if meeting.previous_meeting_id else None
            )
            return SectionContext(
                kind="previous-minutes",
                previous_minutes=previous.minutes_state if previous else None,
                previous_minutes_altered=bool(
                    previous and self.minutes_altered(previous.id)  # type: ignore[attr-defined]
                ),
                **common,  # type: ignore[arg-type]
            )
        if key == "matters-arising":
            due = self.actions_due_back(meeting_id)
            updated = self._updated_at(meeting_id)
            return SectionContext(
                kind="matters-arising",
                actions_due_back=tuple(due),
                updated_action_ids=frozenset(updated),
                **common,  # type: ignore[arg-type]
            )
        if key == "escalations-in":
            return SectionContext(
                kind="escalations-in",
                escalations_in=tuple(self.escalations_in(meeting_id)),
                **common,  # type: ignore[arg-type]
            )
        if key == "aob":
            return SectionContext(kind="aob", aob_items=meeting.aob, **common)  # type: ignore[arg-type]
        breaches = breaches_for(
            readings or [], meeting_type.decide_status, meeting_type.persistent_after
        )
        return SectionContext(kind="dashboard", breaches=breaches, **common)  # type: ignore[arg-type]

    def gate(
        self, meeting_id: int, section_index: int, readings: list[Reading] | None = None
    ) -> list[Unmet]:
        """Every unmet requirement of a section, in plain words (empty: the section may close)."""
        from domain.gate import evaluate_gate

        return evaluate_gate(self.section_context(meeting_id, section_index, readings))

    def advance(self, meeting_id: int, readings: list[Reading] | None = None) -> list[Unmet]:
        """Close the current section and move on, if the gate allows; else say what is missing.

        On the last section this closes the meeting (see `close_meeting`). See `move_on` for
        the whole outcome (the meeting as it now stands, the minutes when it closed).
        """
        return self.move_on(meeting_id, readings).unmet

    def move_on(
        self,
        meeting_id: int,
        readings: list[Reading] | None = None,
        position: Position | None = None,
    ) -> Advanced:
        """One `n`, in one transaction: save where the meeting stands (`position`), then close
        the current section and move on if the gate allows, or close the meeting after its
        last section. Returns the meeting as it now stands and what the gate still needs (the
        position is saved either way), and the minutes when the meeting closed."""
        from domain.gate import Advanced, evaluate_gate

        self._require_chair("move the meeting on")
        with self._tx() as session:
            refuse_unless_holder(self, session, meeting_id)
            # Held for the whole step: every method below finds it in the session (the
            # session keeps only weak references), so the meeting is read once.
            row = self._meeting_row(session, meeting_id)
            if position is not None:
                self.save_at(position)
            meeting = self.meeting(meeting_id)
            index = meeting.current_section
            context = self.section_context(meeting_id, index, readings, meeting=meeting)
            unmet = evaluate_gate(context)
            if unmet:
                return Advanced(meeting, unmet)
            indicators = self.section_indicators(meeting.sections[index].key)
            section = self._section_row(row, index)
            section.closed = True
            if readings is not None:
                section.readings = json.dumps([reading_row(r) for r in readings], default=str)
            if indicators is not None:
                section.indicators = indicators
            last = index == len(row.sections) - 1
            if not last:
                row.current_section = index + 1
                row.highlighted_row = 0
            self._audit(session, "section", section.id, "close", after={"key": section.key})
            if last:
                minutes = self.close_meeting(meeting_id)
                return Advanced(self.meeting(meeting_id), [], minutes)
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

    def section_indicators(self, section_key: str) -> str | None:
        """What a section keeps besides its readings (the QOF table: see InsightMixin)."""
        return None

    def go_back(self, meeting_id: int, position: Position | None = None) -> Meeting:
        """Previous section: always allowed; nothing recorded is lost. With `position`, where
        the meeting stood is saved first, in the same transaction."""
        self._require_chair("move the meeting on")
        with self._tx() as session:
            refuse_unless_holder(self, session, meeting_id)
            if position is not None:
                self.save_at(position)
            row = self._meeting_row(session, meeting_id)
            row.current_section = max(0, row.current_section - 1)
            row.highlighted_row = 0
        return self.meeting(meeting_id)

    def go_to_section(self, meeting_id: int, index: int) -> Meeting:
        """Jump back to an earlier section (never forward past the gate)."""
        self._require_chair("move the meeting on")
        with self._tx() as session:
            refuse_unless_holder(self, session, meeting_id)
            row = self._meeting_row(session, meeting_id)
            if index > row.current_section:
                raise NotAllowed("only earlier sections can be opened directly; use n to move on")
            row.current_section = max(0, index)
            row.highlighted_row = 0
        return self.meeting(meeting_id)

    # ------------------------------------------------------------------ decisions

    def record_decision(
        self,
        meeting_id: int,
        decision: Decision,
        breach_status: str | None = None,
        aob_item_id: int | None = None,
        *,
        seen_decision_id: int | None = None,
        check_stale: bool = False,
    ) -> Decision:
        """Validate and save a decision with its actions at once; replaces an earlier decision
        on the same item in the same meeting (the earlier one stays in the audit log).

        `breach_status` is the status word of the breach decided on (CRITICAL needs escalation
        or a reason); `aob_item_id` ties the decision to an AOB item; a decision in
        Escalations in names the escalation it answers in `decision.answers_escalation_id`.

        With `check_stale`, `seen_decision_id` is the decision the chair saw on the item (its
        version; None for none): if another decision has been recorded since, nothing is saved
        and the Conflict says who recorded what, when. A replaced decision's open actions are
        dropped with a note naming the decision that replaced it (never left orphaned).
        """
        from domain.decisions import validate_decision
        from domain.status import Status

        self._require_chair("record decisions")
        meeting = self.meeting(meeting_id)
        if meeting.state is MeetingState.CLOSED:
            raise NotAllowed("this meeting is closed; record new decisions at the next meeting")
        status = Status(breach_status) if breach_status else None
        problems = validate_decision(decision, meeting.date, self.known_people, status)
        if problems:
            raise InvalidEntry([Problem(p.field, p.message) for p in problems])
        texts = {
            "title": decision.title,
            "data_shows": decision.data_shows,
            "reason": decision.reason,
            "not_escalated_reason": decision.not_escalated_reason,
        }
        for i, action in enumerate(decision.actions):
            texts[f"actions[{i}].description"] = action.description
        self._check_free_text(**texts)
        meeting_type = self.meeting_type(meeting.meeting_type)
        escalated_from_id = decision.answers_escalation_id
        with self._tx() as session:
            refuse_unless_holder(self, session, meeting_id)
            earlier = session.scalars(
                select(DecisionRow).where(
                    DecisionRow.meeting_id == meeting_id,
                    DecisionRow.section_key == decision.section_key,
                    DecisionRow.superseded.is_(False),
                    DecisionRow.metric_id == decision.metric_id
                    if decision.metric_id
                    else DecisionRow.metric_id.is_(None),
                    DecisionRow.aob_item_id == aob_item_id
                    if aob_item_id
                    else DecisionRow.aob_item_id.is_(None),
                    DecisionRow.escalated_from_id == escalated_from_id
                    if escalated_from_id
                    else DecisionRow.escalated_from_id.is_(None),
                )
            ).all()
            if check_stale:
                self._refuse_stale_decision(list(earlier), seen_decision_id)
            for old in earlier:
                old.superseded = True
                self._audit(session, "decision", old.id, "supersede")
            row = DecisionRow(
                meeting_id=meeting_id,
                section_key=decision.section_key,
                kind=decision.kind.value,
                metric_id=decision.metric_id,
                title=decision.title,
                data_shows=decision.data_shows,
                reason=decision.reason,
                review_date=decision.review_date,
                escalate_to=decision.escalate_to,
                escalation_owner_id=decision.escalation_owner_id,
                not_escalated_reason=decision.not_escalated_reason,
                snapshot=convert.snapshot_to_json(decision.snapshot),
                aob_item_id=aob_item_id,
                escalated_from_id=escalated_from_id,
                created=self.now(),
                created_by=self.login,
            )
            session.add(row)
            session.flush()
            saved_actions = []
            for action in decision.actions:
                action_row = self._new_action_row(
                    row.id, meeting_id, action, decision.metric_id, meeting_type.id
                )
                session.add(action_row)
                session.flush()
                saved_actions.append(convert.action(action_row))
                self._audit(
                    session, "action", action_row.id, "create", after=_action_dict(action_row)
                )
            for old in earlier:
                self._close_replaced_actions(session, old, row.id, meeting_id)
            self._audit(session, "decision", row.id, "record", after=_decision_dict(row))
            return convert.decision(row, saved_actions)

    def _refuse_stale_decision(self, current: list[DecisionRow], seen: int | None) -> None:
        from storage.service.holder_rules import local_time

        if [row.id for row in current] == ([seen] if seen is not None else []):
            return
        if not current:
            raise Conflict("the decision you saw has gone; nothing was saved — reload")
        latest = max(current, key=lambda row: row.id)
        person = self.config.person_by_login(latest.created_by)
        who = person.name if person else latest.created_by
        raise Conflict(
            f"{who} recorded '{latest.kind}' at {local_time(latest.created):%H:%M} — reload "
            "(nothing was saved)"
        )

    def _close_replaced_actions(
        self, session: Session, old: DecisionRow, new_id: int, meeting_id: int
    ) -> None:
        """A replaced decision's open actions are dropped, saying what replaced it."""
        note = f"dropped: decision {old.id} was replaced by decision {new_id} at this meeting"
        rows = session.scalars(select(ActionRow).where(ActionRow.decision_id == old.id)).all()
        for action in rows:
            if ActionStatus(action.status).closed:
                continue
            before = {"status": action.status}
            action.status = ActionStatus.DROPPED.value
            action.completed = None
            session.add(
                ActionUpdateRow(
                    action_id=action.id,
                    meeting_id=meeting_id,
                    when=self.now(),
                    by_login=self.login,
                    status=ActionStatus.DROPPED.value,
                    note=note,
                )
            )
            self._audit(session, "action", action.id, "update", before=before, after={"note": note})

    def _new_action_row(
        self,
        decision_id: int | None,
        meeting_id: int,
        action: Action,
        metric_id: str | None,
        default_route: str,
    ) -> ActionRow:
        return ActionRow(
            decision_id=decision_id,
            meeting_id=meeting_id,
            description=action.description.strip(),
            owner_id=action.owner_id,
            due=action.due,
            review_meeting_type=action.review_meeting_type or default_route,
            status=ActionStatus.OPEN.value,
            metric_id=action.metric_id or metric_id,
            created=self.today,
        )

    def add_action(self, decision_id: int, action: Action) -> Action:
        """Add one more action to a recorded decision."""
        from domain.decisions import validate_decision

        self._require_chair("add actions")
        with self._sessions() as session:
            decision_row = session.get(DecisionRow, decision_id)
            if decision_row is None:
                raise NotFound(f"no decision {decision_id}")
            meeting = self._meeting_row(session, decision_row.meeting_id)
            meeting_date, meeting_type = meeting.date, meeting.meeting_type
        probe = Decision(
            id=None,
            section_key="",
            kind=DecisionKind.ACT,
            actions=(action,),
            data_shows="-",
            reason="-",
        )
        problems = [
            p
            for p in validate_decision(probe, meeting_date, self.known_people, None)
            if p.field.startswith("actions")
        ]
        if problems:
            raise InvalidEntry([Problem(p.field, p.message) for p in problems])
        self._check_free_text(description=action.description)
        with self._tx() as session:
            decision_row = session.get(DecisionRow, decision_id)
            assert decision_row is not None
            row = self._new_action_row(
                decision_id, decision_row.meeting_id, action, decision_row.metric_id, meeting_type
            )
            session.add(row)
            session.flush()
            self._audit(session, "action", row.id, "create", after=_action_dict(row))
            return convert.action(row)

    def add_aob(self, meeting_id: int, title: str) -> AobItem:
        self._require_chair("add AOB items")
        title = title.strip()
        if not title:
            raise InvalidEntry([Problem("title", "an AOB item needs a title")])
        self._check_free_text(title=title)
        with self._tx() as session:
            refuse_unless_holder(self, session, meeting_id)
            self._meeting_row(session, meeting_id)
            row = AobItemRow(
                meeting_id=meeting_id,
                title=title,
                raised_by_id=self.person.id if self.person else None,
                created=self.now(),
            )
            session.add(row)
            session.flush()
            self._audit(session, "aob", row.id, "add", after={"title": title})
            return convert.aob_item(row, None)

    # ------------------------------------------------------------------ across meetings

    def _meetings_answering_to(self, meeting: MeetingRow) -> Select[int]:
        """Ids of the meetings whose actions and escalations come back to this one: the same
        practice's; for a PCN meeting, the PCN's and every member practice's."""
        codes = {meeting.practice_code}
        if meeting.practice_code == self.config.pcn_code:
            codes |= {p.code for p in self.config.practices}
        return select(MeetingRow.id).where(MeetingRow.practice_code.in_(codes))

    def actions_due_back(self, meeting_id: int) -> list[Action]:
        """Actions whose review route is this meeting's type and that are due by its date,
        still open when the meeting started, or updated at this meeting."""
        with self._sessions() as session:
            meeting = self._meeting_row(session, meeting_id)
            updated = self._updated_at(meeting_id, session)
            rows = session.scalars(
                select(ActionRow)
                .where(
                    ActionRow.review_meeting_type == meeting.meeting_type,
                    ActionRow.meeting_id != meeting_id,
                    ActionRow.due <= meeting.date,
                    ActionRow.meeting_id < meeting_id,
                    ActionRow.meeting_id.in_(self._meetings_answering_to(meeting)),
                )
                .order_by(ActionRow.due, ActionRow.id)
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

    def _updated_at(self, meeting_id: int, session: Session | None = None) -> set[int]:
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
        with self._sessions() as own:
            return run(own)

    def escalations_in(self, meeting_id: int) -> list[Decision]:
        """Escalate decisions aimed at this meeting's type from earlier meetings, not yet
        answered at an earlier meeting of this type."""
        with self._sessions() as session:
            meeting = self._meeting_row(session, meeting_id)
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
            return [convert.decision(r, []) for r in rows if r.id not in answered_elsewhere]

    def approve_previous_minutes(self, meeting_id: int, amendments: str | None = None) -> None:
        """Approve the last minutes of this type as presented (None) or with amendments, and
        lock them: the text and its hash are stored; amendments are an addendum."""
        self._require_chair("approve minutes")
        meeting = self.meeting(meeting_id)
        if meeting.previous_meeting_id is None:
            raise NotFound("there are no previous minutes of this meeting type to approve")
        previous = self.meeting(meeting.previous_meeting_id)
        if previous.minutes_state is not MinutesState.DRAFT:
            return
        amendments = (amendments or "").strip()
        self._check_free_text(amendments=amendments)
        text = self.minutes_markdown(previous.id)  # type: ignore[attr-defined]
        if amendments:
            text += (
                f"\n## Addendum (amendments agreed at the meeting of {meeting.date.isoformat()})\n\n"
                f"{amendments}\n"
            )
        from storage.database.models import MinutesApprovalRow
        from storage.security import witness
        from storage.service.base import sha256

        with self._tx() as session:
            refuse_unless_holder(self, session, meeting_id)
            row = self._meeting_row(session, previous.id)
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
                when=self.now(),
                by_login=self.login,
                minutes_hash=row.minutes_hash,
            )
            self._chain(session, approval)
            session.add(approval)
            self._audit(
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

    def close_meeting(self, meeting_id: int) -> str:
        """Close the meeting: record the next meeting's date; the minutes are a draft until
        the next meeting of this type approves them. Returns the minutes.

        The meeting's form drafts go with the close (a closed meeting is never resumed):
        everyone's on SQLite; on PostgreSQL with the roles of `chair db grant` this role sees
        only its own, and the owner's trigger drops the others' (see storage.security.grants)."""
        from domain.dates import next_meeting_date

        self._require_chair("close the meeting")
        with self._tx() as session:
            refuse_unless_holder(self, session, meeting_id)
            row = self._meeting_row(session, meeting_id)
            if row.state != MeetingState.CLOSED.value:
                meeting_type = self.meeting_type(row.meeting_type)
                row.state = MeetingState.CLOSED.value
                row.closed = self.now()
                row.next_meeting = next_meeting_date(meeting_type.cadence, row.date)
                session.execute(delete(DraftRow).where(DraftRow.meeting_id == meeting_id))
                self._audit(session, "meeting", row.id, "close")
        return self.minutes_markdown(meeting_id)  # type: ignore[attr-defined,no-any-return]


def _action_dict(row: ActionRow) -> dict[str, object]:
    return {
        "description": row.description,
        "owner": row.owner_id,
        "due": row.due,
        "status": row.status,
        "review": row.review_meeting_type,
    }


def _decision_dict(row: DecisionRow) -> dict[str, object]:
    return {
        "kind": row.kind,
        "metric": row.metric_id,
        "title": row.title,
        "reason": row.reason,
        "review_date": row.review_date,
        "escalate_to": row.escalate_to,
    }
