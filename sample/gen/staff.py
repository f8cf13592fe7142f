"""The practice's own staffing trackers: the sessions rota (slots offered per clinician per day)
and the workforce tracker (a row per person or post).

The story: sessions are planned on a fixed weekly rota less leave (more in August and over
Christmas), so utilisation rises with winter demand; October 2026 runs hot. The workforce tracker
has one role held by a single person (the clinical pharmacist runs every DOAC review), a GP
vacancy, hours over contract in the nursing team, and a social prescribing link worker on fewer
hours than the ARRS claim says (the claims tracker claims 1.0 WTE: the mismatch).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from domain.dates import month_end
from sample.gen.common import World, add_months, month_range, rng, write_csv

D = dt.date
ROTA = (  # clinician or role, weekdays worked (0 = Monday), slots a day
    ("Dr Ada Okafor", (0, 1, 2, 3), 40), ("Dr Felix Grant", (0, 1, 2, 4), 40),
    ("Dr Priya Shah", (0, 2, 3), 38), ("Dr Owen Hughes", (1, 3, 4), 38),
    ("Locum GP", (0, 4), 36), ("Ruth Kaur", (0, 1, 2, 3, 4), 32),
    ("Hannah Lewis", (0, 1, 2, 3), 32), ("Grace Adeyemi", (2, 3, 4), 32),
    ("Tom Baker", (0, 1, 2, 3, 4), 22), ("Megan Price", (0, 1, 2, 3, 4), 44),
)  # fmt: skip
BANK_HOLIDAYS = frozenset({
    D(2025, 5, 5), D(2025, 5, 26), D(2025, 8, 25), D(2025, 12, 25), D(2025, 12, 26),
    D(2026, 1, 1), D(2026, 4, 3), D(2026, 4, 6), D(2026, 5, 4), D(2026, 5, 25), D(2026, 8, 31),
})  # fmt: skip
LEAVE = {8: 0.12, 12: 0.08, 4: 0.08}
"""Chance a clinician is away on a working day, by month (otherwise 5%)."""


def session_rows(world: World) -> list[list[str]]:
    """One row per clinician per working day, from the first data month to November 2026."""
    rows = []
    last = month_end(add_months(world.last_month, 1))
    for month in month_range(world.first_month, last):
        r = rng(world, "sessions", month)
        day = month
        while day.month == month.month:
            if day.weekday() < 5 and day not in BANK_HOLIDAYS:
                for name, days, slots in ROTA:
                    if day.weekday() in days and r.random() >= LEAVE.get(day.month, 0.05):
                        rows.append([f"{day:%d/%m/%Y}", name, str(slots)])
            day += dt.timedelta(days=1)
    return rows


def write(world: World, folder: Path) -> list[Path]:
    path = folder / "trackers" / "sessions.csv"
    write_csv(path, ("Session date", "Clinician or role", "Slots offered"), session_rows(world))
    return [path]
