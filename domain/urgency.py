"""Open actions ranked by urgency for the action review (PRODUCT.md, 'Action review')."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from domain.records import Action


def overdue_days(action: Action, today: dt.date) -> int:
    """Days past its due date (0 if not yet due, closed, or with no due date)."""
    if action.due is None or action.status.closed:
        return 0
    return max(0, (today - action.due).days)


def age_days(action: Action, today: dt.date) -> int:
    """Days since the action was created (0 if unknown)."""
    return max(0, (today - action.created).days) if action.created else 0


def rank_actions(
    actions: Iterable[Action],
    today: dt.date,
    severity_of: Mapping[int, int],
    my_person_id: str | None,
) -> list[Action]:
    """Actions in the order the action review shows them, most urgent first.

    The order, each rule breaking ties in the one before:

    1. open actions before closed ones (done / dropped, when shown at all);
    2. the user's own (owner is `my_person_id`) before everyone else's;
    3. more days overdue first, then due sooner first (no due date last): overdue, then
       due soonest, so one due today is above one due next week;
    4. the more severe the breach behind it first (`severity_of[action.id]`, the
       Status.severity of the decision's snapshot: 3 critical .. 0 green; missing = -1);
    5. carried through more meetings first;
    6. older first (created earlier); then by id, so the order is stable.
    """

    def key(action: Action) -> tuple[int, int, int, dt.date, int, int, int, int]:
        action_id = action.id if action.id is not None else -1
        return (
            1 if action.status.closed else 0,
            0 if my_person_id is not None and action.owner_id == my_person_id else 1,
            -overdue_days(action, today),
            action.due or dt.date.max,
            -severity_of.get(action_id, -1),
            -action.carried,
            -age_days(action, today),
            action_id,
        )

    return sorted(actions, key=key)
