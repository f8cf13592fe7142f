"""What `d` opens on a Watch list row (a one-line note) and on a Risk register row (a review),
and how each reaches the service."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from domain.risks import Risk
    from domain.watch import WatchNote
    from tui.screens.meeting.view import Row, SectionView
    from tui.shell import ChairApp


class MeetingEntries(Protocol):
    """What these entries use of tui.screens.meeting.entries.MeetingEntries (which calls
    them: it is not imported here, so the two modules import one way)."""

    _app: ChairApp

    def refused(self, what: str) -> bool: ...

    def _open(self, form: Any, meeting_id: int, item_key: str, done: Any) -> None: ...

    def _saved(self, what: str, notice: str = "") -> None: ...

    def _next_meeting(self, view: SectionView) -> dt.date | None: ...


def note_watch_item(entries: MeetingEntries, view: SectionView, row: Row) -> None:
    """`d` on an AMBER reading of the watch list: noted / act / escalate and one line."""
    from tui.screens.work_forms import WatchNoteForm

    item = row.watch
    assert item is not None
    if entries.refused("note the watch list"):
        return
    app = entries._app
    meeting_id = view.meeting.id

    def save(entry: tuple[str, str]) -> WatchNote:
        kind, note = entry
        with app.door() as service:
            return service.watch.note(meeting_id, item, kind, note)

    def done(saved: WatchNote | None) -> None:
        if saved:
            entries._saved("watch", f"{item.title}: {saved.kind} ({saved.note}).")

    entries._open(WatchNoteForm(item, save), meeting_id, f"watch:{item.metric_id}", done)


def review_risk(entries: MeetingEntries, view: SectionView, row: Row) -> None:
    """`d` on a risk of the register: its review note, score now and next review date."""
    from tui.screens.work_forms import RiskReviewForm

    risk = row.risk
    assert risk is not None and risk.id is not None
    if entries.refused("review risks"):
        return
    app = entries._app
    config = app.config
    assert config is not None
    person = config.person(risk.owner) if risk.owner else None
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
            entries._saved(
                "risk", f"{saved.ref} reviewed: score {saved.score}, next review {when}."
            )

    form = RiskReviewForm(
        risk,
        person.name if person else (risk.owner or "no owner"),
        view.meeting.date,
        entries._next_meeting(view),
        save,
    )
    entries._open(form, meeting_id, f"risk:{risk_id}", done)
