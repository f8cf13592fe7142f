"""The action review's lines around the list: the summary above it, the highlighted action's
detail and the message line below it; each a widget that owns its id."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Static

from domain.urgency import overdue_days
from tui.format import styled
from tui.screens.review.view import ReviewItem, due_words, status_word

if TYPE_CHECKING:
    from config.models import Person


class ReviewSummary(Static):
    """How many are open, overdue and yours, who you are, the day and the practice
    (#review-summary)."""

    def __init__(self) -> None:
        super().__init__("Opening the practice database…", id="review-summary", markup=False)

    def show(
        self,
        items: list[ReviewItem],
        shown: int,
        who: tuple[Person | None, str],
        today: dt.date,
        practice: str,
    ) -> None:
        """`who`: this login's person (None: not in chair.toml) and the login."""
        person, login = who
        you = (
            f"you: {person.name}{' (chair)' if person.chair else ''}"
            if person
            else f"you: {login} (read-only)"
        )
        overdue = sum(1 for i in items if overdue_days(i.action, today))
        mine = sum(1 for i in items if person and i.action.owner_id == person.id)
        showing = f" · showing {shown}" if shown != len(items) else ""
        self.update(
            f"{len(items)} open · {overdue} overdue · {mine} yours{showing} · {you} · "
            f"{today:%d %b %Y} · {practice}"
        )


class ActionDetail(Static):
    """The highlighted action in full (#review-detail): what, who, when, where from, the
    decision behind it, its last update, and whether this login may change it."""

    def __init__(self) -> None:
        super().__init__("", id="review-detail")

    def show_none(self, loaded: bool, any_open: bool) -> None:
        """No action highlighted: none match the filter, none open, or not read yet."""
        empty = (
            "No open actions match the filter (escape clears it)."
            if any_open
            else "No open actions. Nothing is waiting on anyone."
        )
        self.update(empty if loaded else "Reading the actions…")

    def show(self, item: ReviewItem, today: dt.date, refused: bool) -> None:
        """`refused`: a change key was pressed on it (its read-only line is marked)."""
        action = item.action
        variables = self.app.get_css_variables()
        words, variable = due_words(action, today)
        due = f"{action.due:%d %b %Y}" if action.due else "no date"
        when = (
            Text.assemble(" (", styled(words, variable, variables), ")")
            if variable != "foreground"
            else Text("")
        )
        lines = [
            Text(action.description, style="bold"),
            Text.assemble(
                f"{item.owner_name} · due {due}",
                when,
                f" · {status_word(action)} · carried {action.carried}× · ",
                item.source_long,
            ),
        ]
        snapshot = item.snapshot
        if snapshot is not None:
            lines.append(
                Text(
                    f"Decided on: {snapshot.title} {snapshot.display_value} "
                    f"{snapshot.status}, streak {snapshot.streak}"
                )
            )
        if action.updates:
            last = action.updates[-1]
            said = last.note or last.evidence
            lines.append(
                Text(
                    f"Last update {last.when:%d %b} by {last.by_login}: "
                    f"{last.status.value}{' — ' + said if said else ''}"
                )
            )
        if item.can_change:
            lines.append(
                styled(
                    "You may change it: x done · r new date · o reassign · a note · b blocked",
                    "success",
                    variables,
                )
            )
        elif refused:
            # A change key was pressed on it: the same line, marked, rather than said twice.
            line = styled(f"⚠ {item.why_read_only}", "warning", variables, bold=True)
            line.stylize("reverse")
            lines.append(line)
        else:
            lines.append(styled(item.why_read_only, "warning", variables, bold=True))
        self.update(Text("\n").join(lines))


class ReviewMessage(Static):
    """What the last key did (#review-message): saved, refused, still opening."""

    def __init__(self) -> None:
        super().__init__("", id="review-message")

    def say(self, text: str, variable: str = "foreground") -> None:
        variables = self.app.get_css_variables()
        self.update(styled(text, variable, variables, bold=variable in ("error", "warning")))
