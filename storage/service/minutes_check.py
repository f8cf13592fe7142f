"""Render approved minutes again from their rows, as they stood at approval, and compare them
with the locked text (storage.security.locked_rows says what is compared and why)."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from storage.database.models import ActionRow, MeetingRow, MinutesApprovalRow
from storage.security import locked_rows, roster, witness
from storage.service.store import sha256

if TYPE_CHECKING:
    from domain.minutes_input import MinutesInput
    from domain.records import Decision, Meeting
    from storage.service.store import Store

    BuildInput = Callable[
        [
            int,
            dict[str, list[dict[str, Any]] | None],
            dict[str, str | None],
            dict[str, str | None],
        ],
        MinutesInput,
    ]
    """storage.service.minutes.Minutes.build_input: a meeting's minutes input from its rows."""


def rerendered_problems(store: Store, build_input: BuildInput) -> list[str]:
    """One line per approved meeting whose rows no longer render what its minutes locked."""
    from domain.keys import FIXED_SECTIONS
    from domain.minutes import render_minutes

    problems: list[str] = []
    with store.sessions() as session:
        approvals = {
            a.meeting_id: a
            for a in session.scalars(select(MinutesApprovalRow).order_by(MinutesApprovalRow.id))
        }
        history = roster.rosters(session)
        meetings = session.scalars(
            select(MeetingRow).where(MeetingRow.minutes_text.is_not(None)).order_by(MeetingRow.id)
        ).all()
        locked = [
            (
                m.id,
                f"meeting {m.id} ({m.meeting_type}, {m.date.isoformat()})",
                m.minutes_text or "",
                {s.key: json.loads(s.readings) if s.readings else None for s in m.sections},
                {s.key: s.indicators for s in m.sections},
                {s.key: s.items for s in m.sections},
                [f"## {s.title}" for s in m.sections if s.key not in FIXED_SECTIONS],
            )
            for m in meetings
            if m.id in approvals and sha256(m.minutes_text or "") == m.minutes_hash
        ]
    for meeting_id, label, text, readings, indicators, items, headings in locked:
        approved = approvals[meeting_id]
        built = build_input(meeting_id, readings, indicators, items)
        meeting = _as_at(store, built.meeting)
        people = built.people
        if history:
            people = {p.id: p.name for p in roster.in_force(history, approved.when).people}
        again = render_minutes(dataclasses.replace(built, meeting=meeting, people=people))
        then = witness.without_witness(text)
        problems += locked_rows.differences(
            label, then, again, [*headings, locked_rows.AOB_HEADING]
        )
    return problems


def _as_at(store: Store, meeting: Meeting) -> Meeting:
    """The meeting's decisions with each action's owner and date as they stood when its
    minutes were approved."""
    decisions = list(meeting.decisions) + [i.decision for i in meeting.aob if i.decision]
    ids = [a.id for d in decisions for a in d.actions if a.id is not None]
    if not ids:
        return meeting
    with store.sessions() as session:
        current = {
            row.id: (row.owner_id, row.due)
            for row in session.scalars(select(ActionRow).where(ActionRow.id.in_(ids)))
        }
        entry = locked_rows.approval_entry(session, meeting.id)
        then = locked_rows.actions_at(session, current, entry)

    def back(decision: Decision) -> Decision:
        actions = tuple(
            dataclasses.replace(a, owner_id=then[a.id][0], due=then[a.id][1]) if a.id in then else a
            for a in decision.actions
        )
        return dataclasses.replace(decision, actions=actions)

    aob = tuple(
        dataclasses.replace(i, decision=back(i.decision)) if i.decision else i for i in meeting.aob
    )
    return dataclasses.replace(
        meeting, decisions=tuple(back(d) for d in meeting.decisions), aob=aob
    )
