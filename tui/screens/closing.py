"""Closing the meeting: `n` on the last section asks first, proposing the next meeting.

The proposed date is the meeting type's cadence moved on to a working day (no weekend, no bank
holiday in England: domain.calendar); the chair may type another in the words Chair takes for
dates elsewhere (DD/MM, +7d, fri...). ctrl+s or enter closes the meeting with that date as the
next meeting; escape keeps the meeting open on its last section.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from domain.calendar import why_not_working
from domain.dates import DATE_HINT, parse_due
from tui.key_hold import CLOSE_LIMIT, hold_keys
from tui.screens.form_base import TypingForm
from tui.screens.form_parts import error_line, field_row, form_body


def long_date(day: dt.date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


class CloseMeetingForm(TypingForm["dt.date | None", Any]):
    """Asks before the meeting closes; saves through `save(next_meeting)` (None: no date).
    The field starts empty (typing replaces nothing): empty keeps the proposed date."""

    BINDING_GROUP_TITLE = "Close the meeting"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "enter",
            "Close",
            id="close-meeting-enter",
            priority=True,
            tooltip="Close the meeting with this next meeting date (as ctrl+s)",
        ),
    ]

    def __init__(
        self,
        title: str,
        held: dt.date,
        proposed: dt.date | None,
        cadence: str,
        save: Callable[[dt.date | None], Any],
    ) -> None:
        super().__init__(save)
        self.meeting_title = title
        self.held = held
        self.proposed = proposed
        self.cadence = cadence

    @property
    def draft_title(self) -> str:
        return f"Closing the meeting: {self.meeting_title}"

    def compose(self) -> ComposeResult:
        proposed = self.proposed
        when = (
            f"Proposed next meeting: {long_date(proposed)} ({self.cadence}, on a working "
            "day). Enter keeps it; type another date to change it."
            if proposed
            else f"No next meeting is proposed ({self.cadence}): type a date to set one."
        )
        with form_body():
            yield Static(f"Close the meeting? {self.meeting_title}", id="form-title", markup=False)
            yield Static(
                "This is the last section: closing ends the meeting. Its minutes are kept as a "
                "draft for the next meeting of this type to approve.",
                markup=False,
            )
            yield Static(when, id="proposed", markup=False)
            yield from field_row(
                "Next meeting",
                "next_meeting",
                "",
                f"{proposed:%d/%m/%Y} · {DATE_HINT}" if proposed else DATE_HINT,
            )
            yield error_line("form")
            yield Static(
                "enter or ctrl+s close the meeting · escape keeps it open on this section",
                classes="muted",
            )

    def close_saved(self, result: Any) -> None:
        """Closed: the keys typed after ctrl+s wait for what follows (the minutes), held
        under the result until the screen beneath has shown it (ready_for_keys(result))."""
        hold_keys(result, self.app, CLOSE_LIMIT)
        self.dismiss(result)

    def check(self) -> tuple[dt.date | None, dict[str, str]]:
        text = self.value("next_meeting")
        day = self.proposed
        problem = ""
        if text:
            try:
                day = parse_due(text, self.held, self.proposed)
            except ValueError as error:
                problem = str(error).replace("a due date", "a date")
            else:
                if day <= self.held:
                    problem = f"the next meeting must be after {self.held:%d/%m/%Y}"
                elif why := why_not_working(day):
                    problem = f"{long_date(day)} is {why}: choose a working day"
        return day, {"next_meeting": problem} if problem else {}
