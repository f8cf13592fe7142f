"""A source's files as a reader wants them listed: each file name once, with the months it
gave (from a dated folder, `in-year/2026-04-30/ACHIEVEMENT_2627.csv`, or a month in the name,
`Practice_Level_Crosstab_Apr_26.csv`), so a monthly series of extracts reads as one line."""

from __future__ import annotations

import datetime as dt
import re

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_DATED_FOLDER = re.compile(r"^(\d{4})-(\d{2})(?:-\d{2})?$")
_MONTH_IN_NAME = re.compile(
    r"(?<![a-z])(" + "|".join(MONTHS) + r")[a-z]*[ _-]?((?:19|20)?\d{2})(?!\d)", re.IGNORECASE
)


def month_of(label: str) -> tuple[str, dt.date | None]:
    """(the name with its month taken out, the month) of 'folder/name' or 'name'."""
    folder, _, name = label.rpartition("/")
    dated = _DATED_FOLDER.match(folder.rsplit("/", 1)[-1]) if folder else None
    if dated:
        return name, dt.date(int(dated[1]), int(dated[2]), 1)
    found = _MONTH_IN_NAME.search(name)
    if found is None:
        return name, None
    year = int(found[2]) + (2000 if len(found[2]) == 2 else 0)
    month = MONTHS.index(found[1][:3].lower()) + 1
    return name[: found.start()] + "*" + name[found.end() :], dt.date(year, month, 1)


def grouped(labels: list[str] | tuple[str, ...]) -> list[str]:
    """One line per file name: 'ACHIEVEMENT_2627.csv (6 months: Apr 2026 to Sep 2026)',
    'training.csv'; in the order each name first appears."""
    months: dict[str, list[dt.date]] = {}
    first_name: dict[str, str] = {}
    for label in labels:
        name, month = month_of(label)
        months.setdefault(name, [])
        first_name.setdefault(name, label.rpartition("/")[2])
        if month is not None:
            months[name].append(month)
    lines = []
    for name, found in months.items():
        found = sorted(set(found))
        if len(found) <= 1:
            when = f" ({found[0]:%b %Y})" if found else ""
            lines.append(first_name[name] + when)
            continue
        span = f"{found[0]:%b %Y} to {found[-1]:%b %Y}"
        expected = (found[-1].year - found[0].year) * 12 + found[-1].month - found[0].month + 1
        gaps = f", {expected - len(found)} missing" if expected > len(found) else ""
        lines.append(f"{name} ({len(found)} months: {span}{gaps})")
    return lines
