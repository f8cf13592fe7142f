"""The meeting screen: one section of the agenda at a time (see screen.py)."""

from tui.screens.meeting.screen import MeetingScreen

__all__ = ["MeetingScreen"]
