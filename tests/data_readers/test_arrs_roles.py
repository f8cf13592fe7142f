"""ARRS claims matched to the workforce detailed file's staff-role columns, with the practice's
own workforce tracker only as the fallback.

The workforce file's header is the published one (NHS England's practice-level detailed CSV,
columns in file order), written as extracts of it come: lower case, some names padded with
spaces, one with its words spaced out. Y00001 in November 2025:

    role claimed (Dec 2025)          WTE   file's columns                              FTE
    Clinical pharmacist               1.0   TOTAL_DPC_PHARMA 0.80 + _ADV_PHARMA_PRAC 0.20   1.00 matches
    First contact physiotherapist     0.5   TOTAL_DPC_PHYSIO 0.30 + _ADV_PHYSIO_PRAC NA     0.30 mismatch
    Social prescribing link worker    1.0   TOTAL_DPC_SPLW 0.60                             0.60 mismatch
    Care coordinator                  1.0   no column: the tracker, 30 h filled             0.80 mismatch
    Paramedic                         1.0   TOTAL_DPC_(ADV_)PARAMED NA: the tracker, 15 h   0.40 mismatch
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from domain.metrics import calculate
from domain.metrics.arrs import role_columns
from domain.metrics.base import PracticeContext, SourceFrames
from storage.data.readers import read_source
from tests.shown import shown

TODAY = dt.date(2026, 1, 15)
PRACTICE = PracticeContext("Y00001", 10_000)
PUBLISHED = [
    "PRAC_CODE",
    "PRAC_NAME",
    "PCN_CODE",
    "PCN_NAME",
    "SUB_ICB_CODE",
    "SUB_ICB_NAME",
    "ICB_CODE",
    "ICB_NAME",
    "REGION_CODE",
    "REGION_NAME",
    "TOTAL_PATIENTS",
    "TOTAL_GP_HC",
    "TOTAL_GP_FTE",
    "TOTAL_NURSES_HC",
    "TOTAL_NURSES_FTE",
    "TOTAL_N_PRAC_NURSE_FTE",
    "TOTAL_N_ADV_NURSE_PRAC_FTE",
    "TOTAL_DPC_HC",
    "TOTAL_DPC_ADV_PARAMED_PRAC_HC",
    "TOTAL_DPC_ADV_PHARMA_PRAC_HC",
    "TOTAL_DPC_FTE",
    "TOTAL_DPC_ADV_PARAMED_PRAC_FTE",
    "TOTAL_DPC_ADV_PHARMA_PRAC_FTE",
    "TOTAL_DPC_ADV_PHYSIO_PRAC_FTE",
    "TOTAL_DPC_HCA_FTE",
    "TOTAL_DPC_PHARMA_FTE",
    "TOTAL_DPC_PHYSIO_FTE",
    "TOTAL_DPC_PARAMED_FTE",
    "TOTAL_DPC_PHARMT_FTE",
    "TOTAL_DPC_SPLW_FTE",
    "TOTAL_ADMIN_HC",
    "TOTAL_ADMIN_FTE",
]
VALUES = {
    "PRAC_CODE": "Y00001", "PRAC_NAME": "EXAMPLE MEDICAL CENTRE", "TOTAL_PATIENTS": "10000",
    "TOTAL_GP_FTE": "6.00", "TOTAL_DPC_ADV_PHARMA_PRAC_FTE": "0.20",
    "TOTAL_DPC_PHARMA_FTE": "0.80", "TOTAL_DPC_PHYSIO_FTE": "0.30", "TOTAL_DPC_SPLW_FTE": "0.60",
    "TOTAL_DPC_ADV_PHYSIO_PRAC_FTE": "NA", "TOTAL_DPC_PARAMED_FTE": "NA",
    "TOTAL_DPC_ADV_PARAMED_PRAC_FTE": "NA",
}  # fmt: skip
CLAIMS = """Month,Scheme,Description,Expected (£),Claimed (£),Received (£),Status,WTE
2025-12,ARRS,Clinical pharmacist (ARRS-014),5486.38,5486.38,,submitted,1.0
2025-12,ARRS,First contact physiotherapist (ARRS-030),4000,4000,,submitted,0.5
2025-12,ARRS,Social prescribing link worker (ARRS-021),2909.62,2909.62,,submitted,1.0
2025-12,ARRS,Care coordinator (ARRS-040),2500,2500,,submitted,1.0
2025-12,ARRS,Paramedic (ARRS-050),3000,3000,,submitted,1.0
"""
POSTS = """Name,Role,Hours,Vacancy
Cal,Clinical pharmacist,30,No
Cy,Care coordinator,30,No
Pat,Paramedic,15,No
"""


def _as_extracts_write_it(name: str, index: int) -> str:
    lower = name.lower()
    if name == "TOTAL_DPC_SPLW_FTE":
        return " Total DPC SPLW FTE "
    return f" {lower} " if index % 3 == 0 else lower


def _write_workforce(tmp_path: Path, month: str, header: str, *rows: dict[str, str]) -> None:
    """The detailed file of `month` 2025: a row a practice, VALUES changed by each row's own."""
    lines = "\n".join(",".join({**VALUES, **row}.get(n, "0") for n in PUBLISHED) for row in rows)
    name = f"1 General Practice – {month} 2025 Practice Level - Detailed.csv"
    (tmp_path / name).write_text(f"\ufeff{header}\n{lines}\n", encoding="utf-8")


def _read_sources(tmp_path: Path, claims_csv: str, posts_csv: str) -> SourceFrames:
    """The workforce files written, the claims and the tracker, read as Chair reads them."""
    (tmp_path / "claims.csv").write_text(claims_csv, encoding="utf-8")
    (tmp_path / "posts.csv").write_text(posts_csv, encoding="utf-8")
    workforce = read_source("workforce", "workforce", tmp_path / "1 General*.csv")
    claims = read_source("claims", "claims", tmp_path / "claims.csv")
    staff = read_source("staff", "workforce-tracker", tmp_path / "posts.csv")
    assert workforce.findings == [] and claims.findings == [] and staff.findings == []
    tables = {**claims.frames, "workforce_source:practice": workforce.frames["practice"],
              "staff_source:rows": staff.frames["rows"]}  # fmt: skip
    return SourceFrames(tables, as_of=TODAY)


def _frames(tmp_path: Path, *others: dict[str, str]) -> SourceFrames:
    header = ",".join(_as_extracts_write_it(n, i) for i, n in enumerate(PUBLISHED))
    _write_workforce(tmp_path, "November", header, {}, *others)
    return _read_sources(tmp_path, CLAIMS, POSTS)


def test_the_published_header_is_read_whatever_its_case_and_spacing(tmp_path: Path) -> None:
    practice = _frames(tmp_path).tables["workforce_source:practice"]
    assert practice["TOTAL_DPC_SPLW_FTE"].to_list() == [0.6]
    assert practice["TOTAL_DPC_PHARMA_FTE"].to_list() == [0.8]
    assert practice["practice"].to_list() == ["Y00001"]


def test_arrs_roles_matched_by_the_workforce_files_role_columns(tmp_path: Path) -> None:
    series = calculate("claims.arrs_fte_mismatch", _frames(tmp_path), {}, PRACTICE, TODAY)
    assert series.problem is None
    assert (series.values, series.denominators) == ((4.0,), (5.0,))
    rows = {r[0]: r[1:] for r in series.tables[0].rows}
    pharma = "TOTAL_DPC_PHARMA_FTE + TOTAL_DPC_ADV_PHARMA_PRAC_FTE, Nov 2025"
    assert rows["Clinical pharmacist"] == ("1.00", "1.00", pharma, "matches")
    assert rows["First contact physiotherapist"] == (
        "0.50", "0.30", "TOTAL_DPC_PHYSIO_FTE, Nov 2025", "mismatch",
    )  # fmt: skip
    assert rows["Care coordinator"] == ("1.00", "0.80", "the workforce tracker", "mismatch")
    assert rows["Paramedic"] == ("1.00", "0.40", "the workforce tracker", "mismatch")
    # the tracker's pharmacist (30 h = 0.8) is not used: the file has the role's figure
    assert (
        "Social prescribing link worker: claimed 1.00 WTE, reported 0.60 FTE "
        "(TOTAL_DPC_SPLW_FTE, Nov 2025)" in shown(series.detail, "finding")
    )


def test_role_words_and_named_columns() -> None:
    assert role_columns("Trainee nursing associate (ARRS-7)") == (
        "TOTAL_DPC_TRAINEE_NURSE_ASSOC_FTE",
    )
    assert role_columns("Nursing associate") == ("TOTAL_DPC_NURSE_ASSOC_FTE",)
    assert role_columns("Pharmacy technician") == ("TOTAL_DPC_PHARMT_FTE",)
    assert role_columns("SPLW (TOTAL_DPC_SPLW_FTE)") == ("TOTAL_DPC_SPLW_FTE",)
    assert role_columns("Link worker dpc_splw") == ("TOTAL_DPC_SPLW_FTE",)
    assert role_columns("Care coordinator") == ()


def test_a_practice_missing_from_the_workforce_file_is_named(tmp_path: Path) -> None:
    frames = _frames(tmp_path)
    tables = {k: v for k, v in frames.tables.items() if k != "staff_source:rows"}
    other = PracticeContext("Y09999", 5_000)
    series = calculate("claims.arrs_fte_mismatch", SourceFrames(tables), {}, other, TODAY)
    assert series.problem == "practice Y09999 is not in the workforce file"
    mine = calculate("claims.arrs_fte_mismatch", SourceFrames(tables), {}, PRACTICE, TODAY)
    # without the tracker, the care coordinator (no column) and the paramedic (NA) have no one
    rows = {r[0]: r[2:4] for r in mine.tables[0].rows}
    assert rows["Care coordinator"] == (
        "0.00",
        "no figure for the role in the workforce file, Nov 2025",
    )


def test_each_practice_of_a_pcn_is_checked_against_its_own_row(tmp_path: Path) -> None:
    """Y00002 reports the link worker at 1.00 and the physiotherapist at 0.50: only the care
    coordinator and the paramedic (the tracker's words) are left wrong for it."""
    second = {"PRAC_CODE": "Y00002", "TOTAL_DPC_SPLW_FTE": "1.00", "TOTAL_DPC_PHYSIO_FTE": "0.50"}
    frames = _frames(tmp_path, second)
    mine = calculate("claims.arrs_fte_mismatch", frames, {}, PRACTICE, TODAY)
    theirs = calculate(
        "claims.arrs_fte_mismatch", frames, {}, PracticeContext("Y00002", 5_000), TODAY
    )
    assert (mine.values, theirs.values) == ((4.0,), (2.0,))


MONTHS_CLAIMED = """Month,Scheme,Description,Expected (£),Claimed (£),Received (£),Status,WTE
2025-10,ARRS,Social prescribing link worker (ARRS-021),2909.62,2909.62,2909.62,paid,1.0
2025-10,ARRS,Care coordinator (ARRS-040),2500,2500,2500,paid,1.0
2025-12,ARRS,Social prescribing link worker (ARRS-021),2909.62,2909.62,,submitted,1.0
2025-12,ARRS,Care coordinator (ARRS-040),2500,2500,,submitted,1.0
"""
SNAPSHOTS = """As at,Name,Role,Hours,Vacancy
Oct 2025,Cy,Care coordinator,37.5,No
Dec 2025,Cy,Care coordinator,30,No
"""


def test_each_claim_month_against_the_workforce_reported_then(tmp_path: Path) -> None:
    """October 2025: the link worker against September's file (TOTAL_DPC_SPLW_FTE 1.00) and the
    care coordinator against October's tracker (37.5 h = 1.00): both match, 0 of 2. December:
    November's file (0.60) and December's tracker (30 h = 0.80): 2 of 2."""
    for month, splw in (("September", "1.00"), ("November", "0.60")):
        _write_workforce(tmp_path, month, ",".join(PUBLISHED), {"TOTAL_DPC_SPLW_FTE": splw})
    frames = _read_sources(tmp_path, MONTHS_CLAIMED, SNAPSHOTS)
    series = calculate("claims.arrs_fte_mismatch", frames, {}, PRACTICE, TODAY)
    assert series.periods == (dt.date(2025, 10, 31), dt.date(2025, 12, 31))
    assert (series.values, series.denominators) == ((0.0, 2.0), (2.0, 2.0))
    rows = {r[0]: r[2:4] for r in series.tables[0].rows}  # the latest month's
    assert rows == {
        "Social prescribing link worker": ("0.60", "TOTAL_DPC_SPLW_FTE, Nov 2025"),
        "Care coordinator": ("0.80", "the workforce tracker"),
    }
