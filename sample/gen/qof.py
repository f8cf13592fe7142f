"""QOF files: the previous year's final position and this year's in-year position.

Today in the demo is 26 November 2026, in QOF year 2026/27. The generator writes:
- `ACHIEVEMENT_2526.csv`, `PREVALENCE_2526.csv`, `MAPPING_INDICATORS_2526.csv`: the 2025/26
  final position as published (the previous year, for the trajectory target);
- `in-year/<YYYY-MM-DD>/ACHIEVEMENT_2627.csv`: month-end extracts of 2026/27 from April 2026 to
  the world's last month (October 2026), in the published long format, so the trend has a point
  a month. The folder name is the date the extract was taken.
2026/27 uses the same indicators, points and thresholds as 2025/26 (Chair's 2026/27 table is
provisional and says so). DENOMINATOR is after personalised care adjustments (achievement =
NUMERATOR / DENOMINATOR); PCAS is the count removed.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from domain.dates import month_end
from sample.gen import story
from sample.gen.common import Practice, World, fmt, month_range, rng, write_csv

# INDICATOR_CODE: (group, points, lower threshold, upper threshold, denominator base, share)
# The base is a register group, or "LIST" for public-health indicators; share is the fraction
# of that base in the indicator's denominator.
INDICATORS: dict[str, tuple[str, int, int, int, str, float]] = {
    "AF006": ("AF", 12, 40, 90, "AF", 0.2), "AF008": ("AF", 12, 70, 95, "AF", 0.75),
    "CHD005": ("CHD", 7, 56, 96, "CHD", 0.95), "CHD015": ("CHD", 33, 40, 90, "CHD", 0.6),
    "CHD016": ("CHD", 14, 46, 90, "CHD", 0.35), "CHOL003": ("CHOL", 38, 70, 95, "CVD", 0.85),
    "CHOL004": ("CHOL", 44, 20, 50, "CVD", 0.8), "HF008": ("HF", 6, 50, 90, "HF", 0.95),
    "HF003": ("HF", 6, 60, 92, "HF", 0.5), "HF006": ("HF", 6, 60, 92, "HF", 0.45),
    "HF007": ("HF", 7, 50, 90, "HF", 0.9), "HYP008": ("HYP", 38, 40, 85, "HYP", 0.65),
    "HYP009": ("HYP", 14, 40, 85, "HYP", 0.3), "STIA007": ("STIA", 4, 57, 97, "STIA", 0.6),
    "STIA014": ("STIA", 8, 40, 90, "STIA", 0.6), "STIA015": ("STIA", 6, 46, 90, "STIA", 0.35),
    "DM006": ("DM", 3, 57, 97, "DM", 0.2), "DM012": ("DM", 4, 50, 90, "DM", 0.9),
    "DM014": ("DM", 11, 40, 90, "DM", 0.05), "DM036": ("DM", 27, 38, 90, "DM", 0.6),
    "DM020": ("DM", 17, 35, 75, "DM", 0.55), "DM021": ("DM", 10, 52, 92, "DM", 0.3),
    "DM034": ("DM", 4, 50, 90, "DM", 0.15), "DM035": ("DM", 2, 50, 90, "DM", 0.1),
    "AST012": ("AST", 15, 45, 80, "AST", 0.02), "AST007": ("AST", 20, 45, 70, "AST", 0.9),
    "COPD010": ("COPD", 9, 50, 90, "COPD", 0.85), "DEM004": ("DEM", 14, 35, 70, "DEM", 0.8),
    "MH002": ("MH", 5, 40, 90, "MH", 0.05), "MH003": ("MH", 3, 50, 90, "MH", 0.9),
    "MH006": ("MH", 3, 50, 90, "MH", 0.9), "MH007": ("MH", 3, 50, 90, "MH", 0.9),
    "MH011": ("MH", 7, 50, 90, "MH", 0.9), "MH012": ("MH", 7, 50, 90, "MH", 0.9),
    "NDH002": ("NDH", 18, 50, 90, "NDH", 0.9), "BP002": ("BP", 15, 50, 90, "LIST", 0.45),
    "SMOK002": ("SMOK", 25, 50, 90, "LIST", 0.35), "SMOK004": ("SMOK", 12, 40, 90, "LIST", 0.12),
    "VI001": ("VI", 18, 89, 96, "LIST", 0.011), "VI002": ("VI", 18, 86, 96, "LIST", 0.011),
    "VI003": ("VI", 18, 81, 96, "LIST", 0.011), "VI004": ("VI", 10, 50, 60, "LIST", 0.01),
    "CS005": ("CS", 7, 45, 80, "LIST", 0.18), "CS006": ("CS", 4, 45, 80, "LIST", 0.12),
}  # fmt: skip
# Register groups: (description, prevalence % of the whole list, PATIENT_LIST_TYPE)
GROUPS = {
    "AF": ("Atrial fibrillation", 2.1, "TOTAL"), "CHD": ("Coronary heart disease", 3.0, "TOTAL"),
    "HF": ("Heart failure", 1.0, "TOTAL"), "HYP": ("Hypertension", 15.0, "TOTAL"),
    "STIA": ("Stroke and transient ischaemic attack", 1.9, "TOTAL"),
    "DM": ("Diabetes mellitus", 7.3, "17OV"), "AST": ("Asthma", 6.4, "06OV"),
    "COPD": ("Chronic obstructive pulmonary disease", 1.9, "TOTAL"),
    "DEM": ("Dementia", 0.8, "TOTAL"), "MH": ("Mental health", 1.0, "TOTAL"),
    "NDH": ("Non-diabetic hyperglycaemia", 6.6, "18OV"),
}  # fmt: skip
OTHER_GROUPS = {
    "CHOL": "Cholesterol and lipid management",
    "BP": "Blood pressure",
    "SMOK": "Smoking",
    "VI": "Vaccination and immunisations",
    "CS": "Cervical screening",
}
PUBLIC_HEALTH = {"BP", "SMOK", "VI", "CS"}
ROLLING = {"VI", "CS"}  # long look-back windows: the in-year position is nearly the year-end one


def qof_year_start(day: dt.date) -> dt.date:
    """1 April of the QOF year holding `day`."""
    return dt.date(day.year if day.month >= 4 else day.year - 1, 4, 1)


def _suffix(start: dt.date) -> str:
    """1 April 2026 -> `2627`, as in ACHIEVEMENT_2627.csv."""
    return f"{start.year % 100:02d}{(start.year + 1) % 100:02d}"


def registers(world: World, practice: Practice) -> dict[str, int]:
    r = rng(world, "qof-registers", practice.code)
    out = {
        g: round(practice.list_size * p / 100 * r.uniform(0.85, 1.15))
        for g, (_, p, _) in GROUPS.items()
    }
    out["CVD"] = out["CHD"] + out["STIA"] + round(practice.list_size * 0.004)
    out["LIST"] = practice.list_size
    return out


def _year_end(world: World, practice: Practice, code: str, start: dt.date) -> float:
    """The achievement % the practice is heading for at 31 March of the year from `start`."""
    _, _, low, high, _, _ = INDICATORS[code]
    r = rng(world, "qof-final", practice.code, code, *([start.year] if start.year > 2025 else []))
    skill = practice.profile.get("qof", 0.93) + r.gauss(0, 0.08)
    return min(99.0, low + (high - low) * skill + 3)


def _progress(group: str, as_at: dt.date) -> float:
    """Share of the year-end achievement reached by `as_at` (recalls fill up through the year)."""
    start = qof_year_start(as_at)
    months = (as_at.year - start.year) * 12 + as_at.month - start.month + 1
    return 0.97 if group in ROLLING else 0.5 + 0.5 * months / 12


def achievement(world: World, practice: Practice, code: str, as_at: dt.date) -> float:
    group = INDICATORS[code][0]
    start = qof_year_start(as_at)
    value = _year_end(world, practice, code, start) * _progress(group, as_at)
    home = world.story and practice.code == world.home
    if home and start.year == 2025 and code in story.QOF_BEHIND:
        year_end = dt.date(2026, 3, 31)
        value = story.QOF_BEHIND[code] * _progress(group, as_at) / _progress(group, year_end)
    if home and start.year == 2026:
        value *= 1.0 if group in ROLLING else story.QOF_IN_YEAR_PACE
        if code in story.QOF_BELOW_LOWER:
            last = story.QOF_BELOW_LOWER_AT
            value = story.QOF_BELOW_LOWER[code] * _progress(group, as_at) / _progress(group, last)
    return value


def points(code: str, percent: float) -> float:
    _, maximum, low, high, _, _ = INDICATORS[code]
    if percent <= low:
        return 0.0
    return maximum if percent >= high else (percent - low) / (high - low) * maximum


def achievement_rows(world: World, as_at: dt.date) -> list[list[str]]:
    rows = []
    for practice in world.practices:
        regs = registers(world, practice)
        for code, (_group, _pts, _lo, _hi, base, share) in INDICATORS.items():
            r = rng(world, "qof-cohort", practice.code, code)
            eligible = max(3, round(regs[base] * share))
            pcas = round(eligible * r.uniform(0.03, 0.1))
            denominator = eligible - pcas
            numerator = round(denominator * achievement(world, practice, code, as_at) / 100)
            earned = points(code, 100 * numerator / denominator)
            for measure, value in (
                ("NUMERATOR", str(numerator)), ("DENOMINATOR", str(denominator)),
                ("PCAS", str(pcas)), ("ACHIEVED_POINTS", fmt(earned, 2)),
            ):  # fmt: skip
                rows.append([practice.code, code, measure, value])
    return rows


def prevalence_rows(world: World) -> list[list[str]]:
    rows = []
    for practice in world.practices:
        regs = registers(world, practice)
        for group, (_, _, list_type) in GROUPS.items():
            adults = {"TOTAL": 1.0, "06OV": 0.94, "17OV": 0.8, "18OV": 0.79}[list_type]
            size = round(practice.list_size * adults)
            rows.append([practice.code, group, str(regs[group]), list_type, str(size)])
    return rows


def mapping_rows() -> list[list[str]]:
    rows = []
    for code, (group, pts, low, high, _, _) in INDICATORS.items():
        described = GROUPS[group][0] if group in GROUPS else OTHER_GROUPS[group]
        domain = ("PH", "Public Health") if group in PUBLIC_HEALTH else ("CL", "Clinical")
        list_type = GROUPS[group][2] if group in GROUPS else "TOTAL"
        rows.append([
            code, f"{described}: indicator {code} (thresholds {low}-{high}%)", str(pts),
            group, described, group, described, *domain, list_type,
        ])  # fmt: skip
    return rows


def write(world: World, folder: Path) -> list[Path]:
    """The previous QOF year's final files, then this year's month-end extracts to last_month."""
    this_year = qof_year_start(world.last_month)
    last_year = this_year.replace(year=this_year.year - 1)
    final = f"_{_suffix(last_year)}.csv"
    mapping = folder / f"MAPPING_INDICATORS{final}"
    write_csv(mapping, (
        "INDICATOR_CODE", "INDICATOR_DESCRIPTION", "INDICATOR_POINT_VALUE", "GROUP_CODE",
        "GROUP_DESCRIPTION", "SUB_DOMAIN_CODE", "SUB_DOMAIN_DESCRIPTION", "DOMAIN_CODE",
        "DOMAIN_DESCRIPTION", "PATIENT_LIST_TYPE",
    ), mapping_rows())  # fmt: skip
    prevalence = folder / f"PREVALENCE{final}"
    write_csv(prevalence, (
        "PRACTICE_CODE", "GROUP_CODE", "REGISTER", "PATIENT_LIST_TYPE", "PRACTICE_LIST_SIZE",
    ), prevalence_rows(world))  # fmt: skip
    header = ("PRACTICE_CODE", "INDICATOR_CODE", "MEASURE", "VALUE")
    latest = folder / f"ACHIEVEMENT{final}"
    write_csv(latest, header, achievement_rows(world, this_year - dt.timedelta(days=1)))
    paths = [mapping, prevalence, latest]
    name = f"ACHIEVEMENT_{_suffix(this_year)}.csv"
    for month in month_range(this_year, world.last_month):
        snapshot = folder / "in-year" / month_end(month).isoformat() / name
        write_csv(snapshot, header, achievement_rows(world, month_end(month)))
        paths.append(snapshot)
    return paths
