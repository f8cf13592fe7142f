"""Due dates as typed in the decision form, and next meeting dates per cadence."""

from __future__ import annotations

import datetime as dt

import pytest

from domain.dates import next_meeting_date, parse_due

TODAY = dt.date(2026, 2, 3)  # a Tuesday
NEXT = dt.date(2026, 2, 10)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-01", dt.date(2026, 3, 1)),
        ("01/03/2026", dt.date(2026, 3, 1)),
        ("1/3/2026", dt.date(2026, 3, 1)),
        ("+7d", dt.date(2026, 2, 10)),
        ("+2w", dt.date(2026, 2, 17)),
        ("+0d", TODAY),
        ("  +3D ", dt.date(2026, 2, 6)),
        ("next", NEXT),
        ("NEXT", NEXT),
        ("7d", dt.date(2026, 2, 10)),
        ("2w", dt.date(2026, 2, 17)),
        ("today", TODAY),
        ("tomorrow", dt.date(2026, 2, 4)),
        ("fri", dt.date(2026, 2, 6)),
        ("Friday", dt.date(2026, 2, 6)),
        ("tue", dt.date(2026, 2, 10)),  # today is a Tuesday: the next one, a week on
        ("mon", dt.date(2026, 2, 9)),
        ("3/2", TODAY),  # DD/MM on or after today: this year
        ("14/02", dt.date(2026, 2, 14)),
        ("2/2", dt.date(2027, 2, 2)),  # already passed this year: next year
        ("29/02", dt.date(2028, 2, 29)),  # the next leap year
    ],
)
def test_accepted_forms(text: str, expected: dt.date) -> None:
    assert parse_due(text, TODAY, NEXT) == expected


def test_day_first_is_the_uk_reading() -> None:
    assert parse_due("02/03/2026", TODAY, None) == dt.date(2026, 3, 2)


@pytest.mark.parametrize(
    "text", ["", "soon", "2026-13-01", "31/02/2026", "+7", "7", "fr", "31/02", "3/2/26"]
)
def test_rejected_forms_say_what_is_accepted(text: str) -> None:
    with pytest.raises(ValueError) as error:
        parse_due(text, TODAY, NEXT)
    message = str(error.value)
    assert "\n" not in message
    assert "YYYY-MM-DD" in message and "DD/MM/YYYY" in message and "+7d" in message


def test_next_without_a_known_next_meeting_is_an_error() -> None:
    with pytest.raises(ValueError, match="'next' needs"):
        parse_due("next", TODAY, None)


def test_next_meeting_dates_per_cadence() -> None:
    assert next_meeting_date("daily", TODAY) == dt.date(2026, 2, 4)
    assert next_meeting_date("daily", dt.date(2026, 2, 6)) == dt.date(2026, 2, 9)  # Fri -> Mon
    assert next_meeting_date("daily", dt.date(2026, 2, 7)) == dt.date(2026, 2, 9)  # Sat -> Mon
    assert next_meeting_date("weekly", TODAY) == dt.date(2026, 2, 10)
    assert next_meeting_date("fortnightly", TODAY) == dt.date(2026, 2, 17)
    assert next_meeting_date("monthly", TODAY) == dt.date(2026, 3, 3)
    assert next_meeting_date("monthly", dt.date(2026, 1, 31)) == dt.date(2026, 2, 28)
    assert next_meeting_date("monthly", dt.date(2026, 12, 15)) == dt.date(2027, 1, 15)
    assert next_meeting_date("quarterly", dt.date(2026, 11, 30)) == dt.date(2027, 2, 28)
    assert next_meeting_date("ad hoc", TODAY) is None


def test_unknown_cadence_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown cadence 'yearly'"):
        next_meeting_date("yearly", TODAY)
