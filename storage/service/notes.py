"""Period notes: a short note on one period of a metric, kept with the record and audited.

A note says what a number cannot ("flu outbreak", "new appointment release pattern"); one
marked as a change of process or of recording starts a new SPC baseline from its period. Notes
are append-only: a wrong note is answered by another note, as in minutes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy import select

from domain.readings import PeriodNote, Reading
from storage.database.models import PeriodNoteRow
from storage.errors import InvalidEntry, NotFound, Problem
from storage.service.store import Store

NOTE_LIMIT = 200
"""Characters in a note: a short note, not minutes."""


def _note(row: PeriodNoteRow) -> PeriodNote:
    return PeriodNote(row.metric_id, row.period_end, row.text, row.change, row.by_login, row.id)


class Notes:
    """Notes on periods of the metrics."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def add(
        self, metric_id: str, period_end: dt.date, text: str, change: bool = False
    ) -> PeriodNote:
        """Note one period of a metric. Anyone may; refused (InvalidEntry) when empty, longer
        than NOTE_LIMIT, for a period after today, or with an NHS number in it."""
        store = self._store
        if store.config.metric(metric_id) is None and not metric_id.startswith("qof:"):
            raise NotFound(f"no metric '{metric_id}' in the config")
        text = " ".join(text.split())
        problems = []
        if not text:
            problems.append(Problem("text", "say what happened in this period"))
        elif len(text) > NOTE_LIMIT:
            problems.append(Problem("text", f"keep it under {NOTE_LIMIT} characters"))
        if period_end > store.today:
            problems.append(Problem("period", "the period is after today"))
        if problems:
            raise InvalidEntry(problems)
        store.check_free_text(text=text)
        with store.tx() as session:
            row = PeriodNoteRow(
                metric_id=metric_id, period_end=period_end, text=text, change=change,
                created=store.now(), by_login=store.login,
            )  # fmt: skip
            session.add(row)
            session.flush()
            store.audit(
                session, "period note", row.id, "note",
                after={"metric": metric_id, "period": period_end, "text": text, "change": change},
            )  # fmt: skip
            return _note(row)

    def of(self, metric_id: str | None = None) -> list[PeriodNote]:
        """Notes, by period then as written (one metric's with `metric_id`)."""
        with self._store.sessions() as session:
            query = select(PeriodNoteRow).order_by(PeriodNoteRow.period_end, PeriodNoteRow.id)
            if metric_id is not None:
                query = query.where(PeriodNoteRow.metric_id == metric_id)
            return [_note(row) for row in session.scalars(query)]

    def attach(self, readings: list[Reading]) -> list[Reading]:
        """The readings with the notes made on their metrics (SPC baselines follow them)."""
        notes: dict[str, list[PeriodNote]] = {}
        for note in self.of():
            notes.setdefault(note.metric_id, []).append(note)
        return [
            dataclasses.replace(r, notes=tuple(notes[r.metric_id])) if r.metric_id in notes else r
            for r in readings
        ]
