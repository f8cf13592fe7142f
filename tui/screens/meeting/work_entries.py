"""Entries on the work behind the number: `d` on a Watch list row (a one-line note) and on a
Risk register row (a review), an escalation added to the risk register, and a metric's detail
(`i`: its period notes and the exceptions on the rows behind it)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from domain.readings import PeriodNote
    from domain.risks import Risk
    from domain.watch import WatchNote
    from storage.data.quality import SourceReport
    from tui.screens.behind import Behind
    from tui.screens.meeting.entry_desk import EntryDesk
    from tui.screens.meeting.view import Row, SectionView


class WorkEntries:
    """The work forms and screens, each saved through the desk's door."""

    def __init__(self, desk: EntryDesk) -> None:
        self._desk = desk

    def note_watch_item(self, view: SectionView, row: Row) -> None:
        """`d` on an AMBER reading of the watch list: noted / act / escalate and one line."""
        from tui.screens.work_forms import WatchNoteForm

        desk = self._desk
        item = row.watch
        if item is None or desk.refused("note the watch list"):
            return
        app = desk.app
        meeting_id = view.meeting.id

        def save(entry: tuple[str, str]) -> WatchNote:
            kind, note = entry
            with app.door() as service:
                return service.watch.note(meeting_id, item, kind, note)

        def done(saved: WatchNote | None) -> None:
            if saved:
                desk.saved("watch", f"{item.title}: {saved.kind} ({saved.note}).")

        desk.open(WatchNoteForm(item, save), meeting_id, f"watch:{item.metric_id}", done)

    def review_risk(self, view: SectionView, row: Row) -> None:
        """`d` on a risk of the register: its review note, score now and next review date."""
        from tui.screens.work_forms import RiskReviewForm

        desk = self._desk
        risk = row.risk
        if not view.can_decide(row) or risk is None or desk.refused("review risks"):
            return
        assert risk.id is not None
        app = desk.app
        person = desk.config.person(risk.owner) if risk.owner else None
        meeting_id = view.meeting.id
        risk_id = risk.id

        def save(entry: tuple[str, int, int, dt.date, str]) -> Risk:
            note, likelihood, impact, review, status = entry
            with app.door() as service:
                return service.risks.review(
                    risk_id,
                    note,
                    meeting_id=meeting_id,
                    likelihood=likelihood,
                    impact=impact,
                    next_review=review,
                    status=status,
                )

        def done(saved: Risk | None) -> None:
            if saved:
                when = saved.review_date.isoformat() if saved.review_date else "no date"
                desk.saved(
                    "risk", f"{saved.ref} reviewed: score {saved.score}, next review {when}."
                )

        form = RiskReviewForm(
            risk,
            person.name if person else (risk.owner or "no owner"),
            view.meeting.date,
            desk.next_meeting(view),
            save,
        )
        desk.open(form, meeting_id, f"risk:{risk_id}", done)

    def add_to_risk_register(self, view: SectionView, row: Row) -> None:
        """Raise a risk from the escalation on the register (or link it to the metric's open
        risk), in a worker; say how it went."""
        if not view.can_add_to_risk_register(row):
            return
        assert row.escalation is not None and row.escalation.id is not None
        app = self._desk.app
        decision_id = row.escalation.id
        title = row.escalation.title or "the escalation"

        def write() -> None:
            from storage.errors import UserError

            try:
                with app.door() as service:
                    risk = service.risks.from_decision(decision_id)
            except UserError as error:
                app.call_from_thread(app.notify, str(error), severity="error", markup=False)
                return
            app.call_from_thread(
                app.notify,
                f"Added to the risk register as {risk.ref} (score {risk.score}): {title}",
                markup=False,
            )

        self._desk.outbox.run(write, "risk-register")

    def detail(self, view: SectionView, row: Row) -> None:
        """The metric's detail screen; the source facts and the rows behind the number load
        in its own workers."""
        from tui.screens.behind import Behind
        from tui.screens.metric_detail import MetricDetailScreen

        reading = row.reading
        if reading is None:
            return
        desk = self._desk
        app, post = desk.app, desk.outbox.post
        config = desk.config
        status = config.statuses.get(reading.status.word.lower())  # type: ignore[call-overload]
        response = status.response if status is not None else ""
        indicator = reading.detail.indicator  # a QOF indicator: its class's response
        if indicator is not None and indicator.recoverability:
            response = indicator.words
        metric_id = reading.metric_id

        def facts() -> SourceReport:
            with app.door() as service:
                return service.readings.source_report(metric_id)

        def save_note(entry: tuple[dt.date, str, bool]) -> PeriodNote:
            from tui.screens.meeting.messages import NoteSaved

            period, text, change = entry
            with app.door() as service:
                note = service.notes.add(metric_id, period, text, change)
            post(NoteSaved(note))
            return note

        def behind() -> Behind:
            with app.door() as service:
                rows = service.exceptions.rows(metric_id)
                return Behind(rows, tuple(service.exceptions.live(metric_id)))

        meeting_id = view.meeting.id

        def save(entry: tuple[str, str, str, int, dt.date]) -> object:
            from domain.exceptions import RowException
            from tui.screens.meeting.messages import ExceptionSaved

            row_key, reason, note, count, until = entry
            with app.door() as service:
                saved = service.exceptions.add(
                    RowException(None, metric_id, row_key, reason, until, note, count), meeting_id
                )
            post(ExceptionSaved(metric_id))
            return saved

        today = app.service.today if app.service else None
        app.push_screen(
            MetricDetailScreen(reading, response, facts, save_note, behind, save, today, meeting_id)
        )
