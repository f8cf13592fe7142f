"""What every entry of the meeting screen shares (the parts in entries.py use it): the app,
the screen's Outbox, the login's right to write, opening a form, saying it was saved."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from tui.messages import EntrySaved

if TYPE_CHECKING:
    from typing import Any

    from config.models import ChairConfig
    from domain.records import Action
    from tui.screens.form_base import TypingForm
    from tui.screens.meeting.outbox import Outbox
    from tui.screens.meeting.view import SectionView
    from tui.shell import ChairApp


class EntryDesk:
    """What every entry of the meeting screen uses: the app (its door, drafts, notices), the
    screen's Outbox (workers, messages up), and the checks and form opening they share."""

    def __init__(self, outbox: Outbox, app: ChairApp) -> None:
        self.outbox = outbox
        self.app = app

    @property
    def config(self) -> ChairConfig:
        config = self.app.config
        assert config is not None, "a meeting opens only once the config has"
        return config

    def refused(self, what: str, action: Action | None = None) -> bool:
        """Say why this login may not do it, once, before any form opens (True: refused)."""
        service = self.app.service
        if service is None:
            why: str | None = "Still opening the database…"
        elif action is not None:
            why = service.actions.why_not_change(action)
        else:
            why = service.why_not_chair(what)
        if why is not None:
            self.app.notify(why, severity="warning", markup=False)
        return why is not None

    def open(self, form: TypingForm[Any, Any], meeting_id: int, item_key: str, done: Any) -> None:
        """Open an entry's form (its draft kept under `item_key`); `done` gets what it saved."""
        from tui.screens.form_base import open_form

        open_form(self.app, form, meeting_id, item_key, done)

    def saved(self, what: str, notice: str = "") -> None:
        """An entry was saved: the screen reloads its section; `notice` says so in a line.
        The notice replaces the ones before it: ten notes typed in one burst leave one notice
        on screen, not a stack of ten over the table's notes (a stacked notice could also
        outlast its time on screen)."""
        self.outbox.post(EntrySaved(what))
        if notice:
            self.app.clear_notifications()
            self.app.notify(notice, markup=False)

    def next_meeting(self, view: SectionView) -> dt.date | None:
        """The next meeting of this type (a form's default review or due date)."""
        from domain.dates import next_meeting_date

        meeting = view.meeting
        meeting_type = self.config.meeting_type(meeting.meeting_type)
        return next_meeting_date(meeting_type.cadence, meeting.date) if meeting_type else None
