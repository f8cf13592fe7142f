"""Drafts: form text typed but not yet saved, kept per person, meeting and item.

A draft is never part of the meeting record: the gate, the minutes and the action lists read
decisions, updates and actions, never drafts. It only gives typed words back to the person who
typed them, after a crash or a dropped connection.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

MAX_FIELD_CHARS = 4000
"""A draft field longer than this is cut (a form field is one line; this is only a guard)."""


@dataclass(frozen=True)
class Draft:
    """What one person had typed into one form, when they last typed."""

    login: str
    meeting_id: int | None
    """None for drafts typed between meetings (the action review)."""
    item_key: str
    """Which form on which item, e.g. 'decision:dashboard:access:dna-rate' or 'update:12'."""
    title: str
    """What the form was about, as shown when the draft is offered back."""
    fields: dict[str, str] = field(default_factory=dict)
    updated: dt.datetime | None = None

    @property
    def has_text(self) -> bool:
        return any(value.strip() for value in self.fields.values())


def clean_fields(fields: dict[str, str]) -> dict[str, str]:
    """The fields worth keeping: string values, each cut to MAX_FIELD_CHARS."""
    return {str(name): str(value)[:MAX_FIELD_CHARS] for name, value in fields.items()}
