"""What the meeting screen's entry keys open, and how each entry reaches the service.

Three parts, each a plain class over one EntryDesk (entry_desk.py: what every entry shares):
DecisionEntries (decision_entries.py: `d` on an item, `a`, `c`), RecordEntries
(record_entries.py: previous minutes, matters arising, attendance, AOB) and WorkEntries
(work_entries.py: the watch list, the risk register, a metric's detail). MeetingEntries sends `d` to the part for the section's kind.
Saved entries come back to the screen as EntrySaved or DecisionSaved; a refusal as EntryRefused
or a one-line notice."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.screens.meeting.decision_entries import DecisionEntries
from tui.screens.meeting.entry_desk import EntryDesk
from tui.screens.meeting.record_entries import RecordEntries
from tui.screens.meeting.work_entries import WorkEntries

if TYPE_CHECKING:
    from collections.abc import Callable

    from domain.records import DecisionKind
    from tui.screens.meeting.loading import SectionLoader
    from tui.screens.meeting.outbox import Outbox
    from tui.screens.meeting.prepared import PreparedMinutes
    from tui.screens.meeting.view import Row, SectionView
    from tui.shell import ChairApp


class MeetingEntries:
    """The meeting screen's entries, by part; `decide` sends `d` to the part that owns the
    section's kind of row."""

    def __init__(
        self,
        outbox: Outbox,
        app: ChairApp,
        loader: SectionLoader | None = None,
        prepared: PreparedMinutes | None = None,
        reload: Callable[[], None] | None = None,
    ) -> None:
        """`loader`: the meeting's readings (an experience decision shows its linked
        dashboards'); `prepared`: the minutes read ahead (previous minutes open filled);
        `reload`: builds the section on screen afresh in the calling thread (after a save)."""
        self.desk = desk = EntryDesk(outbox, app)
        self.decisions = DecisionEntries(desk, loader, reload)
        self.records = RecordEntries(desk, prepared)
        self.work = WorkEntries(desk)

    def decide(self, view: SectionView, row: Row, kind: DecisionKind | None = None) -> None:
        """`d` (or enter) on the highlighted row."""
        if view.kind == "previous-minutes":
            self.records.approve_minutes(view)
        elif view.kind == "matters-arising":
            self.records.update_action(view, row)
        elif view.kind == "watch-list":
            self.work.note_watch_item(view, row)
        elif view.kind == "risk-register":
            self.work.review_risk(view, row)
        else:
            self.decisions.decide(view, row, kind)

    def offer_drafts(self, meeting_id: int) -> None:
        """On opening (or resuming) a meeting: read this login's drafts for it and say which
        items have unsaved text waiting (opening the item's form brings the text back)."""
        app = self.desk.app

        def read() -> None:
            try:
                drafts = app.drafts.load(meeting_id)
            except Exception:  # a draft is a courtesy: the meeting goes on without it
                return
            waiting = [d.title for d in drafts if d.has_text]
            if waiting:
                app.call_from_thread(
                    app.notify,
                    "Unsaved text kept from before: "
                    + "; ".join(waiting)
                    + ". Open the item again to carry on.",
                    title="Drafts",
                    timeout=20,
                    markup=False,
                )

        self.desk.outbox.run(read, "drafts")


__all__ = ["MeetingEntries"]
