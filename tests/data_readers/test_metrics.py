"""The metric catalogue against values worked out by hand from the fixture files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from config import ChairConfig
from domain.metrics import CATALOGUE, calculate
from domain.metrics.base import PracticeContext, SourceFrames
from domain.readings import Series
from storage.data.readers import read_source
from storage.data.readers.compute import SourceMemo, context
from tests.data_readers.conftest import TODAY
from tests.shown import shown


def run(
    config: ChairConfig, calculation: str, source: str, today: dt.date = TODAY, **params: str
) -> Series:
    memo = SourceMemo(config)
    return calculate(calculation, memo.frames(source), params, context(config.practice), today)


def test_every_calculation_has_a_docstring_saying_what_it_counts() -> None:
    for name, function in CATALOGUE.items():
        assert function.__doc__ and len(function.__doc__) > 40, name


def test_dna_rate_uses_attended_plus_dna(config: ChairConfig) -> None:
    series = run(config, "gpad.dna_rate", "appointments")
    # Dec 2025: DNA 50 / (Attended 530 + DNA 50); 20 Unknown-status appointments left out.
    assert series.values[-1] == pytest.approx(50 / 580 * 100)
    assert (series.numerators[-1], series.denominators[-1]) == (50, 580)
    assert series.completeness == pytest.approx(580 / 600)
    # Sep 7.5% (30/400), Oct 5% (20/400), Nov 5% (25/500 from the later release).
    assert series.values[:3] == pytest.approx((7.5, 5.0, 5.0))
    assert series.periods[-1] == dt.date(2025, 12, 31) and series.as_of == dt.date(2025, 12, 31)


def test_gpad_peer_medians(config: ChairConfig) -> None:
    peer = run(config, "gpad.dna_rate", "appointments").peer
    assert peer is not None
    own = 50 / 580 * 100
    assert peer.pcn_median == pytest.approx((own + 10.0) / 2)  # Y00001, Y00002
    assert peer.icb_median == pytest.approx(own)  # median of 10, 8.62, 5
    assert peer.national_median == pytest.approx((5.0 + own) / 2)  # 2, 5, 8.62, 10


@pytest.mark.parametrize(
    ("calculation", "expected"),
    [
        ("gpad.same_day_share", 420 / 600 * 100),
        ("gpad.booked_over_14_days_share", 80 / 600 * 100),
        ("gpad.unmapped_share", 30 / 600 * 100),
        ("gpad.appointments_per_1000", 600 / 10_000 * 1000),
    ],
)
def test_gpad_shares(config: ChairConfig, calculation: str, expected: float) -> None:
    assert run(config, calculation, "appointments").values[-1] == pytest.approx(expected)


@pytest.mark.parametrize(
    ("calculation", "expected"),
    [
        ("cbt.missed_in_queue_share", 80 / 320 * 100),
        ("cbt.answered_share", 180 / 320 * 100),
        ("cbt.peak_0800_1000_share", 200 / 320 * 100),
    ],
)
def test_cbt_shares(config: ChairConfig, calculation: str, expected: float) -> None:
    series = run(config, calculation, "telephony")
    assert series.values[-1] == pytest.approx(expected)
    # two of December 2025's 21 working days present (23 weekdays less Christmas and Boxing Day)
    assert series.completeness == pytest.approx(2 / 21)


def test_cbt_missed_trend_and_peers(config: ChairConfig) -> None:
    series = run(config, "cbt.missed_in_queue_share", "telephony")
    assert series.values == pytest.approx((5.0, 25.0))  # Nov 5/100, Dec 80/320
    assert series.peer is not None and series.peer.pcn_median == pytest.approx((25.0 + 10.0) / 2)


def test_gp_fte_per_1000(config: ChairConfig) -> None:
    series = run(config, "workforce.gp_fte_per_1000", "workforce")
    assert series.values == pytest.approx((0.55, 0.60))  # 5.5 then 6.0 FTE per 10,000 patients
    assert series.peer is not None and series.peer.national_median == pytest.approx(
        0.55
    )  # 0.6, 0.5


def test_gpps_trend_keeps_only_the_latest_schema(config: ChairConfig) -> None:
    series = run(config, "gpps.overall_good_pct", "gpps")
    assert series.values == pytest.approx((70.0, 77.2))
    assert "not comparable" in shown(series.detail, "series")


def test_claims(config: ChairConfig) -> None:
    outstanding = run(config, "claims.outstanding_value", "claims")
    assert outstanding.values == (0.0, 600.0, 5600.0)  # draft 600 + expected 5000; Feb is future
    unreconciled = run(config, "claims.unreconciled_value", "claims")
    assert (
        unreconciled.values[-1] == 1800.0
    )  # short payment 1000 + submitted 800; rejected excluded
    assert unreconciled.as_of == dt.date(2025, 12, 31)


def test_training_compliance(config: ChairConfig) -> None:
    series = run(config, "training.compliance_pct", "training")
    # 5 staff x course pairs; BLS for Ann expired 10/01/2026; Bob never did safeguarding.
    assert series.values[-1] == pytest.approx(60.0)
    assert (series.numerators[-1], series.denominators[-1]) == (3.0, 5.0)
    assert series.periods[-1] == TODAY and len(series.values) == 13


def test_prescribing_overdue_uses_each_search_latest_run(config: ChairConfig) -> None:
    series = run(config, "prescribing.overdue_monitoring", "prescribing")
    # 01/12: DOAC 20; 05/01: DOAC 18; 06/01: DOAC 18 + methotrexate 3 overdue + 1 never monitored.
    assert series.values == (20.0, 18.0, 22.0)
    assert series.denominators[-1] == 252.0


def test_complaints_open_over_target(config: ChairConfig) -> None:
    series = run(config, "complaints.open_over_target", "complaints")
    assert series.values[-1] == 1.0  # C2 only (C3 not yet due, C4 closed 10/01)
    assert series.values[-2] == 2.0  # at 31/12/2025: C2 and C4


def test_measures_value(config: ChairConfig) -> None:
    series = run(config, "measures.value", "measures", metric="Friends and family test % positive")
    assert series.values == (88.0, 91.0, 90.0)
    assert shown(series.detail, "note") == "December survey"
    missing = run(config, "measures.value", "measures", metric="No such thing")
    assert missing.problem is not None and "No such thing" in missing.problem


def test_practice_not_in_file_is_no_data(config: ChairConfig) -> None:
    other = config.model_copy(
        update={"practices": [config.practice.model_copy(update={"code": "Z99999"})]}
    )
    series = run(other, "gpad.dna_rate", "appointments")
    assert series.problem == "practice Z99999 is not in the file"


def _tracker(tmp_path: Path, kind: str, text: str) -> SourceFrames:
    path = tmp_path / f"{kind}.csv"
    path.write_text(text)
    data = read_source(kind, kind, path)
    assert data.findings == []
    return SourceFrames(tables=data.frames, as_of=data.as_of, file_date=data.file_date)


def test_significant_events_learning_not_shared_within_28_days(tmp_path: Path) -> None:
    frames = _tracker(tmp_path, "significant-events", (
        "reference,event_date,reported_date,category,severity,learning_shared_date,status\n"
        "SE1,2025-10-01,2025-10-02,Prescribing,low,2025-10-20,closed\n"  # shared in 18 days
        "SE2,2025-11-01,2025-11-03,Prescribing,low,,open\n"  # 73 days, nothing shared
        "SE3,2025-11-20,2025-11-21,Test results,low,2026-01-12,closed\n"  # shared late, on 12 Jan
        "SE4,2026-01-02,2026-01-05,Access,low,,open\n"  # only 10 days old: not due yet
    ))  # fmt: skip
    practice = PracticeContext("Y00001", 10_000)
    series = calculate("sigevents.learning_overdue", frames, {"days": 28}, practice, TODAY)
    assert series.periods[-1] == TODAY
    assert series.values[-1] == 1  # SE2 (SE3 was shared on 12 Jan)
    assert series.denominators[-1] == 3  # SE1-SE3 reported at least 28 days before 15 Jan
    dec = series.periods.index(dt.date(2025, 12, 31))
    assert series.values[dec] == 2  # SE2 and SE3 (reported 21 Nov, not shared by 31 Dec)


def test_high_risks_past_their_review_date(tmp_path: Path) -> None:
    frames = _tracker(tmp_path, "risk-register", (
        "risk_id,title,owner,likelihood,impact,review_date,status,mitigation\n"
        "R1,Phones,Jo,4,4,2026-01-10,open,Rota\n"  # 16, review passed
        "R2,GP capacity,Ada,5,3,2026-02-01,open,Locums\n"  # 15, review not yet due
        "R3,Fridge,Ruth,3,4,2025-12-01,open,Logger\n"  # 12: not high
        "R4,Server,Lee,5,5,2025-11-01,closed,Cloud\n"  # closed
    ))  # fmt: skip
    practice = PracticeContext("Y00001", 10_000)
    series = calculate("risks.high_overdue_review", frames, {"min_score": 15}, practice, TODAY)
    assert (series.values[-1], series.denominators[-1]) == (1, 2)
    assert series.values[-2] == 0  # at 31 Dec R1 was not yet due
