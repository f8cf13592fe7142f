"""Small forms: one more action, an action's update at matters arising, a one-line prompt."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Label, Static

from domain.dates import DATE_HINT, parse_due
from domain.decisions import validate_update
from domain.minutes_work import snapshot_words
from domain.records import VERDICT_KEYS, Action, ActionStatus, ActionUpdate, Snapshot, Verdict
from tui.screens.form_base import TypingForm
from tui.screens.form_parts import draft_note, error_line, field_row, form_body
from tui.widgets.letter_picker import LetterPicker
from tui.widgets.person_input import PersonInput

if TYPE_CHECKING:
    from config.models import Person
    from domain.gate import Acknowledgement

UPDATE_OPTIONS = [
    ("x", "done", ActionStatus.DONE),
    ("r", "progress (new date)", ActionStatus.IN_PROGRESS),
    ("b", "blocked", ActionStatus.BLOCKED),
    ("d", "dropped", ActionStatus.DROPPED),
]

VERDICT_OPTIONS = [(key, verdict.value, verdict) for verdict, key in VERDICT_KEYS.items()]
"""w worked, n no change, x worse, t too early."""


R = TypeVar("R")


class ActionForm(TypingForm[Action, Action]):
    """One more action on a recorded `act` decision: description, owner, due date."""

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
            yield error_line("owner")
            yield from field_row("Due", "due", "", DATE_HINT)
            yield error_line("form")
            yield Static("tab next field · ctrl+s save · escape cancel", classes="muted")

    def check(self) -> tuple[Action | None, dict[str, str]]:
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
        action = Action(
            id=None,
            description=self.value("description"),
            owner_id=owner,
            due=due,
            metric_id=self.metric_id,
        )
        return action, problems


class ActionUpdateForm(TypingForm[ActionUpdate, Action]):
    """Matters arising: done with evidence, progress with a new date, blocked, dropped + reason."""

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
            yield error_line("status")
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
            yield error_line("verdict")
            yield from field_row("Evidence", "evidence", action.evidence, "what shows it is done")
            yield from field_row("New date", "new_due", "", DATE_HINT)
            yield from field_row("Note / reason", "note", "", "why blocked or dropped")
            yield error_line("form")
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

    def _show(self, status: ActionStatus | None) -> None:
        # Did it work? For an action raised on a metric; a dropped action is not judged.
        self.query_one("#judged").display = self.asks_verdict
        self.query_one("#verdict-row").display = (
            self.asks_verdict and status is not ActionStatus.DROPPED
        )
        self.query_one("#evidence-row").display = status is ActionStatus.DONE
        self.query_one("#new_due-row").display = status is ActionStatus.IN_PROGRESS
        self.query_one("#note-row").display = status is not None

    def _date_problem(self, problem: str, verdict: Verdict | None) -> str:
        """The new date's problem, naming the letter "did it work?" took when that letter and
        the date typed make a date ('next' typed at once after r: its n answered "no
        change", 'ext' is no date): the answer is shown chosen, and said, before any save."""
        typed = self.value("new_due")
        if verdict is None:
            return problem
        key = VERDICT_KEYS[verdict]
        try:
            parse_due(key + typed, self.meeting_date, self.next_meeting)
        except ValueError:
            return problem
        return (
            f"'{typed}' is not a date: your {key} answered did it work? ({verdict.value}); "
            f"check that answer, then type the date again: {key}{typed}"
        )

    def check(self) -> tuple[ActionUpdate | None, dict[str, str]]:
        picker = self.query_one("#status", LetterPicker)
        status = picker.value
        problems: dict[str, str] = {}
        if status is None:
            return None, {"status": f"choose: {picker.letters}"}
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
                problems["new_due"] = self._date_problem(str(error), verdict)
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
        return update, problems


class TextPrompt(TypingForm[str, R]):
    """One line of text (an AOB item's title, amendments to minutes)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "enter", "Save", id="prompt-save", priority=True, show=False)
    ]

    def __init__(self, title: str, label: str, save: Callable[[str], R], initial: str = "") -> None:
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
            yield error_line("form")
            yield Static("enter or ctrl+s save · escape cancel", classes="muted")

    def check(self) -> tuple[str | None, dict[str, str]]:
        if not self.value("text"):
            return None, {"text": "type something first (escape to cancel)"}
        return self.value("text"), {}


class AcknowledgeForm(TypingForm[tuple[str, str, dt.date], "Acknowledgement"]):
    """Acknowledge a breach: it stays on screen, but needs no decision until the expiry date."""

    def __init__(
        self,
        subject: str,
        people: list[Person],
        meeting_date: dt.date,
        next_meeting: dt.date | None,
        save: Callable[[tuple[str, str, dt.date]], Acknowledgement],
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
            yield error_line("owner")
            yield from field_row("Reason", "reason")
            yield from field_row("Until", "expires", "", DATE_HINT)
            yield error_line("form")
            yield Static("tab next field · ctrl+s save · escape cancel", classes="muted")

    def check(self) -> tuple[tuple[str, str, dt.date] | None, dict[str, str]]:
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
        if owner is None or expires is None:
            return None, problems
        return (owner, self.value("reason"), expires), problems
