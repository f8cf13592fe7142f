"""The practice's own staffing trackers: the sessions rota (slots offered per clinician per day)
and the workforce tracker (a row per person or post).

The story: sessions are planned on a fixed weekly rota less leave (more in August and over
Christmas), so utilisation rises with winter demand; October 2026 runs hot. The workforce tracker
has one role held by a single person (the clinical pharmacist runs every DOAC review), a GP
vacancy, hours over contract in the nursing team, and a social prescribing link worker on fewer
hours than the ARRS claim says since September 2026 (the claims tracker claims 1.0 WTE: the mismatch).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from domain.dates import month_end
from sample.gen import story
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


POSTS = (  # name (blank: a vacant post), role, hours a week, over contract a week, days absent
    # in the last 13 weeks, supervision due, last supervision, key tasks
    ("Sam Patel", "Practice manager", 37.5, 4, 1, "", "", "Claims submission; Payroll; Rota"),
    ("Dr Ada Okafor", "GP partner", 30, 6, 2, "", "", "Safeguarding lead; QOF clinical lead"),
    ("Dr Felix Grant", "GP partner", 30, 5, 0, "", "", "Minor surgery; QOF clinical lead"),
    ("Dr Priya Shah", "Salaried GP", 22.5, 2, 3, "", "",
     "Minor surgery; Care home ward round; Medication reviews"),
    ("Dr Owen Hughes", "Salaried GP", 22.5, 1, 0, "", "", "Care home ward round"),
    ("", "Salaried GP", 22.5, 0, 0, "", "", "Home visits"),
    ("Ruth Kaur", "Nurse lead", 37.5, 6, 2, "2027-02-10", "2026-02-10",
     "Safeguarding lead; Vaccine cold chain; Cytology"),
    ("Hannah Lewis", "Practice nurse", 30, 4, 5, "2026-10-01", "2025-10-01",
     "Cytology; Vaccine cold chain"),
    ("Grace Adeyemi", "Practice nurse", 22.5, 3, 0, "2027-01-20", "2026-01-20", "Cytology; Phlebotomy"),
    ("Tom Baker", "Clinical pharmacist", 37.5, 4, 0, "2027-03-01", "2026-03-01",
     "DOAC monitoring; Medication reviews"),
    ("Amira Hussain", "Social prescribing link worker", 22.5, 0, 1, "2027-01-05",
     "2026-07-05", ""),
    ("Megan Price", "Healthcare assistant", 37.5, 0, 8, "", "2025-09-20",
     "Phlebotomy; Vaccine cold chain"),
    ("Jo Morgan", "Operations lead", 37.5, 3, 0, "", "", "Rota; Telephony"),
    ("Lee Chen", "Data lead", 30, 2, 0, "", "", "QOF searches; Prescribing searches"),
    ("Aisha Rahman", "Receptionist", 30, 0, 4, "", "", "Telephony"),
    ("Ben Carter", "Receptionist", 22.5, 0, 0, "", "", "Summarising; Telephony"),
    ("Chloe Evans", "Receptionist", 22.5, 0, 2, "", "", "Referrals; Prescribing searches"),
    ("Daniel Wright", "Receptionist", 15, 0, 0, "", "", "Telephony"),
    ("Ellie Turner", "Medical secretary", 30, 1, 0, "", "", "Referrals; Summarising"),
    ("Frank Osei", "Administrator", 30, 0, 0, "", "", "Payroll; QOF searches"),
)  # fmt: skip
"""The practice's posts on the demo date. Key tasks with fewer than two holders: claims
submission (the practice manager), DOAC monitoring (the pharmacist) and home visits (only the
vacant salaried GP post)."""
POST_HEADER = (
    "As at", "Name", "Role", "Contracted hours (per week)", "Hours over contract (per week)",
    "Days absent", "Vacancy (Y/N)", "Supervision due", "Last supervision", "Key tasks",
)  # fmt: skip
LEFT = ("Dr Leah Moss", "Home visits; Care home ward round")
"""Who held the salaried GP post that is vacant from July 2026 (the GP FTE drop)."""
STRETCH = {"Nurse lead", "Practice nurse", "GP partner"}
"""Roles whose hours over contract grow month by month to today's (the nursing team and the
partners covering the vacant post)."""


def _month_row(month: dt.date, post: tuple[object, ...], factor: float, away: float) -> list[str]:
    name, role, hours, over, _, due, last, tasks = post
    if role == "Social prescribing link worker":  # full time until the hours were cut
        hours = story.SPLW_HOURS[month >= story.SPLW_HOURS_CUT_FROM]
    if month < story.GP_FTE_DROP_FROM:  # before the vacancy: two GPs share the home visits
        if not name:
            name, tasks = LEFT
        elif name == "Dr Owen Hughes":
            tasks = f"{tasks}; Home visits"
    if last and str(last) > f"{month_end(month)}":  # not yet supervised: the cycle before
        last = f"{int(str(last)[:4]) - 1}{str(last)[4:]}"
        due = f"{int(str(due)[:4]) - 1}{str(due)[4:]}" if due else ""
    extra = round(float(over) * factor * 2) / 2  # type: ignore[arg-type]
    return [f"{month:%b %Y}", str(name), str(role), f"{hours:g}", f"{extra:g}",
            f"{away:g}", "Y" if not name else "N", str(due), str(last), str(tasks)]  # fmt: skip


def post_rows(world: World) -> list[list[str]]:
    """Every post, a snapshot a month from the first data month to November 2026 (today's posts
    in the last). The partners and nurses work further over contract as winter and the vacancy
    come; absence is higher in winter; supervision lapses as dates pass."""
    months = month_range(world.first_month, add_months(world.last_month, 1))
    rows = []
    for index, month in enumerate(months):
        r = rng(world, "workforce tracker", month)
        last = index == len(months) - 1
        for post in POSTS:
            away = float(post[4])  # type: ignore[arg-type]
            factor = 1.0
            if not last:
                factor = 0.4 + 0.5 * index / len(months) if post[1] in STRETCH else 1.0
                winter = 1.6 if month.month in (12, 1, 2) else 1.0
                away = round(away * winter * r.uniform(0.4, 1.2) + r.choice((0, 0, 0.5, 1)), 1)
            rows.append(_month_row(month, post, factor, away))
    return rows


def write(world: World, folder: Path) -> list[Path]:
    path = folder / "trackers" / "sessions.csv"
    write_csv(path, ("Session date", "Clinician or role", "Slots offered"), session_rows(world))
    posts = folder / "trackers" / "workforce.csv"
    write_csv(posts, POST_HEADER, post_rows(world))
    return [path, posts]
