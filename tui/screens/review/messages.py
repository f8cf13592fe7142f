"""What the action review's workers report, named for what happened, and the change they carry."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from textual.message import Message

if TYPE_CHECKING:
    from domain.records import Action
    from tui.screens.review.view import ReviewItem


@dataclass(frozen=True)
class Change:
    """One change asked for in a dialog: what to send, and what to reopen it with if refused."""

    kind: str
    item: ReviewItem
    values: dict[str, str]
    update: dict[str, Any] = field(default_factory=dict)


class ActionsLoaded(Message):
    """The open actions were read and ranked."""

    def __init__(self, items: list[ReviewItem]) -> None:
        super().__init__()
        self.items = items


class ActionsLoadFailed(Message):
    """The actions could not be read (one line for the user)."""

    def __init__(self, problem: str) -> None:
        super().__init__()
        self.problem = problem


class ActionUpdated(Message):
    """The service saved a change to an action; `action` is its new state."""

    def __init__(self, change: Change, action: Action) -> None:
        super().__init__()
        self.change = change
        self.action = action


class ActionUpdateRefused(Message):
    """The service refused a change: field problems, a conflict, or not allowed."""

    def __init__(
        self,
        change: Change,
        problem: str,
        problems: dict[str, str] | None = None,
        conflict: bool = False,
    ) -> None:
        super().__init__()
        self.change = change
        self.problem = problem
        self.problems = problems or {}
        self.conflict = conflict
