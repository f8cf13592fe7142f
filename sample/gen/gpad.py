"""GPAD practice-level crosstab releases: Practice_Level_Crosstab_<Mon>_<YY>.csv."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sample.gen import story
from sample.gen.common import SEASON, Practice, World, mon_yy, nhs_date, poisson, rng, write_csv

HEADER = (
    "APPOINTMENT_MONTH_START_DATE", "GP_CODE", "GP_NAME", "SUPPLIER", "PCN_CODE", "PCN_NAME",
    "SUB_ICB_LOCATION_CODE", "SUB_ICB_LOCATION_NAME", "HCP_TYPE", "APPT_MODE",
    "NATIONAL_CATEGORY", "TIME_BETWEEN_BOOK_AND_APPT", "COUNT_OF_APPOINTMENTS", "APPT_STATUS",
)  # fmt: skip

BANDS = (
    "Same Day", "1 Day", "2 to 7 Days", "8  to 14 Days", "15  to 21 Days", "22  to 28 Days",
    "More than 28 Days", "Unknown / Data Issue",
)  # fmt: skip
# DNA is likelier the further ahead an appointment was booked.
DNA_BY_BAND = (0.45, 0.8, 1.1, 1.45, 1.65, 1.75, 1.85, 1.0)
PROFILES = {
    "same": (0.86, 0.07, 0.045, 0.01, 0.005, 0.003, 0.002, 0.005),
    "acute": (0.74, 0.11, 0.11, 0.025, 0.006, 0.004, 0.0, 0.005),
    "routine": (0.25, 0.09, 0.33, 0.16, 0.08, 0.04, 0.04, 0.01),
    "planned": (0.13, 0.08, 0.30, 0.21, 0.12, 0.07, 0.08, 0.01),
}
GP, STAFF, UNKNOWN = "GP", "Other Practice staff", "Unknown"
F2F, PHONE, VIDEO, HOME = "Face-to-Face", "Telephone", "Video Conference/Online", "Home Visit"
# (HCP type, mode, national category, share of appointments, booking profile)
TYPES = (
    (GP, F2F, "General Consultation Acute", 0.10, "acute"),
    (GP, PHONE, "General Consultation Acute", 0.09, "acute"),
    (GP, F2F, "General Consultation Routine", 0.11, "routine"),
    (GP, PHONE, "General Consultation Routine", 0.05, "routine"),
    (GP, PHONE, "Clinical Triage", 0.08, "same"),
    (GP, HOME, "Home Visit", 0.01, "acute"),
    (STAFF, F2F, "Planned Clinics", 0.20, "planned"),
    (STAFF, F2F, "Planned Clinical Procedure", 0.13, "planned"),
    (STAFF, F2F, "General Consultation Acute", 0.05, "acute"),
    (STAFF, PHONE, "Clinical Triage", 0.05, "same"),
    (STAFF, PHONE, "Structured Medication Review", 0.03, "routine"),
    (STAFF, VIDEO, "General Consultation Routine", 0.02, "routine"),
    (STAFF, F2F, "Service provided by organisation external to the practice", 0.02, "planned"),
    (
        STAFF,
        F2F,
        "Care Related Encounter but does not fit into any other category",
        0.01,
        "routine",
    ),
    (UNKNOWN, "Unknown", "Unmapped", 0.015, "routine"),
)
MIN_MEAN = 1.5
UNKNOWN_STATUS = 0.042  # share of appointments whose outcome is not recorded
# A release's newest months are not yet complete; later releases revise them upwards.
COMPLETENESS = (1.0, 0.996, 0.982)  # oldest, middle, newest month of a release


def dna_percent(world: World, practice: Practice, month: dt.date) -> float:
    if world.story and practice.code == world.home and month in story.DNA_BY_MONTH:
        return story.DNA_BY_MONTH[month]
    r = rng(world, "gpad-dna", practice.code, month)
    return practice.profile.get("dna", 4.2) + r.gauss(0, 0.22)


def month_counts(world: World, practice: Practice, month: dt.date) -> list[tuple[int, int]]:
    """Complete counts for one practice-month as (type*100 + band*10 + status, count) pairs."""
    r = rng(world, "gpad", practice.code, month)
    rate = practice.profile.get("appts_per_patient", 0.462) * SEASON[month.month - 1]
    total = practice.list_size * rate * r.uniform(0.97, 1.03)
    dna = dna_percent(world, practice, month) / 100
    total_weight = sum(t[3] for t in TYPES)
    mean_mult = sum(
        t[3] / total_weight * sum(p * m for p, m in zip(PROFILES[t[4]], DNA_BY_BAND, strict=True))
        for t in TYPES
    )
    out = []
    carry = [0.0, 0.0, 0.0]  # expected counts of near-empty cells, emitted once they add up
    for ti, (_hcp, _mode, _cat, share, profile) in enumerate(TYPES):
        for bi, band_share in enumerate(PROFILES[profile]):
            cell = total * share / total_weight * band_share
            if cell <= 0:
                continue
            p_dna = dna * DNA_BY_BAND[bi] / mean_mult
            means = (cell * (1 - p_dna - UNKNOWN_STATUS), cell * p_dna, cell * UNKNOWN_STATUS)
            for si, mean in enumerate(means):
                # Near-empty cells are pooled into the next one: keeps the sample small
                # without biasing the totals.
                carry[si] += mean
                if carry[si] < MIN_MEAN:
                    continue
                count, carry[si] = poisson(r, carry[si]), 0.0
                if count:
                    out.append((ti * 100 + bi * 10 + si, count))
    return _hit_dna(out, dna)


def _hit_dna(cells: list[tuple[int, int]], dna: float) -> list[tuple[int, int]]:
    """Move DNAs to or from the largest DNA cell so the month's DNA rate is as intended."""
    total = sum(count for _, count in cells)
    dna_cells = [i for i, (key, _) in enumerate(cells) if key % 10 == 1]
    if not dna_cells:
        return cells
    biggest = max(dna_cells, key=lambda i: cells[i][1])
    gap = round(total * dna) - sum(cells[i][1] for i in dna_cells)
    key, count = cells[biggest]
    cells[biggest] = (key, max(1, count + gap))
    return cells


STATUSES = ("Attended", "DNA", "Unknown")


def release_rows(
    world: World, release: dt.date, practices: tuple[Practice, ...]
) -> list[list[str]]:
    months = [_add(release, -2), _add(release, -1), release]
    rows: list[list[str]] = []
    for practice in practices:
        fixed = [
            practice.code, practice.name, practice.supplier, practice.pcn_code,
            practice.pcn_name, practice.sub_icb_code, practice.sub_icb_name,
        ]  # fmt: skip
        for age, month in enumerate(months):
            if month < world.first_month:
                continue
            date = nhs_date(month)
            keep = COMPLETENESS[age]
            for key, count in month_counts(world, practice, month):
                ti, bi, si = key // 100, key // 10 % 10, key % 10
                shown = round(count * keep)
                if shown <= 0:
                    continue
                hcp, mode, category, _, _ = TYPES[ti]
                rows.append(
                    [date, *fixed, hcp, mode, category, BANDS[bi], str(shown), STATUSES[si]]
                )
    return rows


def _add(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def releases(world: World) -> list[dt.date]:
    """Quarterly releases from the first month, then monthly for the last two: overlaps."""
    out = []
    month = _add(world.first_month, 2)
    while month <= _add(world.last_month, -1):
        out.append(month)
        month = _add(month, 3)
    for month in (_add(world.last_month, -1), world.last_month):
        if month not in out:
            out.append(month)
    return out


def write(world: World, folder: Path) -> list[Path]:
    """Write every release; each carries three months of every practice in the world."""
    paths = []
    for release in releases(world):
        path = folder / f"Practice_Level_Crosstab_{mon_yy(release)}.csv"
        write_csv(path, HEADER, release_rows(world, release, world.practices))
        paths.append(path)
    return paths
