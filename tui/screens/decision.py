"""The decision form: kind by first letter, reason, dates, escalation and one action.

What it is about is a DecisionSubject (tui.screens.decision_subject, named here too)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from domain.dates import parse_due
from domain.decisions import snapshot_of, validate_decision
from domain.records import Action, Decision, DecisionKind
from domain.status import Status
from tui.screens.decision_in_full import DOMAIN_FIELDS, read_in_full
from tui.screens.decision_parts import REVIEW_KINDS, DecisionParts
from tui.screens.decision_subject import DecisionSubject as DecisionSubject
from tui.screens.form_base import TypingForm
from tui.screens.form_parts import draft_note, error_line, field_row, form_body
from tui.widgets.field_input import FieldInput
from tui.widgets.letter_picker import LetterPicker
from tui.widgets.person_input import PersonInput, match_people

if TYPE_CHECKING:
    from domain.readings import Reading

KIND_OPTIONS = [(kind.key, kind.value, kind) for kind in DecisionKind]
"""The kinds by their first letter, as the domain defines them (a act, m monitor, ...)."""
_DOMAIN_FIELD = {
    "actions[0].description": "action_description",
    "actions[0].owner": "action_owner",
    "actions[0].due": "action_due",
    **DOMAIN_FIELDS,
}


class DecisionForm(TypingForm[Decision, Decision]):
    """Returns the saved Decision (saved through `save` in a worker), or None on escape."""

    BINDING_GROUP_TITLE = "Decision form"
    FIELD_NAMES = _DOMAIN_FIELD

    def __init__(
        self,
        subject: DecisionSubject,
        save: Callable[[Decision], Decision],
        initial_kind: DecisionKind | None = None,
    ) -> None:
        super().__init__(save)
        self.subject = subject
        existing = subject.existing
        self.kind_given = initial_kind is not None
        """The opener chose the kind (`a` adds an action): the cursor starts in its fields."""
        self.initial_kind = initial_kind or (existing.kind if existing else None)
        if self.initial_kind is None and subject.status is Status.CRITICAL:
            self.initial_kind = DecisionKind.ESCALATE  # CRITICAL prompts escalation
        if self.initial_kind is None and subject.status is Status.CHECK_DATA:
            self.initial_kind = DecisionKind.QUERY_DATA  # data in doubt: who re-checks, by when
        self.parts = DecisionParts(self, subject, self._owned)
        """The fields past the reason, built as a kind first shows them (decision_parts)."""
        self.parts.on_built = self._built

    def compose(self) -> ComposeResult:
        subject = self.subject
        existing = subject.existing
        with form_body():
            yield Static(self._heading(), id="form-title", markup=False)
            yield draft_note()
            if subject.agreed_response:
                yield Static(
                    f"Agreed response: {subject.agreed_response}", classes="muted", markup=False
                )
            if subject.sent_with:
                yield Static(subject.sent_with, classes="muted", id="sent-with", markup=False)
            with Horizontal(classes="field"):
                yield Label("Kind", classes="field-label")
                yield LetterPicker(
                    self._kinds(), self.initial_kind, on_choose=self._show_fields, id="kind"
                )
            yield error_line("kind")
            yield from field_row(
                "What the data shows",
                "data_shows",
                existing.data_shows if existing else self._data_shows(),
            )
            yield from field_row("Reason", "reason", existing.reason if existing else "")
            yield from self.parts.composed(self.initial_kind)
            yield error_line("form")
            yield Static(
                "letter picks the kind · tab next field · shift+tab back · ctrl+s save · "
                "escape cancel",
                classes="muted",
                id="form-keys",
            )

    def _kinds(self) -> list[tuple[str, str, DecisionKind]]:
        if self.subject.investment_allowed:
            return KIND_OPTIONS
        return [option for option in KIND_OPTIONS if option[2] is not DecisionKind.INVESTMENT]

    @property
    def draft_title(self) -> str:
        return f"Decision on {self.subject.title}"

    def _heading(self) -> str:
        reading = self.subject.reading
        if reading is None:
            return f"Decision on {self.subject.title}"
        streak = f", {reading.streak} periods" if reading.streak > 1 else ""
        return (
            f"Decision on {reading.title}: {reading.display_value} {reading.status.label}{streak}"
        )

    def _data_shows(self) -> str:
        reading = self.subject.reading
        if reading is None:
            return self.subject.data_shows
        if reading.value is None:
            return f"{reading.title}: {reading.status.word} ({reading.reason or 'no value'})"
        as_of = f" as of {reading.as_of.isoformat()}" if reading.as_of else ""
        streak = f", {reading.streak} periods running" if reading.streak > 1 else ""
        return f"{reading.title} {reading.display_value} ({reading.status.word}){as_of}{streak}"

    def prepare(self) -> None:
        self._show_fields(self.initial_kind)
        if "experience" in self.parts.built:
            self._built("experience")

    def _built(self, part: str) -> None:
        """A part was built: an experience decision's operational data, computed in a worker
        when the form has it empty."""
        if part != "experience" or self.subject.operational is None:
            return
        found = self.query_one_optional("#exp_data_shows", FieldInput)
        if found is not None and not found.value:
            self._fill_operational(self.subject.operational)

    def build_fields(self, fields: dict[str, str]) -> None:
        """A draft is put back (form_parts.restore_fields): every part holding one of its
        fields is built first (hidden unless its kind shows it)."""
        self.parts.build(self.parts.for_fields(fields))
        self._show_fields(self.query_one(LetterPicker).value)

    @work(thread=True, exit_on_error=False, group="decision-operational")
    def _fill_operational(self, operational: Callable[[], list[Reading]]) -> None:
        from domain.experience import readings_text

        try:
            text = readings_text(operational())
        except Exception:  # the part stays to be typed; never disturb the form
            return
        self.app.call_from_thread(self._operational_in, text)

    def _operational_in(self, text: str) -> None:
        field = self.query_one("#exp_data_shows", FieldInput)
        if not field.value and text:  # nobody has typed there meanwhile
            field.set_text(text)
            self.not_typed("exp_data_shows", text)

    def focus_first(self) -> None:
        """The kind first; when the opener chose it, or a draft brought it back, its first
        field still empty (shift+tab goes back to what is filled, and to the kind)."""
        picker = self.query_one(LetterPicker)
        self.set_focus(picker)
        restored = self.draft.restored
        if picker.value is not None and (self.kind_given or restored):
            self.focus_after_choice(picker)

    def focus_after_choice(self, picker: Widget) -> None:
        """The first field still empty after the kind, leaving out what the data shows (it
        is pre-filled, or optional: shift+tab reaches it): usually the reason."""
        data_shows = self.query_one("#data_shows", FieldInput)
        after = [w for w in self.fields_in_order() if w is not picker and w is not data_shows]
        empty = next((w for w in after if isinstance(w, Input) and not w.value.strip()), None)
        self.set_focus(empty if empty is not None else (after[0] if after else picker))

    def _show_fields(self, kind: DecisionKind | None) -> None:
        self.parts.show(kind)
        label = self.query_one_optional("#escalation_owner-label", Label)
        words = "Escalation owner" if kind is DecisionKind.ESCALATE else "Owner"
        if label is not None and self._labels.get(id(label)) != words:
            self._labels[id(label)] = words
            label.update(f"  {words}")

    def _owned(self, kind: DecisionKind | None) -> bool:
        """The decision names its own owner: an escalation, and any kind but act on a breach
        (an act decision's actions, and a re-check's action, name theirs)."""
        if kind is DecisionKind.ESCALATE:
            return True
        if kind is None or kind is DecisionKind.ACT or self._recheck(kind):
            return False
        return self.subject.breach_status is not None

    def _recheck(self, kind: DecisionKind | None) -> bool:
        """A 'query data' decision on a CHECK DATA reading carries the re-check as its action
        (who re-checks the data, by when)."""
        return kind is DecisionKind.QUERY_DATA and self.subject.status is Status.CHECK_DATA

    def _date(self, name: str, problems: dict[str, str]) -> dt.date | None:
        text = self.value(name)
        if not text:
            return None
        try:
            return parse_due(text, self.subject.meeting_date, self.subject.next_meeting)
        except ValueError as error:
            problems[name] = str(error)
            return None

    def _has(self, name: str) -> bool:
        return self.query_one_optional(f"#{name}") is not None

    def _escalate_to(self) -> str | None:
        text = self.value("escalate_to")
        if not text:
            return None
        for meeting_type in self.subject.meeting_types:
            if text.lower() in (meeting_type.id.lower(), meeting_type.title.lower()):
                return meeting_type.id
        found = match_people(self.subject.people, text)
        return found[0].id if len(found) == 1 else text

    def check(self) -> tuple[Decision | None, dict[str, str]]:
        """The decision as typed, and the problems found before asking the service."""
        problems: dict[str, str] = {}
        kind = self.query_one(LetterPicker).value
        if kind is None:
            problems["kind"] = f"choose a kind: {self.query_one(LetterPicker).letters}"
            return None, problems
        subject = self.subject
        review = self._date("review_date", problems) if kind in REVIEW_KINDS else None
        actions: tuple[Action, ...] = ()
        if kind is DecisionKind.ACT or self._recheck(kind):
            owner = self.query_one("#action_owner", PersonInput)
            due = self._date("action_due", problems)
            actions = (
                Action(
                    id=None,
                    description=self.value("action_description"),
                    owner_id=owner.person_id or (owner.text.strip() or None),
                    due=due,
                    metric_id=subject.metric_id,
                ),
            )
        escalation_owner = None
        if self._owned(kind):
            picker = self.query_one("#escalation_owner", PersonInput)
            escalation_owner = picker.person_id or (picker.text.strip() or None)
        decision = Decision(
            id=None,
            section_key=subject.section_key,
            kind=kind,
            metric_id=subject.metric_id,
            title=subject.title,
            data_shows=self.value("data_shows"),
            reason=self.value("reason"),
            review_date=review,
            escalate_to=self._escalate_to() if kind is DecisionKind.ESCALATE else None,
            escalation_owner_id=escalation_owner,
            not_escalated_reason=self.value("not_escalated_reason")
            if subject.status is Status.CRITICAL and kind is not DecisionKind.ESCALATE
            else "",
            snapshot=snapshot_of(subject.reading) if subject.reading is not None else None,
            actions=actions,
            answers_escalation_id=subject.answers_escalation_id,
            **read_in_full(  # type: ignore[arg-type]
                self.value,
                self._has,
                kind,
                subject.metric_id,
                lambda name: self._date(name, problems),
                problems,
            ),
        )
        known = subject.known_people or frozenset(p.id for p in subject.people)
        for problem in validate_decision(
            decision, subject.meeting_date, known, subject.breach_status
        ):
            name = _DOMAIN_FIELD.get(problem.field, problem.field)
            problems.setdefault(name, problem.message)
        return decision, problems
