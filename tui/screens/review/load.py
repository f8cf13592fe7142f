"""Reading what the action review shows (in the screen's load worker, never on the UI thread):
every open action with its meeting and whether this login may change it, ranked by urgency."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from domain.urgency import rank_actions
from tui.screens.review.view import ReviewItem, build_items

if TYPE_CHECKING:
    from tui.shell import ChairApp


def read_items(app: ChairApp, today: dt.date) -> list[ReviewItem] | None:
    """The open actions, most urgent first: this login's own, then the most overdue, the
    most severe breach behind them, the most carried. None while the service is not open.
    A refusal is the service's UserError (one line for the user)."""
    service = app.service
    config = app.config or (service.config if service else None)
    if service is None or config is None:
        return None
    login = service.login
    with app.door() as door:
        # each with its updates, for the detail lines
        actions = [door.actions.get(a.id) for a in door.actions.find() if a.id is not None]
        meeting_ids = sorted({a.meeting_id for a in actions if a.meeting_id is not None})
        meetings = {mid: door.meetings.get(mid) for mid in meeting_ids}
        allowed = {a.id: door.actions.can_change(a) for a in actions if a.id is not None}
    routes = {a.review_meeting_type for a in actions if a.review_meeting_type}
    next_reviews = {route: next_review(app, route, today) for route in routes}
    items = build_items(actions, meetings, config, login, allowed, next_reviews)
    by_id = {item.action.id: item for item in items}
    severity = {i.action.id: i.severity for i in items if i.action.id is not None}
    me = config.person_by_login(login)
    ranked = rank_actions(actions, today, severity, me.id if me else None)
    return [by_id[a.id] for a in ranked]


def next_review(app: ChairApp, type_id: str, today: dt.date) -> dt.date | None:
    """The next meeting of a review route ('next' in the new-date dialog)."""
    from domain.dates import next_meeting_date

    config = app.config
    meeting_type = config.meeting_type(type_id) if config else None
    if meeting_type is None:
        return None
    with app.door() as service:
        held = service.meetings.latest(type_id)
    due = None
    if held is not None:
        due = held.next_meeting or next_meeting_date(meeting_type.cadence, held.date)
    if due is None or due <= today:
        due = next_meeting_date(meeting_type.cadence, today)
    return due


def waiting_drafts(app: ChairApp) -> str:
    """What to say about changes with unsaved text kept from before ('' when none)."""
    try:
        drafts = app.drafts.load(None)
    except Exception:  # a draft is a courtesy: the review goes on without it
        return ""
    waiting = [d.title for d in drafts if d.has_text]
    if not waiting:
        return ""
    return (
        "Unsaved text kept from before: "
        + "; ".join(waiting)
        + ". Press the same key on that action to carry on."
    )
