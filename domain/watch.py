"""The amber watch-list: AMBER readings not decided since they turned amber, routed to the
next operational meeting, each needing a one-line note; they leave when GREEN or decided."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from domain.privacy import nhs_number_problem
from domain.readings import Reading, variation_text
from domain.status import Status

WATCH_KINDS = ("noted", "act", "escalate")
"""What the note says the practice will do: noted (keep watching), act, escalate."""


@dataclass(frozen=True)
class WatchItem:
    """One AMBER reading on the watch list."""

    metric_id: str
    title: str
    dashboard: str
    display_value: str
    streak: int
    """Consecutive periods at AMBER, counting back from the latest."""
    since: dt.date | None
    """The period end it turned amber (the first of the streak)."""
    variation: str = ""

    def as_row(self) -> dict[str, str]:
        return {
            "metric_id": self.metric_id, "title": self.title, "dashboard": self.dashboard,
            "value": self.display_value, "streak": str(self.streak),
            "since": self.since.isoformat() if self.since else "", "variation": self.variation,
        }  # fmt: skip


@dataclass(frozen=True)
class WatchNote:
    """A note given on a watch-list item at a meeting."""

    metric_id: str
    kind: str
    note: str
    meeting_id: int | None = None
    since: dt.date | None = None
    streak: int = 0
    by_login: str = ""


def amber_run(reading: Reading) -> tuple[int, dt.date | None]:
    """(periods at AMBER counting back from the latest, the period end the run began)."""
    statuses = reading.trend_statuses
    count = 0
    for status in reversed(statuses):
        if status is not Status.AMBER:
            break
        count += 1
    periods = reading.history_periods[-len(reading.trend) :] if reading.trend else ()
    since = periods[-count] if count and len(periods) >= count else reading.period_end
    return max(count, 1), since


def watch_list(
    readings: Iterable[tuple[str, Reading]], decided_on: Mapping[str, dt.date]
) -> list[WatchItem]:
    """Every AMBER reading (with its dashboard's title) not decided since it turned amber.

    `decided_on` maps a metric to the date of the latest meeting that decided on it: a
    decision on or after the period end the amber run began takes the reading off the list.
    """
    items: list[WatchItem] = []
    seen: set[str] = set()
    for dashboard, reading in readings:
        if reading.status is not Status.AMBER or reading.metric_id in seen:
            continue
        seen.add(reading.metric_id)
        streak, since = amber_run(reading)
        decided = decided_on.get(reading.metric_id)
        if decided is not None and (since is None or decided >= since):
            continue
        items.append(
            WatchItem(
                metric_id=reading.metric_id,
                title=reading.title,
                dashboard=dashboard,
                display_value=reading.display_value,
                streak=streak,
                since=since,
                variation=variation_text(reading),
            )  # fmt: skip
        )
    return sorted(items, key=lambda i: (-i.streak, i.dashboard, i.title))


def watch_note_problems(kind: str, note: str) -> list[str]:
    """Why a watch-list note cannot be recorded (empty: it can)."""
    problems = []
    if kind not in WATCH_KINDS:
        problems.append(f"Say what happens next: one of {', '.join(WATCH_KINDS)}")
    if not note.strip():
        problems.append("A watch-list note needs one line of words")
    problem = nhs_number_problem(note)
    if problem:
        problems.append(problem)
    return problems
