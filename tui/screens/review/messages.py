"""What the action review's workers report, named for what happened."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from tui.screens.review.view import ReviewItem


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
