"""The amber watch-list at a meeting: which AMBER readings are on it (any dashboard, not
decided since they turned amber) and the one-line notes given on them."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from domain.watch import WatchItem, WatchNote, watch_list, watch_note_problems
from storage.database.models import DecisionRow, MeetingRow, WatchNoteRow
from storage.errors import InvalidEntry, Problem

if TYPE_CHECKING:
    from collections.abc import Callable

    from domain.readings import Reading
    from storage.service.store import Store


class WatchList:
    """AMBER readings routed to the next operational meeting, and their notes."""

    def __init__(self, store: Store, readings: Callable[[str], list[Reading]]) -> None:
        self._store = store
        self._readings = readings
        """Readings of a dashboard by id, judged as the meeting sees them."""
        self._seen: dict[tuple[str, dt.date], list[Reading]] = {}
        """Readings per dashboard and day: the list is asked for by the screen, the gate and
        the minutes in one step."""
        self._any_day = False

    def keep_readings(self) -> None:
        """Read each dashboard once for the life of this part, whatever day `today` moves to.

        For the demo's seeding, which moves one service through months of past meetings: the
        sample's files are the same on each of those days, and reading every dashboard again
        for each weekly meeting's watch list tripled the time the demo takes to open."""
        self._any_day = True

    def decided_on(self) -> dict[str, dt.date]:
        """Metric id -> the date of the latest meeting that recorded a decision on it."""
        store = self._store
        with store.sessions() as session:
            rows = session.execute(
                select(DecisionRow.metric_id, func.max(MeetingRow.date))
                .join(MeetingRow, MeetingRow.id == DecisionRow.meeting_id)
                .where(DecisionRow.metric_id.is_not(None), DecisionRow.superseded.is_(False))
                .where(MeetingRow.practice_code.in_(store.scope_codes()))
                .group_by(DecisionRow.metric_id)
            ).all()
        return {metric_id: date for metric_id, date in rows if metric_id}

    def items(self) -> list[WatchItem]:
        """Every AMBER reading of every dashboard not decided since it turned amber."""
        config = self._store.config
        readings = [
            (dashboard.title, reading)
            for dashboard in config.dashboards
            for reading in self._dashboard(dashboard.id)
        ]
        return watch_list(readings, self.decided_on())

    def _dashboard(self, dashboard_id: str) -> list[Reading]:
        key = (dashboard_id, dt.date.min if self._any_day else self._store.today)
        if key not in self._seen:
            if len(self._seen) > 64:
                self._seen.clear()
            self._seen[key] = self._readings(dashboard_id)
        return self._seen[key]

    def reading(self, metric_id: str) -> Reading | None:
        """A metric's reading today, as its dashboard shows it (None: not configured)."""
        metric = self._store.config.metric(metric_id)
        if metric is None:
            return None
        readings = self._dashboard(metric.dashboard)
        return next((r for r in readings if r.metric_id == metric_id), None)

    def notes_at(self, meeting_id: int) -> dict[str, WatchNote]:
        """Metric id -> the latest note given at this meeting."""
        with self._store.sessions() as session:
            rows = session.scalars(
                select(WatchNoteRow)
                .where(WatchNoteRow.meeting_id == meeting_id)
                .order_by(WatchNoteRow.id)
            ).all()
        return {
            r.metric_id: WatchNote(
                metric_id=r.metric_id,
                kind=r.kind,
                note=r.note,
                meeting_id=r.meeting_id,
                since=r.since,
                streak=r.streak,
                by_login=r.by_login,
            )  # fmt: skip
            for r in rows
        }

    def note(self, meeting_id: int, item: WatchItem, kind: str, note: str) -> WatchNote:
        """Record a one-line note on a watch-list item at a meeting (chair only)."""
        store = self._store
        store.require_chair("note the watch list")
        problems = watch_note_problems(kind, note)
        if problems:
            raise InvalidEntry([Problem("note", p) for p in problems])
        with store.meeting_tx(meeting_id) as session:  # refused if another screen holds it
            store.meeting_row(session, meeting_id)
            row = WatchNoteRow(
                meeting_id=meeting_id, metric_id=item.metric_id, kind=kind, note=note.strip(),
                since=item.since, streak=item.streak, created=store.now(), by_login=store.login,
            )  # fmt: skip
            session.add(row)
            session.flush()
            store.audit(session, "watch", row.id, "note", after={
                "metric_id": item.metric_id, "kind": kind, "note": row.note})  # fmt: skip
        return WatchNote(item.metric_id, kind, note.strip(), meeting_id, item.since, item.streak)
