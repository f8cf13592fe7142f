"""The roster kept with the record: who is who and who chairs, registered in the database.

Whichever chair.toml a user passes, people and roles come from the newest registered roster.
The first registration is made by whoever creates (or first opens) the database; later ones only
by a chair of the roster registered at the time (`chair db register-config`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from config.models import Person
from storage.database.models import AuditRow, MeetingRow, MinutesApprovalRow, RosterRow


@dataclass(frozen=True)
class Roster:
    """One registered roster."""

    id: int
    registered: dt.datetime
    by_login: str
    people: tuple[Person, ...]

    def chair_ids(self) -> set[str]:
        return {p.id for p in self.people if p.chair}

    def chair_logins(self) -> set[str]:
        return {p.login for p in self.people if p.chair}


def people_json(people: Sequence[Person]) -> str:
    return json.dumps(
        [p.model_dump(mode="json") for p in people], ensure_ascii=False, sort_keys=True
    )


def _roster(row: RosterRow) -> Roster:
    people = tuple(Person.model_validate(p) for p in json.loads(row.people))
    return Roster(row.id, row.registered, row.by_login, people)


def rosters(session: Session) -> list[Roster]:
    """Every registered roster, oldest first."""
    return [_roster(r) for r in session.scalars(select(RosterRow).order_by(RosterRow.id))]


def current(session: Session) -> Roster | None:
    row = session.scalars(select(RosterRow).order_by(RosterRow.id.desc()).limit(1)).first()
    return None if row is None else _roster(row)


def in_force(history: Sequence[Roster], when: dt.datetime | None) -> Roster:
    """The roster in force at a moment: the newest registered by then (else the first).
    `history` must not be empty."""
    chosen = history[0]
    for roster in history:
        if when is not None and roster.registered <= when:
            chosen = roster
    return chosen


def changes(before: Sequence[Person], after: Sequence[Person]) -> list[str]:
    """What a registration changes, in words ('+ jm (chair)', '- lc', 'tb: now chairs')."""
    old = {p.id: p for p in before}
    new = {p.id: p for p in after}
    lines = [f"+ {p.id} ({p.name}{', chair' if p.chair else ''})" for p in after if p.id not in old]
    lines += [f"- {p.id} ({p.name})" for p in before if p.id not in new]
    for person in after:
        was = old.get(person.id)
        if was is None or was == person:
            continue
        if was.chair != person.chair:
            lines.append(f"{person.id}: {'now chairs' if person.chair else 'no longer chairs'}")
        for field in ("name", "role", "login"):
            if getattr(was, field) != getattr(person, field):
                lines.append(
                    f"{person.id}: {field} {getattr(was, field)} -> {getattr(person, field)}"
                )
    return lines


def record_problems(session: Session) -> list[str]:
    """Meetings, approvals and registrations made by someone who was not a chair in the roster
    registered at the time (what `chair check` flags)."""
    history = rosters(session)
    if not history:
        return []
    problems: list[str] = []
    for previous, roster in zip(history, history[1:], strict=False):
        if roster.by_login not in previous.chair_logins():
            problems.append(
                f"roster {roster.id} was registered by {roster.by_login}, who was not a chair "
                f"in the roster registered before it ({previous.id})"
            )
    for meeting in session.scalars(select(MeetingRow).order_by(MeetingRow.id)):
        roster = in_force(history, meeting.started)
        if meeting.chair_id not in roster.chair_ids():
            problems.append(
                f"meeting {meeting.id} ({meeting.meeting_type}, {meeting.date.isoformat()}) was "
                f"chaired by {meeting.chair_id or 'nobody known'}, not a chair in the registered "
                f"roster ({roster.id})"
            )
    for approval in session.scalars(select(MinutesApprovalRow).order_by(MinutesApprovalRow.id)):
        roster = in_force(history, approval.when)
        if approval.by_login not in roster.chair_logins():
            problems.append(
                f"the minutes of meeting {approval.meeting_id} were approved by "
                f"{approval.by_login}, not a chair in the registered roster ({roster.id})"
            )
    problems += audit_problems(session)
    starts = session.execute(
        select(AuditRow.entity_id, AuditRow.login, AuditRow.when).where(
            AuditRow.entity == "meeting", AuditRow.what == "start"
        )
    ).all()
    for meeting_id, login, when in starts:
        roster = in_force(history, when)
        if login not in roster.chair_logins():
            problems.append(
                f"meeting {meeting_id} was started by {login}, not a chair in the registered "
                f"roster ({roster.id})"
            )
    return problems


def audit_problems(session: Session) -> list[str]:
    """Registered rosters that do not match the audit entry of their registration: a roster row
    inserted outside Chair (with its chain hash recomputed) has none; one edited afterwards no
    longer has the people, author or chain hash its entry recorded."""
    entries: dict[int, tuple[int, str, dict[str, object]]] = {}
    audited = session.execute(
        select(AuditRow.id, AuditRow.entity_id, AuditRow.login, AuditRow.after)
        .where(AuditRow.entity == "roster", AuditRow.what == "register")
        .order_by(AuditRow.id)
    )
    for audit_id, roster_id, login, after in audited:
        try:
            recorded = json.loads(after) if after else {}
        except ValueError:
            recorded = {}
        entries[int(roster_id or 0)] = (
            audit_id,
            login,
            recorded if isinstance(recorded, dict) else {},
        )
    problems: list[str] = []
    for row in session.scalars(select(RosterRow).order_by(RosterRow.id)):
        label = f"roster {row.id} (registered by {row.by_login})"
        if row.id not in entries:
            problems.append(
                f"{label}: no entry in the audit log records its registration: it was inserted "
                "outside Chair"
            )
            continue
        audit_id, login, recorded = entries[row.id]
        ids = [p.id for p in _roster(row).people]
        if login != row.by_login:
            problems.append(
                f"{label}: the audit log (row {audit_id}) records {login} as its author"
            )
        elif recorded.get("people") != ids:
            problems.append(
                f"{label}: its people ({', '.join(ids)}) differ from those the audit log "
                f"(row {audit_id}) recorded"
            )
        elif "roster" in recorded and recorded["roster"] != row.chain_hash:
            problems.append(
                f"{label}: changed since the audit log (row {audit_id}) recorded its registration "
                "(its chain hash differs)"
            )
    return problems
