"""Acknowledged breaches: on screen still, but no new decision asked until expiry or worse."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from domain.gate import Acknowledgement
from domain.records import MeetingState
from domain.status import Status
from storage.database import convert
from storage.database.models import AcknowledgementRow, MeetingRow
from storage.errors import InvalidEntry, NotAllowed, NotFound, Problem
from storage.service.store import Store


class Acknowledgements:
    """Acknowledging a breach at a meeting, and the acknowledgements that may apply."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def acknowledge(
        self,
        meeting_id: int,
        metric_id: str,
        owner_id: str,
        reason: str,
        expires: dt.date,
        status: Status | str,
    ) -> Acknowledgement:
        """Acknowledge a breach at a meeting: it stays on screen, but the gate asks for no new
        decision on it until `expires` has passed or its status is worse than `status`.

        Chair only. Refused (InvalidEntry) without a known owner, a reason, an expiry on or
        after the meeting date, or with an NHS number in the reason.
        """
        self._store.require_chair("acknowledge breaches")
        meeting = self._store.meeting(meeting_id)
        if meeting.state is MeetingState.CLOSED:
            raise NotAllowed("this meeting is closed; acknowledge the breach at the next meeting")
        metric = self._store.config.metric(metric_id)
        if metric is None:
            raise NotFound(f"no metric '{metric_id}' in the config")
        try:
            acknowledged = status if isinstance(status, Status) else Status(status)
        except ValueError:
            acknowledged = Status.NO_DATA
        problems = []
        if acknowledged.severity <= 0:
            problems.append(
                Problem("status", f"{metric.title} is not a breach ({acknowledged.word})")
            )
        if owner_id not in self._store.known_people:
            problems.append(Problem("owner", f"'{owner_id}' is not a person in the config"))
        if not reason.strip():
            problems.append(Problem("reason", f"say why {metric.title} is acknowledged"))
        if expires < meeting.date:
            problems.append(Problem("expires", "the expiry is before the meeting date"))
        if problems:
            raise InvalidEntry(problems)
        self._store.check_free_text(reason=reason)
        with self._store.meeting_tx(meeting_id) as session:
            row = AcknowledgementRow(
                metric_id=metric_id,
                meeting_id=meeting_id,
                owner_id=owner_id,
                reason=reason.strip(),
                expires=expires,
                status_at_ack=acknowledged.word,
                created=self._store.now(),
                by_login=self._store.login,
            )
            session.add(row)
            session.flush()
            self._store.audit(
                session,
                "acknowledgement",
                row.id,
                "acknowledge",
                after={
                    "metric": metric_id,
                    "owner": owner_id,
                    "expires": expires,
                    "status": acknowledged.word,
                    "reason": row.reason,
                },
            )
            return convert.acknowledgement(row)

    def find(
        self, meeting_id: int | None = None, metric_id: str | None = None
    ) -> list[Acknowledgement]:
        """Acknowledgements, oldest first. With `meeting_id`: those made at that meeting or an
        earlier one of the same type (the ones that may apply to it, live or not)."""
        with self._store.sessions() as session:
            query = select(AcknowledgementRow).order_by(AcknowledgementRow.id)
            if metric_id is not None:
                query = query.where(AcknowledgementRow.metric_id == metric_id)
            if meeting_id is not None:
                meeting = self._store.meeting_row(session, meeting_id)
                same_type = select(MeetingRow.id).where(
                    MeetingRow.meeting_type == meeting.meeting_type,
                    MeetingRow.id <= meeting_id,
                    MeetingRow.practice_code == meeting.practice_code,
                )
                query = query.where(AcknowledgementRow.meeting_id.in_(same_type))
            return [convert.acknowledgement(r) for r in session.scalars(query).all()]
