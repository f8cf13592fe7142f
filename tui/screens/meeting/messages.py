"""Messages the meeting screen's workers post to it (named for what happened)."""

from __future__ import annotations

from textual.message import Message

from domain.readings import PeriodNote
from tui.screens.meeting.view import SectionView


class SectionLoaded(Message):
    """The state of a section: meeting, context, rows and what the gate still needs."""

    def __init__(self, view: SectionView) -> None:
        super().__init__()
        self.view = view


class NoteSaved(Message):
    """A note on a period of a metric was saved from its detail: the readings carry it."""

    def __init__(self, note: PeriodNote) -> None:
        super().__init__()
        self.note = note


class ExceptionSaved(Message):
    """An exception was recorded on a row behind a metric, from its detail."""

    def __init__(self, metric_id: str) -> None:
        super().__init__()
        self.metric_id = metric_id


class MeetingDeleted(Message):
    """The meeting was abandoned with nothing recorded in it: it is gone."""
