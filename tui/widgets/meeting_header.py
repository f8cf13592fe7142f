"""The meeting header: practice, meeting type, date, the clock against its time box."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Static

from tui.format import clock, clock_pair, style_of

if TYPE_CHECKING:
    from config.models import ChairConfig
    from domain.records import Meeting


class MeetingHeader(Static):
    """Two lines; over-run shows in colour AND in words (readable with NO_COLOR)."""

    DEFAULT_CSS = """
    MeetingHeader { height: 2; background: $primary; color: $text; padding: 0 1; }
    """

    def show_meeting(
        self,
        config: ChairConfig,
        meeting: Meeting,
        section_index: int,
        elapsed: tuple[float, float],
        paused: bool,
    ) -> None:
        """The meeting at `section_index`, `elapsed` seconds in the meeting and the section."""
        meeting_type = config.meeting_type(meeting.meeting_type)
        section = meeting.sections[section_index]
        self.show(
            config.practice_name(meeting.practice_code),
            meeting_type.title if meeting_type else meeting.meeting_type,
            meeting.date.isoformat(),
            elapsed[0],
            meeting_type.minutes if meeting_type else 60,
            section.title,
            elapsed[1],
            section.time_box_minutes,
            paused,
            self.app.theme_variables or self.app.get_css_variables(),
        )

    def show(
        self,
        practice: str,
        meeting_title: str,
        date: str,
        elapsed: float,
        box_minutes: int,
        section_title: str,
        section_elapsed: float,
        section_box_minutes: int,
        paused: bool,
        variables: dict[str, str],
    ) -> None:
        text = Text(f"{practice} · {meeting_title} · {date}\n", style="bold")
        text.append(f"Meeting {clock_pair(elapsed, box_minutes * 60)}")
        over = elapsed - box_minutes * 60
        warn = style_of("error", variables, "bold reverse")
        if over > 0:
            text.append(f"  OVER TIME by {clock(over)}", style=warn)
        text.append(f" · {section_title} {clock_pair(section_elapsed, section_box_minutes * 60)}")
        section_over = section_elapsed - section_box_minutes * 60
        if section_over > 0:
            text.append(f"  SECTION OVER by {clock(section_over)}", style=warn)
        if paused:
            text.append("  ⏸ PAUSED", style="bold")
        self.update(text, layout=False)
