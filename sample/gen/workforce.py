"""GP workforce practice-level detailed CSVs: `1 General Practice – <Month> <YYYY> ...`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sample.gen import story
from sample.gen.common import MONTH_NAME, Practice, World, fmt, rng, write_csv

IDENTITY = (
    "PRAC_CODE", "PRAC_NAME", "PCN_CODE", "PCN_NAME", "SUB_ICB_CODE", "SUB_ICB_NAME",
    "ICB_CODE", "ICB_NAME", "REGION_CODE", "REGION_NAME", "TOTAL_PATIENTS", "TOTAL_MALE",
    "TOTAL_FEMALE", "GP_SOURCE",
)  # fmt: skip
# Staff columns (without _HC/_FTE) and their FTE per 1,000 patients for an ordinary practice.
# A rate of None means the role is absent: published as NA.
ROLES: tuple[tuple[str, float | None], ...] = (
    ("TOTAL_GP_EXTG", 0.0), ("TOTAL_GP_EXL", 0.0), ("TOTAL_GP_EXTGL", 0.0),
    ("TOTAL_GP_SEN_PTNR", None), ("TOTAL_GP_PTNR_PROV", 0.26), ("TOTAL_GP_SAL_BY_PRAC", 0.19),
    ("TOTAL_GP_SAL_BY_OTH", None), ("TOTAL_GP_RET", 0.02), ("TOTAL_GP_LOCUM_VAC", 0.03),
    ("TOTAL_GP_LOCUM_ABS", 0.015), ("TOTAL_GP_LOCUM_OTH", None), ("TOTAL_GP_TRN_GR_ST1", None),
    ("TOTAL_GP_TRN_GR_ST3", 0.07), ("TOTAL_GP_TRN_GR_F1_2", 0.02),
    ("TOTAL_NURSES", 0.0), ("TOTAL_N_PRAC_NURSE", 0.19), ("TOTAL_N_ADV_NURSE_PRAC", 0.05),
    ("TOTAL_N_NURSE_SPEC", None), ("TOTAL_N_TRAINEE_NURSE", None),
    ("TOTAL_DPC", 0.0), ("TOTAL_DPC_HCA", 0.14), ("TOTAL_DPC_PHARMA", 0.06),
    ("TOTAL_DPC_PHLEB", 0.04), ("TOTAL_DPC_PARAMED", None), ("TOTAL_DPC_PHYSICIAN_ASSOC", None),
    ("TOTAL_DPC_SPLW", 0.03),
    ("TOTAL_ADMIN", 0.0), ("TOTAL_ADMIN_MANAGER", 0.1), ("TOTAL_ADMIN_MED_SECRETARY", 0.15),
    ("TOTAL_ADMIN_RECEPT", 0.46), ("TOTAL_ADMIN_TELEPH", 0.05), ("TOTAL_ADMIN_ESTATES_ANC", 0.03),
    ("TOTAL_ADMIN_OTH", 0.35),
)  # fmt: skip
GP_PARTS = ("TOTAL_GP_PTNR_PROV", "TOTAL_GP_SAL_BY_PRAC", "TOTAL_GP_RET")
LOCUMS = ("TOTAL_GP_LOCUM_VAC", "TOTAL_GP_LOCUM_ABS")
TRAINEES = ("TOTAL_GP_TRN_GR_ST3", "TOTAL_GP_TRN_GR_F1_2")
GROUP_TOTALS = {
    "TOTAL_NURSES": "TOTAL_N_",
    "TOTAL_DPC": "TOTAL_DPC_",
    "TOTAL_ADMIN": "TOTAL_ADMIN_",
}


def header() -> list[str]:
    cols = list(IDENTITY) + ["TOTAL_GP_HC", "TOTAL_GP_FTE"]
    for role, _ in ROLES:
        cols += [f"{role}_HC", f"{role}_FTE"]
    return cols


def practice_fte(world: World, practice: Practice, month: dt.date) -> dict[str, float | None]:
    r = rng(world, "workforce", practice.code, month.year, (month.month - 1) // 3)
    per_1000 = practice.list_size / 1000
    scale = practice.profile.get("gp_fte", 0.6) / 0.6
    fte: dict[str, float | None] = {}
    for role, rate in ROLES:
        if rate is None or rate == 0.0:
            fte[role] = None if rate is None else 0.0
            continue
        factor = scale if role.startswith("TOTAL_GP") else 1.0
        fte[role] = round(rate * per_1000 * factor * r.uniform(0.9, 1.1), 2)
    if world.story and practice.code == world.home and month >= story.GP_FTE_DROP_FROM:
        fte["TOTAL_GP_PTNR_PROV"] = round(story.GP_FTE_AFTER * 0.39, 2)
        fte["TOTAL_GP_SAL_BY_PRAC"] = round(story.GP_FTE_AFTER * 0.36, 2)
    if world.story and practice.code == world.home:
        # as the workforce tracker has them: the clinical pharmacist (37.5 h), the link worker
        # (37.5 h, then 22.5 h from September 2026; the ARRS claims say 1.0 WTE: the demo's
        # mismatch since) and the HCA (37.5 h)
        hours = story.SPLW_HOURS[month >= story.SPLW_HOURS_CUT_FROM]
        fte["TOTAL_DPC_PHARMA"], fte["TOTAL_DPC_HCA"] = 1.0, 1.0
        fte["TOTAL_DPC_SPLW"] = round(hours / 37.5, 2)
    parts = sum(fte[p] or 0.0 for p in GP_PARTS)
    locums = sum(fte[p] or 0.0 for p in LOCUMS)
    trainees = sum(fte[p] or 0.0 for p in TRAINEES)
    fte["TOTAL_GP_EXTGL"] = round(parts, 2)
    fte["TOTAL_GP_EXTG"] = round(parts + locums, 2)
    fte["TOTAL_GP_EXL"] = round(parts + trainees, 2)
    fte["TOTAL_GP"] = round(parts + locums + trainees, 2)
    for total, prefix in GROUP_TOTALS.items():
        fte[total] = round(sum(v or 0.0 for k, v in fte.items() if k.startswith(prefix)), 2)
    return fte


def rows(world: World, month: dt.date) -> list[list[str]]:
    out = []
    for practice in world.practices:
        fte = practice_fte(world, practice, month)
        male = round(practice.list_size * 0.494)
        row = [
            practice.code, practice.name, practice.pcn_code, practice.pcn_name,
            practice.sub_icb_code, practice.sub_icb_name, practice.icb_code, practice.icb_name,
            practice.region_code, practice.region_name, str(practice.list_size), str(male),
            str(practice.list_size - male), "wMDS",
        ]  # fmt: skip
        for role in ["TOTAL_GP"] + [name for name, _ in ROLES]:
            value = fte[role]
            if value is None:
                row += ["NA", "NA"]
            else:
                heads = 0 if value == 0 else max(1, round(value / 0.72))
                row += [str(heads), fmt(value, 2)]
        out.append(row)
    return out


def file_name(month: dt.date) -> str:
    return f"1 General Practice – {MONTH_NAME[month.month - 1]} {month.year} Practice Level - Detailed.csv"


def write(world: World, folder: Path, months: list[dt.date]) -> list[Path]:
    """One file per month (data as at the month's end), BOM on the header, NA for missing."""
    paths = []
    for month in months:
        path = folder / file_name(month)
        write_csv(path, header(), rows(world, month), bom=True)
        paths.append(path)
    return paths
