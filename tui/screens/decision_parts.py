"""The decision form's fields in parts, each built the first time a kind shows it.

The form used to build the fields of every kind as it opened (15 rows, 76 widgets, most of
them hidden), and Textual styles, mounts and lays out each one: half the CPU from `d` to the
form painted. Now it opens with the parts its kind shows (before a kind is chosen, only what
the data shows and the reason), and a letter that shows a part not built yet mounts it in its
place, in the form's order, before the cursor moves on: the fields exist (mounting registers
them at once), so the keys typed after the letter land in them. A part once built stays
(hidden when another kind is chosen), so what was typed in it is kept, saved if shown, and in
the draft; a draft brings back its fields after building every part that holds one of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from textual.widgets import Static

from domain.dates import DATE_HINT
from domain.records import DecisionKind
from domain.status import Status
from tui.screens.decision_in_full import (
    EXPERIENCE_IDS,
    IN_FULL_FIELDS,
    INVESTMENT_IDS,
    experience_part,
    in_full_part,
    investment_part,
    row,
)
from tui.screens.form_parts import mount_now, row_of
from tui.widgets.person_input import PersonInput

if TYPE_CHECKING:
    from textual.widget import Widget

    from domain.in_full import ExperienceParts
    from tui.screens.decision_subject import DecisionSubject
    from tui.screens.form_base import TypingForm

REVIEW_KINDS = {
    DecisionKind.MONITOR,
    DecisionKind.QUERY_DATA,
    DecisionKind.DEFER,
    DecisionKind.INVESTMENT,
}
ORDER = (
    "review_date",
    "escalate_to",
    "escalation_owner",
    "not_escalated_reason",
    "action",
    "in_full",
    "experience",
    "investment",
)
"""The parts in the form's order (after the kind, what the data shows and the reason)."""
FIELDS: dict[str, tuple[str, ...]] = {
    "review_date": ("review_date",),
    "escalate_to": ("escalate_to",),
    "escalation_owner": ("escalation_owner",),
    "not_escalated_reason": ("not_escalated_reason",),
    "action": ("action_description", "action_owner", "action_due"),
    "in_full": IN_FULL_FIELDS,
    "experience": EXPERIENCE_IDS,
    "investment": INVESTMENT_IDS,
}
"""Each part's fields (their ids; a draft names them)."""


class DecisionParts:
    """The parts of one decision form: which a kind shows, and building them."""

    def __init__(
        self,
        form: TypingForm[Any, Any],
        subject: DecisionSubject,
        owned: Callable[[DecisionKind | None], bool],
    ) -> None:
        """`owned(kind)`: the decision names its own owner (the escalation owner's row)."""
        self._form = form
        self._subject = subject
        self._owned = owned
        self.built: dict[str, list[Widget]] = {}
        self.on_built: Callable[[str], None] | None = None
        """Called once a part is built (the form fills in what it computes in a worker)."""

    @property
    def experience(self) -> ExperienceParts | None:
        existing = self._subject.existing
        return (existing.experience if existing else None) or self._subject.experience

    def shown(self, kind: DecisionKind | None) -> dict[str, bool]:
        """Each part (of this form) and whether `kind` shows it."""
        subject = self._subject
        recheck = kind is DecisionKind.QUERY_DATA and subject.status is Status.CHECK_DATA
        in_full = kind not in (None, DecisionKind.INVESTMENT)
        shown = {
            "review_date": kind in REVIEW_KINDS,
            "escalate_to": kind is DecisionKind.ESCALATE,
            "escalation_owner": self._owned(kind),
            "not_escalated_reason": subject.status is Status.CRITICAL
            and kind is not DecisionKind.ESCALATE,
            "action": kind is DecisionKind.ACT or recheck,
            "in_full": in_full,
            "experience": in_full,
            "investment": kind is DecisionKind.INVESTMENT,
        }
        if self.experience is None:
            del shown["experience"]
        if not subject.investment_allowed:
            del shown["investment"]
        return shown

    def composed(self, kind: DecisionKind | None) -> list[Widget]:
        """The widgets of the parts `kind` shows, in order, as the form composes them; an
        experience decision's six parts always (hidden until a kind shows them: what the
        operational data shows is computed from the start, in a worker, as the form opens)."""
        widgets: list[Widget] = []
        for name, show in self.shown(kind).items():
            if show or name == "experience":
                self.built[name] = self._make(name)
                widgets += self.built[name]
        return widgets

    def show(self, kind: DecisionKind | None) -> None:
        """Build the parts `kind` shows that are not built yet, and show only those; a hidden
        part's problems are cleared."""
        shown = self.shown(kind)
        self.build(name for name, show in shown.items() if show)
        for name, widgets in self.built.items():
            for widget in widgets:
                if widget.has_class("-error-line"):
                    if not shown[name]:
                        self._form.set_error((widget.id or "").removesuffix("-error"), "")
                else:
                    widget.display = shown[name]

    def build(self, names: Iterable[str]) -> None:
        """Mount the named parts not built yet, each in its place in the form's order."""
        wanted = set(names)
        for name in (n for n in ORDER if n in wanted and n not in self.built):
            if name not in self.shown(None):
                continue  # not one of this form's parts
            widgets = self._make(name)
            later = [self.built[n][0] for n in ORDER[ORDER.index(name) + 1 :] if n in self.built]
            mount_now(later[0] if later else self._form.query_one("#form-error"), widgets)
            self.built[name] = widgets
            if self.on_built is not None:
                self.on_built(name)

    def for_fields(self, ids: Iterable[str]) -> list[str]:
        """The parts holding any of these field ids."""
        wanted = set(ids)
        return [name for name, fields in FIELDS.items() if wanted.intersection(fields)]

    def _make(self, name: str) -> list[Widget]:
        subject = self._subject
        existing = subject.existing
        people = subject.people
        if name == "review_date":
            review = existing.review_date if existing else None
            return row(
                "Review date", "review_date", review.isoformat() if review else "", DATE_HINT
            )
        if name == "escalate_to":
            to = (existing.escalate_to or "") if existing else ""
            hint = "a meeting type (e.g. partners) or a person"
            return row("Escalate to", "escalate_to", to, hint)
        if name == "escalation_owner":
            owner = (existing.escalation_owner_id or "") if existing else ""
            field = PersonInput(people, owner, id="escalation_owner")
            return row_of("Escalation owner", field, label_id="escalation_owner-label")
        if name == "not_escalated_reason":
            why = existing.not_escalated_reason if existing else ""
            hint = "a CRITICAL breach is escalated, or say why not"
            return row("Why not escalated", "not_escalated_reason", why, hint)
        if name == "action":
            return [
                Static("Action", id="action-heading", classes="section-heading"),
                *row("Description", "action_description"),
                *row_of("Owner", PersonInput(people, id="action_owner")),
                *row("Due", "action_due", "", DATE_HINT),
            ]
        if name == "in_full":
            return in_full_part(existing, subject.metric_id, subject.reading)
        if name == "experience":
            parts = self.experience
            assert parts is not None
            return experience_part(parts)
        return investment_part(existing)
