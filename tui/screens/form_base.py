"""What every form shares, so fast typing lands where the person expects.

Textual hands each key to the widget focused *when the app reads the key*; a widget that moves
the focus from its own handler (a letter picker, Tab bubbling up to the screen) does so after
the keys typed straight after it were already queued for the old widget. So the keys that move
the focus here are priority bindings (run by the app as it reads each key). Each field then
works through its own queue, at its own pace: after `abc Tab def ctrl+s` the first field may
still hold keys when the second has handled all of its own. So saving waits behind the keys
queued for every field (see SaveAfterKeys), not only the focused one.

Also here: the focus marker (a bar and ▸ on the focused row, visible without colour), and the
draft kept while typing (see tui.drafts).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual import on, work
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, Label, Static
from textual.worker import Worker, WorkerState

from tui.key_hold import CLOSE_LIMIT, hold_keys, ready_for_keys
from tui.screens.backdrop import KeptBackdrop
from tui.widgets.field_input import FieldInput
from tui.widgets.letter_picker import LetterPicker

if TYPE_CHECKING:
    from tui.drafts import DraftDoor

T = TypeVar("T")

ROWS = ".field, .dialog-field"
"""A form's rows: a label and the field it names."""
DRAFT_DELAY = 0.3
"""Seconds after the last key before the draft is written (one write per pause, not per key)."""
MARKER = "▸ "


def typed_at(updated: dt.datetime | None) -> str:
    """' (typed at 10:02)' in local time (drafts are stamped in UTC), or ''."""
    if updated is None:
        return ""
    local = updated.replace(tzinfo=dt.UTC).astimezone()
    return f" (typed at {local:%H:%M})"


class SaveAsked(Message):
    """ctrl+s, travelling through one field's queue so the keys before it land first."""

    def __init__(self, round: int) -> None:
        super().__init__()
        self.round = round


class SaveAfterKeys:
    """Saving once every field has handled the keys typed before ctrl+s (or enter).

    `ask` posts a SaveAsked to every widget that can take the focus (hidden ones too: keys may
    wait in a field hidden since); each bubbles up to the screen after its widget's earlier
    keys, and `arrived` says when the last of the round is in.
    """

    def __init__(self, screen: Screen[Any]) -> None:
        self._screen = screen
        self._round = 0
        self._waiting = 0

    def ask(self) -> None:
        fields = [w for w in self._screen.query("*") if w.can_focus] or [self._screen]
        self._round += 1
        self._waiting = len(fields)
        for field in fields:
            field.post_message(SaveAsked(self._round))

    def arrived(self, event: SaveAsked) -> bool:
        """Call from the screen's SaveAsked handler: True once all of this round are in."""
        event.stop()
        if event.round != self._round:
            return False  # from a round asked again before it finished: the later one counts
        self._waiting -= 1
        return self._waiting == 0


def _empty(field: Widget) -> bool:
    """A field still to fill in: a text box with no words, a picker with nothing chosen."""
    if isinstance(field, LetterPicker):
        return field.value is None
    return isinstance(field, Input) and not field.value.strip()


def keys_wait_beneath(screen: Screen[Any]) -> None:
    """`screen` closes with an entry: the screen beneath, if it reloads after one
    (`expect_entry`), holds the keys typed since the closing key until it shows the result."""
    stack = screen.app.screen_stack
    if screen in stack and stack.index(screen) > 0:
        expect = getattr(stack[stack.index(screen) - 1], "expect_entry", None)
        if expect is not None:
            expect()


class TypingForm(KeptBackdrop, ModalScreen[T]):
    """A modal form: tab / shift+tab move at once, ctrl+s saves, escape cancels.

    Subclasses implement `save_now` (check the fields; save or show problems) and may set
    `draft_door` before mounting to keep and offer back a draft.
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

    AUTO_FOCUS = None
    """The form places the cursor itself (focus_first), once, when it opens."""
    TAKES_TYPING = True
    """Keys typed while it opens are held for it (tui.key_hold)."""

    draft_door: DraftDoor | None = None
    saving = False
    """True while a save runs in a worker (the form closes when it is done)."""
    _draft_timer: Timer | None = None
    _labels: dict[int, str]
    _save_after_keys: SaveAfterKeys
    _untouched: dict[str, str]

    def on_mount(self) -> None:
        self._labels = {}
        self._save_after_keys = SaveAfterKeys(self)
        self.prepare()
        self._untouched = self.draft_fields()
        self.watch(self, "focused", self._mark_focus)
        door = self.draft_door
        if door is not None and door.draft is not None and door.draft.has_text:
            self.restore(door.draft.fields)
            self.say_draft(
                f"↺ Your unsaved text{typed_at(door.draft.updated)} is back in the fields "
                "(ctrl+s saves it, escape drops it)."
            )
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
        """The fields that take the focus now, in the form's order (the focus chain, read just
        after fields were shown, may list the newly shown ones first)."""
        chain = set(self.focus_chain)
        return [w for w in self.query("*") if w in chain]

    def focus_after_choice(self, picker: Widget) -> None:
        """After a letter picked an option: the first field after the picker that is still
        empty, a text box or another picker with nothing chosen (pre-filled text, such as what the data shows, is kept and reachable with
        shift+tab); the next field when every one is filled."""
        chain = self.fields_in_order()
        after = chain[chain.index(picker) + 1 :] if picker in chain else chain
        empty = next((w for w in after if _empty(w)), None)
        if empty is not None:
            self.set_focus(empty)
        elif picker in chain:
            self.set_focus(picker)
            self.move_field(1)
        else:
            self.focus_next()

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

    @on(SaveAsked)
    def _save_asked(self, event: SaveAsked) -> None:
        if self._save_after_keys.arrived(event):
            self.save_now()
            if not self.saving and self.app.screen is self:
                self.keys_back()  # refused at once: the keys after ctrl+s are for this form

    def close_saved(self, result: T) -> None:
        """Saved: close with the result; the keys held since ctrl+s wait for the screen
        beneath to show the entry (held before this form lets them go, so none slips by)."""
        keys_wait_beneath(self)
        self.dismiss(result)

    def keys_back(self) -> None:
        """The save was refused and the form stays: the keys held since ctrl+s come here."""
        ready_for_keys(self, self.app)

    SAVE_GROUPS: ClassVar[tuple[str, ...]] = ("decision-save", "form-save")
    """The groups of the workers that save; what one returns (not None) is what was saved."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A save's worker has finished: close with what it saved. Closing from inside the
        worker (call_from_thread) could remove the form, and cancel the worker with it,
        before the worker had returned; here it has."""
        worker = event.worker
        if (
            worker.group in self.SAVE_GROUPS
            and event.state is WorkerState.SUCCESS
            and worker.result is not None
        ):
            self.close_saved(worker.result)

    def save_now(self) -> None:
        raise NotImplementedError

    def action_cancel(self) -> None:
        self.close_draft()
        self.dismiss(None)

    # ------------------------------------------------------------------ focus marker

    def _mark_focus(self, focused: Widget | None) -> None:
        for row in self.query(ROWS):
            inside = focused is not None and (focused is row or row in focused.ancestors)
            row.set_class(inside, "-focused")
            for label in row.query(Label).results():
                original = self._labels.setdefault(id(label), str(label.content))
                label.update(f"{MARKER if inside else '  '}{original}")
                break

    # ------------------------------------------------------------------ drafts

    def say_draft(self, text: str) -> None:
        """A line under the title about the draft (the subclass's #draft-note, if it has one)."""
        for note in self.query("#draft-note").results(Static):
            note.update(text)
            note.display = bool(text)

    def draft_fields(self) -> dict[str, str]:
        """What is typed now: every text field by id, and each picker's chosen letter."""
        fields: dict[str, str] = {}
        for field in self.query(Input).results():
            if field.id:
                fields[field.id] = field.value
        for picker in self.query(LetterPicker).results():
            key = next((k for k, _label, v in picker.options if v == picker.value), "")
            if picker.id and key:
                fields[picker.id] = key
        return fields

    def restore(self, fields: dict[str, str]) -> None:
        """Put a draft back: each field it names, and each picker's letter."""
        for picker in self.query(LetterPicker).results():
            letter = fields.get(picker.id or "")
            choice = next((v for k, _label, v in picker.options if k == letter), None)
            if choice is not None:
                picker.value = choice
                if picker.on_choose is not None:
                    picker.on_choose(choice)
        for field in self.query(FieldInput).results():
            if field.id and field.id in fields:
                field.set_text(fields[field.id])

    @on(Input.Changed)
    @on(LetterPicker.Chosen)
    def _typed(self, event: Message) -> None:
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
        fields = self.draft_fields()
        return {} if fields == self._untouched else fields

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
        """The entry is saved or cancelled: stop keeping the draft and drop it (in a worker)."""
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None
        door = self.draft_door
        if door is not None:
            self._drop_draft(door)

    @work(thread=True, exit_on_error=False, group="form-draft-drop")
    def _drop_draft(self, door: DraftDoor) -> None:
        try:
            door.close()
        except Exception:  # the draft stays; it is offered back next time, which is harmless
            return

    def draft_close_in_thread(self) -> None:
        """From a save worker, after the entry is saved: drop the draft in the same thread."""
        door = self.draft_door
        if door is not None:
            try:
                door.close()
            except Exception:
                return
