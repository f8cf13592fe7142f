"""Small forms: one more action, an action's update at matters arising, a one-line prompt."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Label, Static

from domain.dates import DATE_HINT, parse_due
from domain.decisions import validate_update
from domain.minutes_work import snapshot_words
from domain.records import VERDICT_KEYS, Action, ActionStatus, ActionUpdate, Snapshot, Verdict
from tui.screens.decision import draft_note, field_row, form_body
from tui.screens.form_base import TypingForm
from tui.widgets.field_input import FieldInput
from tui.widgets.letter_picker import LetterPicker
from tui.widgets.person_input import PersonInput

if TYPE_CHECKING:
    from config.models import Person

UPDATE_OPTIONS = [
    ("x", "done", ActionStatus.DONE),
    ("r", "progress (new date)", ActionStatus.IN_PROGRESS),
    ("b", "blocked", ActionStatus.BLOCKED),
    ("d", "dropped", ActionStatus.DROPPED),
]

VERDICT_OPTIONS = [(key, verdict.value, verdict) for verdict, key in VERDICT_KEYS.items()]
"""w worked, n no change, x worse, t too early."""


class FormScreen(TypingForm[Any]):
    """Shared parts: ctrl+s saves in a worker, escape cancels, errors beside their fields."""

    CSS_PATH = "decision.tcss"
    BINDING_GROUP_TITLE = "Form"
    FIELDS: ClassVar[tuple[str, ...]] = ()

    def __init__(self, save: Callable[..., Any]) -> None:
        super().__init__()
        self.save_entry = save
        self.saving = False

    def set_error(self, name: str, message: str) -> None:
        widget = self.query_one(f"#{name}-error", Static)
        widget.update(f"  ✗ {message}" if message else "")
        widget.set_class(not message, "-empty")

    def value(self, name: str) -> str:
        return self.query_one(f"#{name}", FieldInput).value.strip()

    def show_problems(self, problems: dict[str, str]) -> None:
        for name in self.FIELDS:
            self.set_error(name, problems.get(name, ""))
        self.set_error("form", "; ".join(m for f, m in problems.items() if f not in self.FIELDS))
        first = next((n for n in self.FIELDS if n in problems), None)
        if first:
            widget = self.query_one(f"#{first}")
            self.set_focus(widget.input if isinstance(widget, PersonInput) else widget)

    def submit(self, *args: Any) -> None:
        if not self.saving:
            self.saving = True
            self._save(*args)

    @work(thread=True, exit_on_error=False, group="form-save")
    def _save(self, *args: Any) -> Any:
        from storage.errors import InvalidEntry, UserError

        try:
            saved = self.save_entry(*args)
        except InvalidEntry as error:
            problems = {p.field.split(".")[-1]: p.message for p in error.problems}
            self.app.call_from_thread(self._refused, problems)
            return None
        except UserError as error:
            self.app.call_from_thread(self._refused, {"form": str(error)})
            return None
        except Exception as error:  # never a crash: say so beside the form and keep the input
            self.app.call_from_thread(self._refused, {"form": f"could not save: {error}"})
            return None
        self.draft_close_in_thread()
        return saved if saved is not None else True  # closes the form once done (TypingForm)

    def _refused(self, problems: dict[str, str]) -> None:
        self.saving = False
        self.show_problems(problems)
        self.keys_back()


class ActionForm(FormScreen):
    """One more action on a recorded `act` decision: description, owner, due date."""

    FIELDS = ("description", "owner", "due")

    def __init__(
        self,
        subject: str,
        people: list[Person],
        meeting_date: dt.date,
        next_meeting: dt.date | None,
        save: Callable[[Action], Action],
        metric_id: str | None = None,
    ) -> None:
        super().__init__(save)
        self.subject = subject
        self.people = people
        self.meeting_date = meeting_date
        self.next_meeting = next_meeting
        self.metric_id = metric_id

    @property
    def draft_title(self) -> str:
        return f"New action on {self.subject}"

    def compose(self) -> ComposeResult:
        with form_body():
            yield Static(f"New action on {self.subject}", id="form-title", markup=False)
            yield draft_note()
            yield from field_row("Description", "description")
            with Horizontal(classes="field", id="owner-row"):
                yield Label("Owner", classes="field-label")
                yield PersonInput(self.people, id="owner")
            yield Static("", id="owner-error", classes="field-error -empty")
            yield from field_row("Due", "due", "", DATE_HINT)
            yield Static("", id="form-error", classes="field-error -empty", markup=False)
            yield Static("tab next field · ctrl+s save · escape cancel", classes="muted")

    def save_now(self) -> None:
        problems: dict[str, str] = {}
        if not self.value("description"):
            problems["description"] = "describe the action"
        owner = self.query_one("#owner", PersonInput).person_id
        if owner is None:
            problems["owner"] = "pick one person (type part of a name)"
        due = None
        try:
            due = parse_due(self.value("due"), self.meeting_date, self.next_meeting)
            if due < self.meeting_date:
                problems["due"] = "the due date is before the meeting date"
        except ValueError as error:
            problems["due"] = str(error)
        self.show_problems(problems)
        if not problems:
            self.submit(
                Action(
                    id=None,
                    description=self.value("description"),
                    owner_id=owner,
                    due=due,
                    metric_id=self.metric_id,
                )
            )


class ActionUpdateForm(FormScreen):
    """Matters arising: done with evidence, progress with a new date, blocked, dropped + reason."""

    FIELDS = ("status", "verdict", "evidence", "new_due", "note")

    def __init__(
        self,
        action: Action,
        owner_name: str,
        meeting_date: dt.date,
        next_meeting: dt.date | None,
        login: str,
        save: Callable[[ActionUpdate], Action],
        judged: tuple[Snapshot | None, Snapshot | None] | None = None,
    ) -> None:
        super().__init__(save)
        self.action_record = action
        self.owner_name = owner_name
        self.meeting_date = meeting_date
        self.next_meeting = next_meeting
        self.login = login
        self.judged = judged
        """For an action raised on a metric: its reading when decided and now (the form
        then asks whether it worked)."""

    @property
    def asks_verdict(self) -> bool:
        return bool(self.action_record.metric_id)

    @property
    def draft_title(self) -> str:
        return f"Update: {self.action_record.description}"

    def compose(self) -> ComposeResult:
        action = self.action_record
        due = action.due.isoformat() if action.due else "no date"
        with form_body():
            yield Static(
                f"Update: {action.description} ({self.owner_name}, due {due})",
                id="form-title",
                markup=False,
            )
            yield draft_note()
            with Horizontal(classes="field"):
                yield Label("Outcome", classes="field-label")
                yield LetterPicker(UPDATE_OPTIONS, on_choose=self._show, id="status")
            yield Static("", id="status-error", classes="field-error -empty", markup=False)
            # Shown for an action raised on a metric (see _show).
            then, now = self.judged or (None, None)
            yield Static(
                f"When decided: {snapshot_words(then)} · Now: {snapshot_words(now)}",
                id="judged",
                classes="muted",
                markup=False,
            )
            with Horizontal(classes="field", id="verdict-row"):
                yield Label("Did it work?", classes="field-label")
                yield LetterPicker(VERDICT_OPTIONS, id="verdict")
            yield Static("", id="verdict-error", classes="field-error -empty", markup=False)
            yield from field_row("Evidence", "evidence", action.evidence, "what shows it is done")
            yield from field_row("New date", "new_due", "", DATE_HINT)
            yield from field_row("Note / reason", "note", "", "why blocked or dropped")
            yield Static("", id="form-error", classes="field-error -empty", markup=False)
            yield Static(
                "letter picks the outcome · tab next field · ctrl+s save · escape cancel",
                classes="muted",
            )

    def prepare(self) -> None:
        self._show(None)

    def focus_first(self) -> None:
        picker = self.query_one("#status", LetterPicker)
        self.set_focus(picker)
        if picker.value is not None:  # a draft brought the outcome back: on to its field
            self.focus_next()

    @on(LetterPicker.Chosen)
    def _chosen(self, event: LetterPicker.Chosen) -> None:
        self.set_error(event.picker.id or "status", "")

    def _show(self, status: ActionStatus | None) -> None:
        # Did it work? For an action raised on a metric; a dropped action is not judged.
        self.query_one("#judged").display = self.asks_verdict
        self.query_one("#verdict-row").display = (
            self.asks_verdict and status is not ActionStatus.DROPPED
        )
        self.query_one("#evidence-row").display = status is ActionStatus.DONE
        self.query_one("#new_due-row").display = status is ActionStatus.IN_PROGRESS
        self.query_one("#note-row").display = status is not None

    def save_now(self) -> None:
        picker = self.query_one("#status", LetterPicker)
        status = picker.value
        problems: dict[str, str] = {}
        if status is None:
            self.show_problems({"status": f"choose: {picker.letters}"})
            return
        verdict: Verdict | None = None
        if self.asks_verdict and status is not ActionStatus.DROPPED:
            judge = self.query_one("#verdict", LetterPicker)
            verdict = judge.value
            if verdict is None:
                problems["verdict"] = f"did it work? choose: {judge.letters}"
        new_due = None
        if status is ActionStatus.IN_PROGRESS and self.value("new_due"):
            try:
                new_due = parse_due(self.value("new_due"), self.meeting_date, self.next_meeting)
            except ValueError as error:
                problems["new_due"] = str(error)
        update = ActionUpdate(
            when=dt.datetime.combine(self.meeting_date, dt.time()),
            by_login=self.login,
            status=status,
            note=self.value("note"),
            new_due=new_due,
            evidence=self.value("evidence") if status is ActionStatus.DONE else "",
            verdict=verdict,
            reading_now=self.judged[1] if self.judged and verdict is not None else None,
        )
        if not problems:
            for problem in validate_update(update, self.action_record, self.meeting_date):
                problems.setdefault(problem.field, problem.message)
        self.show_problems(problems)
        if not problems:
            self.submit(update)


class TextPrompt(FormScreen):
    """One line of text (an AOB item's title, amendments to minutes)."""

    FIELDS = ("text",)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "enter", "Save", id="prompt-save", priority=True, show=False)
    ]

    def __init__(
        self, title: str, label: str, save: Callable[[str], Any], initial: str = ""
    ) -> None:
        super().__init__(save)
        self.title_text = title
        self.label = label
        self.initial = initial

    @property
    def draft_title(self) -> str:
        return self.title_text

    def compose(self) -> ComposeResult:
        with form_body():
            yield Static(self.title_text, id="form-title", markup=False)
            yield draft_note()
            yield from field_row(self.label, "text", self.initial)
            yield Static("", id="form-error", classes="field-error -empty", markup=False)
            yield Static("enter or ctrl+s save · escape cancel", classes="muted")

    def save_now(self) -> None:
        if not self.value("text"):
            self.show_problems({"text": "type something first (escape to cancel)"})
            return
        self.submit(self.value("text"))


class AcknowledgeForm(FormScreen):
    """Acknowledge a breach: it stays on screen, but needs no decision until the expiry date."""

    FIELDS = ("owner", "reason", "expires")

    def __init__(
        self,
        subject: str,
        people: list[Person],
        meeting_date: dt.date,
        next_meeting: dt.date | None,
        save: Callable[[str, str, dt.date], Any],
    ) -> None:
        super().__init__(save)
        self.subject = subject
        self.people = people
        self.meeting_date = meeting_date
        self.next_meeting = next_meeting

    @property
    def draft_title(self) -> str:
        return f"Acknowledge {self.subject}"

    def compose(self) -> ComposeResult:
        with form_body():
            yield Static(f"Acknowledge {self.subject}", id="form-title", markup=False)
            yield draft_note()
            yield Static(
                "It stays on the dashboard; no decision is asked for until the expiry date "
                "(or until it gets worse).",
                classes="muted",
                markup=False,
            )
            with Horizontal(classes="field", id="owner-row"):
                yield Label("Owner", classes="field-label")
                yield PersonInput(self.people, id="owner")
            yield Static("", id="owner-error", classes="field-error -empty")
            yield from field_row("Reason", "reason")
            yield from field_row("Until", "expires", "", DATE_HINT)
            yield Static("", id="form-error", classes="field-error -empty", markup=False)
            yield Static("tab next field · ctrl+s save · escape cancel", classes="muted")

    def save_now(self) -> None:
        problems: dict[str, str] = {}
        owner = self.query_one("#owner", PersonInput).person_id
        if owner is None:
            problems["owner"] = "pick one person (type part of a name)"
        if not self.value("reason"):
            problems["reason"] = "say why no decision is needed for now"
        expires = None
        try:
            expires = parse_due(self.value("expires"), self.meeting_date, self.next_meeting)
            if expires < self.meeting_date:
                problems["expires"] = "the expiry date is before the meeting date"
        except ValueError as error:
            problems["expires"] = str(error)
        self.show_problems(problems)
        if not problems and owner is not None and expires is not None:
            self.submit(owner, self.value("reason"), expires)
