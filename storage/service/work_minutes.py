"""What the minutes need of the work behind the number: the rows a This week, Watch list or
Risk register section showed, the notes and reviews given, the exceptions live on the meeting
date, and each action's reading when decided (for 'did it work?')."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING

from sqlalchemy import or_, select

from storage.database import convert
from storage.database.models import (
    ActionRow,
    DecisionRow,
    RiskReviewRow,
    RiskRow,
    RowExceptionRow,
    WatchNoteRow,
)
from storage.service.exceptions import to_exception

if TYPE_CHECKING:
    from domain.records import Meeting
    from storage.service.store import Store


def work_fields(
    store: Store, meeting: Meeting, items: Mapping[str, str | None]
) -> dict[str, object]:
    """MinutesInput fields: section_items, watch_notes, risk_reviews, exceptions, decided_on."""
    from domain.watch import WatchNote

    with store.sessions() as session:
        notes = {
            r.metric_id: WatchNote(r.metric_id, r.kind, r.note, r.meeting_id, r.since, r.streak)
            for r in session.scalars(
                select(WatchNoteRow)
                .where(WatchNoteRow.meeting_id == meeting.id)
                .order_by(WatchNoteRow.id)
            )
        }
        reviews = {
            ref: note
            for ref, note in session.execute(
                select(RiskRow.ref, RiskReviewRow.note)
                .join(RiskRow, RiskRow.id == RiskReviewRow.risk_id)
                .where(RiskReviewRow.meeting_id == meeting.id)
                .order_by(RiskReviewRow.id)
            )
        }
        closed_by = meeting.closed or store.now()
        exceptions = tuple(
            to_exception(r)
            for r in session.scalars(
                select(RowExceptionRow)
                .where(RowExceptionRow.expires >= meeting.date)
                .where(RowExceptionRow.created <= closed_by)
                .where(
                    or_(RowExceptionRow.withdrawn.is_(None), RowExceptionRow.withdrawn > closed_by)
                )
                .order_by(RowExceptionRow.metric_id, RowExceptionRow.id)
            )
        )
        decided_on = {
            action_id: snapshot
            for action_id, text in session.execute(
                select(ActionRow.id, DecisionRow.snapshot)
                .join(DecisionRow, DecisionRow.id == ActionRow.decision_id)
                .where(ActionRow.metric_id.is_not(None))
            )
            if (snapshot := convert.snapshot_from_json(text)) is not None
        }
    section_items = {key: tuple(json.loads(text)) for key, text in items.items() if text}
    return {
        "section_items": section_items, "watch_notes": notes, "risk_reviews": reviews,
        "exceptions": exceptions, "decided_on": decided_on,
    }  # fmt: skip
