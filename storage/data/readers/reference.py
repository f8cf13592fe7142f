"""The tables Chair ships for QOF (points, thresholds, £/point, national prevalence) as a QofYear."""

from __future__ import annotations

import csv

from domain.qof import IndicatorRule, QofYear, previous_year
from storage.data.cache import REFERENCE_DIR


def _rows(name: str) -> list[dict[str, str]]:
    path = REFERENCE_DIR / name
    if not path.exists():
        return []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def thresholds_file(year: str) -> str:
    """`2025/26` -> `qof_points_thresholds_2025_26.csv`."""
    return f"qof_points_thresholds_{year.replace('/', '_')}.csv"


def load_qof_year(
    year: str, pound_per_point: float | None = None, national_average_list_size: int | None = None
) -> QofYear:
    """The shipped settings for a QOF year, with the practice's config overrides applied.

    A year with no shipped thresholds table gives a QofYear with no rules (QOF metrics then show
    NO DATA saying so). A table with a PROVISIONAL column (the year each row was borrowed from,
    e.g. "2025/26 value") makes the year provisional: `QofYear.provisional` says so, and every
    QOF reading and `chair check` show it.
    """
    years = {row["QOF_YEAR"]: row for row in _rows("qof_years.csv")}
    settings = years.get(year)
    notes: list[str] = []
    if settings and settings.get("NOTE"):
        notes.append(f"{year}: {settings['NOTE']}")
    pound = pound_per_point or (float(settings["POUND_PER_POINT"]) if settings else 0.0)
    average = national_average_list_size or (
        int(settings["NATIONAL_AVERAGE_LIST_SIZE"]) if settings else 0
    )
    if national_average_list_size:
        notes = [n for n in notes if "list size" not in n]
    table = _rows(thresholds_file(year))
    provisional = ""
    borrowed = sorted({row["PROVISIONAL"] for row in table if row.get("PROVISIONAL")})
    if borrowed:
        source = ", ".join(b.removesuffix(" value") for b in borrowed)
        provisional = (
            f"{year} table is provisional: {source} indicators and thresholds; "
            "replace when NHS England publishes"
        )
    rules = {
        row["INDICATOR_CODE"]: IndicatorRule(
            code=row["INDICATOR_CODE"],
            group_code=row["GROUP_CODE"],
            points=float(row["POINTS"]),
            lower=float(row["LOWER_THRESHOLD"]),
            upper=float(row["UPPER_THRESHOLD"]),
            prevalence_adjusted=row.get("PREVALENCE_ADJUSTED", "Y").upper() != "N",
        )
        for row in table
    }
    prevalence = {
        row["GROUP_CODE"]: float(row["PREVALENCE_PCT"])
        for row in _rows("qof_national_prevalence.csv")
    }
    if not pound or not average:
        rules = {}
        notes.append(
            f"no £ per point or national average list size shipped for {year}: set them in [qof]"
        )
    total = settings.get("TOTAL_POINTS") if settings else None
    return QofYear(
        year=year,
        pound_per_point=pound,
        national_average_list_size=average or 1,
        rules=rules,
        total_points=float(total) if total else None,
        national_prevalence=prevalence,
        notes=tuple(notes),
        provisional=provisional if rules else "",
    )


def previous_total_points(year: str) -> float | None:
    """Total points available in the QOF year before `year` (for the trajectory target)."""
    row = {r["QOF_YEAR"]: r for r in _rows("qof_years.csv")}.get(previous_year(year))
    return float(row["TOTAL_POINTS"]) if row and row.get("TOTAL_POINTS") else None
