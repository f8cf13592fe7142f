"""Counts in words: one is singular (issue 19, point 13: '1 actions', '1 errors', '1 days')."""

from __future__ import annotations

from domain.words import counted


def test_one_is_singular_and_every_other_count_plural() -> None:
    assert counted(1, "day") == "1 day"
    assert counted(0, "day") == "0 days"
    assert counted(2, "row") == "2 rows"
    assert counted(12_345, "row") == "12,345 rows"
    assert counted(1, "person", "people") == "1 person"
    assert counted(3, "person", "people") == "3 people"
