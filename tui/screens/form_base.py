"""The one form family: every form that takes typed words derives from TypingForm.

One save path: ctrl+s (or enter on the last field) waits until every field has its keys
(SaveAfterKeys), `check` turns the fields into the typed value (or problems), and `save` runs in
a worker. A refusal comes back as problems by field name, each shown beside its field with the
cursor moved to the first; one no field owns goes on the form's line. Saved, the form closes
with what `save` returned, and the keys typed after the closing key go to the screen beneath.

One draft: every text field (and each picker's letter) is kept while typing (tui.drafts) until
the entry is saved or the form cancelled, and offered back when the form opens again.

Its parts (fields, problem lines, the focus marker, a draft's fields) are in form_parts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar, cast

from textual import on, work
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Static, TextArea
from textual.worker import Worker, WorkerState

from tui.key_hold import CLOSE_LIMIT, hold_keys, ready_for_keys
from tui.screens.backdrop import KeptBackdrop
from tui.screens.form_parts import (
    SaveAfterKeys,
    SaveAsked,
    is_empty,
    keys_wait_beneath,
    mark_focus,
    restore_fields,
    typed_at,
    typed_fields,
)
from tui.widgets.letter_picker import LetterPicker
from tui.widgets.person_input import PersonInput

if TYPE_CHECKING:
    from textual.message import Message
    from textual.timer import Timer

    from domain.drafts import Draft
    from tui.drafts import DraftDoor

T = TypeVar("T")
"""What the form's fields make: what `save` is given."""
R = TypeVar("R")
"""What `save` returns: what the form closes with."""

DRAFT_DELAY = 0.3
"""Seconds after the last key before the draft is written (one write per pause, not per key)."""


class TypingForm(KeptBackdrop, ModalScreen[R | None], Generic[T, R]):
    """A modal form: tab / shift+tab move at once, ctrl+s saves, escape cancels.

    Subclasses compose their fields (tui.screens.form_parts: field_row, error_line) and
    implement `check`; `save` (given to the constructor) records the value in a worker.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+s",
            "save",
            "Save",
            id="form-save",
            priority=True,
            tooltip="Check the fields and save at once",
        ),
        Binding(
            "escape",
            "cancel",
            "Cancel",
            id="form-cancel",
            priority=True,
            tooltip="Close the form without saving (its draft is dropped)",
        ),
        Binding(
            "tab",
            "next_field",
            "Next field",
            id="form-next-field",
            priority=True,
            show=False,
            tooltip="Move to the next field (completes a person's name)",
        ),
        Binding(
            "shift+tab",
            "previous_field",
            "Previous field",
            id="form-previous-field",
            priority=True,
            show=False,
            tooltip="Move back to the previous field",
        ),
    ]

    CSS_PATH = "decision.tcss"
    BINDING_GROUP_TITLE = "Form"
    AUTO_FOCUS = None
    """The form places the cursor itself (focus_first), once, when it opens."""
    TAKES_TYPING = True
    """Keys typed while it opens are held for it (tui.key_hold)."""
    FIELD_NAMES: ClassVar[dict[str, str]] = {}
    """The service's name for a field, where it is not this form's (else its last part)."""
    ERROR_MARK = "  ✗ "
    CANCEL_KEEPS_DRAFT = False
    """Escape keeps what is typed as a draft (a form to come back to), instead of dropping it."""
    DRAFT_BACK = "↺ Your unsaved text{at} is back in the fields (ctrl+s saves it, escape drops it)."

    draft_door: DraftDoor | None = None
    saving = False
    """True while a save runs in a worker (the form closes when it is done)."""
    _saved: tuple[R] | None = None
    _cancelling = False
    """Escape asked to close keeping the draft, once the keys before it have arrived."""
    _draft_timer: Timer | None = None
    _labels: dict[int, str]
    _save_after_keys: SaveAfterKeys
    _untouched: dict[str, str]

    def __init__(self, save: Callable[[T], R]) -> None:
        super().__init__()
        self.save = save

    def on_mount(self) -> None:
        self._labels = {}
        self._save_after_keys = SaveAfterKeys(self)
        self.prepare()
        self._untouched = typed_fields(self)
        self.watch(self, "focused", lambda focused: mark_focus(self, self._labels, focused))
        door = self.draft_door
        if door is not None and door.meeting_id in door.shelf.loaded:
            self._draft_back(door.draft or door.shelf.get(door.meeting_id, door.item_key))
        elif door is not None:
            self._read_draft(door)  # opened before the meeting's drafts were read
        self.focus_first()
        ready_for_keys(self, self.app)

    def _draft_back(self, draft: Draft | None) -> None:
        """Put a draft back into the fields, unless something has been typed since opening."""
        if not self.is_attached or draft is None or not draft.has_text:
            return
        if typed_fields(self) == self._untouched:
            if self.draft_door is not None:
                self.draft_door.draft = draft
            restore_fields(self, draft.fields)
            self.say_draft(self.DRAFT_BACK.format(at=typed_at(draft.updated)))

    def _read_draft(self, door: DraftDoor) -> None:
        """In the app's worker (a form closed meanwhile does not cancel it)."""
        app = self.app

        def read() -> None:
            door.shelf.load(door.meeting_id)
            app.call_from_thread(self._draft_back, door.shelf.get(door.meeting_id, door.item_key))

        app.run_worker(read, thread=True, exit_on_error=False, group="form-draft-read")

    def on_unmount(self) -> None:
        ready_for_keys(self, self.app)  # dismissed before it was ready: never hold keys for it

    @property
    def draft_title(self) -> str:
        """What the form is about, as said when its draft is offered back."""
        return ""

    def prepare(self) -> None:
        """Set the form up before a draft is restored (subclasses: show the right fields).
        Subclasses use this rather than their own on_mount, which Textual would also run."""

    def focus_first(self) -> None:
        """Where the cursor starts (subclasses choose; by default the first field)."""
        chain = self.focus_chain
        if chain:
            self.set_focus(chain[0])

    def fields_in_order(self) -> list[Widget]:
        """The fields that take the focus now, in the form's order (the focus chain, read just
        after fields were shown, may list the newly shown ones first)."""
        chain = set(self.focus_chain)
        return [w for w in self.query("*") if w in chain]

    def focus_after_choice(self, picker: Widget) -> None:
        """After a letter picked an option: the first field after the picker that is still
        empty, a text box or another picker with nothing chosen (pre-filled text, such as what
        the data shows, is kept and reachable with shift+tab); the next field when every one
        is filled."""
        chain = self.fields_in_order()
        after = chain[chain.index(picker) + 1 :] if picker in chain else chain
        empty = next((w for w in after if is_empty(w)), None)
        if empty is not None:
            self.set_focus(empty)
        elif picker in chain:
            self.set_focus(picker)
            self.move_field(1)
        else:
            self.focus_next()

    def value(self, name: str) -> str:
        """What field `name` holds, trimmed (a person field: the text typed)."""
        widget = self.query_one(f"#{name}")
        if isinstance(widget, PersonInput):
            return widget.text.strip()
        if isinstance(widget, TextArea):
            return widget.text.strip()
        assert isinstance(widget, Input)
        return widget.value.strip()

    # ------------------------------------------------------------------ keys

    def action_next_field(self) -> None:
        self.move_field(1)

    def action_previous_field(self) -> None:
        self.move_field(-1)

    def move_field(self, step: int) -> None:
        """tab / shift+tab: the next (or previous) field in the order the form composes them.
        Textual's own order sorts the fields by where each was last laid out, and a field just
        shown by a letter read in the same burst has not been laid out yet (`d q`, the reason,
        tab, a date: tab went past the review date, and the date landed in the owner)."""
        chain = self.fields_in_order()
        focused = self.focused
        if focused is None or focused not in chain:
            if step > 0:
                self.focus_next()
            else:
                self.focus_previous()
            return
        self.set_focus(chain[(chain.index(focused) + step) % len(chain)])

    def action_save(self) -> None:
        # The keys typed after ctrl+s are for the screen beneath, once this form has gone.
        hold_keys(self, self.app, CLOSE_LIMIT)
        self._save_after_keys.ask()

    def action_enter(self) -> None:
        """enter (forms that bind it): on the last field saves, elsewhere moves on. A priority
        binding, so the keys after it are held at once as ctrl+s holds them."""
        chain = self.focus_chain
        if chain and self.focused is chain[-1]:
            self.action_save()
        else:
            self.focus_next()

    def action_cancel(self) -> None:
        if self.CANCEL_KEEPS_DRAFT:
            # Like ctrl+s, escape waits behind the keys typed before it (a priority binding,
            # it ran before the words of the same burst reached the box: none was kept).
            hold_keys(self, self.app, CLOSE_LIMIT)
            self._cancelling = True
            self._save_after_keys.ask()
            return
        self.close_draft()
        self.dismiss(None)

    # ------------------------------------------------------------------ saving

    def check(self) -> tuple[T | None, dict[str, str]]:
        """The value as typed, and the problems found before asking the service (at least one
        when there is no value to save: a None without problems is saved as None)."""
        raise NotImplementedError

    @on(SaveAsked)
    def _save_asked(self, event: SaveAsked) -> None:
        if not self._save_after_keys.arrived(event):
            return
        if self._cancelling:
            self.keep_draft_now()
            self.dismiss(None)
        else:
            self.save_now()
            if not self.saving and self.app.screen is self:
                self.keys_back()  # refused at once: the keys after ctrl+s are for this form

    def save_now(self) -> None:
        if self.saving:
            return
        value, problems = self.check()
        self.show_problems(problems)
        if not problems:  # check gives problems whenever it has no value to save
            self.saving = True
            self._save(cast("T", value))

    @work(thread=True, exit_on_error=False, group="form-save")
    def _save(self, value: T) -> None:
        from storage.errors import InvalidEntry, UserError

        try:
            self._saved = (self.save(value),)
        except InvalidEntry as error:
            named = {self.field_name(p.field): p.message for p in error.problems}
            self.app.call_from_thread(self._refused, named)
            return
        except UserError as error:
            self.app.call_from_thread(self._refused, {"form": str(error)})
            return
        except Exception as error:  # never a crash: say so beside the form and keep the input
            self.app.call_from_thread(self._refused, {"form": f"could not save: {error}"})
            return
        self.draft_close_in_thread()

    def field_name(self, name: str) -> str:
        """This form's field for the service's name ('actions[0].due': 'action_due')."""
        return self.FIELD_NAMES.get(name, name.split(".")[-1])

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The save's worker has finished: close with what it saved. Closing from inside the
        worker (call_from_thread) could remove the form, and cancel the worker with it,
        before the worker had returned; here it has."""
        worker = event.worker
        if worker.group == "form-save" and event.state is WorkerState.SUCCESS and self._saved:
            self.close_saved(self._saved[0])

    def close_saved(self, result: R) -> None:
        """Saved: close with the result; the keys held since ctrl+s wait for the screen
        beneath to show the entry (held before this form lets them go, so none slips by)."""
        keys_wait_beneath(self)
        self.dismiss(result)

    def _refused(self, problems: dict[str, str]) -> None:
        self.saving = False
        self.show_problems(problems)
        self.keys_back()

    def keys_back(self) -> None:
        """The save was refused and the form stays: the keys held since ctrl+s come here."""
        ready_for_keys(self, self.app)

    # ------------------------------------------------------------------ problems

    def show_problems(self, problems: dict[str, str]) -> None:
        """Each problem beside its field (`<name>-error`), the cursor on the first; the rest
        on the form's line."""
        lines = [(line.id or "").removesuffix("-error") for line in self.query(".-error-line")]
        first = None
        for name in lines:
            message = problems.get(name, "") if name != "form" else ""
            self.set_error(name, message)
            if message and first is None:
                first = name
        others = [m for f, m in problems.items() if f not in lines or f == "form"]
        self.set_error("form", "; ".join(others))
        if first is not None:
            widget = self.query_one(f"#{first}")
            self.set_focus(widget.input if isinstance(widget, PersonInput) else widget)

    def set_error(self, name: str, message: str) -> None:
        for line in self.query(f"#{name}-error").results(Static):  # none: a shape not shown
            line.update(f"{self.ERROR_MARK}{message}" if message else "")
            line.set_class(not message, "-empty")

    # ------------------------------------------------------------------ drafts

    def say_draft(self, text: str) -> None:
        """A line under the title about the draft (the form's #draft-note)."""
        for note in self.query("#draft-note").results(Static):
            note.update(text)
            note.display = bool(text)

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(LetterPicker.Chosen)
    def _typed(self, event: Message) -> None:
        if isinstance(event, LetterPicker.Chosen):
            self.set_error(event.picker.id or "", "")  # chosen: its problem has gone
        if self.draft_door is None:
            return
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(DRAFT_DELAY, self._keep_draft)

    def _keep_draft(self) -> None:
        self._draft_timer = None
        if self.draft_door is not None:
            self._write_draft(self.draft_door, self._typed_fields())

    def _typed_fields(self) -> dict[str, str]:
        """Only what the person typed is a draft: a form as it opened keeps none."""
        fields = typed_fields(self)
        return {} if fields == self._untouched else fields

    def not_typed(self, name: str, text: str) -> None:
        """Field `name` was filled in (not typed) since the form opened: no draft for it."""
        self._untouched[name] = text

    def keep_draft_now(self) -> None:
        """Write the draft at once, in this thread (the process is ending: a dropped connection,
        a kill): the timer may not have fired, or its worker may not have reached the database.
        A form already saved or cancelled writes nothing (its door is closed)."""
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None
        if self.draft_door is None:
            return
        try:
            self.draft_door.keep(self._typed_fields())
        except Exception:  # a draft is a courtesy: never let it stop the exit
            return

    @work(thread=True, exit_on_error=False, group="form-draft")
    def _write_draft(self, door: DraftDoor, fields: dict[str, str]) -> None:
        try:
            door.keep(fields)
        except Exception:  # a draft is a courtesy: never let it disturb the form
            return

    def close_draft(self) -> None:
        """The form is cancelled: stop keeping the draft and drop it (in a worker)."""
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None
        if self.draft_door is not None:
            self._drop_draft(self.draft_door)

    @work(thread=True, exit_on_error=False, group="form-draft-drop")
    def _drop_draft(self, door: DraftDoor) -> None:
        try:
            door.close()
        except Exception:  # the draft stays; it is offered back next time, which is harmless
            return

    def draft_close_in_thread(self) -> None:
        """From the save's worker, once the entry is saved: drop the draft in that thread."""
        door = self.draft_door
        if door is not None:
            try:
                door.close()
            except Exception:
                return


def open_form(
    app: Any, form: TypingForm[Any, Any], meeting_id: int | None, key: str, done: Any
) -> None:
    """Push a form with its draft door (per login, meeting and item): what it had typed before
    comes back; what it types now is kept until it is saved or cancelled."""
    shelf = getattr(app, "drafts", None)
    if shelf is not None:
        form.draft_door = shelf.door_for(meeting_id, key, form.draft_title)
    app.push_screen(form, done)
