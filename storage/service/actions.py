"""Actions between and at meetings: updates with optimistic versioning and permissions."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from domain.records import Action, ActionStatus, Snapshot, Verdict
from storage.database import convert
from storage.database.models import ActionRow, ActionUpdateRow, MeetingRow
from storage.errors import Conflict, InvalidEntry, NotAllowed, NotFound, Problem
from storage.service.holder_rules import local_time
from storage.service.store import Store

if TYPE_CHECKING:
    from domain.minutes_input import Completion

    pass


class Actions:
    """Finding, reading and changing actions; completion figures."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def find(
        self,
        owner: str | None = None,
        overdue_only: bool = False,
        include_closed: bool = False,
    ) -> list[Action]:
        """Actions, soonest due first. `owner` is a person id or login."""
        with self._store.sessions() as session:
            query = (
                select(ActionRow)
                .where(
                    ActionRow.meeting_id.in_(
                        select(MeetingRow.id).where(
                            MeetingRow.practice_code.in_(self._store.scope_codes())
                        )
                    )
                )
                .order_by(ActionRow.due, ActionRow.id)
            )
            if owner:
                person = self._store.config.person(owner) or self._store.config.person_by_login(
                    owner
                )
                query = query.where(ActionRow.owner_id == (person.id if person else owner))
            if not include_closed:
                query = query.where(
                    ActionRow.status.not_in([ActionStatus.DONE.value, ActionStatus.DROPPED.value])
                )
            if overdue_only:
                query = query.where(ActionRow.due < self._store.today)
            return [convert.action(r) for r in session.scalars(query).all()]

    def get(self, action_id: int) -> Action:
        with self._store.sessions() as session:
            row = session.get(ActionRow, action_id)
            if row is None:
                raise NotFound(f"no action {action_id}")
            updates = session.scalars(
                select(ActionUpdateRow)
                .where(ActionUpdateRow.action_id == action_id)
                .order_by(ActionUpdateRow.id)
            ).all()
            return convert.action(row, list(updates))

    def can_change(self, action: Action) -> bool:
        """The owner of an action, or a chair, may change it; anyone else reads only."""
        person = self._store.person
        return person is not None and (person.chair or person.id == action.owner_id)

    def why_not_change(self, action: Action) -> str | None:
        """Why this login may not change the action, in one line; None when it may."""
        if self.can_change(action):
            return None
        owner = self._store.config.person(action.owner_id or "")
        return (
            f"{self._store.login} may not change action {action.id}: only its owner "
            f"({owner.name if owner else 'unknown'}) or a chair may"
        )

    def update(
        self,
        action_id: int,
        expected_version: int,
        status: ActionStatus | None = None,
        note: str = "",
        new_due: dt.date | None = None,
        evidence: str = "",
        new_owner_id: str | None = None,
        meeting_id: int | None = None,
        verdict: Verdict | None = None,
        reading_now: Snapshot | None = None,
    ) -> Action:
        """Change an action: status, a new date, a new owner, evidence or a note; for an
        action raised on a metric, the verdict (did it work?) beside the reading now.

        Refused (NotAllowed) unless the login owns the action or chairs; refused (Conflict) if
        the action changed since `expected_version` was read — nothing is overwritten.
        """
        current = self.get(action_id)
        if (why := self.why_not_change(current)) is not None:
            raise NotAllowed(why)
        problems = self._update_problems(current, status, note, new_due, evidence, new_owner_id)
        if problems:
            raise InvalidEntry(problems)
        self._store.check_free_text(note=note, evidence=evidence)
        # At a meeting (matters arising) the update is the meeting's: its holder's alone.
        writing = self._store.tx() if meeting_id is None else self._store.meeting_tx(meeting_id)
        with writing as session:
            row = session.get(ActionRow, action_id)
            assert row is not None
            if row.version != expected_version:
                raise Conflict(self._changed_since(session, action_id))
            before = {"status": row.status, "due": row.due, "owner": row.owner_id}
            new_status = status or ActionStatus(row.status)
            if new_due is not None:
                row.due = new_due
            if new_owner_id:
                row.owner_id = new_owner_id
            if evidence:
                row.evidence = evidence
            if meeting_id is not None and not new_status.closed and row.meeting_id != meeting_id:
                row.carried += 1  # updated at a meeting and still open: carried forward
            row.status = new_status.value
            row.completed = self._store.today if new_status is ActionStatus.DONE else None
            # Every update bumps the version, even a note that changes no column: otherwise a
            # concurrent writer (PostgreSQL, read committed) is not refused by the versioned
            # UPDATE and its status silently loses to the other's.
            flag_modified(row, "status")
            session.add(
                ActionUpdateRow(
                    action_id=action_id,
                    meeting_id=meeting_id,
                    when=self._store.now(),
                    by_login=self._store.login,
                    status=new_status.value,
                    note=note,
                    new_due=new_due,
                    new_owner_id=new_owner_id,
                    evidence=evidence,
                    verdict=verdict.value if verdict else None,
                    reading_now=convert.snapshot_to_json(reading_now),
                )
            )
            session.flush()
            after = {"status": row.status, "due": row.due, "owner": row.owner_id, "note": note}
            if verdict is not None:
                after["verdict"] = verdict.value
            self._store.audit(session, "action", action_id, "update", before=before, after=after)
        return self.get(action_id)

    def _changed_since(self, session: Session, action_id: int) -> str:
        """Who changed the action last, what to and when: the words of a refused stale write."""

        last = session.scalars(
            select(ActionUpdateRow)
            .where(ActionUpdateRow.action_id == action_id)
            .order_by(ActionUpdateRow.id.desc())
            .limit(1)
        ).first()
        if last is None:
            return (
                f"action {action_id} was changed by someone else since you opened it; "
                "nothing was overwritten — reload and try again"
            )
        person = self._store.config.person_by_login(last.by_login)
        who = person.name if person else last.by_login
        return (
            f"{who} updated action {action_id} to '{last.status}' at "
            f"{local_time(last.when):%H:%M} — reload (nothing was overwritten)"
        )

    def _update_problems(
        self,
        current: Action,
        status: ActionStatus | None,
        note: str,
        new_due: dt.date | None,
        evidence: str,
        new_owner_id: str | None,
    ) -> list[Problem]:
        problems = []
        if status is ActionStatus.DONE and not (evidence.strip() or current.evidence):
            problems.append(Problem("evidence", "say what shows it is done (evidence is required)"))
        if status is ActionStatus.DROPPED and not note.strip():
            problems.append(Problem("note", "say why the action is dropped"))
        if status is ActionStatus.BLOCKED and not note.strip():
            problems.append(Problem("note", "say what blocks it"))
        if new_due is not None:
            if new_due < self._store.today:
                problems.append(Problem("due", "the new date is in the past"))
            if not note.strip():
                problems.append(Problem("note", "say why the date moves (a reason is required)"))
        if new_owner_id is not None and new_owner_id not in self._store.known_people:
            problems.append(Problem("owner", f"'{new_owner_id}' is not a person in the config"))
        if current.status.closed and status is not None and status != current.status:
            problems.append(Problem("status", f"the action is already {current.status.value}"))
        return problems

    def completion(self) -> Completion:
        """Actions done on time, carried over and overdue by owner, as of today."""
        from domain.minutes_input import completion_of

        return completion_of(self.find(include_closed=True), self._store.today)
