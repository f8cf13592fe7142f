"""This week: what falls due in the next seven days across every tracker and every open
action, each with its owner, most urgent first (the method's operational layer)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from domain.words import counted

WEEK_DAYS = 7


@dataclass(frozen=True)
class DueItem:
    """One thing due: an action, a course expiring, a claim to submit, a search to act on."""

    due: dt.date
    what: str
    source: str
    """'action', or the tracker it comes from ('training', 'claims', 'searches', ...)."""
    owner: str = ""
    """The owner's name ('' when the tracker names nobody and no owner role is configured)."""
    ref: str = ""
    """'action:12', 'metric:training-compliance', 'risk:R02': what the item points at."""

    def when_words(self, today: dt.date) -> str:
        """'3 days overdue', 'today', 'in 4 days'."""
        days = (self.due - today).days
        if days < 0:
            return f"{counted(-days, 'day')} overdue"
        if days == 0:
            return "today"
        return f"in {counted(days, 'day')}"

    def as_row(self, today: dt.date) -> dict[str, str]:
        return {
            "due": self.due.isoformat(),
            "when": self.when_words(today),
            "what": self.what,
            "source": self.source,
            "owner": self.owner,
            "ref": self.ref,
        }


def this_week(items: Iterable[DueItem], today: dt.date, days: int = WEEK_DAYS) -> list[DueItem]:
    """The items due up to `days` days after today (overdue ones included), most urgent first:
    the earliest due date, then actions before tracker rows, then by words."""
    until = today + dt.timedelta(days=days)
    chosen = [item for item in items if item.due <= until]
    return sorted(chosen, key=lambda i: (i.due, i.source != "action", i.source, i.what))
