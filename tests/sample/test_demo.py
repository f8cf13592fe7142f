"""The committed sample at the demo's today: what the generator intends is what Chair shows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from config import ChairConfig, load_config
from domain.status import Status
from sample.gen import story
from storage.data.dashboards import check_sources, compute_dashboard, format_source_report
from tests.shown import shown

SAMPLE = Path(__file__).resolve().parents[2] / "sample"
PROVISIONAL = (
    "2026/27 table is provisional: 2025/26 indicators and thresholds; "
    "replace when NHS England publishes"
)


@pytest.fixture(scope="module")
def config() -> ChairConfig:
    return load_config(SAMPLE / "chair.toml")


def _readings(config: ChairConfig, dashboard: str) -> dict[str, object]:
    return {r.metric_id: r for r in compute_dashboard(config, dashboard, story.TODAY)}


def test_qof_is_the_2026_27_in_year_position(config: ChairConfig) -> None:
    assert config.qof.year == "2026/27"
    qof = _readings(config, "qof")
    below = qof["qof-below-lower"]
    # The generator puts DM020, AF008 and CHOL003 under their lower thresholds at 31 October.
    assert below.value == len(story.QOF_BELOW_LOWER) == 3  # type: ignore[attr-defined]
    for code in story.QOF_BELOW_LOWER:
        assert code in shown(below.detail, "indicators")  # type: ignore[attr-defined]
    trajectory = qof["qof-points-vs-trajectory"]
    assert trajectory.status is Status.RED  # type: ignore[attr-defined]
    assert trajectory.as_of == dt.date(2026, 10, 31)  # type: ignore[attr-defined]
    assert len(trajectory.trend) == 7  # April to October 2026 extracts  # type: ignore[attr-defined]
    assert "2026/27" in shown(qof["qof-value-at-risk"].detail, "£ per point")  # type: ignore[attr-defined]
    assert qof["qof-value-at-risk"].value > 20_000  # type: ignore[attr-defined]
    for reading in qof.values():
        assert reading.detail.provisional == PROVISIONAL  # type: ignore[attr-defined]
        assert reading.status is not Status.STALE  # type: ignore[attr-defined]


def test_chair_check_says_the_qof_table_is_provisional(config: ChairConfig) -> None:
    reports = check_sources(config, story.TODAY)
    qof = next(r for r in reports if r.source_id == "qof")
    assert any(f.message == PROVISIONAL and f.severity == "warning" for f in qof.findings)
    assert PROVISIONAL in format_source_report(reports)
    assert qof.as_of == dt.date(2026, 10, 31) and not qof.stale


def test_the_complaint_with_an_impossible_date_is_flagged_on_its_reading(
    config: ChairConfig,
) -> None:
    reading = _readings(config, "compliance")["complaints-over-target"]
    assert reading.detail.data_problem == (  # type: ignore[attr-defined]
        "1 row could not be read (row 29: received_date '31/09/2026' is not a valid date); "
        "run chair check"
    )
    assert reading.completeness is not None and reading.completeness < 1  # type: ignore[attr-defined]
    clean = _readings(config, "access")["dna-rate"]
    assert not clean.detail.data_problem  # type: ignore[attr-defined]


def test_the_demo_status_mix(config: ChairConfig) -> None:
    """Several GREEN, a few RED, one CRITICAL, one STALE, one data problem, one persistent RED."""
    readings = [r for d in config.dashboards for r in compute_dashboard(config, d.id, story.TODAY)]
    by_status: dict[Status, list[str]] = {}
    for r in readings:
        by_status.setdefault(r.status, []).append(r.metric_id)
    assert len(by_status.get(Status.GREEN, [])) >= 5
    assert 2 <= len(by_status.get(Status.RED, [])) <= 4
    assert by_status[Status.CRITICAL] == ["claims-unreconciled"]
    assert by_status[Status.STALE] == ["overdue-monitoring"]
    assert Status.NO_DATA not in by_status
    assert [r.metric_id for r in readings if r.detail.data_problem] == ["complaints-over-target"]
    persistent = [r.metric_id for r in readings if r.streak >= 3 and r.status.severity >= 2]
    assert persistent == ["missed-in-queue"]
    new = {"fft-recommend", "online-consultations", "sigevents-learning-overdue",
           "risks-high-overdue-review"}  # fmt: skip
    assert new <= {r.metric_id for r in readings}


def test_session_utilisation_reads_the_sample_sessions_rota(config: ChairConfig) -> None:
    """October 2026: 5,067 appointments (GPAD, every status) in 5,388 slots on the rota."""
    reading = _readings(config, "access")["session-utilisation"]
    assert reading.value == pytest.approx(5067 / 5388 * 100)  # type: ignore[attr-defined]
    assert reading.as_of == dt.date(2026, 10, 31)  # type: ignore[attr-defined]
    assert reading.status is Status.GREEN  # type: ignore[attr-defined]
    assert len(reading.trend) >= 12  # type: ignore[attr-defined]


def test_the_workforce_tracker_on_the_demo(config: ChairConfig) -> None:
    """sample/gen/staff.py POSTS: three key tasks with fewer than two holders, one vacant
    salaried GP post of 22.5 hours, two supervisions overdue."""
    workforce = _readings(config, "workforce")
    key = workforce["key-person-dependency"]
    assert key.value == 3  # type: ignore[attr-defined]
    assert shown(key.detail, "single-held") == "Claims submission, DOAC monitoring, Home visits"  # type: ignore[attr-defined]
    assert workforce["vacant-fte"].value == pytest.approx(0.6)  # type: ignore[attr-defined]
    assert workforce["supervision-overdue"].value == 2  # type: ignore[attr-defined]
    # 41 hours over of 547.5 contracted (filled posts); 28 days absent of 547.5 / 7.5 x 13
    assert workforce["hours-over-contract"].value == pytest.approx(41 / 547.5 * 100)  # type: ignore[attr-defined]
    assert workforce["absence-rate"].value == pytest.approx(28 / (547.5 / 7.5 * 13) * 100)  # type: ignore[attr-defined]
    assert config.dashboard("workforce").prompts[0] == "Do we depend on one or two people?"  # type: ignore[union-attr]
    # a snapshot a month from May 2025 (the tracker's "As at"): trends and SPC, not one point
    for metric in ("key-person-dependency", "hours-over-contract", "absence-rate", "vacant-fte",
                   "supervision-overdue"):  # fmt: skip
        reading = workforce[metric]
        assert len(reading.history_periods) == 19, metric  # type: ignore[attr-defined]
        assert reading.history_periods[-1] == dt.date(2026, 11, 26), metric  # type: ignore[attr-defined]
        assert reading.spc() is not None, metric  # type: ignore[attr-defined]
    # before July 2026 two GPs shared the home visits and the salaried post was filled
    assert key.history[:14] == (2.0,) * 14 and key.history[14:] == (3.0,) * 5  # type: ignore[attr-defined]
    assert workforce["vacant-fte"].history[13:15] == (0.0, 0.6)  # type: ignore[attr-defined]


def test_the_arrs_mismatch_is_a_reading_and_a_chair_check_finding(config: ChairConfig) -> None:
    """The claims tracker claims the link worker at 1.0 WTE; the workforce file has 0.60 FTE in
    TOTAL_DPC_SPLW_FTE (September 2026, its latest month before the October claim)."""
    reading = _readings(config, "workforce")["arrs-fte-mismatch"]
    assert reading.value == 1 and reading.status is Status.RED  # type: ignore[attr-defined]
    words = ("Social prescribing link worker: claimed 1.00 WTE, reported 0.60 FTE "
             "(TOTAL_DPC_SPLW_FTE, Sep 2026)")  # fmt: skip
    assert words in shown(reading.detail, "finding")  # type: ignore[attr-defined]
    pharmacist = reading.tables[0].rows[0]  # type: ignore[attr-defined]
    assert pharmacist == ("Clinical pharmacist", "1.00", "1.00",
                          "TOTAL_DPC_PHARMA_FTE, Sep 2026", "matches")  # fmt: skip
    claims = next(r for r in check_sources(config, story.TODAY) if r.source_id == "claims")
    assert [f.line() for f in claims.findings] == [
        "WARNING claims.xlsx ARRS Oct 2026: workforce data is questioned: ARRS reimbursement "
        f"does not match the FTE reported: {words}"
    ]


def test_the_income_table_says_which_income_recurs(config: ChairConfig) -> None:
    """The sample claims tracker's "Recurrent or one-off" column: the local scheme is one-off."""
    reading = _readings(config, "finance")["income-not-received-60-days"]
    by_scheme = reading.tables[0]  # type: ignore[attr-defined]
    assert by_scheme.headers[-1] == "Recurrent" and by_scheme.note == ""
    kinds = {row[0]: row[-1] for row in by_scheme.rows}
    assert kinds["LES"] == "One-off" and kinds["ARRS"] == "Recurrent"
