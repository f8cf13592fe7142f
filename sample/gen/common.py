"""Shared pieces of the generators: the fictional practices, months, seeded randomness, CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from domain import dates

MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_NAME = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

# Seasonal demand (appointments and calls), by calendar month: winter peaks, August dips.
SEASON = (1.05, 0.99, 1.04, 0.95, 0.97, 1.0, 1.01, 0.91, 1.03, 1.08, 1.07, 0.9)


@dataclass(frozen=True)
class Practice:
    """A fictional practice and the geography it sits in, as the national files name it."""

    code: str
    name: str
    list_size: int
    pcn_code: str
    pcn_name: str
    sub_icb_code: str = "99X"
    sub_icb_name: str = "NHS EXAMPLE ICB (FICTIONAL) - 99X"
    icb_code: str = "Q99"
    icb_name: str = "NHS EXAMPLE INTEGRATED CARE BOARD (FICTIONAL)"
    region_code: str = "Y99"
    region_name: str = "EXAMPLE REGION (FICTIONAL)"
    supplier: str = "EMIS"
    profile: dict[str, float] = field(default_factory=dict, compare=False, hash=False)
    """Per-practice tendencies (e.g. dna, missed, gp_fte_per_1000, overall_good)."""


@dataclass(frozen=True)
class World:
    """Everything a generator needs: practices, the data months and the seed."""

    practices: tuple[Practice, ...]
    first_month: dt.date
    last_month: dt.date
    seed: str
    home: str = "X99001"
    """The practice whose story (streaks, breaches) is scripted; others are ordinary."""
    story: bool = True

    @property
    def months(self) -> list[dt.date]:
        return month_range(self.first_month, self.last_month)


def month_range(first: dt.date, last: dt.date) -> list[dt.date]:
    """First days of every month from first to last, inclusive."""
    out = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        out.append(dt.date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def add_months(day: dt.date, months: int) -> dt.date:
    """The first day of the month `months` after `day`'s."""
    return dates.add_months(day.replace(day=1), months)


def nhs_date(day: dt.date) -> str:
    """01DEC2025: the GPAD / CBT date style."""
    return f"{day.day:02d}{MONTH_ABBR[day.month - 1].upper()}{day.year}"


def mon_yy(day: dt.date) -> str:
    """Dec_25: the release suffix in GPAD / CBT file names."""
    return f"{MONTH_ABBR[day.month - 1]}_{day.year % 100:02d}"


def rng(world: World, *keys: object) -> random.Random:
    """A Random seeded from the world seed and keys: stable across runs and Python versions."""
    return random.Random(":".join([world.seed, *map(str, keys)]))


def poisson(r: random.Random, mean: float) -> int:
    """A Poisson draw (Knuth for small means, a rounded normal for large ones)."""
    if mean <= 0:
        return 0
    if mean > 40:
        return max(0, round(r.gauss(mean, math.sqrt(mean))))
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= r.random()
        if p <= limit:
            return k
        k += 1


def write_csv(
    path: Path,
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    bom: bool = False,
) -> None:
    """Write a CSV with LF line ends and no quoting beyond what the values need."""
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(("\ufeff" if bom else "").encode() + buffer.getvalue().encode("utf-8"))


def fmt(value: float, places: int) -> str:
    """A fixed-precision number without a negative zero."""
    text = f"{value:.{places}f}"
    return "0" + text[2:] if text.startswith("-0") and float(text) == 0 else text


PCN_HOME = ("U99001", "RIVERSIDE & VALE PCN (FICTIONAL)")


def sample_practices() -> tuple[Practice, ...]:
    """The demo's practices: Riverside's PCN of four, plus four peers outside it."""
    home_pcn, home_name = PCN_HOME
    north = ("U99002", "NORTH EXAMPLE PCN (FICTIONAL)")
    other = dict(
        sub_icb_code="98X",
        sub_icb_name="NHS EXAMPLE ICB (FICTIONAL) - 98X",
    )
    return (
        Practice("X99001", "RIVERSIDE SURGERY (FICTIONAL)", 10120, home_pcn, home_name,
                 profile={"dna": 4.1, "missed": 9.5, "gp_fte": 0.60, "good": 0.76, "qof": 0.93}),
        Practice("X99002", "VALE MEDICAL CENTRE (FICTIONAL)", 7840, home_pcn, home_name,
                 supplier="TPP",
                 profile={"dna": 3.6, "missed": 8.0, "gp_fte": 0.58, "good": 0.81, "qof": 0.95}),
        Practice("X99003", "MILLBROOK HEALTH CENTRE (FICTIONAL)", 12410, home_pcn, home_name,
                 profile={"dna": 4.6, "missed": 12.0, "gp_fte": 0.52, "good": 0.70, "qof": 0.9}),
        Practice("X99004", "ASHFORD LANE SURGERY (FICTIONAL)", 5630, home_pcn, home_name,
                 profile={"dna": 3.9, "missed": 7.0, "gp_fte": 0.66, "good": 0.86, "qof": 0.96}),
        Practice("X99011", "NORTHGATE EXAMPLE PRACTICE (FICTIONAL)", 9050, *north,
                 profile={"dna": 5.0, "missed": 11.0, "gp_fte": 0.55, "good": 0.74, "qof": 0.92}),
        Practice("X98001", "EASTBROOK EXAMPLE SURGERY (FICTIONAL)", 8360, "U98001",
                 "EASTBROOK PCN (FICTIONAL)", **other,
                 profile={"dna": 3.8, "missed": 9.0, "gp_fte": 0.61, "good": 0.79, "qof": 0.94}),
    )  # fmt: skip


def sample_world() -> World:
    """The committed demo: May 2025 to October 2026 (18 months), seeded."""
    return World(
        practices=sample_practices(),
        first_month=dt.date(2025, 5, 1),
        last_month=dt.date(2026, 10, 1),
        seed="riverside-fictional-2026",
    )
