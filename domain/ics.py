"""Actions as an iCalendar file (RFC 5545) that mail clients import and re-import cleanly.

One all-day VEVENT per action with a due date. The UID is stable (`action-<id>@<code>.chair`)
and SEQUENCE is the action's version, so importing a newer export updates the event instead of
adding a second one; a closed action comes back CANCELLED. Events rather than to-dos because
the mail clients practices use (Outlook / NHSmail) import events and ignore VTODO.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from domain.records import Action, ActionStatus

LINE_LIMIT = 75
"""RFC 5545 3.1: content lines are folded at 75 octets (not characters)."""

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass(frozen=True)
class CalendarAction:
    """One action with the words its event shows."""

    action: Action
    owner_name: str
    raised_at: str = ""
    """Where the action was agreed, e.g. 'Weekly operations meeting, 2026-11-19'."""
    comes_back_at: str = ""
    """The title of its review route, e.g. 'Weekly operations meeting'."""


def uid_of(action_id: int | None, practice_code: str) -> str:
    """The event's UID: the same for the same action in every export."""
    return f"action-{action_id}@{practice_code}.chair"


def escape_text(text: str) -> str:
    """A TEXT value escaped (RFC 5545 3.3.11): backslash, ';', ',' and newlines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub(" ", text)
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line into 75-octet pieces joined by CRLF + space, never splitting a
    UTF-8 character."""
    if len(line.encode("utf-8")) <= LINE_LIMIT:
        return line
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    limit = LINE_LIMIT
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append("".join(current))
            current, size = [], 0
            limit = LINE_LIMIT - 1  # continuation lines begin with one space
        current.append(char)
        size += width
    pieces.append("".join(current))
    return "\r\n ".join(pieces)


def _summary(item: CalendarAction) -> str:
    action = item.action
    words = " ".join(action.description.split())
    prefix = {ActionStatus.DONE: "Done", ActionStatus.DROPPED: "Dropped"}.get(
        action.status, "Action due"
    )
    return f"{prefix}: {words} ({item.owner_name or 'no owner'})"


def _description(item: CalendarAction) -> str:
    action = item.action
    lines = [f"Owner: {item.owner_name or 'no owner'}", f"Status: {action.status.value}"]
    if item.raised_at:
        lines.append(f"Agreed at: {item.raised_at}")
    if item.comes_back_at:
        lines.append(f"Comes back at: {item.comes_back_at}")
    if action.metric_id:
        lines.append(f"Metric: {action.metric_id}")
    if action.carried:
        lines.append(f"Carried through {action.carried} meeting(s)")
    lines.append(action.description)
    return "\n".join(lines)


def actions_calendar(
    items: Iterable[CalendarAction], practice_code: str, calendar_name: str, stamp: dt.date
) -> str:
    """The iCalendar text (CRLF line endings) for these actions; undated ones are left out.

    `stamp` is the export date, used for DTSTAMP (midnight UTC), so the same data exported on
    the same day gives the same bytes.
    """
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Chair//Chair actions//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(calendar_name)}",
    ]
    for item in items:
        action = item.action
        if action.due is None:
            continue
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid_of(action.id, practice_code)}",
            f"SEQUENCE:{action.version}",
            f"DTSTAMP:{stamp:%Y%m%d}T000000Z",
            f"DTSTART;VALUE=DATE:{action.due:%Y%m%d}",
            f"DTEND;VALUE=DATE:{action.due + dt.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{escape_text(_summary(item))}",
            f"DESCRIPTION:{escape_text(_description(item))}",
            f"STATUS:{'CANCELLED' if action.status.closed else 'CONFIRMED'}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
