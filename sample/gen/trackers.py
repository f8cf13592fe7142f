"""The practice's CSV trackers: training, prescribing searches, complaints, significant events,
risk register, and the generic measures file. Columns as in docs/TEAM-NOTES.md.

Deliberate imperfections for the demo: the prescribing searches were last run more than 21 days
before the demo date (STALE), and one complaint has an impossible date (31/09/2026).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from domain.dates import month_end
from sample.gen.common import World, add_months, fmt, rng, write_csv

D = dt.date
STAFF = (
    ("Sam Patel", "Practice manager"), ("Dr Ada Okafor", "GP partner"),
    ("Dr Felix Grant", "GP partner"), ("Dr Priya Shah", "Salaried GP"),
    ("Dr Owen Hughes", "Salaried GP"), ("Ruth Kaur", "Nurse lead"),
    ("Hannah Lewis", "Practice nurse"), ("Grace Adeyemi", "Practice nurse"),
    ("Tom Baker", "Clinical pharmacist"), ("Megan Price", "Healthcare assistant"),
    ("Jo Morgan", "Operations lead"), ("Lee Chen", "Data lead"),
    ("Aisha Rahman", "Receptionist"), ("Ben Carter", "Receptionist"),
    ("Chloe Evans", "Receptionist"), ("Daniel Wright", "Receptionist"),
    ("Ellie Turner", "Medical secretary"), ("Frank Osei", "Administrator"),
)  # fmt: skip
COURSES = (  # course, years valid
    ("Safeguarding adults level 2", 3), ("Safeguarding children level 3", 3),
    ("Information governance", 1), ("Basic life support", 1), ("Fire safety", 1),
    ("Infection prevention and control", 1), ("Equality, diversity and human rights", 3),
)  # fmt: skip
TODAY = D(2026, 11, 26)


def uk(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def training_rows(world: World) -> list[list[str]]:
    """Mostly in date; a handful lapsed (about 94% in date on the demo date: AMBER)."""
    r = rng(world, "training")
    rows = []
    for name, role in STAFF:
        for course, years in COURSES:
            if course.endswith("level 3") and not role.startswith(
                ("Dr", "GP", "Nurse", "Salaried")
            ):
                course = "Safeguarding children level 2"
            lapsed = r.random() < 0.06
            done = TODAY - dt.timedelta(days=r.randint(30, 365 * years - 20))
            if lapsed:
                done = TODAY - dt.timedelta(days=365 * years + r.randint(5, 120))
            expires = D(done.year + years, done.month, min(done.day, 28))
            # The previous completion stays in the tracker: the trend can be recomputed.
            before = done - dt.timedelta(days=365 * years - r.randint(-20, 40))
            before_expires = D(before.year + years, before.month, min(before.day, 28))
            rows.append([name, role, course, uk(before), uk(before_expires)])
            rows.append([name, role, course, uk(done), uk(expires)])
    return rows


SEARCHES = (  # name, drug, cohort, typical overdue
    ("DOAC monitoring (CrCl-based)", "DOAC", 214, 9),
    ("Methotrexate FBC/LFT 3-monthly", "Methotrexate", 38, 3),
    ("Lithium level 3-monthly", "Lithium", 11, 1),
    ("Amiodarone TFT 6-monthly", "Amiodarone", 6, 1),
    ("Azathioprine FBC/LFT 3-monthly", "Azathioprine", 12, 1),
    ("PINCER ac: ACEI/loop >=75 no U&E 15m", "ACEI/loop diuretic", 640, 8),
)
RUN_DATES = (D(2026, 5, 5), D(2026, 6, 2), D(2026, 7, 6), D(2026, 8, 4), D(2026, 9, 7),
             D(2026, 10, 5), D(2026, 10, 26))  # fmt: skip


def prescribing_rows(world: World) -> list[list[str]]:
    """Monthly search runs; the last on 26 Oct 2026 (31 days before the demo: STALE)."""
    rows = []
    for i, run in enumerate(RUN_DATES):
        r = rng(world, "prescribing", run)
        for name, drug, cohort, overdue_base in SEARCHES:
            on_drug = cohort + r.randint(-4, 4) * (cohort > 100) + i // 3
            overdue = max(0, round(overdue_base * (1 + 0.12 * i) * r.uniform(0.8, 1.2)))
            over_3m = overdue // 4
            never = 1 if drug == "DOAC" and i >= 4 else 0
            due = round(on_drug * 0.08)
            up_to_date = on_drug - overdue - due - never
            rows.append(
                [
                    name,
                    run.isoformat(),
                    drug,
                    *map(str, (on_drug, up_to_date, due, overdue, over_3m, never)),
                ]
            )
    return rows


CATEGORIES = ("Access to appointments", "Clinical care", "Staff attitude", "Prescribing",
              "Communication", "Administration")  # fmt: skip
OUTCOMES = ("Upheld", "Partly upheld", "Not upheld", "Withdrawn")


def complaints_rows(world: World) -> list[list[str]]:
    r = rng(world, "complaints")
    rows = []
    day, number = D(2025, 5, 9), 0
    while day < D(2026, 11, 20):
        number += 1
        target = day + dt.timedelta(days=56)  # 40 working days
        closed = day + dt.timedelta(days=r.randint(12, 50))
        is_open = closed > TODAY - dt.timedelta(days=3)
        rows.append([
            f"C-{day.year}-{number:03d}", day.isoformat(), r.choice(CATEGORIES),
            (day + dt.timedelta(days=2)).isoformat(), target.isoformat(),
            "" if is_open else closed.isoformat(), "" if is_open else r.choice(OUTCOMES),
        ])  # fmt: skip
        day += dt.timedelta(days=r.randint(12, 30))
    # The two latest complaints already past their target are still open (the demo's RED).
    late = [row for row in rows if row[4] < TODAY.isoformat()][-2:]
    for row in late:
        row[5] = row[6] = ""
    # A hand-typed row with an impossible date: the tracker's data problem.
    rows.append([f"C-2026-{number + 1:03d}", "31/09/2026", "Access to appointments",
                 "02/10/2026", "", "", ""])  # fmt: skip
    return rows


SE_CATEGORIES = ("Prescribing", "Test results", "Referral", "Information governance",
                 "Safeguarding", "Communication")  # fmt: skip


def significant_event_rows(world: World) -> list[list[str]]:
    r = rng(world, "significant-events")
    rows = []
    day, number = D(2025, 5, 20), 0
    while day < D(2026, 11, 10):
        number += 1
        reported = day + dt.timedelta(days=r.randint(0, 6))
        shared = reported + dt.timedelta(days=r.randint(14, 60))
        status = "closed" if shared < TODAY else "investigating"
        rows.append([
            f"SE-{day.year}-{number:02d}", day.isoformat(), reported.isoformat(),
            r.choice(SE_CATEGORIES), r.choice(("no harm", "no harm", "low", "low", "moderate")),
            shared.isoformat() if status == "closed" else "", status,
        ])  # fmt: skip
        day += dt.timedelta(days=r.randint(25, 55))
    return rows


RISKS = (  # title, owner, likelihood, impact, review date, status, mitigation
    ("Telephone demand exceeds answering capacity at 08:00", "Jo Morgan", 4, 3, D(2026, 12, 10),
     "open", "Staggered reception rota; callback option; online consultation promoted"),
    ("GP capacity after partner retirement", "Dr Ada Okafor", 4, 4, D(2026, 11, 30), "open",
     "Locum sessions booked to March; salaried GP advert out"),
    ("ARRS reimbursement query delays cash flow", "Sam Patel", 3, 3, D(2026, 11, 20), "open",
     "Additionality evidence sent to ICB; monthly cash forecast"),
    ("Vaccine fridge failure", "Ruth Kaur", 2, 4, D(2027, 2, 1), "open",
     "Twice-daily temperature log; data logger alarms; cold-chain policy"),
    ("Server room overheating", "Lee Chen", 2, 3, D(2026, 9, 30), "open",
     "Portable air conditioning; move to cloud hosting planned"),
    ("Lone working at branch surgery", "Sam Patel", 2, 3, D(2027, 1, 15), "open",
     "Buddy system; panic alarms tested monthly"),
    ("Loss of NHSmail access", "Lee Chen", 1, 3, D(2026, 6, 1), "closed",
     "Two administrators per account; recovery tested"),
)  # fmt: skip


def risk_rows() -> list[list[str]]:
    return [
        [f"R{i:02d}", title, owner, str(lik), str(imp), review.isoformat(), status, mitigation]
        for i, (title, owner, lik, imp, review, status, mitigation) in enumerate(RISKS, start=1)
    ]


def measures_rows(world: World) -> list[list[str]]:
    """Anything without a national file: Friends and Family Test, online consultations."""
    rows = []
    for month in [add_months(world.first_month, i) for i in range(18)]:
        if month > world.last_month:
            break
        r = rng(world, "measures", month)
        end = month_end(month).isoformat()
        rows.append(["fft-recommend", end, fmt(r.uniform(84, 92), 1), "% who would recommend"])
        rows.append(
            ["online-consultations", end, str(round(r.uniform(780, 960))), "requests received"]
        )
    return rows


def write(world: World, folder: Path) -> list[Path]:
    files = {
        "trackers/training.csv": (("staff_name", "role", "course", "completed_date", "expires_date"), training_rows(world)),
        "trackers/prescribing_searches.csv": (("search_name", "run_date", "drug", "cohort_on_drug",
            "monitoring_up_to_date", "due_within_30_days", "overdue", "overdue_gt_3m",
            "never_monitored"), prescribing_rows(world)),
        "trackers/complaints.csv": (("reference", "received_date", "category", "acknowledged_date",
            "target_date", "closed_date", "outcome"), complaints_rows(world)),
        "trackers/significant_events.csv": (("reference", "event_date", "reported_date", "category",
            "severity", "learning_shared_date", "status"), significant_event_rows(world)),
        "trackers/risk_register.csv": (("risk_id", "title", "owner", "likelihood", "impact",
            "review_date", "status", "mitigation"), risk_rows()),
        "measures.csv": (("metric", "period_end", "value", "note"), measures_rows(world)),
    }  # fmt: skip
    paths = []
    for name, (header, rows) in files.items():
        write_csv(folder / name, header, rows)
        paths.append(folder / name)
    return paths
