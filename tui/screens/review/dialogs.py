"""The action review's small dialogs: each asks for what one change needs and returns it.

Each dialog checks its own fields (a problem is shown under the field, the dialog stays open)
and returns a plain value with `dismiss`; the review screen makes the service call. When the
service refuses a field, the screen opens the dialog again with the typed values and the problem.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Input, Label, Static

from domain.dates import DATE_HINT, parse_due
from domain.records import ActionStatus
from tui.screens.form_base import TypingForm
from tui.screens.review.messages import Change
from tui.widgets.field_input import FieldInput
from tui.widgets.person_input import PersonInput

if TYPE_CHECKING:
    from config.models import Person
    from tui.screens.review.view import ReviewItem

T = TypeVar("T")


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    placeholder: str = ""
    person: bool = False


@dataclass(frozen=True)
class NewDate:
    due: dt.date
    reason: str


@dataclass(frozen=True)
class NewOwner:
    person_id: str
    reason: str


class ReviewDialog(TypingForm[T | None], Generic[T]):
    """Fields one per line, errors under their field; ctrl+s (or enter on the last) saves."""

    CSS_PATH = "review.tcss"
    BINDING_GROUP_TITLE = "Dialog"
    FIELDS: ClassVar[tuple[Field, ...]] = ()
    BINDINGS: ClassVar[list[BindingType]] = [
        # As the key is read: enter on the last field saves once every field has its keys,
        # and the keys after it wait for the screen beneath (tui.key_hold).
        Binding("enter", "enter", "Save", id="dialog-enter", priority=True, show=False)
    ]

    def __init__(
        self,
        title: str,
        values: dict[str, str] | None = None,
        problems: dict[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.values = values or {}
        self.problems = problems or {}

    @property
    def draft_title(self) -> str:
        return self.title_text

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="review-dialog", can_focus=False):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            note = Static("", id="draft-note", classes="draft-note", markup=False)
            note.display = False
            yield note
            yield from self.compose_intro()
            for field in self.FIELDS:
                with Horizontal(classes="dialog-field"):
                    yield Label(field.label, classes="dialog-label")
                    if field.person:
                        yield self.person_input(field)
                    else:
                        yield FieldInput(
                            self.values.get(field.name, ""),
                            placeholder=field.placeholder,
                            id=f"field-{field.name}",
                        )
                yield Static(
                    "", id=f"error-{field.name}", classes="dialog-error -empty", markup=False
                )
            yield Static("", id="error-form", classes="dialog-error -empty", markup=False)
            yield Static(
                "tab next field · enter or ctrl+s save · escape cancel", classes="dialog-keys"
            )

    def compose_intro(self) -> ComposeResult:
        yield from ()

    def person_input(self, field: Field) -> PersonInput:
        raise NotImplementedError

    def focus_first(self) -> None:
        self.show_problems(self.problems)
        if not self.problems and self.FIELDS:
            self._focus(self.FIELDS[0].name)

    def _focus(self, name: str) -> None:
        widget = self.query_one(f"#field-{name}")
        self.set_focus(widget.input if isinstance(widget, PersonInput) else widget)

    def text(self, name: str) -> str:
        widget = self.query_one(f"#field-{name}")
        if isinstance(widget, PersonInput):
            return widget.text.strip()
        assert isinstance(widget, Input)
        return widget.value.strip()

    def show_problems(self, problems: dict[str, str]) -> None:
        names = [f.name for f in self.FIELDS]
        for name in names:
            self._set_error(name, problems.get(name, ""))
        self._set_error("form", "; ".join(m for f, m in problems.items() if f not in names))
        first = next((n for n in names if n in problems), None)
        if first:
            self._focus(first)

    def _set_error(self, name: str, message: str) -> None:
        widget = self.query_one(f"#error-{name}", Static)
        widget.update(f"✗ {message}" if message else "")
        widget.set_class(not message, "-empty")

    def save_now(self) -> None:
        result, problems = self.check()
        self.show_problems(problems)
        if result is not None and not problems:
            # The screen saves it; a refusal reopens the dialog with the typed values. The
            # draft goes only once the service has the change (see ReviewScreen._send).
            self.close_saved(result)

    def check(self) -> tuple[T | None, dict[str, str]]:
        """The value to return, or the problems to show beside the fields."""
        raise NotImplementedError


class EvidenceDialog(ReviewDialog[str]):
    """`x`: what shows the action is done (required)."""

    FIELDS = (Field("evidence", "Evidence", "what shows it is done, e.g. 'rota filled to March'"),)

    def check(self) -> tuple[str | None, dict[str, str]]:
        evidence = self.text("evidence")
        if not evidence:
            return None, {"evidence": "say what shows it is done (evidence is required)"}
        return evidence, {}


class NoteDialog(ReviewDialog[str]):
    """`a` annotate and `b` blocked: one line of text, required."""

    FIELDS = (Field("note", "Note"),)

    def __init__(
        self,
        title: str,
        required: str,
        values: dict[str, str] | None = None,
        problems: dict[str, str] | None = None,
    ) -> None:
        super().__init__(title, values, problems)
        self.required = required

    def check(self) -> tuple[str | None, dict[str, str]]:
        note = self.text("note")
        return (note, {}) if note else (None, {"note": self.required})


class RescheduleDialog(ReviewDialog[NewDate]):
    """`r`: a new date (any form parse_due takes) and the reason it moves; both required."""

    FIELDS = (
        Field("due", "New date", DATE_HINT),
        Field("note", "Reason", "why the date moves"),
    )

    def __init__(
        self,
        title: str,
        today: dt.date,
        next_review: dt.date | None,
        values: dict[str, str] | None = None,
        problems: dict[str, str] | None = None,
    ) -> None:
        super().__init__(title, values, problems)
        self.today = today
        self.next_review = next_review

    def check(self) -> tuple[NewDate | None, dict[str, str]]:
        problems: dict[str, str] = {}
        due = None
        try:
            due = parse_due(self.text("due"), self.today, self.next_review)
        except ValueError as error:
            problems["due"] = str(error)
        if due is not None and due < self.today:
            problems["due"] = f"{due:%d %b %Y} is in the past: choose today or later"
        reason = self.text("note")
        if not reason:
            problems["note"] = "say why the date moves (a reason is required)"
        if problems or due is None:
            return None, problems
        return NewDate(due, reason), {}


class ReassignDialog(ReviewDialog[NewOwner]):
    """`o`: a new owner picked from the people in chair.toml (type to filter), and why."""

    FIELDS = (
        Field("owner", "New owner", person=True),
        Field("note", "Reason", "optional: why it moves"),
    )

    def __init__(
        self,
        title: str,
        people: list[Person],
        current_owner_id: str | None,
        values: dict[str, str] | None = None,
        problems: dict[str, str] | None = None,
    ) -> None:
        super().__init__(title, values, problems)
        self.people = people
        self.current_owner_id = current_owner_id

    def person_input(self, field: Field) -> PersonInput:
        return PersonInput(self.people, self.values.get(field.name, ""), id=f"field-{field.name}")

    def check(self) -> tuple[NewOwner | None, dict[str, str]]:
        person_id = self.query_one("#field-owner", PersonInput).person_id
        if person_id is None:
            return None, {"owner": "pick one person: type part of a name, role or login"}
        if person_id == self.current_owner_id:
            return None, {"owner": "that person already owns this action"}
        return NewOwner(person_id, self.text("note")), {}


def dialog_for(
    kind: str,
    item: ReviewItem,
    today: dt.date,
    people: list[Person],
    values: dict[str, str] | None = None,
    problems: dict[str, str] | None = None,
) -> tuple[ReviewDialog[Any], Callable[[Any], Change]]:
    """The dialog a change key opens, and how its answer becomes the change to send."""
    subject = item.action.description
    if kind == "done":
        return EvidenceDialog(f"Done: {subject}", values, problems), lambda evidence: Change(
            kind, item, {"evidence": evidence}, {"status": ActionStatus.DONE, "evidence": evidence}
        )
    if kind == "reschedule":
        dialog: ReviewDialog[Any] = RescheduleDialog(
            f"New date: {subject}", today, item.next_review, values, problems
        )
        return dialog, lambda new: Change(
            kind,
            item,
            {"due": new.due.isoformat(), "note": new.reason},
            {"new_due": new.due, "note": new.reason},
        )
    if kind == "reassign":
        title = f"Reassign: {subject} (now {item.owner_name})"
        return ReassignDialog(title, people, item.action.owner_id, values, problems), (
            lambda new: Change(
                kind,
                item,
                {"owner": new.person_id, "note": new.reason},
                {"new_owner_id": new.person_id, "note": new.reason},
            )
        )
    if kind == "blocked":
        return NoteDialog(f"Blocked: {subject}", "say what blocks it", values, problems), (
            lambda note: Change(
                kind, item, {"note": note}, {"status": ActionStatus.BLOCKED, "note": note}
            )
        )
    if kind == "annotate":
        dialog = NoteDialog(f"Note: {subject}", "type the note (escape cancels)", values, problems)
        return dialog, lambda note: Change(kind, item, {"note": note}, {"note": note})
    raise ValueError(f"no dialog for '{kind}'")
