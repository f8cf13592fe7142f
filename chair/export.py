"""Actions rendered for the shell: an aligned table, CSV and JSON (iCalendar: domain.ics).

Pure functions of (actions, roster, today): no I/O, no clock, easy to test. The roster is
read from chair.toml without validating it (config.people), or a config's `roster()`.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from domain.words import counted

if TYPE_CHECKING:
    from config.people import Roster
    from domain.records import Action

FIELDS = (
    "id",
    "description",
    "owner_id",
    "owner_name",
    "due",
    "days_overdue",
    "status",
    "review_meeting_type",
    "meeting_id",
    "metric_id",
    "carried",
    "created",
    "completed",
    "evidence",
)


def days_overdue(action: Action, today: date) -> int:
    """Days past the due date for an action still open; 0 if not overdue or closed."""
    from domain.urgency import overdue_days

    return overdue_days(action, today)


def _owner_name(roster: Roster, owner_id: str | None) -> str:
    person = roster.person(owner_id) if owner_id else None
    return person.name if person else (owner_id or "")


def _meeting_title(roster: Roster, type_id: str | None) -> str:
    meeting_type = roster.meeting_type(type_id) if type_id else None
    return meeting_type.title if meeting_type else (type_id or "")


def as_record(action: Action, roster: Roster, today: date) -> dict[str, Any]:
    """One action as a flat dict of JSON-friendly values, keys in FIELDS order."""
    return {
        "id": action.id,
        "description": action.description,
        "owner_id": action.owner_id,
        "owner_name": _owner_name(roster, action.owner_id),
        "due": action.due.isoformat() if action.due else None,
        "days_overdue": days_overdue(action, today),
        "status": action.status.value,
        "review_meeting_type": action.review_meeting_type,
        "meeting_id": action.meeting_id,
        "metric_id": action.metric_id,
        "carried": action.carried,
        "created": action.created.isoformat() if action.created else None,
        "completed": action.completed.isoformat() if action.completed else None,
        "evidence": action.evidence,
    }


def table(actions: Sequence[Action], roster: Roster, today: date) -> str:
    """An aligned plain-text table; overdue shown in words, never by colour alone."""
    if not actions:
        return "No actions match.\n"
    header = ("ID", "Due", "Overdue", "Owner", "Status", "Back at", "Action")
    rows = []
    for action in actions:
        late = days_overdue(action, today)
        rows.append(
            (
                str(action.id or ""),
                action.due.isoformat() if action.due else "-",
                counted(late, "day") if late else "",
                _owner_name(roster, action.owner_id) or "(no owner)",
                action.status.value,
                _meeting_title(roster, action.review_meeting_type),
                " ".join(action.description.split()),
            )
        )
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header) - 1)]
    lines = []
    for row in (header, *rows):
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
    overdue = sum(1 for a in actions if days_overdue(a, today))
    lines.append("")
    lines.append(
        f"{counted(len(actions), 'action')}, {overdue} overdue (as of {today.isoformat()})"
    )
    return "\n".join(lines) + "\n"


def csv_text(records: Iterable[Mapping[str, Any]], fields: Sequence[str]) -> str:
    """Records as CSV: a header of `fields`, then a line a record (the shell's CSV output)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(records)
    return buffer.getvalue()


def json_text(records: Sequence[Mapping[str, Any]]) -> str:
    """Records as an indented JSON list (the shell's JSON output)."""
    return json.dumps(records, indent=2, ensure_ascii=False) + "\n"


def to_csv(actions: Sequence[Action], roster: Roster, today: date) -> str:
    return csv_text((as_record(action, roster, today) for action in actions), FIELDS)


def to_json(actions: Sequence[Action], roster: Roster, today: date) -> str:
    return json_text([as_record(action, roster, today) for action in actions])
