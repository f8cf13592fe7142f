"""What the meeting screen hands its parts instead of itself: where their workers run and
where what the workers found goes (messages up, named for what happened)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual.dom import DOMNode
from textual.message import Message


@dataclass(frozen=True)
class Outbox:
    """A part's two ways out: `post` a message to the screen (from any thread), and `run` a
    function in one of the screen's thread workers, in a named group (they stop with it)."""

    post: Callable[[Message], object]
    run: Callable[[Callable[[], None], str], object]

    @classmethod
    def of(cls, node: DOMNode) -> Outbox:
        """Messages to `node`, workers on `node` (they stop when it is removed)."""

        def run(function: Callable[[], None], group: str) -> None:
            node.run_worker(function, thread=True, group=group, exit_on_error=False)

        return cls(node.post_message, run)
