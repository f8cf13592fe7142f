"""Messages the meeting screen's workers post to it (named for what happened)."""

from __future__ import annotations

from textual.message import Message

from tui.screens.meeting.view import SectionView


class SectionLoaded(Message):
    """The state of a section: meeting, context, rows and what the gate still needs."""

    def __init__(self, view: SectionView) -> None:
        super().__init__()
        self.view = view
