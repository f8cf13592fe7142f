"""GP Patient Survey practice results: the 2024+ schema and the pre-2024 schema."""

from __future__ import annotations

from pathlib import Path

from sample.gen.common import Practice, World, fmt, rng, write_csv

# 2024+ stems and their level relative to "overall experience".
STEMS = (
    ("overallexp", 1.0), ("gpcontactoverall", 0.94), ("localgpservicesphone", 0.68),
    ("localgpserviceswebsite", 0.66), ("localgpservicesapp", 0.64),
    ("localgpservicesreception", 1.07), ("localgpservicesprefhpsee", 0.5),
    ("lastgpapptconf", 1.2), ("lastgpapptneeds", 1.16), ("lastgpapptlisten", 1.15),
    ("gpcontactnextstep_3", 0.12), ("lastgpapptwhen_1", 0.55),
)  # fmt: skip
SUFFIXES = ("pcteval", "lowileval", "hiwileval", "baseevaluw", "baseevalw", "count", "pct")
# Pre-2024 questions and their level relative to Q28 (good overall experience).
OLD_QUESTIONS = (("Q3", 0.66), ("Q9", 0.5), ("Q18", 0.73), ("Q28", 1.0), ("Q90", 1.2))
SUPPRESSED = "-97"  # a negative sentinel: too few responses to publish


def overall(world: World, practice: Practice, year: int) -> float:
    """The practice's good-overall-experience proportion in a survey year."""
    r = rng(world, "gpps", practice.code, year)
    drift = {2023: 0.01, 2024: -0.01, 2025: 0.0, 2026: -0.02}.get(year, 0.0)
    if world.story and practice.code == world.home:
        return {2023: 0.79, 2024: 0.77, 2025: 0.76, 2026: 0.71}.get(year, 0.75)
    return min(0.97, practice.profile.get("good", 0.76) + drift + r.gauss(0, 0.02))


def new_schema_rows(world: World, year: int) -> tuple[list[str], list[list[str]]]:
    header = ["ad_practicecode", "ad_practicename", "distributed", "received", "resprate"]
    for stem, _ in STEMS:
        header += [f"{stem}.{suffix}" for suffix in SUFFIXES]
    rows = []
    for practice in world.practices:
        r = rng(world, "gpps-new", practice.code, year)
        distributed = round(practice.list_size * 0.105)
        received = round(distributed * r.uniform(0.24, 0.34))
        base_level = overall(world, practice, year)
        row = [
            practice.code,
            practice.name,
            str(distributed),
            str(received),
            fmt(received / distributed, 3),
        ]
        for stem, level in STEMS:
            if stem == "lastgpapptwhen_1" and practice.list_size < 6000:
                row += [SUPPRESSED] * len(SUFFIXES)
                continue
            p = min(0.99, base_level * level * r.uniform(0.97, 1.03))
            base = round(received * r.uniform(0.55, 0.98))
            half = 1.96 * (p * (1 - p) / max(base, 1)) ** 0.5
            row += [
                fmt(p, 3), fmt(max(0.0, p - half), 3), fmt(min(1.0, p + half), 3), str(base),
                fmt(base * r.uniform(0.95, 1.05), 1), str(round(base * p)), fmt(p * 100, 0),
            ]  # fmt: skip
        rows.append(row)
    return header, rows


def old_schema_rows(world: World, year: int) -> tuple[list[str], list[list[str]]]:
    header = ["Practice_Code", "Practice_Name", "CCG_Code", "CCG_Name", "ICS_Code", "ICS_Name",
              "distributed", "received", "resprate"]  # fmt: skip
    for question, _ in OLD_QUESTIONS:
        header += [f"{question}_base", f"{question}_12pct"]
    rows = []
    for practice in world.practices:
        r = rng(world, "gpps-old", practice.code, year)
        distributed = round(practice.list_size * 0.1)
        received = round(distributed * r.uniform(0.26, 0.36))
        base_level = overall(world, practice, year)
        row = [practice.code, practice.name, practice.sub_icb_code, practice.sub_icb_name,
               practice.icb_code, practice.icb_name, str(distributed), str(received),
               fmt(received / distributed, 3)]  # fmt: skip
        for _question, level in OLD_QUESTIONS:
            p = min(0.99, base_level * level * r.uniform(0.97, 1.03))
            row += [str(round(received * r.uniform(0.7, 0.98))), fmt(p, 3)]
        rows.append(row)
    return header, rows


def write(
    world: World, folder: Path, years: tuple[int, ...] = (2023, 2024, 2025, 2026)
) -> list[Path]:
    paths = []
    for year in years:
        header, rows = old_schema_rows(world, year) if year < 2024 else new_schema_rows(world, year)
        path = folder / f"GPPS_{year}_Practice_data_(weighted)_(csv)_PUBLIC.csv"
        write_csv(path, header, rows)
        paths.append(path)
    return paths
