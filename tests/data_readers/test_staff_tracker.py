"""The workforce tracker (a row per person or post) read with a practice's own headers, and its
resilience metrics worked out by hand.

The file, at 15 January 2026: Dr Ada (GP partner, 37.5 h, +5 h, 2 days absent, no supervision
dates; QOF lead, safeguarding lead), Bea (practice nurse, 30 h, +3 h, 6 days, supervision due
1 Nov 2025; cytology, safeguarding lead), Cal (clinical pharmacist, 37.5 h, last supervised
1 Oct 2024; DOAC monitoring), a vacant salaried GP post (22.5 h; minor surgery) and Dee (HCA,
15 h, 1.5 days, supervision due 1 Mar 2026).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from domain.metrics import calculate
from domain.metrics.base import PracticeContext, SourceFrames
from domain.readings import Series
from storage.data.readers import read_source
from tests.shown import shown

TODAY = dt.date(2026, 1, 15)
SAVED = dt.date(2026, 1, 12)
PRACTICE = PracticeContext("Y00001", 10_000)
TRACKER = """Staff list (fictional),,,,,,,,
Staff name,Job title,Contracted hours per week,Extra hours,Days absent,Vacant?,Next supervision,Last supervision,Key tasks
Dr Ada,GP partner,37.5,5,2,No,,,QOF lead; Safeguarding lead
Bea,Practice nurse,30,3,6,No,01/11/2025,01/11/2024,"Cytology, safeguarding lead"
Cal,Clinical pharmacist,37.5,0,0,No,,01/10/2024,DOAC monitoring
,Salaried GP,22.5,,,Yes,,,Minor surgery
Dee,Healthcare assistant,15,0,1.5,No,01/03/2026,,
"""


@pytest.fixture(scope="module")
def frames(tmp_path_factory: pytest.TempPathFactory) -> SourceFrames:
    path = tmp_path_factory.mktemp("staff") / "staff list.csv"
    path.write_text(TRACKER, encoding="utf-8")
    data = read_source("staff", "workforce-tracker", path)
    assert data.findings == []
    return SourceFrames(data.frames, source_file=path.name, file_date=SAVED)


def reading(frames: SourceFrames, name: str, **params: str) -> Series:
    series = calculate(name, frames, params, PRACTICE, TODAY)
    assert series.problem is None, series.problem
    assert series.periods == (SAVED,) and series.as_of == SAVED
    return series


def test_key_person_dependency_counts_tasks_with_fewer_than_two_holders(
    frames: SourceFrames,
) -> None:
    series = reading(frames, "staff.key_person_dependency")
    # QOF lead (Ada), cytology (Bea), DOAC monitoring (Cal), minor surgery (vacant): 4 of 5
    assert (series.values, series.denominators) == ((4.0,), (5.0,))
    assert (
        shown(series.detail, "single-held") == "Cytology, DOAC monitoring, Minor surgery, QOF lead"
    )
    table = series.tables[0]
    assert table.rows[2] == ("Minor surgery", "0", "nobody (the post is vacant)")
    assert table.rows[-1] == ("Safeguarding lead", "2", "Dr Ada, Bea")


def test_hours_over_contract_and_absence_count_filled_posts(frames: SourceFrames) -> None:
    over = reading(frames, "staff.hours_over_contract")
    assert over.values[0] == pytest.approx((5 + 3) / (37.5 + 30 + 37.5 + 15) * 100)
    assert shown(over.detail, "most over").startswith("Dr Ada (GP partner) +5 h a week on 37.5")
    absence = reading(frames, "staff.absence_rate")
    # 9.5 days of 120 h / 7.5 h a day x 13 weeks = 208 working days
    assert absence.values[0] == pytest.approx(9.5 / 208 * 100)
    assert reading(frames, "staff.absence_rate", weeks="52").values[0] == pytest.approx(
        9.5 / (120 / 7.5 * 52) * 100
    )


def test_vacancies_and_supervision(frames: SourceFrames) -> None:
    vacant = reading(frames, "staff.vacancies")
    assert vacant.values[0] == pytest.approx(22.5 / 37.5)
    assert vacant.denominators[0] == pytest.approx(142.5 / 37.5)
    assert shown(vacant.detail, "vacant posts") == "Salaried GP (22.5 h)"
    late = reading(frames, "staff.supervision_overdue")
    # Bea is past her due date, Cal was last supervised over 12 months ago; Dee is due in March
    assert (late.values, late.denominators) == ((2.0,), (3.0,))
    assert shown(late.detail, "overdue") == "Bea (Practice nurse); Cal (Clinical pharmacist)"


def test_a_tracker_without_key_tasks_says_what_to_add(tmp_path: Path) -> None:
    path = tmp_path / "posts.csv"
    path.write_text("Name,Role,Hours\nAl,Receptionist,20\n", encoding="utf-8")
    data = read_source("staff", "workforce-tracker", path)
    frames = SourceFrames(data.frames, file_date=SAVED)
    series = calculate("staff.key_person_dependency", frames, {}, PRACTICE, TODAY)
    assert series.problem is not None and "no key tasks column" in series.problem


CLAIMS = """Month,Scheme,Description,Expected (£),Claimed (£),Received (£),Status,WTE
2025-11,ARRS,Clinical pharmacist (ARRS-014),5486.38,5486.38,5486.38,paid,1.0
2025-12,ARRS,Clinical pharmacist (ARRS-014),5486.38,5486.38,,submitted,1.0
2025-12,ARRS,Physiotherapist (ARRS-030),4000,4000,,submitted,0.5
2025-12,ARRS,Care coordinator (ARRS-040),2500,2500,,submitted,1.0
2025-12,ARRS,Paramedic (ARRS-050),3000,3000,,rejected,1.0
2025-12,DES,Minor surgery,1100,1100,,submitted,
"""
POSTS = """Name,Role,Hours,Vacancy
Cal,Clinical pharmacist,37.5,No
Fi,First contact physiotherapist,18.75,No
Cy,Care coordinator,30,No
,Care coordinator,7.5,Yes
"""


def test_arrs_claims_against_the_fte_the_workforce_tracker_reports(tmp_path: Path) -> None:
    """November 2025: the pharmacist alone, 1.0 claimed, 37.5 h reported (matches): none of one.
    December 2025: pharmacist 1.0 claimed, 37.5 h reported (matches); physiotherapist 0.5
    claimed, 18.75 h (matches); care coordinator 1.0 claimed, 30 h filled = 0.8 FTE (the vacant
    7.5 h post is not reported staff): one mismatch of three roles (the rejected claim is out)."""
    (tmp_path / "claims.csv").write_text(CLAIMS, encoding="utf-8")
    (tmp_path / "posts.csv").write_text(POSTS, encoding="utf-8")
    claims = read_source("claims", "claims", tmp_path / "claims.csv")
    staff = read_source("staff", "workforce-tracker", tmp_path / "posts.csv")
    assert claims.findings == [] and staff.findings == []
    frames = SourceFrames(
        {**claims.frames, "workforce_source:rows": staff.frames["rows"]}, as_of=TODAY
    )
    series = calculate("claims.arrs_fte_mismatch", frames, {}, PRACTICE, TODAY)
    assert (series.periods, series.values, series.denominators) == (
        (dt.date(2025, 11, 30), dt.date(2025, 12, 31)), (0.0, 1.0), (1.0, 3.0),
    )  # fmt: skip
    assert series.tables[0].rows == (
        ("Clinical pharmacist", "1.00", "1.00", "the workforce tracker", "matches"),
        ("Physiotherapist", "0.50", "0.50", "the workforce tracker", "matches"),
        ("Care coordinator", "1.00", "0.80", "the workforce tracker", "mismatch"),
    )
    assert shown(series.detail, "finding") == (
        "workforce data is questioned: ARRS reimbursement does not match the FTE reported "
        "(Care coordinator: claimed 1.00 WTE, reported 0.80 FTE (the workforce tracker))"
    )
    alone = calculate("claims.arrs_fte_mismatch", SourceFrames(claims.frames), {}, PRACTICE, TODAY)
    assert alone.problem is not None and "params workforce_source" in alone.problem


MONTHLY = """Month,Name,Role,Hours,Extra hours,Days absent,Vacant,Next supervision,Key tasks
Nov 2025,Ann,Practice nurse,30,3,2,No,01/12/2025,Cytology
Nov 2025,Bo,Practice nurse,30,0,0,No,01/03/2026,Cytology
Dec 2025,Ann,Practice nurse,30,6,4,No,01/12/2025,Cytology
Dec 2025,,Practice nurse,30,,,Yes,,Cytology
2026-01,Ann,Practice nurse,30,3,1,No,01/02/2026,Cytology
2026-01,Cy,Practice nurse,15,0,0,No,01/02/2026,Cytology
Feb 2026,Ann,Practice nurse,30,9,9,No,01/02/2026,Cytology
"""


@pytest.mark.parametrize(
    ("calculation", "expected"),
    [
        # Nov: 3 of 60 h; Dec: 6 of 30 (Bo's post vacant); Jan: 3 of 45 (Cy on 15 h)
        ("staff.hours_over_contract", (3 / 60 * 100, 6 / 30 * 100, 3 / 45 * 100)),
        # cytology: Ann and Bo; Ann alone (the other post vacant); Ann and Cy
        ("staff.key_person_dependency", (0.0, 1.0, 0.0)),
        ("staff.vacancies", (0.0, 30 / 37.5, 0.0)),
        # Ann's supervision due 1 Dec: not late at 30 Nov, late at 31 Dec; due 1 Feb in January
        ("staff.supervision_overdue", (0.0, 1.0, 0.0)),
        # days absent / (contracted hours / 7.5 x 13 weeks)
        ("staff.absence_rate", (2 / 104 * 100, 4 / 52 * 100, 1 / 78 * 100)),
    ],
)
def test_a_tracker_with_a_month_column_trends_by_month(
    tmp_path: Path, calculation: str, expected: tuple[float, ...]
) -> None:
    """One snapshot a month (the "Month" column, in two spellings); February is after today
    (15 January 2026) and left out; January is counted at today."""
    path = tmp_path / "staff by month.csv"
    path.write_text(MONTHLY, encoding="utf-8")
    data = read_source("staff", "workforce-tracker", path)
    assert data.findings == []
    frames = SourceFrames(data.frames, source_file=path.name, file_date=SAVED)
    series = calculate(calculation, frames, {}, PRACTICE, TODAY)
    assert series.problem is None, series.problem
    assert series.periods == (dt.date(2025, 11, 30), dt.date(2025, 12, 31), TODAY)
    assert series.values == pytest.approx(expected)
    assert series.as_of == TODAY
