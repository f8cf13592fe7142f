"""Cloud-based telephony (CBT) 'By Day and Time' files, long format, one file per month.

Dates: with `daily=True` (the committed sample, as published) every weekday has its own rows
(`14OCT2026`); without it, one row set per practice-month dated the first of the month
(`01OCT2026` = the whole of October 2026). A reader that truncates `Date` to the month handles
both; the weekday x band grid needs the daily rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from domain.dates import month_end
from sample.gen import story
from sample.gen.common import (
    SEASON,
    Practice,
    World,
    mon_yy,
    nhs_date,
    poisson,
    rng,
    write_csv,
)

HEADER = (
    "Date", "REGION_CODE", "ICB_CODE", "SUB_ICB_LOCATION_CODE", "PCN_CODE", "PRACTICE_CODE",
    "Indicator", "Time_Category", "Value",
)  # fmt: skip
# Two-hour bands as published, with each band's share of inbound calls.
BANDS = (
    ("00:00 - 05:59", 0.004),
    ("06:00 - 07:59", 0.012),
    ("08:00 - 09:59", 0.272),
    ("10:00 - 11:59", 0.205),
    ("12:00 - 13:59", 0.158),
    ("14:00 - 15:59", 0.156),
    ("16:00 - 17:59", 0.148),
    ("18:00 - 18:29", 0.03),
    ("18:30 - 23:59", 0.015),
)
PEAK = "08:00 - 09:59"
IVR_SHARE = 0.22  # CBT002: ended in the IVR
CALLBACK_SHARE = 0.062  # CBT005: callback requested


def missed_percent(world: World, practice: Practice, month: dt.date) -> float:
    if world.story and practice.code == world.home and month in story.MISSED_BY_MONTH:
        return story.MISSED_BY_MONTH[month]
    r = rng(world, "cbt-missed", practice.code, month)
    return max(2.0, practice.profile.get("missed", 10.0) + r.gauss(0, 1.0))


def month_values(world: World, practice: Practice, month: dt.date) -> dict[tuple[str, str], int]:
    """(indicator, band) -> calls for one practice-month; outcomes add up to CBT001 per band."""
    r = rng(world, "cbt", practice.code, month)
    inbound = practice.list_size * 0.485 * SEASON[month.month - 1] * r.uniform(0.96, 1.04)
    missed = missed_percent(world, practice, month) / 100
    out: dict[tuple[str, str], int] = {}
    for band, share in BANDS:
        calls = poisson(r, inbound * share)
        # The morning peak loses more calls in the queue than the afternoon.
        band_missed = missed * (1.35 if band == PEAK else 0.87)
        ivr = round(calls * IVR_SHARE * r.uniform(0.95, 1.05))
        callback = round(calls * CALLBACK_SHARE * r.uniform(0.9, 1.1))
        lost = round(calls * band_missed)
        answered = max(0, calls - ivr - callback - lost)
        for code, value in (
            ("CBT001", calls), ("CBT002", ivr), ("CBT003", answered),
            ("CBT004", lost), ("CBT005", callback),
        ):  # fmt: skip
            out[(code, band)] = value
    return out


def _split_daily(
    world: World, practice: Practice, month: dt.date, values: dict[tuple[str, str], int]
) -> list[tuple[dt.date, str, str, int]]:
    """Spread a month over its weekdays (Mondays busiest, and their calls likelier to be missed
    in the queue); days that are not weekdays get none."""
    r = rng(world, "cbt-days", practice.code, month)
    days = [month + dt.timedelta(days=i) for i in range(month_end(month).day)]
    rows = []
    last_weekday = max(d for d in days if d.weekday() < 5)
    for (indicator, band), value in values.items():
        monday = 2.4 if indicator == "CBT004" else 1.5
        weights = [(monday if d.weekday() == 0 else 1.0) if d.weekday() < 5 else 0.0 for d in days]
        total = sum(weights)
        remaining = value
        counts: dict[dt.date, int] = {}
        for day, weight in zip(days, weights, strict=True):
            if weight == 0:
                continue
            count = min(remaining, round(value * weight / total * r.uniform(0.8, 1.2)))
            remaining -= count
            counts[day] = count
        counts[last_weekday] += remaining  # one row per day: what is left goes to the last
        rows += [(day, indicator, band, count) for day, count in counts.items() if count]
    return rows


def month_rows(world: World, month: dt.date, daily: bool = False) -> list[list[str]]:
    return list(iter_month_rows(world, month, daily))


def iter_month_rows(world: World, month: dt.date, daily: bool = False) -> Iterator[list[str]]:
    """A month's rows, practice by practice (national-size files are written as they come)."""
    for practice in world.practices:
        geo = [practice.region_code, practice.icb_code, practice.sub_icb_code, practice.pcn_code]
        values = month_values(world, practice, month)
        if daily:
            for day, indicator, band, value in _split_daily(world, practice, month, values):
                yield [nhs_date(day), *geo, practice.code, indicator, band, str(value)]
        else:
            for (indicator, band), value in values.items():
                yield [nhs_date(month), *geo, practice.code, indicator, band, str(value)]
    # A PCN-wide hub number on a multi-practice account: published as "Unassigned".
    home = next((p for p in world.practices if p.code == world.home), world.practices[0])
    r = rng(world, "cbt-unassigned", month)
    geo = [home.region_code, home.icb_code, home.sub_icb_code, home.pcn_code]
    for band, share in BANDS[2:7]:
        calls = poisson(r, 160 * share)
        answered = round(calls * 0.8)
        for indicator, value in (
            ("CBT001", calls),
            ("CBT003", answered),
            ("CBT004", calls - answered),
        ):
            yield [nhs_date(month), *geo, "Unassigned", indicator, band, str(value)]


def write(world: World, folder: Path, daily: bool = False) -> list[Path]:
    paths = []
    for month in world.months:
        path = folder / f"CBT_By_Day_and_Time_{mon_yy(month)}.csv"
        write_csv(path, HEADER, month_rows(world, month, daily))
        paths.append(path)
    return paths
