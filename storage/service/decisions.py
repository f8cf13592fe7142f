"""Decisions: validated and saved with their actions at once, replacing an earlier one."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from domain.keys import SectionKey
from domain.records import Action, ActionStatus, Decision, DecisionKind, MeetingState
from domain.status import Status
from storage.database import convert
from storage.database.models import ActionRow, ActionUpdateRow, DecisionRow
from storage.errors import Conflict, InvalidEntry, NotAllowed, NotFound, Problem
from storage.service.holder_rules import local_time
from storage.service.store import Store


class Decisions:
    """Recording decisions, and adding actions to a recorded decision."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def record(
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
        from domain.decisions import validate_decision, with_investment_review

        self._store.require_chair("record decisions")
        meeting = self._store.meeting(meeting_id)
        if meeting.state is MeetingState.CLOSED:
            raise NotAllowed("this meeting is closed; record new decisions at the next meeting")
        status = Status(breach_status) if breach_status else None
        person = self._store.person
        decision = with_investment_review(decision, person.id if person else None)
        problems = validate_decision(decision, meeting.date, self._store.known_people, status)
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
        self._store.check_free_text(**texts, **convert.in_full_texts(decision))
        meeting_type = self._store.meeting_type(meeting.meeting_type)
        escalated_from_id = decision.answers_escalation_id
        with self._store.meeting_tx(meeting_id) as session:
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
                self._store.audit(session, "decision", old.id, "supersede")
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
                created=self._store.now(),
                created_by=self._store.login,
                **convert.in_full_columns(decision),
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
                self._store.audit(
                    session, "action", action_row.id, "create", after=_action_dict(action_row)
                )
            for old in earlier:
                self._close_replaced_actions(session, old, row.id, meeting_id)
            self._store.audit(session, "decision", row.id, "record", after=_decision_dict(row))
            return convert.decision(row, saved_actions)

    def _refuse_stale_decision(self, current: list[DecisionRow], seen: int | None) -> None:

        if [row.id for row in current] == ([seen] if seen is not None else []):
            return
        if not current:
            raise Conflict("the decision you saw has gone; nothing was saved — reload")
        latest = max(current, key=lambda row: row.id)
        person = self._store.config.person_by_login(latest.created_by)
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
                    when=self._store.now(),
                    by_login=self._store.login,
                    status=ActionStatus.DROPPED.value,
                    note=note,
                )
            )
            self._store.audit(
                session, "action", action.id, "update", before=before, after={"note": note}
            )

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
            created=self._store.today,
        )

    def add_action(self, decision_id: int, action: Action) -> Action:
        """Add one more action to a recorded decision."""
        from domain.decisions import validate_decision

        self._store.require_chair("add actions")
        with self._store.sessions() as session:
            decision_row = session.get(DecisionRow, decision_id)
            if decision_row is None:
                raise NotFound(f"no decision {decision_id}")
            meeting = self._store.meeting_row(session, decision_row.meeting_id)
            meeting_id, meeting_date, meeting_type = meeting.id, meeting.date, meeting.meeting_type
        probe = Decision(
            id=None,
            section_key=SectionKey(""),
            kind=DecisionKind.ACT,
            actions=(action,),
            data_shows="-",
            reason="-",
        )
        problems = [
            p
            for p in validate_decision(probe, meeting_date, self._store.known_people, None)
            if p.field.startswith("actions")
        ]
        if problems:
            raise InvalidEntry([Problem(p.field, p.message) for p in problems])
        self._store.check_free_text(description=action.description)
        with self._store.meeting_tx(meeting_id) as session:
            decision_row = session.get(DecisionRow, decision_id)
            assert decision_row is not None
            row = self._new_action_row(
                decision_id, decision_row.meeting_id, action, decision_row.metric_id, meeting_type
            )
            session.add(row)
            session.flush()
            self._store.audit(session, "action", row.id, "create", after=_action_dict(row))
            return convert.action(row)


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
        "cause": row.cause,
        "risk": ", ".join(filter(None, (row.risk_areas, row.risk))),
        "success": " ".join(filter(None, (row.success_metric, row.success_target))),
    }
