"""Due dates typed in the decision form, and when the next meeting of a cadence falls."""

from __future__ import annotations

import calendar
import datetime as dt
import re

ACCEPTED_FORMS = (
    "DD/MM, DD/MM/YYYY, YYYY-MM-DD, +7d, 2w, a weekday (fri) or 'next' (the next meeting)"
)
DATE_HINT = "+7d, 2w, fri, next, DD/MM or DD/MM/YYYY"
"""The short form of ACCEPTED_FORMS, for a field's placeholder."""

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_UK = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_UK_SHORT = re.compile(r"^(\d{1,2})/(\d{1,2})$")
_OFFSET = re.compile(r"^\+?\s*(\d{1,4})\s*([dw])$")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

CADENCES = ("daily", "weekly", "fortnightly", "monthly", "quarterly", "ad hoc")


def parse_due(text: str, today: dt.date, next_meeting: dt.date | None) -> dt.date:
    """A due date from what the user typed.

    Args:
        text: `YYYY-MM-DD`, `DD/MM/YYYY`, `DD/MM` (the next such day on or after today),
            `+7d` or `7d` (days from today), `+2w` or `2w` (weeks from today), a weekday name
            or its first three letters (the next such day after today), `today`, `tomorrow`
            or `next` (the next meeting of the action's review route). Case and surrounding
            spaces do not matter.
        today: the date the form is filled in (the meeting date in a meeting).
        next_meeting: the next meeting of the review route, if one is known.

    Raises:
        ValueError: with a one-line message naming the accepted forms.
    """
    cleaned = text.strip().lower()
    if not cleaned:
        raise ValueError(f"a due date is needed: use {ACCEPTED_FORMS}")
    if cleaned == "next":
        if next_meeting is None:
            raise ValueError(
                "'next' needs a review route with a known next meeting; "
                "give a date instead: YYYY-MM-DD, DD/MM/YYYY, +7d or +2w"
            )
        return next_meeting
    if cleaned in ("today", "tomorrow"):
        return today + dt.timedelta(days=0 if cleaned == "today" else 1)
    if weekday := _weekday(cleaned):
        ahead = (WEEKDAYS.index(weekday) - today.weekday() - 1) % 7 + 1
        return today + dt.timedelta(days=ahead)
    if match := _OFFSET.match(cleaned):
        amount = int(match.group(1))
        days = amount * 7 if match.group(2) == "w" else amount
        return today + dt.timedelta(days=days)
    if match := _ISO.match(cleaned):
        year, month, day = (int(g) for g in match.groups())
        return _real_date(text, year, month, day)
    if match := _UK.match(cleaned):
        day, month, year = (int(g) for g in match.groups())
        return _real_date(text, year, month, day)
    if match := _UK_SHORT.match(cleaned):
        day, month = (int(g) for g in match.groups())
        return _next_day_month(text, today, day, month)
    raise ValueError(f"'{text.strip()}' is not a due date: use {ACCEPTED_FORMS}")


def _weekday(cleaned: str) -> str | None:
    """The weekday a word names: the whole name or at least its first three letters."""
    if len(cleaned) < 3:
        return None
    return next((day for day in WEEKDAYS if day.startswith(cleaned)), None)


def _next_day_month(text: str, today: dt.date, day: int, month: int) -> dt.date:
    """DD/MM: that day this year, or next year once it has passed (29/02: the next leap year)."""
    for year in range(today.year, today.year + 8):
        try:
            found = dt.date(year, month, day)
        except ValueError:
            continue
        if found >= today:
            return found
    raise ValueError(f"'{text.strip()}' is not a real date: use {ACCEPTED_FORMS}")


def _real_date(text: str, year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"'{text.strip()}' is not a real date: use {ACCEPTED_FORMS}") from None


def next_meeting_date(cadence: str, after: dt.date) -> dt.date | None:
    """The date of the next meeting of a cadence, after the meeting held on `after`.

    daily: the next weekday (Friday -> Monday); weekly / fortnightly: 7 / 14 days on;
    monthly / quarterly: the same day 1 / 3 months on (clamped to the month's last day);
    'ad hoc': None (there is no scheduled next meeting).

    Raises:
        ValueError: for a cadence not in CADENCES.
    """
    if cadence == "daily":
        day = after + dt.timedelta(days=1)
        while day.weekday() >= 5:
            day += dt.timedelta(days=1)
        return day
    if cadence == "weekly":
        return after + dt.timedelta(days=7)
    if cadence == "fortnightly":
        return after + dt.timedelta(days=14)
    if cadence == "monthly":
        return add_months(after, 1)
    if cadence == "quarterly":
        return add_months(after, 3)
    if cadence == "ad hoc":
        return None
    raise ValueError(f"unknown cadence '{cadence}': use one of {', '.join(CADENCES)}")


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, clamped to the last day of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


def month_end(day: dt.date) -> dt.date:
    """The last day of `day`'s month."""
    return dt.date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
