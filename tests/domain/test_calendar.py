"""Working days in England and Wales: bank holidays by rule, and the proposed next meeting."""

from __future__ import annotations

import datetime as dt

import pytest

from domain.calendar import (
    bank_holidays,
    is_working_day,
    next_working_day,
    proposed_next_meeting,
    why_not_working,
)

D = dt.date

# As published for England and Wales (the government's bank holidays page).
PUBLISHED = {
    2025: (
        D(2025, 1, 1), D(2025, 4, 18), D(2025, 4, 21), D(2025, 5, 5),
        D(2025, 5, 26), D(2025, 8, 25), D(2025, 12, 25), D(2025, 12, 26),
    ),
    2026: (
        D(2026, 1, 1), D(2026, 4, 3), D(2026, 4, 6), D(2026, 5, 4),
        D(2026, 5, 25), D(2026, 8, 31), D(2026, 12, 25), D(2026, 12, 28),
    ),
    2027: (
        D(2027, 1, 1), D(2027, 3, 26), D(2027, 3, 29), D(2027, 5, 3),
        D(2027, 5, 31), D(2027, 8, 30), D(2027, 12, 27), D(2027, 12, 28),
    ),
}  # fmt: skip


@pytest.mark.parametrize("year", sorted(PUBLISHED))
def test_bank_holidays_by_rule_are_the_published_dates(year: int) -> None:
    assert bank_holidays(year) == PUBLISHED[year]


def test_substitute_days_when_new_year_or_christmas_fall_at_a_weekend() -> None:
    assert D(2022, 1, 3) in bank_holidays(2022)  # 1 January 2022 was a Saturday
    assert D(2022, 1, 1) not in bank_holidays(2022)
    # 2021: Christmas on Saturday, Boxing Day on Sunday: Monday 27 and Tuesday 28.
    assert bank_holidays(2021)[-2:] == (D(2021, 12, 27), D(2021, 12, 28))


def test_weekends_and_bank_holidays_are_not_working_days() -> None:
    assert not is_working_day(D(2026, 12, 26))  # Boxing Day, a Saturday
    assert not is_working_day(D(2026, 12, 28))  # its substitute
    assert is_working_day(D(2026, 12, 29))
    assert next_working_day(D(2026, 12, 25)) == D(2026, 12, 29)
    assert next_working_day(D(2026, 12, 29)) == D(2026, 12, 29)
    assert why_not_working(D(2026, 12, 26)) == "a Saturday"
    assert why_not_working(D(2026, 12, 28)) == "a bank holiday"
    assert why_not_working(D(2026, 12, 29)) is None


def test_the_next_meeting_is_proposed_on_a_working_day_at_the_cadence() -> None:
    # Weekly on Saturday 19 December (the case): not Boxing Day, the first working day.
    assert proposed_next_meeting("weekly", D(2026, 12, 19)) == D(2026, 12, 29)
    assert proposed_next_meeting("weekly", D(2026, 12, 18)) == D(2026, 12, 29)
    assert proposed_next_meeting("weekly", D(2026, 12, 3)) == D(2026, 12, 10)
    assert proposed_next_meeting("daily", D(2026, 12, 24)) == D(2026, 12, 29)
    assert proposed_next_meeting("monthly", D(2027, 2, 26)) == D(
        2027, 3, 30
    )  # Good Friday, Easter Monday
    assert proposed_next_meeting("fortnightly", D(2027, 4, 19)) == D(2027, 5, 4)  # early May
    assert proposed_next_meeting("ad hoc", D(2026, 12, 3)) is None
