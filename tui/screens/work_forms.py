"""The forms of the work behind the number: a watch-list note (noted, act, escalate, and one
line of words) and a risk review (the note, the score as it now stands, the next review)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, Static

from domain.dates import DATE_HINT, parse_due
from domain.exceptions import EXCEPTION_REASONS
from domain.risks import RISK_STATUSES
from domain.watch import WATCH_KINDS, watch_note_problems
from tui.screens.form_base import TypingForm
from tui.screens.form_parts import draft_note, error_line, field_row, form_body
from tui.widgets.letter_picker import LetterPicker

if TYPE_CHECKING:
    from domain.exceptions import RowBehind
    from domain.risks import Risk
    from domain.watch import WatchItem

WATCH_OPTIONS = [(kind[0], kind, kind) for kind in WATCH_KINDS]
"""n noted (keep watching), a act, e escalate."""
STATUS_OPTIONS = [(status[0], status, status) for status in RISK_STATUSES]
"""o open, t tolerated, c closed."""
REVIEW_MONTHS_DAYS = 91
"""A risk's next review when none is typed: about three months on (as the register does)."""


class WatchNoteForm(TypingForm[tuple[str, str], Any]):
    """A one-line note on an AMBER reading of the watch list: what happens next, and why."""

    def __init__(self, item: WatchItem, save: Callable[[tuple[str, str]], Any]) -> None:
        super().__init__(save)
        self.item = item

    @property
    def draft_title(self) -> str:
        return f"Watch list: {self.item.title}"

    def compose(self) -> ComposeResult:
        item = self.item
        since = f" since {item.since.isoformat()}" if item.since else ""
        with form_body():
            yield Static(
                f"Watch list: {item.title} {item.display_value} (AMBER ×{item.streak}{since})",
                id="form-title",
                markup=False,
            )
            yield draft_note()
            if item.variation:
                yield Static(item.variation, classes="muted", markup=False)
            with Horizontal(classes="field"):
                yield Label("Next", classes="field-label")
                yield LetterPicker(WATCH_OPTIONS, id="kind")
            yield error_line("kind")
            yield from field_row("Note", "note", "", "one line: why, and who watches it")
            yield error_line("form")
            yield Static(
                "letter picks what happens next · tab next field · ctrl+s save · escape cancel",
                classes="muted",
            )

    def check(self) -> tuple[tuple[str, str] | None, dict[str, str]]:
        picker = self.query_one(LetterPicker)
        kind = picker.value or ""
        problems: dict[str, str] = {}
        if not kind:
            problems["kind"] = f"choose: {picker.letters}"
        for problem in watch_note_problems(kind or WATCH_KINDS[0], self.value("note")):
            problems.setdefault("note", problem)
        return (kind, self.value("note")), problems


class RiskReviewForm(TypingForm[tuple[str, int, int, dt.date, str], Any]):
    """A risk's review at a meeting: the note, likelihood and impact now, the next review
    date and, if it changes, its status (tolerated, closed)."""

    def __init__(
        self,
        risk: Risk,
        owner_name: str,
        meeting_date: dt.date,
        next_meeting: dt.date | None,
        save: Callable[[tuple[str, int, int, dt.date, str]], Any],
    ) -> None:
        super().__init__(save)
        self.risk = risk
        self.owner_name = owner_name
        self.meeting_date = meeting_date
        self.next_meeting = next_meeting

    @property
    def draft_title(self) -> str:
        return f"Review risk {self.risk.ref}"

    def compose(self) -> ComposeResult:
        risk = self.risk
        with form_body():
            yield Static(
                f"Review {risk.ref}: {risk.title} (score {risk.score}, {self.owner_name})",
                id="form-title",
                markup=False,
            )
            yield draft_note()
            if risk.controls:
                yield Static(f"Controls: {risk.controls}", classes="muted", markup=False)
            yield from field_row(
                "Review note", "note", "", "what changed; are the controls working"
            )
            yield from field_row("Likelihood", "likelihood", str(risk.likelihood), "1-5")
            yield from field_row("Impact", "impact", str(risk.impact), "1-5")
            yield from field_row("Next review", "next_review", "", f"{DATE_HINT} (3 months)")
            with Horizontal(classes="field"):
                yield Label("Status", classes="field-label")
                yield LetterPicker(STATUS_OPTIONS, risk.status, id="status")
            yield error_line("status")
            yield error_line("form")
            yield Static("tab next field · ctrl+s save · escape cancel", classes="muted")

    def _score_part(self, name: str, problems: dict[str, str]) -> int:
        text = self.value(name)
        if text.isdigit() and 1 <= int(text) <= 5:
            return int(text)
        problems[name] = "a whole number from 1 to 5"
        return 0

    def check(self) -> tuple[tuple[str, int, int, dt.date, str] | None, dict[str, str]]:
        problems: dict[str, str] = {}
        if not self.value("note"):
            problems["note"] = "say what the review found (one line)"
        likelihood = self._score_part("likelihood", problems)
        impact = self._score_part("impact", problems)
        next_review = self.meeting_date + dt.timedelta(days=REVIEW_MONTHS_DAYS)
        if self.value("next_review"):
            try:
                next_review = parse_due(
                    self.value("next_review"), self.meeting_date, self.next_meeting
                )
                if next_review <= self.meeting_date:
                    problems["next_review"] = "the next review is after this meeting"
            except ValueError as error:
                problems["next_review"] = str(error)
        status = str(self.query_one(LetterPicker).value or self.risk.status)
        return (self.value("note"), likelihood, impact, next_review, status), problems


REASON_OPTIONS = [
    (("o" if reason == "other" else "s" if reason.startswith("under") else
      "b" if reason == "already booked" else reason[0]), reason, reason)
    for reason in EXCEPTION_REASONS
]  # fmt: skip
"""h housebound, d declined, s under secondary care, b already booked, c coding to correct,
l left the practice, o other (with words)."""


class ExceptionForm(TypingForm[tuple[str, str, str, int, dt.date], Any]):
    """Mark a tracker row as an exception: a reason from the short list, how many it covers (a
    search's patients), and until when. No patient identifiers: the row is the tracker's."""

    def __init__(
        self,
        title: str,
        row: RowBehind,
        countable: bool,
        today: dt.date,
        save: Callable[[tuple[str, str, str, int, dt.date]], Any],
    ) -> None:
        super().__init__(save)
        self.title_text = title
        self.row = row
        self.countable = countable
        self.today = today

    @property
    def draft_title(self) -> str:
        return f"Exception: {self.row.key}"

    def compose(self) -> ComposeResult:
        with form_body():
            yield Static(
                f"Exception on {self.title_text}: {self.row.key}", id="form-title", markup=False
            )
            yield draft_note()
            yield Static(
                "Off the count until the date; the status is judged without it. Name no "
                "patient: the row is the tracker's.",
                classes="muted",
                markup=False,
            )
            with Horizontal(classes="field"):
                yield Label("Reason", classes="field-label")
                yield LetterPicker(REASON_OPTIONS, id="reason")
            yield error_line("reason")
            yield from field_row("Words", "note", "", "why (needed for 'other')")
            share = f"{self.row.share:g}"
            yield from field_row("How many", "count", "1", f"of {share} on this row")
            yield from field_row("Until", "expires", "", DATE_HINT)
            yield error_line("form")
            yield Static(
                "letter picks the reason · tab next field · ctrl+s save · escape cancel",
                classes="muted",
            )

    def prepare(self) -> None:
        self.query_one("#count-row").display = self.countable  # a search's patients

    def check(self) -> tuple[tuple[str, str, str, int, dt.date] | None, dict[str, str]]:
        picker = self.query_one(LetterPicker)
        reason = str(picker.value or "")
        problems: dict[str, str] = {}
        if not reason:
            problems["reason"] = f"choose: {picker.letters}"
        if reason == "other" and not self.value("note"):
            problems["note"] = "say why, in words"
        count = 1
        if self.countable:
            text = self.value("count")
            if not text.isdigit() or not 1 <= int(text) <= self.row.share:
                problems["count"] = f"a whole number from 1 to {self.row.share:g}"
            else:
                count = int(text)
        expires = None
        try:
            expires = parse_due(self.value("expires"), self.today, None)
            if expires < self.today:
                problems["expires"] = "the date is before today"
        except ValueError as error:
            problems["expires"] = str(error)
        if expires is None:
            return None, problems
        return (self.row.key, reason, self.value("note"), count, expires), problems
