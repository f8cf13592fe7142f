"""The action review's urgency order: mine, overdue then due soonest, severity, carried, age."""

from __future__ import annotations

import datetime as dt

from domain.records import Action, ActionStatus
from domain.urgency import overdue_days, rank_actions

TODAY = dt.date(2026, 2, 3)


def action(id: int, owner: str = "jm", overdue: int = 0, **kw: object) -> Action:
    return Action(id, f"action {id}", owner, TODAY - dt.timedelta(days=overdue), **kw)  # type: ignore[arg-type]


def ids(actions: list[Action]) -> list[int | None]:
    return [a.id for a in actions]


def test_each_rule_breaks_ties_in_the_one_before() -> None:
    created_long_ago = TODAY - dt.timedelta(days=200)
    actions = [
        action(1, overdue=5),
        action(2, overdue=10),
        action(3, overdue=5, carried=3),
        action(4, overdue=5, carried=3, created=created_long_ago),
        action(5, overdue=5),
        action(6, owner="sp", overdue=0),
        action(7, overdue=40, status=ActionStatus.DONE),
    ]
    severity = {5: 3, 1: 1}
    ranked = rank_actions(actions, TODAY, severity, my_person_id="sp")
    # 6 is mine; 2 most overdue; 5 has the critical breach; 1 a lesser one; then carried 4 and 3
    # (4 older); the closed action last however overdue it was.
    assert ids(ranked) == [6, 2, 5, 1, 4, 3, 7]


def test_without_a_person_nothing_is_mine() -> None:
    actions = [action(1, owner="sp"), action(2, overdue=1)]
    assert ids(rank_actions(actions, TODAY, {}, None)) == [2, 1]


def test_overdue_days_ignores_closed_and_undated_actions() -> None:
    assert overdue_days(action(1, overdue=4), TODAY) == 4
    assert overdue_days(action(1, overdue=-4), TODAY) == 0
    assert overdue_days(action(1, overdue=4, status=ActionStatus.DROPPED), TODAY) == 0
    assert overdue_days(Action(1, "x", "jm", None), TODAY) == 0


def test_most_urgent_first_is_overdue_then_due_soonest() -> None:
    """One due today is above one due next week, whatever stands behind the later one."""
    next_week = action(1, overdue=-7, carried=4, created=TODAY - dt.timedelta(days=300))
    today = action(2, overdue=0)
    overdue = action(3, overdue=1)
    assert ids(rank_actions([next_week, today, overdue], TODAY, {1: 3}, None)) == [3, 2, 1]
