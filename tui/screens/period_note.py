"""A note on one period of a metric, made from its detail (`n`): what happened that month, and
whether it changed the process or the recording (then the SPC limits start again there)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from textual.app import ComposeResult
from textual.widgets import Static

from tui.screens.form_base import TypingForm
from tui.screens.form_parts import draft_note, error_line, field_row, form_body


def period_for(text: str, periods: Sequence[dt.date]) -> dt.date | None:
    """The period a typed date falls in ('2026-10-31', '15/10/2026', 'oct 2026'): the first
    period ending on or after it; None when no period holds it."""
    day = None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%b %Y", "%B %Y"):
        try:
            day = dt.datetime.strptime(text.strip().title(), fmt).date()
            break
        except ValueError:
            continue
    if day is None:
        return None
    return next((p for p in sorted(periods) if p >= day), None)


class PeriodNoteForm(TypingForm[tuple[dt.date, str, bool], Any]):
    """Period, note, and y/n: a change of process or recording. ctrl+s saves."""

    def __init__(
        self,
        title: str,
        periods: Sequence[dt.date],
        save: Callable[[tuple[dt.date, str, bool]], Any],
    ) -> None:
        super().__init__(save)
        self.title_text = title
        self.periods = tuple(periods)

    @property
    def draft_title(self) -> str:
        return f"Note on {self.title_text}"

    def compose(self) -> ComposeResult:
        latest = self.periods[-1].isoformat() if self.periods else ""
        with form_body():
            yield Static(f"Note on a period of {self.title_text}", id="form-title", markup=False)
            yield draft_note()
            yield Static(
                "What explains this period (flu, school holidays, a new release pattern)? "
                "Kept with the record; shown on the chart, the detail and the minutes.",
                classes="muted", markup=False,
            )  # fmt: skip
            yield from field_row("Period", "period", latest, "2026-10-31 or oct 2026")
            yield from field_row("Note", "text")
            yield from field_row("Change?", "change", "n", "y: a change of process or recording")
            yield error_line("form")
            yield Static(
                "y for a change of process or recording: the SPC limits start again from "
                "this period · tab next field · ctrl+s save · escape cancel",
                classes="muted", markup=False,
            )  # fmt: skip

    def focus_first(self) -> None:
        self.set_focus(self.query_one("#text"))

    def check(self) -> tuple[tuple[dt.date, str, bool] | None, dict[str, str]]:
        problems: dict[str, str] = {}
        period = period_for(self.value("period"), self.periods)
        if period is None:
            problems["period"] = "a date within the periods shown (e.g. the latest)"
        if not self.value("text"):
            problems["text"] = "say what happened in this period"
        change = self.value("change").lower()
        if change not in ("y", "yes", "n", "no", ""):
            problems["change"] = "y or n"
        if period is None:
            return None, problems
        return (period, self.value("text"), change.startswith("y")), problems
