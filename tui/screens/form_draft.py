"""A form's draft: what it has typed, kept (tui.drafts) while typing, offered back when it opens.

Every text field (and each picker's letter) is written a pause after the last key, and at once
when the process is ending; the draft goes when the entry is saved or the form cancelled. Only
what the person typed is a draft: a form as it opened (or filled in by the program) keeps none.
The form holds one FormDraft (`form.draft`); open_form gives it its door.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.widgets import Static

from tui.screens.form_parts import restore_fields, typed_at, typed_fields

if TYPE_CHECKING:
    from textual.screen import Screen
    from textual.timer import Timer

    from domain.drafts import Draft
    from tui.drafts import DraftDoor

DRAFT_DELAY = 0.3
"""Seconds after the last key before the draft is written (one write per pause, not per key)."""


class FormDraft:
    """One form's draft, through its door (none: the form keeps no draft). The writes run in
    the form's workers, the read of a meeting's drafts in the app's (a form closed meanwhile
    does not cancel it)."""

    door: DraftDoor | None = None

    def __init__(self, form: Screen[Any]) -> None:
        self._form = form
        self._timer: Timer | None = None
        self._untouched: dict[str, str] | None = None
        """The fields as the form opened (None until it has)."""

    @property
    def restored(self) -> bool:
        """A draft from before was put back into the fields."""
        return self.door is not None and self.door.draft is not None

    def opened(self) -> None:
        """The form has its fields: note them as they are (what is not a draft)."""
        self._untouched = typed_fields(self._form)

    def offer(self, back: str) -> None:
        """Put the form's draft back (saying `back`, with '{at}' for when it was typed), if it
        has one."""
        door = self.door
        if door is not None and door.meeting_id in door.shelf.loaded:
            self._draft_back(door.draft or door.shelf.get(door.meeting_id, door.item_key), back)
        elif door is not None:
            self._read(door, back)  # opened before the meeting's drafts were read

    def _draft_back(self, draft: Draft | None, back: str) -> None:
        """Put a draft back into the fields, unless something has been typed since opening."""
        form = self._form
        if not form.is_attached or draft is None or not draft.has_text:
            return
        if typed_fields(form) == self._untouched:
            if self.door is not None:
                self.door.draft = draft
            restore_fields(form, draft.fields)
            say_draft(form, back.format(at=typed_at(draft.updated)))

    def _read(self, door: DraftDoor, back: str) -> None:
        app = self._form.app

        def read() -> None:
            door.shelf.load(door.meeting_id)
            app.call_from_thread(
                self._draft_back, door.shelf.get(door.meeting_id, door.item_key), back
            )

        app.run_worker(read, thread=True, exit_on_error=False, group="form-draft-read")

    def typed(self) -> None:
        """A key changed a field: write the draft once the typing pauses."""
        if self.door is None:
            return
        if self._timer is not None:
            self._timer.stop()
        self._timer = self._form.set_timer(DRAFT_DELAY, self._keep)

    def not_typed(self, name: str, text: str) -> None:
        """Field `name` was filled in (not typed) since the form opened: no draft for it."""
        if self._untouched is not None:
            self._untouched[name] = text

    def _keep(self) -> None:
        self._timer = None
        door = self.door
        if door is not None:
            fields = self._typed_fields()
            self._form.run_worker(
                lambda: _quietly(door.keep, fields),
                thread=True,
                exit_on_error=False,
                group="form-draft",
            )

    def _typed_fields(self) -> dict[str, str]:
        """Only what the person typed is a draft: a form as it opened keeps none."""
        fields = typed_fields(self._form)
        return {} if fields == self._untouched else fields

    def keep_now(self) -> None:
        """Write the draft at once, in this thread (the process is ending: a dropped connection,
        a kill): the timer may not have fired, or its worker may not have reached the database.
        A form already saved or cancelled writes nothing (its door is closed)."""
        self._stop_timer()
        if self.door is None or self._untouched is None:  # not opened yet: nothing typed
            return
        try:
            self.door.keep(self._typed_fields())
        except Exception:  # a draft is a courtesy: never let it stop the exit
            return

    def drop(self) -> None:
        """The form is cancelled: stop keeping the draft and drop it (in a worker; if that
        fails the draft stays, and is offered back next time, which is harmless)."""
        self._stop_timer()
        door = self.door
        if door is not None:
            self._form.run_worker(
                lambda: _quietly(door.close),
                thread=True,
                exit_on_error=False,
                group="form-draft-drop",
            )

    def close_in_thread(self) -> None:
        """From the save's worker, once the entry is saved: drop the draft in that thread."""
        if self.door is not None:
            _quietly(self.door.close)

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None


def _quietly(write: Callable[..., object], *args: object) -> None:
    """A draft is a courtesy: a failed write never disturbs the form."""
    try:
        write(*args)
    except Exception:
        return


def say_draft(form: Screen[Any], text: str) -> None:
    """A line under the form's title about its draft (the form's #draft-note)."""
    note = form.query_one_optional("#draft-note", Static)
    if note is not None:
        note.update(text)
        note.display = bool(text)
