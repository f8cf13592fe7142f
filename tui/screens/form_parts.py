"""The parts every form is built of, and the waits that let fast typing land where the person
expects (the form itself is tui.screens.form_base.TypingForm).

Textual hands each key to the widget focused *when the app reads the key*; a widget that moves
the focus from its own handler (a letter picker, Tab bubbling up to the screen) does so after
the keys typed straight after it were already queued for the old widget. So the keys that move
the focus are priority bindings (run by the app as it reads each key). Each field then works
through its own queue, at its own pace: after `abc Tab def ctrl+s` the first field may still
hold keys when the second has handled all of its own. So saving waits behind the keys queued
for every field (see SaveAfterKeys), not only the focused one.

The one convention for fields and their problems: a field's widget has the field's name as its
id, its row `<name>-row`, its problem line `<name>-error`; problems no field owns go on the
form's own line, `form-error`.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, cast

from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Input, Label, Static, TextArea

from tui.widgets.field_input import FieldInput
from tui.widgets.letter_picker import LetterPicker
from tui.widgets.person_input import PersonInput

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.screen import Screen
    from textual.widget import Widget


ROWS = ".field, .dialog-field"
"""A form's rows: a label and the field it names."""
MARKER = "▸ "


def mark_focus(screen: Screen[Any], labels: dict[int, str], focused: Widget | None) -> None:
    """The focus marker: a bar beside the focused row and ▸ before its label (visible without
    colour); `labels` keeps each label's own words."""
    for row in screen.query(ROWS):
        inside = focused is not None and (focused is row or row in focused.ancestors)
        row.set_class(inside, "-focused")
        for label in row.query(Label).results():
            original = labels.setdefault(id(label), str(label.content))
            marked = f"{MARKER if inside else '  '}{original}"
            if str(label.content) != marked:  # (an update lays the whole form out again)
                label.update(marked)
            break


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


def keys_wait_beneath(screen: Screen[Any]) -> None:
    """`screen` closes with an entry: the screen beneath, if it reloads after one
    (`expect_entry`), holds the keys typed since the closing key until it shows the result."""
    stack = screen.app.screen_stack
    if screen in stack and stack.index(screen) > 0:
        expect = getattr(stack[stack.index(screen) - 1], "expect_entry", None)
        if expect is not None:
            expect()


def error_line(name: str, kind: str = "field-error") -> Static:
    """Where the problem with field `name` is shown (empty until there is one)."""
    return Static("", id=f"{name}-error", classes=f"{kind} -error-line -empty", markup=False)


def field_row(label: str, widget_id: str, value: str = "", placeholder: str = "") -> ComposeResult:
    yield from row_of(label, FieldInput(value, placeholder=placeholder, id=widget_id))


def row_of(label: str, field: Widget, label_id: str | None = None) -> list[Widget]:
    """A field's row (`<id>-row`: its label and the field) and its problem line: composed, or
    mounted later into a form already open (mount_now)."""
    name = field.id or ""
    label_widget = Label(label, classes="field-label", id=label_id)
    return [FieldRow(label_widget, field, id=f"{name}-row"), error_line(name)]


class FieldRow(Horizontal):
    """A field's row. Its label and field are composed as it mounts, or mounted at once by
    `mount_parts` (a container's children given to it are only mounted when it composes)."""

    def __init__(self, *parts: Widget, id: str) -> None:
        super().__init__(classes="field", id=id)
        self._parts = list(parts)

    def compose(self) -> ComposeResult:
        parts, self._parts = self._parts, []
        yield from parts

    def mount_parts(self) -> list[Widget]:
        parts, self._parts = self._parts, []
        self.mount(*parts)
        return parts


def mount_now(before: Widget, widgets: list[Widget]) -> None:
    """Mount `widgets` before `before`, and their parts (FieldRow, PersonInput...) too, now:
    mounting registers a widget in the DOM at once, so the fields are found and take the
    focus at once (the keys sent to a field before it has mounted wait in its queue)."""
    parent = cast("Widget", before.parent)
    parent.mount(*widgets, before=before)
    waiting = list(widgets)
    while waiting:
        mount_parts = getattr(waiting.pop(), "mount_parts", None)
        if mount_parts is not None:
            waiting += mount_parts()


def form_body(form_id: str = "form") -> VerticalScroll:
    """The form's scrolling body: no Tab stop of its own (only fields take the focus)."""
    return VerticalScroll(id=form_id, can_focus=False)


def draft_note() -> Static:
    """Where a form says its unsaved draft is back (hidden when there is none)."""
    note = Static("", id="draft-note", classes="draft-note", markup=False)
    note.display = False
    return note


class KeepsDraft:
    """A field that is neither a text box nor a letter picker whose marks are still typed
    work (the attendance marks): it says them as text for the draft, and takes them back.
    (A plain class to mix into a widget: its id names the draft's field.)"""

    def draft_text(self) -> str:
        raise NotImplementedError

    def restore_draft(self, text: str) -> None:
        raise NotImplementedError


def is_empty(field: Widget) -> bool:
    """A field still to fill in: a text box with no words, a picker with nothing chosen."""
    if isinstance(field, LetterPicker):
        return field.value is None
    return isinstance(field, Input) and not field.value.strip()


def typed_fields(screen: Screen[Any]) -> dict[str, str]:
    """What is typed now (a draft): every text field by id, and each picker's chosen letter."""
    fields: dict[str, str] = {}
    for field in screen.query(Input).results():
        if field.id:
            fields[field.id] = field.value
    for area in screen.query(TextArea).results():
        if area.id:
            fields[area.id] = area.text
    for picker in screen.query(LetterPicker).results():
        key = next((k for k, _label, v in picker.options if v == picker.value), "")
        if picker.id and key:
            fields[picker.id] = key
    for widget in screen.query("*").results():
        if isinstance(widget, KeepsDraft) and widget.id:
            fields[widget.id] = widget.draft_text()
    return fields


def restore_fields(screen: Screen[Any], fields: dict[str, str]) -> None:
    """Put a draft back: each field it names, and each picker's letter (a form that builds
    some fields only when they are shown builds those the draft names first)."""
    build = getattr(screen, "build_fields", None)
    if build is not None:
        build(fields)
    for picker in screen.query(LetterPicker).results():
        letter = fields.get(picker.id or "")
        choice = next((v for k, _label, v in picker.options if k == letter), None)
        if choice is not None:
            picker.value = choice
            if picker.on_choose is not None:
                picker.on_choose(choice)
    for field in screen.query(FieldInput).results():
        if field.id and field.id in fields:
            field.set_text(fields[field.id])
    for area in screen.query(TextArea).results():
        if area.id and area.id in fields:
            area.load_text(fields[area.id])
            area.move_cursor(area.document.end)
    for widget in screen.query("*").results():
        if isinstance(widget, KeepsDraft) and widget.id and widget.id in fields:
            widget.restore_draft(fields[widget.id])


# ---------------------------------------------------------------------- the order of fields


def fields_in_order(screen: Screen[Any]) -> list[Widget]:
    """The fields that take the focus now, in the form's order (the focus chain, read just
    after fields were shown, may list the newly shown ones first)."""
    chain = set(screen.focus_chain)
    return [w for w in screen.query("*") if w in chain]


def move_field(screen: Screen[Any], step: int) -> None:
    """tab / shift+tab: the next (or previous) field in the order the form composes them.
    Textual's own order sorts the fields by where each was last laid out, and a field just
    shown by a letter read in the same burst has not been laid out yet (`d q`, the reason,
    tab, a date: tab went past the review date, and the date landed in the owner)."""
    chain = fields_in_order(screen)
    focused = screen.focused
    if focused is None or focused not in chain:
        if step > 0:
            screen.focus_next()
        else:
            screen.focus_previous()
        return
    screen.set_focus(chain[(chain.index(focused) + step) % len(chain)])


def focus_first_empty(screen: Screen[Any], picker: Widget) -> None:
    """After a letter picked an option: the first field after the picker that is still
    empty, a text box or another picker with nothing chosen (pre-filled text, such as what
    the data shows, is kept and reachable with shift+tab); the next field when every one
    is filled."""
    chain = fields_in_order(screen)
    after = chain[chain.index(picker) + 1 :] if picker in chain else chain
    empty = next((w for w in after if is_empty(w)), None)
    if empty is not None:
        screen.set_focus(empty)
    elif picker in chain:
        screen.set_focus(picker)
        move_field(screen, 1)
    else:
        screen.focus_next()


# ---------------------------------------------------------------------- problems


def show_problems(screen: Screen[Any], problems: dict[str, str], mark: str) -> None:
    """Each problem beside its field (`<name>-error`), the cursor on the first; the rest
    on the form's line."""
    lines = [(line.id or "").removesuffix("-error") for line in screen.query(".-error-line")]
    first = None
    for name in lines:
        message = problems.get(name, "") if name != "form" else ""
        set_error(screen, name, message, mark)
        if message and first is None:
            first = name
    others = [m for f, m in problems.items() if f not in lines or f == "form"]
    set_error(screen, "form", "; ".join(others), mark)
    if first is not None:
        widget = screen.query_one(f"#{first}")
        screen.set_focus(widget.input if isinstance(widget, PersonInput) else widget)


def set_error(screen: Screen[Any], name: str, message: str, mark: str) -> None:
    """Field `name`'s problem line says `message` after `mark` (hidden when empty)."""
    line = screen.query_one_optional(f"#{name}-error", Static)  # none: a shape not shown
    if line is not None:  # (by id: no selector matched against every widget of the form)
        words = f"{mark}{message}" if message else ""
        if str(line.content) != words:  # (an update lays the form out and paints it again)
            line.update(words)
        line.set_class(not message, "-empty")
