"""QOF points, payment and recoverability: the reference's worked example and the fixture file."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from config import ChairConfig
from domain.metrics import calculate
from domain.metrics import qof as qof_metrics
from domain.metrics.base import PracticeContext, SourceFrames
from domain.qof import (
    CAPACITY,
    CLINICAL_REVIEW,
    CODING,
    LOW_EFFORT_HIGH_VALUE,
    LOW_VALUE_HIGH_EFFORT,
    NOT_RECOVERABLE,
    NOTHING_AT_STAKE,
    IndicatorRule,
    QofYear,
    achievement_pct,
    apdf_for,
    classify,
    outlook,
    patients_needed,
    payment,
    points_for,
    weeks_left,
    year_fraction,
)
from storage.data.readers import read_source
from storage.data.readers.compute import SourceMemo, context
from storage.data.readers.reference import load_qof_year
from tests.data_readers.conftest import TODAY
from tests.shown import labels, shown

HYP008 = IndicatorRule("HYP008", "HYP", 38, 40, 85)
YEAR = QofYear("2025/26", 225.49, 10_100, {"HYP008": HYP008})


def test_worked_example_from_the_reference() -> None:
    points = points_for(72.0, HYP008)
    assert points == pytest.approx(27.02, abs=0.005)
    money = payment(points, YEAR, list_size=10_120, apdf=0.97)
    assert money == pytest.approx(5920, abs=10)


def test_points_are_zero_linear_max() -> None:
    assert points_for(40.0, HYP008) == 0.0
    assert points_for(39.0, HYP008) == 0.0
    assert points_for(85.0, HYP008) == 38
    assert points_for(99.0, HYP008) == 38
    assert points_for(62.5, HYP008) == pytest.approx(19.0)
    assert points_for(None, HYP008) == 0.0


def test_achievement_excludes_pcas_and_patients_needed_rounds_up() -> None:
    assert achievement_pct(720, 1100, 100) == pytest.approx(72.0)
    assert achievement_pct(1, 10, 10) is None
    assert patients_needed(720, 1000, 85) == 130  # 850 - 720
    assert patients_needed(720, 999, 85) == 130  # 849.15 -> 130 more
    assert patients_needed(900, 1000, 85) == 0


def test_apdf_is_one_for_non_prevalence_indicators() -> None:
    bp = IndicatorRule("BP002", "BP", 15, 50, 90, prevalence_adjusted=True)
    assert apdf_for(bp, 20.0, 10.0) == 1.0
    assert apdf_for(HYP008, 14.8, 15.3) == pytest.approx(14.8 / 15.3)
    assert apdf_for(HYP008, None, 15.3) == 1.0


def test_weeks_left_and_year_fraction() -> None:
    assert weeks_left(dt.date(2026, 1, 15), "2025/26") == pytest.approx(75 / 7)
    assert weeks_left(dt.date(2026, 4, 2), "2025/26") == 0.0
    assert year_fraction(dt.date(2025, 4, 1), "2025/26") == 0.0
    assert year_fraction(dt.date(2026, 3, 31), "2025/26") == 1.0


@pytest.mark.parametrize(
    ("code", "numerator", "denominator", "pcas", "at_stake", "needed", "weeks", "expected"),
    [
        ("HYP008", 720, 1000, 0, 2000.0, 130, 20.0, CLINICAL_REVIEW),  # treatment target
        ("AST007", 400, 600, 0, 600.0, 10, 20.0, LOW_EFFORT_HIGH_VALUE),  # 0.5/week, £60 each
        ("AST007", 400, 600, 0, 600.0, 200, 20.0, LOW_VALUE_HIGH_EFFORT),  # 10/week, £3 each
        ("AST007", 400, 600, 0, 6000.0, 200, 20.0, LOW_VALUE_HIGH_EFFORT),  # 10/week, £30 each
        ("AST007", 400, 600, 0, 20000.0, 200, 20.0, CAPACITY),  # 10/week, £100 each
        ("AST007", 400, 600, 0, 100.0, 10, 20.0, CAPACITY),  # 0.5/week, £10 each: spare capacity
        ("AST007", 400, 600, 0, 600.0, 500, 20.0, NOT_RECOVERABLE),  # 25 a week
        ("AST007", 400, 600, 0, 600.0, 10, 0.0, NOT_RECOVERABLE),  # year over
        ("AST007", 700, 600, 0, 600.0, 10, 20.0, CODING),  # numerator above the cohort
        ("AST007", 400, 600, 200, 600.0, 10, 20.0, CODING),  # PCA rate 33%
        ("AST007", 600, 600, 0, 0.0, 0, 20.0, NOTHING_AT_STAKE),
    ],
)
def test_recoverability_rule(
    code: str, numerator: float, denominator: float, pcas: float, at_stake: float, needed: int,
    weeks: float, expected: str,
) -> None:  # fmt: skip
    rule = IndicatorRule(code, code[:3], 20, 45, 70)
    got, reason = classify(rule, numerator, denominator, pcas, at_stake, needed, weeks, 10_000)
    assert got == expected, reason
    assert reason


def test_outlook_carries_every_fact() -> None:
    found = outlook(HYP008, 720, 1100, 100, YEAR, 10_120, 0.97, dt.date(2026, 1, 15))
    assert found.achievement == pytest.approx(72.0)
    assert found.points == pytest.approx(27.022, abs=0.001)
    assert found.at_stake == pytest.approx(found.payment_max - found.payment_now)
    assert found.patients_needed == 130 and found.recoverability == CLINICAL_REVIEW


def test_shipped_year_tables() -> None:
    year = load_qof_year("2025/26")
    assert year.max_points == 564 and len(year.rules) == 44
    assert year.pound_per_point == 225.49 and year.national_average_list_size == 10_100
    assert any("not published" in note for note in year.notes)
    assert not year.rules["BP002"].prevalence_adjusted and year.rules["HYP008"].prevalence_adjusted
    assert load_qof_year("2024/25").rules == {}  # no thresholds table shipped for that year
    override = load_qof_year("2025/26", national_average_list_size=10_050)
    assert override.national_average_list_size == 10_050 and not override.notes


def _qof(config: ChairConfig, name: str, today: dt.date = TODAY) -> object:
    memo = SourceMemo(config)
    return calculate(name, memo.frames("qof"), {}, context(config.practice), today)


def test_value_at_risk_from_the_fixture(config: ChairConfig) -> None:
    series = _qof(config, "qof.value_at_risk")
    year = load_qof_year("2025/26")
    cpi = 10_000 / 10_100
    # HYP008 72% (38 pts, APDF 14.8/15.3 from the shipped national table: one-practice PREVALENCE)
    hyp = (38 - (72 - 40) / 45 * 38) * year.pound_per_point * cpi * (14.8 / 15.3)
    # AST007 400/600 = 66.7% (LT 45 UT 70, 20 pts, APDF 6.5/6.5); DM020 30.8% < LT: all 17 pts at stake
    ast = (20 - (400 / 600 * 100 - 45) / 25 * 20) * year.pound_per_point * cpi * 1.0
    dm = 17 * year.pound_per_point * cpi * ((700 / 10_000 * 100) / 7.5)  # register / whole list
    assert series.values[-1] == pytest.approx(hyp + ast + dm)  # type: ignore[attr-defined]
    assert "£ per point" in labels(series.detail) and "weeks left" in labels(series.detail)  # type: ignore[attr-defined]


def test_indicators_below_lower(config: ChairConfig) -> None:
    series = _qof(config, "qof.indicators_below_lower")
    assert series.values == (1.0,)  # type: ignore[attr-defined]
    assert shown(series.detail, "indicators").startswith("DM020 31%")  # type: ignore[attr-defined]


def test_points_vs_trajectory(config: ChairConfig) -> None:
    series = _qof(config, "qof.points_vs_trajectory")
    achieved = (72 - 40) / 45 * 38 + (400 / 600 * 100 - 45) / 25 * 20 + 0 + 15  # BP002 at 95%
    # last year's share of its 635 points, on the 38 + 20 + 17 + 15 = 90 points of the four
    # indicators in the file (the year's other indicators are not in the data: not lost points)
    target = 571.5 / 635 * 90
    expected = (TODAY - dt.date(2025, 4, 1)).days / 364 * target
    assert series.values[-1] == pytest.approx(achieved - expected)  # type: ignore[attr-defined]
    assert series.as_of <= TODAY  # type: ignore[attr-defined]
    total = len(load_qof_year("2025/26").rules)
    assert shown(series.detail, "indicators").startswith(f"4 of {total} indicators in the data")  # type: ignore[attr-defined]


def test_denominator_excludes_pcas_by_default(config: ChairConfig) -> None:
    """Published files: D = NUMERATOR / DENOMINATOR; the cohort before PCAs is DENOMINATOR + PCAS."""
    memo = SourceMemo(config)
    found = {
        o.code: o for o in qof_metrics.outlooks(memo.frames("qof"), context(config.practice), TODAY)
    }
    assert found["HYP008"].achievement == pytest.approx(72.0)  # 720 / 1000
    assert found["HYP008"].denominator == 1100 and found["HYP008"].pcas == 100
    assert found["DM020"].achievement == pytest.approx(200 / 650 * 100)


def test_denominator_before_pcas_is_an_explicit_option(config: ChairConfig) -> None:
    frames = dataclasses.replace(
        SourceMemo(config).frames("qof"), settings={"qof_denominator": "before_pcas"}, memo={}
    )
    found = {o.code: o for o in qof_metrics.outlooks(frames, context(config.practice), TODAY)}
    assert found["HYP008"].achievement == pytest.approx(720 / 900 * 100)  # 720 / (1000 - 100)


def test_in_year_extracts_give_one_period_each(data_copy: Path) -> None:
    """`in-year/<date>/ACHIEVEMENT_<yyyy>.csv` extracts are dated by their folder."""
    header = "PRACTICE_CODE,INDICATOR_CODE,MEASURE,VALUE\n"
    for day, numerator in (("2025-10-31", 500), ("2025-11-30", 600), ("2026-02-28", 800)):
        folder = data_copy / "qof" / "in-year" / day
        folder.mkdir(parents=True)
        (folder / "ACHIEVEMENT_2526.csv").write_text(
            header + f"Y00001,HYP008,NUMERATOR,{numerator}\nY00001,HYP008,DENOMINATOR,1000\n"
        )
    (data_copy / "qof" / "in-year" / "latest").mkdir()
    data = read_source("qof", "qof", data_copy / "qof")
    assert [f.severity for f in data.findings] == ["warning"]  # the undated folder is ignored
    dated = data.frames["achievement"].filter(pl.col("as_at").is_not_null())
    assert dated.height == 3
    frames = SourceFrames(tables=data.frames, qof=load_qof_year("2025/26"), as_of=data.as_of)
    practice = PracticeContext("Y00001", 10_000)
    series = calculate("qof.indicators_below_lower", frames, {}, practice, dt.date(2025, 12, 15))
    # The extract dated after today is ignored; the undated top-level file counts as of today.
    assert series.periods == (dt.date(2025, 10, 31), dt.date(2025, 11, 30), dt.date(2025, 12, 15))
    risk = calculate("qof.value_at_risk", frames, {}, practice, dt.date(2025, 12, 15))
    assert risk.values[0] > risk.values[1]  # 50% then 60% on HYP008: less at stake


@pytest.mark.parametrize(
    "name", ["qof.points_vs_trajectory", "qof.value_at_risk", "qof.indicators_below_lower"]
)
def test_a_year_that_has_ended_is_a_result_not_a_trajectory(config: ChairConfig, name: str) -> None:
    # The fixture is 2025/26's extract; in November 2026 that year is over: no breach of a
    # trajectory that has ended, NO DATA for this year with the reason, the final result kept.
    series = _qof(config, name, dt.date(2026, 11, 15))
    assert series.values == ()  # type: ignore[attr-defined]
    assert series.problem.startswith("no 2026/27 extract yet")  # type: ignore[attr-defined]
    achieved = (72 - 40) / 45 * 38 + (400 / 600 * 100 - 45) / 25 * 20 + 0 + 15
    assert series.detail.final_result.startswith(  # type: ignore[attr-defined]
        f"2025/26 final: {achieved:.0f} of 90 points on the 4 indicators in the file"
    )
    # On 31 March the year is still running: a trajectory, as before.
    running = _qof(config, name, dt.date(2026, 3, 31))
    assert running.problem is None and running.values  # type: ignore[attr-defined]
