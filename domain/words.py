"""Counts in words: '1 day', '2 days', '1 person', '3 people' (never '1 days'); '117 in date
of 126 staff × course pairs' (a reading's numerator and denominator, domain.metrics.counts)."""

from __future__ import annotations


def counted(count: int, noun: str, many: str | None = None) -> str:
    """`count` and the noun, singular for exactly one (`many`: an irregular plural)."""
    if count == 1:
        return f"{count:,} {noun}"
    return f"{count:,} {many or noun + 's'}"


def counted_text(numerator: float, denominator: float, counted: tuple[str, str] | None) -> str:
    """'117 in date of 126 staff × course pairs'; without words, '117 of 126'. (Here, not in
    domain.metrics, whose package brings polars: the metric detail shows this.)"""
    part, total = _number(numerator), _number(denominator)
    if counted is None:
        return f"{part} of {total}"
    what, whole = counted
    return f"{part} {what} of {total} {whole}"


def _number(value: float) -> str:
    """Whole numbers as they are, a fraction (GP FTE 5.4) to one place; money is whole pounds."""
    return f"{value:,.0f}" if float(value).is_integer() or abs(value) >= 100 else f"{value:,.1f}"
