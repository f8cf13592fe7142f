"""QOF 2025/26 files: ACHIEVEMENT (long MEASURE/VALUE), PREVALENCE and MAPPING_INDICATORS.

The sample holds the 2025/26 year-end position (as published in the autumn after the year),
because 2025/26 is the newest year whose points and thresholds Chair ships; an in-year 2026/27
position needs a 2026/27 thresholds table first. DENOMINATOR is after personalised care
adjustments (achievement = NUMERATOR / DENOMINATOR); PCAS is the count removed. Month-end
snapshots of the year (April 2025 to March 2026) go in `in-year/<YYYY-MM-DD>/` for a trend.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sample.gen import story
from sample.gen.common import Practice, World, fmt, month_end, month_range, rng, write_csv

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
YEAR_START = dt.date(2025, 4, 1)
YEAR_END = dt.date(2026, 3, 31)


def registers(world: World, practice: Practice) -> dict[str, int]:
    r = rng(world, "qof-registers", practice.code)
    out = {
        g: round(practice.list_size * p / 100 * r.uniform(0.85, 1.15))
        for g, (_, p, _) in GROUPS.items()
    }
    out["CVD"] = out["CHD"] + out["STIA"] + round(practice.list_size * 0.004)
    out["LIST"] = practice.list_size
    return out


def _year_end(world: World, practice: Practice, code: str) -> float:
    """The achievement % the practice is heading for at 31 March."""
    _, _, low, high, _, _ = INDICATORS[code]
    r = rng(world, "qof-final", practice.code, code)
    skill = practice.profile.get("qof", 0.93) + r.gauss(0, 0.08)
    return min(99.0, low + (high - low) * skill + 3)


def _progress(group: str, as_at: dt.date) -> float:
    months = (as_at.year - YEAR_START.year) * 12 + as_at.month - YEAR_START.month + 1
    return 0.97 if group in ROLLING else 0.6 + 0.4 * months / 12


def achievement(world: World, practice: Practice, code: str, as_at: dt.date) -> float:
    group = INDICATORS[code][0]
    value = _year_end(world, practice, code) * _progress(group, as_at)
    if world.story and practice.code == world.home and code in story.QOF_BEHIND:
        value = story.QOF_BEHIND[code] * _progress(group, as_at) / _progress(group, YEAR_END)
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


def write(world: World, folder: Path, as_at: dt.date = YEAR_END) -> list[Path]:
    mapping = folder / "MAPPING_INDICATORS_2526.csv"
    write_csv(mapping, (
        "INDICATOR_CODE", "INDICATOR_DESCRIPTION", "INDICATOR_POINT_VALUE", "GROUP_CODE",
        "GROUP_DESCRIPTION", "SUB_DOMAIN_CODE", "SUB_DOMAIN_DESCRIPTION", "DOMAIN_CODE",
        "DOMAIN_DESCRIPTION", "PATIENT_LIST_TYPE",
    ), mapping_rows())  # fmt: skip
    prevalence = folder / "PREVALENCE_2526.csv"
    write_csv(prevalence, (
        "PRACTICE_CODE", "GROUP_CODE", "REGISTER", "PATIENT_LIST_TYPE", "PRACTICE_LIST_SIZE",
    ), prevalence_rows(world))  # fmt: skip
    header = ("PRACTICE_CODE", "INDICATOR_CODE", "MEASURE", "VALUE")
    latest = folder / "ACHIEVEMENT_2526.csv"
    write_csv(latest, header, achievement_rows(world, as_at))
    paths = [mapping, prevalence, latest]
    for month in month_range(YEAR_START, as_at.replace(day=1)):
        snapshot = folder / "in-year" / month_end(month).isoformat() / "ACHIEVEMENT_2526.csv"
        write_csv(snapshot, header, achievement_rows(world, month_end(month)))
        paths.append(snapshot)
    return paths
