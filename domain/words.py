"""Counts in words: '1 day', '2 days', '1 person', '3 people' (never '1 days')."""

from __future__ import annotations


def counted(count: int, noun: str, many: str | None = None) -> str:
    """`count` and the noun, singular for exactly one (`many`: an irregular plural)."""
    if count == 1:
        return f"{count:,} {noun}"
    return f"{count:,} {many or noun + 's'}"
