"""The decision form: kind by first letter, reason, dates, escalation and one action."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from domain.dates import DATE_HINT, parse_due
from domain.decisions import snapshot_of, validate_decision
from domain.in_full import EXPERIENCE_PARTS
from domain.keys import SectionKey
from domain.records import Action, Decision, DecisionKind
from domain.status import Status
from tui.screens.decision_in_full import (
    DOMAIN_FIELDS,
    compose_in_full,
    read_in_full,
    show_in_full,
)
from tui.screens.form_base import TypingForm
from tui.screens.form_parts import draft_note, error_line, field_row, form_body
from tui.widgets.field_input import FieldInput
from tui.widgets.letter_picker import LetterPicker
from tui.widgets.person_input import PersonInput, match_people

if TYPE_CHECKING:
    from config.models import MeetingType, Person
    from domain.in_full import ExperienceParts
    from domain.readings import Reading

_EXPERIENCE_NAMES = tuple(name for name, _ in EXPERIENCE_PARTS)
KIND_OPTIONS = [(kind.key, kind.value, kind) for kind in DecisionKind]
"""The kinds by their first letter, as the domain defines them (a act, m monitor, ...)."""
REVIEW_KINDS = {
    DecisionKind.MONITOR,
    DecisionKind.QUERY_DATA,
    DecisionKind.DEFER,
    DecisionKind.INVESTMENT,
}
_DOMAIN_FIELD = {
    "actions[0].description": "action_description",
    "actions[0].owner": "action_owner",
    "actions[0].due": "action_due",
    **DOMAIN_FIELDS,
}


@dataclass(frozen=True)
class DecisionSubject:
    """What the decision is about and what the form needs to know about the meeting."""

    section_key: SectionKey
    title: str
    meeting_date: dt.date
    people: list[Person]
    meeting_types: list[MeetingType]
    next_meeting: dt.date | None = None
    metric_id: str | None = None
    reading: Reading | None = None
    agreed_response: str = ""
    existing: Decision | None = None
    answers_escalation_id: int | None = None
    known_people: frozenset[str] = field(default_factory=frozenset)
    experience: ExperienceParts | None = None
    """An experience dashboard's six parts, the first two filled from the readings: the
    decision is made in the six parts."""
    investment_allowed: bool = False
    """An AOB item or an escalation in a strategic meeting: `investment` is offered."""
    operational: Callable[[], list[Reading]] | None = None
    """An experience decision: the linked dashboards' readings (may compute them: called in
    a worker), for 'what the operational data shows' when the form opens with it empty."""
    data_shows: str = ""
    """'What the data shows' to start with when there is no reading: an escalation in's
    evidence, as its sender recorded it."""
    sent_with: str = ""
    """An escalation in: where it came from and the sender's reason (shown under the heading)."""
    breach: bool = True
    """The reading is a breach (at or above the meeting's decision level): a decision on it
    names an owner, whatever its kind."""

    @property
    def status(self) -> Status | None:
        return self.reading.status if self.reading is not None else None

    @property
    def breach_status(self) -> Status | None:
        """The status the gate judges the decision against (None: not a breach)."""
        return self.status if self.breach else None


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
            yield from field_row(
                "Review date",
                "review_date",
                existing.review_date.isoformat() if existing and existing.review_date else "",
                DATE_HINT,
            )
            yield from field_row(
                "Escalate to",
                "escalate_to",
                (existing.escalate_to or "") if existing else "",
                "a meeting type (e.g. partners) or a person",
            )
            with Horizontal(classes="field", id="escalation_owner-row"):
                yield Label("Escalation owner", classes="field-label", id="escalation_owner-label")
                yield PersonInput(
                    subject.people,
                    (existing.escalation_owner_id or "") if existing else "",
                    id="escalation_owner",
                )
            yield error_line("escalation_owner")
            yield from field_row(
                "Why not escalated",
                "not_escalated_reason",
                existing.not_escalated_reason if existing else "",
                "a CRITICAL breach is escalated, or say why not",
            )
            yield Static("Action", id="action-heading", classes="section-heading")
            yield from field_row("Description", "action_description")
            with Horizontal(classes="field", id="action_owner-row"):
                yield Label("Owner", classes="field-label")
                yield PersonInput(subject.people, id="action_owner")
            yield error_line("action_owner")
            yield from field_row("Due", "action_due", "", DATE_HINT)
            yield from compose_in_full(
                existing,
                subject.metric_id,
                subject.reading,
                subject.experience,
                subject.investment_allowed,
            )
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
        found = self.query_one_optional("#exp_data_shows", FieldInput)
        if self.subject.operational is not None and found is not None and not found.value:
            self._fill_operational(self.subject.operational)

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
        critical = self.subject.status is Status.CRITICAL
        recheck = self._recheck(kind)
        visible = {
            "review_date": kind in REVIEW_KINDS,
            "escalate_to": kind is DecisionKind.ESCALATE,
            "escalation_owner": self._owned(kind),
            "not_escalated_reason": critical and kind is not DecisionKind.ESCALATE,
            "action_description": kind is DecisionKind.ACT or recheck,
            "action_owner": kind is DecisionKind.ACT or recheck,
            "action_due": kind is DecisionKind.ACT or recheck,
            **show_in_full(kind),
        }
        # By id, one widget each (query_one finds an id without matching a selector against
        # every widget of the form: a kind chosen runs this, and the form has ~150).
        for name, show in visible.items():
            row = self.query_one_optional(f"#{name}-row")  # a shape not composed: none
            if row is not None:
                row.display = show
            if not show:
                self.set_error(name, "")
        self.query_one("#action-heading").display = kind is DecisionKind.ACT or recheck
        self.query_one("#in-full-heading").display = kind not in (None, DecisionKind.INVESTMENT)
        in_full = kind not in (None, DecisionKind.INVESTMENT)
        shown = {"inv-heading": kind is DecisionKind.INVESTMENT, "exp-heading": in_full}
        shown.update((f"exp_{part}-row", in_full) for part in _EXPERIENCE_NAMES)
        for name, show in shown.items():
            found = self.query_one_optional(f"#{name}")
            if found is not None:
                found.display = show
        label = self.query_one("#escalation_owner-label", Label)
        words = "Escalation owner" if kind is DecisionKind.ESCALATE else "Owner"
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
