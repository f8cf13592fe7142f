"""What the action review shows for each action: gathered in a worker, filtered as you type."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from domain.records import Action, ActionStatus, Snapshot
from domain.status import Status
from domain.urgency import overdue_days

if TYPE_CHECKING:
    from config.models import ChairConfig, Person
    from domain.records import Meeting

MUTED = "foreground-darken-2"
"""A muted colour that Rich can parse (the theme's *-muted variables carry alpha)."""

ACTION_STATUS_VARIABLE = {
    ActionStatus.OPEN: "foreground",
    ActionStatus.IN_PROGRESS: "primary",
    ActionStatus.BLOCKED: "warning",
    ActionStatus.DONE: "success",
    ActionStatus.DROPPED: MUTED,
}
"""Theme variable colouring each action status (the word is always shown too)."""


@dataclass(frozen=True)
class ReviewItem:
    """One action with everything the review shows about it (plain values, no ORM rows)."""

    action: Action
    owner: Person | None
    meeting_type_id: str = ""
    meeting_type_title: str = ""
    meeting_date: dt.date | None = None
    snapshot: Snapshot | None = None
    metric_title: str = ""
    dashboard_id: str | None = None
    can_change: bool = False
    why_read_only: str = ""
    next_review: dt.date | None = None
    """The next meeting of the action's review route (what 'next' means for a new date)."""

    @property
    def owner_name(self) -> str:
        if self.owner is not None:
            return self.owner.name
        return self.action.owner_id or "no owner"

    @property
    def severity(self) -> int:
        """Severity of the breach behind the action (3 critical .. 0 green; -1 unknown)."""
        if self.snapshot is None:
            return -1
        try:
            return Status(self.snapshot.status).severity
        except ValueError:
            return -1

    @property
    def source(self) -> str:
        """Where the action came from, short: the metric, else the meeting type."""
        return self.metric_title or self.meeting_type_title or "—"

    @property
    def source_long(self) -> str:
        meeting = self.meeting_type_title or self.meeting_type_id or "a meeting"
        when = f" of {self.meeting_date:%d %b %Y}" if self.meeting_date else ""
        metric = f", on {self.metric_title}" if self.metric_title else ""
        return f"from the {meeting}{when}{metric}"


def due_words(action: Action, today: dt.date) -> tuple[str, str]:
    """The due date in words and the theme variable that colours it."""
    if action.due is None:
        return "no date", MUTED
    late = overdue_days(action, today)
    if late:
        return f"{late} day{'s' if late != 1 else ''} overdue", "error"
    days = (action.due - today).days
    if days == 0:
        return "due today", "warning"
    if days == 1:
        return "due tomorrow", "warning"
    if days <= 7:
        return f"due in {days} days", "warning"
    return f"due {action.due:%d %b}", "foreground"


def status_word(action: Action) -> str:
    """The status word, with a marker that survives monochrome terminals."""
    markers = {ActionStatus.BLOCKED: "■ ", ActionStatus.DONE: "✓ ", ActionStatus.DROPPED: "✗ "}
    return markers.get(action.status, "") + action.status.value


def read_only_reason(login: str, me: Person | None, owner: Person | None, owner_id: str) -> str:
    """Why this login may not change an action (the service's rule, said to the user)."""
    if me is None:
        return (
            f"read-only: '{login}' is not a person in chair.toml, so you can read actions "
            "but not change them"
        )
    who = owner.name if owner else (owner_id or "nobody")
    return f"read-only: only its owner ({who}) or a chair may change this action"


def build_items(
    actions: Iterable[Action],
    meetings: dict[int, Meeting],
    config: ChairConfig,
    login: str,
    can_change: dict[int, bool],
    next_reviews: dict[str, dt.date | None],
) -> list[ReviewItem]:
    """Join each action to its owner, meeting, decision snapshot and metric."""
    me = config.person_by_login(login)
    items = []
    for action in actions:
        owner = config.person(action.owner_id) if action.owner_id else None
        meeting = meetings.get(action.meeting_id) if action.meeting_id is not None else None
        decision = None
        if meeting is not None and action.decision_id is not None:
            decision = next((d for d in meeting.decisions if d.id == action.decision_id), None)
        metric_id = action.metric_id or (decision.metric_id if decision else None)
        metric = config.metric(metric_id) if metric_id else None
        meeting_type = config.meeting_type(meeting.meeting_type) if meeting else None
        allowed = can_change.get(action.id or -1, False)
        items.append(
            ReviewItem(
                action=action,
                owner=owner,
                meeting_type_id=meeting.meeting_type if meeting else "",
                meeting_type_title=meeting_type.title if meeting_type else "",
                meeting_date=meeting.date if meeting else None,
                snapshot=decision.snapshot if decision else None,
                metric_title=metric.title if metric else (decision.title if decision else ""),
                dashboard_id=metric.dashboard if metric else None,
                can_change=allowed,
                why_read_only=""
                if allowed
                else read_only_reason(login, me, owner, action.owner_id or ""),
                next_review=next_reviews.get(action.review_meeting_type or ""),
            )
        )
    return items


def matches(item: ReviewItem, text: str, today: dt.date) -> bool:
    """Every word typed must appear in the owner, status, meeting type, metric or description.

    'overdue' matches overdue actions; 'mine' is not special (type your own name).
    """
    action = item.action
    owner = item.owner
    haystack = " ".join(
        [
            item.owner_name,
            action.owner_id or "",
            owner.login if owner else "",
            owner.role if owner else "",
            action.status.value,
            "overdue" if overdue_days(action, today) else "",
            item.meeting_type_id,
            item.meeting_type_title,
            item.metric_title,
            action.description,
        ]
    ).lower()
    return all(word in haystack for word in text.lower().split())


def filtered(items: Sequence[ReviewItem], text: str, today: dt.date) -> list[ReviewItem]:
    return [item for item in items if matches(item, text, today)] if text.strip() else list(items)
