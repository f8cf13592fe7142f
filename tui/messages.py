"""Messages that workers post back to the UI, named in the past tense (what happened)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from domain.gate import Unmet
    from domain.readings import Reading
    from domain.records import Decision, Meeting
    from storage.service.chair import ChairService


class ServiceOpened(Message):
    """The database is open and migrated; `service` is ready for calls from workers."""

    def __init__(self, service: ChairService) -> None:
        super().__init__()
        self.service = service


class ServiceFailed(Message):
    """The service could not be opened (bad config, unusable database): one line for the user."""

    def __init__(self, problem: str) -> None:
        super().__init__()
        self.problem = problem


class MeetingOpened(Message):
    """A meeting was started or resumed; the meeting screen should be shown."""

    def __init__(self, meeting: Meeting, first: object | None = None) -> None:
        super().__init__()
        self.meeting = meeting
        self.first = first
        """The section it opens on, built with the meeting read (a meeting screen's
        SectionView; None when it needs its readings first)."""


class ReadingsLoaded(Message):
    """The readings of one dashboard were computed."""

    def __init__(self, dashboard_id: str, readings: list[Reading]) -> None:
        super().__init__()
        self.dashboard_id = dashboard_id
        self.readings = readings


class SectionChanged(Message):
    """The gate let the meeting move (or `p` went back): `meeting` is the new state.
    `refused`: the service's gate refused the move the screen had already shown."""

    def __init__(self, meeting: Meeting, refused: bool = False) -> None:
        super().__init__()
        self.meeting = meeting
        self.refused = refused


class GateRefused(Message):
    """`n` was refused: every unmet requirement, in plain words."""

    def __init__(self, unmet: list[Unmet]) -> None:
        super().__init__()
        self.unmet = unmet


class EntrySaved(Message):
    """A decision, action, AOB item, update or approval was written to the database."""

    def __init__(self, what: str) -> None:
        super().__init__()
        self.what = what


class EntryRefused(Message):
    """The service refused an entry (not allowed, conflict, invalid): one line to show."""

    def __init__(self, problem: str) -> None:
        super().__init__()
        self.problem = problem


class MeetingClosed(Message):
    """The last section passed its gate; `minutes` is the Markdown of the meeting."""

    def __init__(self, meeting_id: int, minutes: str) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.minutes = minutes


class MinutesReady(Message):
    """A minutes preview was rendered."""

    def __init__(self, meeting_id: int, minutes: str) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.minutes = minutes


class DecisionSaved(Message):
    """A decision (with its actions) was recorded by the service."""

    def __init__(self, decision: Decision) -> None:
        super().__init__()
        self.decision = decision
