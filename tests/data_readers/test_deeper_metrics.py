"""Access and telephony in more depth, against values worked out by hand from the fixture files.

The fixtures (tests/fixtures/data): Y00001's December 2025 crosstab rows are GP Telephone Same
Day 400 Attended + 20 Unknown, GP Face-to-Face 8-14 days 100, Other staff Face-to-Face 15-21
days 50 DNA and more than 28 days 30 (600 in all). Its telephony: Monday 1 and Tuesday 2
December, each day 100 calls and 30 missed at 08:00-09:59, 60 calls and 10 missed at
10:00-11:59; Y00002 has 100 calls and 10 missed on Monday 1 December, 08:00-09:59.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from config import ChairConfig
from domain.metrics import calculate
from domain.metrics.base import PracticeContext, SourceFrames
from domain.minutes import detail_table_markdown
from storage.data.readers import read_source
from storage.data.readers.compute import SourceMemo, context
from tests.data_readers.conftest import TODAY
from tests.data_readers.test_metrics import run
from tests.shown import shown

PRACTICE = PracticeContext("Y00001", 10_000, "U1", "11X")


def joined(config: ChairConfig, calculation: str, source: str, **params: str) -> object:
    memo = SourceMemo(config)
    others = {k: v for k, v in params.items() if k.endswith("_source")}
    frames = memo.joined(source, others)
    return calculate(calculation, frames, params, context(config.practice), TODAY)


@pytest.mark.parametrize(
    ("calculation", "params", "expected"),
    [
        ("gpad.gp_share", {}, 520 / 600 * 100),
        ("gpad.mode_share", {"mode": "telephone"}, 420 / 600 * 100),
        ("gpad.mode_share", {"mode": "face-to-face"}, 180 / 600 * 100),
        ("gpad.prebooked_share", {}, 180 / 600 * 100),
    ],
)
def test_the_appointment_mix(
    config: ChairConfig, calculation: str, params: dict[str, str], expected: float
) -> None:
    series = run(config, calculation, "appointments", **params)
    assert series.values[-1] == pytest.approx(expected)
    mix = series.tables[0]
    assert mix.headers == ("Share of appointments", "Dec 2025")
    assert dict((r[0], r[1]) for r in mix.rows)["GP"] == "86.7%"
    assert mix.note == "No month a year earlier in the data."
    assert shown(series.detail, "same month a year earlier") == "not in the data"


def test_an_unknown_mode_says_which_are_known(config: ChairConfig) -> None:
    series = run(config, "gpad.mode_share", "appointments", mode="carrier pigeon")
    assert series.problem is not None and "face-to-face, telephone" in series.problem


def test_demand_per_appointment_with_online_requests(config: ChairConfig) -> None:
    series = joined(
        config, "cbt.demand_per_appointment", "telephony", appointments_source="appointments",
        online_source="measures", online_metric="Online consultations per 1000",
    )  # fmt: skip
    assert series.values == pytest.approx((100 / 500, (320 + 55) / 600))  # type: ignore[attr-defined]
    assert "320 inbound calls + 55 online" in shown(series.detail, "demand")  # type: ignore[attr-defined]


def test_demand_is_calls_only_without_an_online_source(config: ChairConfig) -> None:
    series = joined(
        config, "cbt.demand_per_appointment", "telephony", appointments_source="appointments"
    )
    assert series.values[-1] == pytest.approx(320 / 600)  # type: ignore[attr-defined]
    assert "calls only" in shown(series.detail, "demand")  # type: ignore[attr-defined]


def test_session_utilisation_needs_the_sessions_tracker(
    config: ChairConfig, tmp_path: Path
) -> None:
    series = run(config, "gpad.session_utilisation", "appointments")
    assert series.problem is not None and "no sessions tracker" in series.problem
    sessions = tmp_path / "sessions.csv"
    sessions.write_text(
        "Session date,Clinician or role,Slots\n01/12/2025,Dr A,300\n02/12/2025,Nurse B,350\n"
    )
    tracker = read_source("sessions", "sessions", sessions)
    assert tracker.findings == []
    own = SourceMemo(config).frames("appointments")
    frames = SourceFrames({**own.tables, "sessions_source:rows": tracker.frames["rows"]})
    series = calculate("gpad.session_utilisation", frames, {}, context(config.practice), TODAY)
    assert series.values == pytest.approx((600 / 650 * 100,))


def test_missed_calls_in_the_worst_weekday_band(config: ChairConfig) -> None:
    series = run(config, "cbt.missed_worst_cell_share", "telephony")
    # A typical week: Mon 30 + 10, Tue 30 + 10 = 80 missed; the worst cell Mon 08:00-09:59
    # (30; Tuesday's equal cell comes later in the week). November has no weekday rows.
    assert series.values == pytest.approx((30 / 80 * 100,))
    assert (
        shown(series.detail, "worst cell")
        == "Mon 08:00-09:59: 30 of the 80 calls missed in a typical week"
    )
    assert series.peer is not None
    assert series.peer.pcn_median == pytest.approx((37.5 + 100.0) / 2)  # Y00002: 10 of 10
    calls, missed = series.tables
    assert calls.headers == ("Band", "Mon", "Tue", "Wed", "Thu", "Fri")
    assert calls.rows == (
        ("08:00-09:59", "100*", "100*", "—", "—", "—"),
        ("10:00-11:59", "60*", "60", "—", "—", "—"),
    )
    assert calls.lines()[1:4] == [
        "Band         Mon   Tue   Wed  Thu  Fri",
        "08:00-09:59  100*  100*    —    —    —",
        "10:00-11:59   60*   60     —    —    —",
    ]
    assert missed.rows[0][:3] == ("08:00-09:59", "30*", "30*")
    assert missed.title == "Missed calls a day by weekday and time band, Dec 2025"


def test_calls_per_1000_scales_a_partial_month(config: ChairConfig) -> None:
    series = run(config, "cbt.calls_per_1000", "telephony")
    # December: 320 calls on 2 of its 21 working days, scaled to the month, per 10,000 patients
    assert series.values[-1] == pytest.approx(320 * 21 / 2 / 10_000 * 1000)
    assert "scaled up by 10.50" in shown(series.detail, "month")


def test_the_grid_is_in_the_minutes(config: ChairConfig) -> None:
    series = run(config, "cbt.missed_worst_cell_share", "telephony")
    text = detail_table_markdown("Worst band", series.tables[1])
    assert "**Worst band: Missed calls a day by weekday and time band, Dec 2025**" in text
    assert "| 08:00-09:59 | 30\\* | 30\\* | — | — | — |" in text
    assert text.endswith(
        "\\* the 3 worst cells (a day: the month's total over its days of that weekday)"
    )


WORKFORCE_HEADER = (
    "\ufeffPRAC_CODE,PRAC_NAME,PCN_CODE,SUB_ICB_CODE,ICB_CODE,TOTAL_PATIENTS,TOTAL_GP_HC,"
    "TOTAL_GP_FTE,TOTAL_GP_LOCUM_VAC_FTE,TOTAL_GP_LOCUM_ABS_FTE,TOTAL_NURSES_HC,"
    "TOTAL_NURSES_FTE,TOTAL_DPC_FTE,TOTAL_ADMIN_FTE\n"
)


def _workforce(tmp_path: Path) -> SourceFrames:
    """Y00001 in June and September 2026 (a quarter apart) and a peer in September."""
    for month, rows in (
        ("June", "Y00001,A,U1,11X,QSL,10000,9,6.00,0.50,NA,4,2.50,3.00,12.00\n"),
        ("September", "Y00001,A,U1,11X,QSL,10000,10,5.00,0.50,0.25,5,2.00,2.80,11.50\n"
                      "Y00002,B,U1,11X,QSL,5000,4,4.00,0.00,0.00,2,1.00,1.00,6.00\n"),
    ):  # fmt: skip
        name = f"1 General Practice – {month} 2026 Practice Level - Detailed.csv"
        (tmp_path / name).write_text(WORKFORCE_HEADER + rows, encoding="utf-8")
    data = read_source("workforce", "workforce", tmp_path / "*.csv")
    assert data.findings == []
    return SourceFrames(tables=data.frames)


@pytest.mark.parametrize(
    ("calculation", "params", "expected"),
    [
        ("workforce.fte_per_1000", {"group": "nurses"}, (0.25, 0.20)),  # 2.5, 2.0 per 10,000
        ("workforce.fte_per_1000", {"group": "dpc"}, (0.30, 0.28)),
        ("workforce.fte_per_1000", {"group": "admin"}, (1.20, 1.15)),
        # September only; per 1,000 of the 10,000 patients both months
        ("workforce.fte_change_quarter", {"group": "gp"}, (0.5 - 0.6,)),
        ("workforce.fte_change_quarter", {"group": "nurses"}, (0.2 - 0.25,)),
        ("workforce.headcount_per_fte", {"group": "gp"}, (9 / 6, 10 / 5)),
        ("workforce.locum_share", {}, (0.5 / 6 * 100, 0.75 / 5 * 100)),  # NA counts 0
    ],
)
def test_workforce_in_more_depth(
    tmp_path: Path, calculation: str, params: dict[str, str], expected: tuple[float, ...]
) -> None:
    series = calculate(calculation, _workforce(tmp_path), params, PRACTICE, TODAY)
    assert series.problem is None
    assert series.values == pytest.approx(expected)


def test_workforce_peers_and_unknown_groups(tmp_path: Path) -> None:
    frames = _workforce(tmp_path)
    series = calculate("workforce.headcount_per_fte", frames, {"group": "gp"}, PRACTICE, TODAY)
    assert series.peer is not None and series.peer.pcn_median == pytest.approx((2.0 + 1.0) / 2)
    wrong = calculate("workforce.fte_per_1000", frames, {"group": "vets"}, PRACTICE, TODAY)
    assert wrong.problem == "params group 'vets' is not one of gp, nurses, dpc, admin"


def test_income_by_scheme_age_and_the_months_ahead(config: ChairConfig) -> None:
    # At 15 Jan 2026: Nov DES £5,000 claimed, £4,000 paid (46 days on); Dec ES £800 submitted
    # and £600 draft (15 days on); Dec QOF rejected (left out); Jan DES not yet earned.
    series = run(config, "claims.not_received_over_60_days", "claims")
    assert (series.values[-1], series.denominators[-1]) == (0.0, 2400.0)
    schemes, ages, ahead = series.tables
    assert schemes.rows == (
        ("DES", "£10,000", "£5,000", "£4,000", "£1,000", "Nov 2025"),
        ("ES", "£1,400", "£800", "£0", "£1,400", "Dec 2025"),
        ("GMS", "£1,000", "£1,000", "£1,000", "£0", "—"),
    )
    assert "no recurrent column" in schemes.note
    assert ages.rows == (
        ("0-30 days", "£1,400", "2"), ("31-60 days", "£1,000", "1"),
        ("61-90 days", "£0", "0"), ("90+ days", "£0", "0"),
    )  # fmt: skip
    # paid 20 and 28 days after November ended: median 24 days; all of it lands in January
    assert ahead.rows == (("Jan 2026", "£2,400"), ("Feb 2026", "£0"), ("Mar 2026", "£0"))
    assert "claim month end + 24 days" in ahead.note
