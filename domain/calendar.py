"""Working days in England and Wales: weekdays that are not bank holidays.

Bank holidays are computed for any year by the rules in force since 1978 (New Year's Day,
Good Friday, Easter Monday, the early May and spring bank holidays, the summer bank holiday,
Christmas and Boxing Day, with substitute days when one falls at a weekend), plus the one-off
changes proclaimed for particular years (`MOVED` and `EXTRA`).
"""

from __future__ import annotations

import datetime as dt
import functools

EXTRA: dict[int, tuple[dt.date, ...]] = {
    2011: (dt.date(2011, 4, 29),),  # royal wedding
    2012: (dt.date(2012, 6, 5),),  # diamond jubilee (spring holiday moved to 4 June)
    2022: (dt.date(2022, 6, 3), dt.date(2022, 9, 19)),  # platinum jubilee; state funeral
    2023: (dt.date(2023, 5, 8),),  # coronation
}
MOVED: dict[dt.date, dt.date] = {
    dt.date(2012, 5, 28): dt.date(2012, 6, 4),
    dt.date(2020, 5, 4): dt.date(2020, 5, 8),  # VE day 75
    dt.date(2022, 5, 30): dt.date(2022, 6, 2),
    dt.date(1995, 5, 1): dt.date(1995, 5, 8),  # VE day 50
}


def easter_sunday(year: int) -> dt.date:
    """Easter Sunday (Gregorian; the anonymous algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def _first_monday(year: int, month: int) -> dt.date:
    day = dt.date(year, month, 1)
    return day + dt.timedelta(days=(7 - day.weekday()) % 7)


def _last_monday(year: int, month: int) -> dt.date:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    last = nxt - dt.timedelta(days=1)
    return last - dt.timedelta(days=last.weekday())


@functools.cache
def bank_holidays(year: int) -> tuple[dt.date, ...]:
    """England and Wales bank holidays of a year, in date order."""
    easter = easter_sunday(year)
    new_year = dt.date(year, 1, 1)
    if new_year.weekday() >= 5:
        new_year += dt.timedelta(days=7 - new_year.weekday())
    days = [
        new_year,
        easter - dt.timedelta(days=2),
        easter + dt.timedelta(days=1),
        _first_monday(year, 5),
        _last_monday(year, 5),
        _last_monday(year, 8),
    ]
    days = [MOVED.get(d, d) for d in days]
    christmas, boxing = dt.date(year, 12, 25), dt.date(year, 12, 26)
    if christmas.weekday() == 5:  # Saturday: Monday and Tuesday
        christmas, boxing = dt.date(year, 12, 27), dt.date(year, 12, 28)
    elif christmas.weekday() == 6:  # Sunday: Tuesday for Christmas
        christmas = dt.date(year, 12, 27)
    elif boxing.weekday() == 5:  # Friday Christmas: Boxing Day on Monday
        boxing = dt.date(year, 12, 28)
    days += [christmas, boxing, *EXTRA.get(year, ())]
    return tuple(sorted(set(days)))


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in bank_holidays(day.year)


def working_days(start: dt.date, end: dt.date) -> int:
    """Working days from `start` to `end`, both included."""
    count, day = 0, start
    while day <= end:
        count += is_working_day(day)
        day += dt.timedelta(days=1)
    return count


def holidays_between(first_year: int, last_year: int) -> list[dt.date]:
    """Every bank holiday of the years spanned (for polars' business-day functions)."""
    return [d for y in range(first_year, last_year + 1) for d in bank_holidays(y)]


def next_working_day(day: dt.date) -> dt.date:
    """`day` itself when it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def proposed_next_meeting(cadence: str, after: dt.date) -> dt.date | None:
    """The next meeting of a cadence after the one held on `after`, on a working day: the
    cadence's date (domain.dates.next_meeting_date), moved on past a weekend or bank holiday
    (a weekly meeting held on Friday 18 December 2026 meets next on Tuesday 29 December, not
    on Boxing Day's substitute). None for 'ad hoc' (no scheduled next meeting)."""
    from domain.dates import next_meeting_date

    day = next_meeting_date(cadence, after)
    return None if day is None else next_working_day(day)


def why_not_working(day: dt.date) -> str | None:
    """Why `day` is not a working day ('a Saturday', 'a bank holiday'), None when it is one."""
    if day.weekday() >= 5:
        return f"a {day:%A}"
    if day in bank_holidays(day.year):
        return "a bank holiday"
    return None
