"""Approved minutes against the rows they were rendered from.

The locked text of approved minutes is hashed, so editing the text is caught. Editing the rows
behind it — a decision's reason, an action's description, owner or date — leaves the text and
its hash alone; `chair check` therefore renders each approved meeting's minutes again from its
rows and compares the parts those rows make (each agenda section's decisions and actions table,
and any other business) with the locked text.

Two things legitimately change after approval and are put back as they stood at approval: an
action's owner and date (moved by recorded updates, each with an audit entry saying what they
were before) and the roster (names are those of the roster in force at approval).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.database.models import AuditRow

DECISION_MARKERS = ("### Decisions", "No decisions were needed.")
AOB_HEADING = "## Any other business"


def parts(minutes: str, headings: Iterable[str]) -> dict[str, str]:
    """For each `## heading` given: the part its rows make (from its decisions on; the whole of
    any other business). A heading missing from the text maps to ''."""
    wanted = set(headings)
    found: dict[str, str] = dict.fromkeys(wanted, "")
    heading: str = ""
    body: list[str] = []
    for line in [*minutes.rstrip("\n").split("\n"), "## "]:
        if line.startswith("## "):
            if heading in wanted:
                found[heading] = _decided_part(heading, body)
            heading, body = line, []
        else:
            body.append(line)
    return found


def _decided_part(heading: str, body: list[str]) -> str:
    if heading != AOB_HEADING:
        starts = [i for i, line in enumerate(body) if line in DECISION_MARKERS]
        body = body[starts[0] :] if starts else []
    return "\n".join(body).strip()


def differences(label: str, locked: str, rerendered: str, headings: Iterable[str]) -> list[str]:
    """One line per part whose locked text differs from the one the rows render now."""
    then, now = parts(locked, headings), parts(rerendered, headings)
    return [
        f"{label}: the rows behind '{heading.removeprefix('## ')}' (decisions and actions) were "
        "edited after the minutes were approved: rendered again they differ from the locked text"
        for heading in sorted(then)
        if then[heading] != now[heading]
    ]


def approval_entry(session: Session, meeting_id: int) -> int:
    """The id of the audit entry of the newest approval of a meeting's minutes (0 if none): the
    log's order is the order of commits, where two clocks' seconds may tie."""
    found = session.scalars(
        select(AuditRow.id)
        .where(
            AuditRow.entity == "minutes",
            AuditRow.what == "approve",
            AuditRow.entity_id == meeting_id,
        )
        .order_by(AuditRow.id.desc())
        .limit(1)
    ).first()
    return int(found or 0)


def actions_at(
    session: Session, current: dict[int, tuple[str | None, dt.date | None]], entry: int
) -> dict[int, tuple[str | None, dt.date | None]]:
    """Each action's (owner, due) as it stood at audit entry `entry`: its current values with
    every update recorded after that entry undone (from the `before` its audit entry kept)."""
    values = dict(current)
    later = session.execute(
        select(AuditRow.entity_id, AuditRow.before)
        .where(
            AuditRow.entity == "action",
            AuditRow.what == "update",
            AuditRow.entity_id.in_(list(current)),
            AuditRow.id > entry,
        )
        .order_by(AuditRow.id.desc())
    )
    for action_id, before_text in later:
        try:
            before = json.loads(before_text) if before_text else {}
        except ValueError:
            continue
        if not isinstance(before, dict) or action_id not in values:
            continue
        owner, due = values[action_id]
        if "owner" in before:
            owner = before["owner"]
        if "due" in before:
            due = dt.date.fromisoformat(before["due"]) if before["due"] else None
        values[action_id] = (owner, due)
    return values
