"""The action review's small dialogs: each asks for what one change needs and saves it.

Each dialog checks its own fields and makes the change to send (keyword arguments of the
service's `actions.update`); the review screen's `save` sends it, in the form's worker. A
problem, the dialog's or the service's, is shown under its field and the dialog stays open.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Label, Static

from domain.dates import DATE_HINT, parse_due
from domain.records import ActionStatus
from tui.screens.form_base import TypingForm
from tui.screens.form_parts import draft_note, error_line
from tui.widgets.field_input import FieldInput
from tui.widgets.person_input import PersonInput

if TYPE_CHECKING:
    from config.models import Person
    from domain.records import Action
    from tui.screens.review.view import ReviewItem

Update = dict[str, Any]
"""A change to an action: keyword arguments of the service's `actions.update`."""
Checked = tuple[Update | None, dict[str, str]]


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    placeholder: str = ""
    person: bool = False


class ReviewDialog(TypingForm[Update, "Action"]):
    """Fields one per line, errors under their field; ctrl+s (or enter on the last) saves."""

    CSS_PATH = "review.tcss"
    BINDING_GROUP_TITLE = "Dialog"
    FIELDS: ClassVar[tuple[Field, ...]] = ()
    ERROR_MARK = "✗ "
    BINDINGS: ClassVar[list[BindingType]] = [
        # As the key is read: enter on the last field saves once every field has its keys,
        # and the keys after it wait for the screen beneath (tui.key_hold).
        Binding("enter", "enter", "Save", id="dialog-enter", priority=True, show=False)
    ]

    def __init__(self, title: str, save: Callable[[Update], Action]) -> None:
        super().__init__(save)
        self.title_text = title

    @property
    def draft_title(self) -> str:
        return self.title_text

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="review-dialog", can_focus=False):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            yield draft_note()
            for field in self.FIELDS:
                with Horizontal(classes="dialog-field"):
                    yield Label(field.label, classes="dialog-label")
                    if field.person:
                        yield self.person_input(field)
                    else:
                        yield FieldInput(placeholder=field.placeholder, id=field.name)
                yield error_line(field.name, "dialog-error")
            yield error_line("form", "dialog-error")
            yield Static(
                "tab next field · enter or ctrl+s save · escape cancel", classes="dialog-keys"
            )

    def person_input(self, field: Field) -> PersonInput:
        raise NotImplementedError


class EvidenceDialog(ReviewDialog):
    """`x`: what shows the action is done (required)."""

    FIELDS = (Field("evidence", "Evidence", "what shows it is done, e.g. 'rota filled to March'"),)

    def check(self) -> Checked:
        evidence = self.value("evidence")
        if not evidence:
            return None, {"evidence": "say what shows it is done (evidence is required)"}
        return {"status": ActionStatus.DONE, "evidence": evidence}, {}


class NoteDialog(ReviewDialog):
    """`a` annotate and `b` blocked (the status given): one line of text, required."""

    FIELDS = (Field("note", "Note"),)

    def __init__(
        self,
        title: str,
        save: Callable[[Update], Action],
        required: str,
        status: ActionStatus | None = None,
    ) -> None:
        super().__init__(title, save)
        self.required = required
        self.status = status

    def check(self) -> Checked:
        note = self.value("note")
        if not note:
            return None, {"note": self.required}
        return ({"status": self.status} if self.status else {}) | {"note": note}, {}


class RescheduleDialog(ReviewDialog):
    """`r`: a new date (any form parse_due takes) and the reason it moves; both required."""

    FIELDS = (
        Field("due", "New date", DATE_HINT),
        Field("note", "Reason", "why the date moves"),
    )

    def __init__(
        self,
        title: str,
        save: Callable[[Update], Action],
        today: dt.date,
        next_review: dt.date | None,
    ) -> None:
        super().__init__(title, save)
        self.today = today
        self.next_review = next_review

    def check(self) -> Checked:
        problems: dict[str, str] = {}
        due = None
        try:
            due = parse_due(self.value("due"), self.today, self.next_review)
        except ValueError as error:
            problems["due"] = str(error)
        if due is not None and due < self.today:
            problems["due"] = f"{due:%d %b %Y} is in the past: choose today or later"
        reason = self.value("note")
        if not reason:
            problems["note"] = "say why the date moves (a reason is required)"
        if problems or due is None:
            return None, problems
        return {"new_due": due, "note": reason}, {}


class ReassignDialog(ReviewDialog):
    """`o`: a new owner picked from the people in chair.toml (type to filter), and why."""

    FIELDS = (
        Field("owner", "New owner", person=True),
        Field("note", "Reason", "optional: why it moves"),
    )

    def __init__(
        self,
        title: str,
        save: Callable[[Update], Action],
        people: list[Person],
        current_owner_id: str | None,
    ) -> None:
        super().__init__(title, save)
        self.people = people
        self.current_owner_id = current_owner_id

    def person_input(self, field: Field) -> PersonInput:
        return PersonInput(self.people, id=field.name)

    def check(self) -> Checked:
        person_id = self.query_one("#owner", PersonInput).person_id
        if person_id is None:
            return None, {"owner": "pick one person: type part of a name, role or login"}
        if person_id == self.current_owner_id:
            return None, {"owner": "that person already owns this action"}
        return {"new_owner_id": person_id, "note": self.value("note")}, {}


def dialog_for(
    kind: str,
    item: ReviewItem,
    today: dt.date,
    people: list[Person],
    save: Callable[[Update], Action],
) -> ReviewDialog:
    """The dialog a change key opens; `save` sends the change it makes."""
    subject = item.action.description
    if kind == "done":
        return EvidenceDialog(f"Done: {subject}", save)
    if kind == "reschedule":
        return RescheduleDialog(f"New date: {subject}", save, today, item.next_review)
    if kind == "reassign":
        title = f"Reassign: {subject} (now {item.owner_name})"
        return ReassignDialog(title, save, people, item.action.owner_id)
    if kind == "blocked":
        return NoteDialog(f"Blocked: {subject}", save, "say what blocks it", ActionStatus.BLOCKED)
    if kind == "annotate":
        return NoteDialog(f"Note: {subject}", save, "type the note (escape cancels)")
    raise ValueError(f"no dialog for '{kind}'")
