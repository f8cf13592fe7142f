"""The one form family: every form that takes typed words derives from TypingForm.

One save path: ctrl+s (or enter on the last field) waits until every field has its keys
(form_closing.ClosingKeys), `check` turns the fields into the typed value (or problems), and
`save` runs in a worker. A refusal comes back as problems by field name, each shown beside its
field with the cursor moved to the first; one no field owns goes on the form's line. Saved, the
form closes with what `save` returned, and the keys typed after the closing key go to the
screen beneath.

One draft: every text field (and each picker's letter) is kept while typing (form_draft) until
the entry is saved or the form cancelled, and offered back when the form opens again.

Its parts (fields, problem lines, the focus marker, the order of fields) are in form_parts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar, cast

from textual import on, work
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import Input, Static, TextArea
from textual.worker import Worker, WorkerState

from tui.key_hold import ready_for_keys
from tui.screens.backdrop import KeptBackdrop
from tui.screens.form_closing import ClosingKeys
from tui.screens.form_draft import FormDraft
from tui.screens.form_parts import (
    SaveAsked,
    fields_in_order,
    focus_first_empty,
    mark_focus,
    move_field,
    set_error,
    show_problems,
)
from tui.screens.opening import OpensOnce
from tui.widgets.letter_picker import LetterPicker
from tui.widgets.person_input import PersonInput

if TYPE_CHECKING:
    from textual.message import Message
    from textual.widget import Widget

T = TypeVar("T")
"""What the form's fields make: what `save` is given."""
R = TypeVar("R")
"""What `save` returns: what the form closes with."""


class TypingForm(KeptBackdrop, OpensOnce, ModalScreen[R | None], Generic[T, R]):
    """A modal form: tab / shift+tab move at once, ctrl+s saves, escape cancels.

    Subclasses compose their fields (tui.screens.form_parts: field_row, error_line) and
    implement `check`; `save` (given to the constructor) records the value in a worker.
    It holds its draft (`draft`, form_draft.FormDraft) and its closing keys (`closing_keys`,
    form_closing.ClosingKeys).
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

    saving = False
    """True while a save runs in a worker (the form closes when it is done)."""
    _saved: tuple[R] | None = None
    _labels: dict[int, str]

    def __init__(self, save: Callable[[T], R]) -> None:
        super().__init__()
        self.save = save
        self.draft = FormDraft(self)
        self.closing_keys = ClosingKeys(
            self, self._save_asked_now, self._cancel_keeping_draft, self._keys_not_used
        )

    def on_mount(self) -> None:
        self._labels = {}
        self.prepare()
        self.draft.opened()
        self.watch(self, "focused", lambda focused: mark_focus(self, self._labels, focused))
        self.draft.offer(self.DRAFT_BACK)
        self.focus_first()
        ready_for_keys(self, self.app)

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
        """The fields in the form's order (form_parts.fields_in_order; a letter picker asks,
        to hand the words typed at it on to the text field after it)."""
        return fields_in_order(self)

    def focus_after_choice(self, picker: Widget) -> None:
        """After a letter picked an option (the letter picker asks): by default the first
        empty field after it (form_parts.focus_first_empty)."""
        focus_first_empty(self, picker)

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
        move_field(self, 1)

    def action_previous_field(self) -> None:
        move_field(self, -1)

    def action_save(self) -> None:
        self.closing_keys.ask_save()

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
            self.closing_keys.ask_cancel()
            return
        self.draft.drop()
        self.dismiss(None)

    @on(SaveAsked)
    def _save_asked(self, event: SaveAsked) -> None:
        self.closing_keys.arrived(event)

    def _cancel_keeping_draft(self) -> None:
        self.draft.keep_now()
        self.dismiss(None)

    def _save_asked_now(self) -> bool:
        """The keys before ctrl+s are in: save; True while the save runs."""
        self.save_now()
        return self.saving

    # ------------------------------------------------------------------ saving

    def check(self) -> tuple[T | None, dict[str, str]]:
        """The value as typed, and the problems found before asking the service (at least one
        when there is no value to save: a None without problems is saved as None)."""
        raise NotImplementedError

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
        self.draft.close_in_thread()

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
        beneath to show the entry."""
        self.closing_keys.keys_beneath()
        self.dismiss(result)

    def _refused(self, problems: dict[str, str]) -> None:
        self.saving = False
        self.show_problems(problems)
        self.closing_keys.keys_back()

    def _keys_not_used(self, keys: str) -> None:
        """A refused save: the keys typed after it (for the screen beneath) were not used."""
        line = self.query_one_optional("#form-error", Static)
        said = str(line.content).removeprefix(self.ERROR_MARK) if line is not None else ""
        note = f"Not saved, so the keys typed after saving were not used: {keys}"
        self.set_error("form", f"{said}; {note}" if said else note)

    # ------------------------------------------------------------------ problems and drafts

    def show_problems(self, problems: dict[str, str]) -> None:
        show_problems(self, problems, self.ERROR_MARK)

    def set_error(self, name: str, message: str) -> None:
        set_error(self, name, message, self.ERROR_MARK)

    def not_typed(self, name: str, text: str) -> None:
        """Field `name` was filled in (not typed) since the form opened: no draft for it."""
        self.draft.not_typed(name, text)

    def keep_draft_now(self) -> None:
        """The process is ending (the app asks every open form): write the draft at once."""
        self.draft.keep_now()

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(LetterPicker.Chosen)
    def _typed(self, event: Message) -> None:
        if isinstance(event, LetterPicker.Chosen):
            self.set_error(event.picker.id or "", "")  # chosen: its problem has gone
        self.draft.typed()


def open_form(
    app: Any, form: TypingForm[Any, Any], meeting_id: int | None, key: str, done: Any
) -> None:
    """Push a form with its draft door (per login, meeting and item): what it had typed before
    comes back; what it types now is kept until it is saved or cancelled."""
    shelf = getattr(app, "drafts", None)
    if shelf is not None:
        form.draft.door = shelf.door_for(meeting_id, key, form.draft_title)
    app.push_screen(form, done)
