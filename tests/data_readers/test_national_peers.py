"""Peer medians for the calculations over national files that had none: the FTE change over a
quarter, demand per appointment and calls per 1,000 patients. Small files in the published
formats, every median worked by hand below.

Four practices: Y00001 and Y00002 in PCN U1, Y00003 in U2 (all sub-ICB 11X), Y00004 in U3 (22Y).
November 2026, from the telephony file (dated by month) and the appointments crosstab:

    practice  calls  appointments  calls/appt  list size (workforce file)    calls per 1,000
    Y00001      400           500        0.80  10,000 (Sep; Dec's 20,000 is later)        40
    Y00002      300           200        1.50   5,000 (Sep)                               60
    Y00003      900           600        1.50   6,000 (Sep)                              150
    Y00004      200           400        0.50   4,000 (Dec: the only one it has)          50
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from domain.metrics import calculate
from domain.metrics.base import PracticeContext, SourceFrames
from domain.readings import PeerContext
from storage.data.readers import read_source
from tests.shown import labels, shown

TODAY = dt.date(2026, 12, 20)
PRACTICE = PracticeContext("Y00001", 10_000, "U1", "11X")
GEOGRAPHY = {"Y00001": ("U1", "11X"), "Y00002": ("U1", "11X"), "Y00003": ("U2", "11X"),
             "Y00004": ("U3", "22Y")}  # fmt: skip
CALLS = {"Y00001": 400, "Y00002": 300, "Y00003": 900, "Y00004": 200}
APPOINTMENTS = {"Y00001": 500, "Y00002": 200, "Y00003": 600, "Y00004": 400}
WORKFORCE = "\ufeffPRAC_CODE,PRAC_NAME,PCN_CODE,SUB_ICB_CODE,ICB_CODE,TOTAL_PATIENTS,TOTAL_GP_FTE\n"
GP_FTE = {  # month -> practice -> (list size, GP FTE)
    "June": {"Y00001": ("10000", "6.00"), "Y00002": ("5000", "4.00"), "Y00003": ("6000", "3.00")},
    "September": {"Y00001": ("10000", "5.00"), "Y00002": ("5000", "4.50"),
                  "Y00003": ("6000", "2.00"), "Y00004": ("NA", "5.00")},
    "December": {"Y00001": ("20000", "5.50"), "Y00002": ("5000", "4.50"),
                 "Y00003": ("6000", "NA"), "Y00004": ("4000", "4.00")},
}  # fmt: skip


def _write(folder: Path) -> dict[str, SourceFrames]:
    (folder / "cbt").mkdir()
    (folder / "gpad").mkdir()
    (folder / "workforce").mkdir()
    cbt = ["Date,REGION_CODE,ICB_CODE,SUB_ICB_LOCATION_CODE,PCN_CODE,PRACTICE_CODE,Indicator,"
           "Time_Category,Value"]  # fmt: skip
    gpad = ["APPOINTMENT_MONTH_START_DATE,GP_CODE,GP_NAME,SUPPLIER,PCN_CODE,PCN_NAME,"
            "SUB_ICB_LOCATION_CODE,SUB_ICB_LOCATION_NAME,HCP_TYPE,APPT_MODE,NATIONAL_CATEGORY,"
            "TIME_BETWEEN_BOOK_AND_APPT,COUNT_OF_APPOINTMENTS,APPT_STATUS"]  # fmt: skip
    for code, (pcn, icb) in GEOGRAPHY.items():
        cbt.append(f"01NOV2026,Y60,QSL,{icb},{pcn},{code},CBT001,08:00 - 09:59,{CALLS[code]}")
        gpad.append(f"01NOV2026,{code},PRACTICE {code},EMIS,{pcn},PCN {pcn},{icb},ICB {icb},GP,"
                    f"Telephone,General Consultation Acute,Same Day,{APPOINTMENTS[code]},Attended")  # fmt: skip
    (folder / "cbt" / "CBT_By_Day_and_Time_Nov_26.csv").write_text("\n".join(cbt) + "\n")
    (folder / "gpad" / "Practice_Level_Crosstab_Nov_26.csv").write_text("\n".join(gpad) + "\n")
    for month, rows in GP_FTE.items():
        lines = [WORKFORCE] + [
            f"{code},P,{GEOGRAPHY[code][0]},{GEOGRAPHY[code][1]},QSL,{size},{fte}\n"
            for code, (size, fte) in rows.items()
        ]
        name = f"1 General Practice – {month} 2026 Practice Level - Detailed.csv"
        (folder / "workforce" / name).write_text("".join(lines), encoding="utf-8")
    frames = {}
    for kind, glob in (
        ("cbt", "cbt/*.csv"),
        ("gpad", "gpad/*.csv"),
        ("workforce", "workforce/*.csv"),
    ):
        data = read_source(kind, kind, folder / glob)
        assert [f for f in data.findings if f.severity == "error"] == [], data.findings
        frames[kind] = SourceFrames(tables=data.frames)
    return frames


def _joined(frames: dict[str, SourceFrames], **others: str) -> SourceFrames:
    tables = dict(frames["cbt"].tables)
    for param, kind in others.items():
        tables |= {f"{param}:{n}": t for n, t in frames[kind].tables.items()}
    return SourceFrames(tables=tables)


def test_demand_per_appointment_has_peers(tmp_path: Path) -> None:
    frames = _joined(_write(tmp_path), appointments_source="gpad")
    series = calculate("cbt.demand_per_appointment", frames, {}, PRACTICE, TODAY)
    assert series.problem is None
    assert series.values == pytest.approx((0.8,))
    # U1: Y00001 0.80 and Y00002 1.50; 11X adds Y00003 1.50; England adds Y00004 0.50
    assert series.peer == PeerContext(pcn_median=1.15, icb_median=1.5, national_median=1.15)


def test_demand_with_online_requests_says_its_peers_count_calls_only(tmp_path: Path) -> None:
    frames = _joined(_write(tmp_path), appointments_source="gpad")
    online = pl.DataFrame(
        {"metric": ["online"], "period_end": [dt.date(2026, 11, 30)], "value": [100.0]}
    )
    frames = SourceFrames(tables={**frames.tables, "online_source:rows": online})
    series = calculate(
        "cbt.demand_per_appointment", frames, {"online_metric": "online"}, PRACTICE, TODAY
    )
    assert series.values == pytest.approx(((400 + 100) / 500,))
    assert series.peer is not None
    assert series.peer.national_median == pytest.approx(1.15)
    assert series.peer.basis.startswith("calls only")
    assert shown(series.detail, "calls per appointment").startswith(
        "0.80 "
    )  # 400 / 500, like for like


def test_calls_per_1000_peers_use_each_practices_list_size(tmp_path: Path) -> None:
    files = _write(tmp_path)
    series = calculate(
        "cbt.calls_per_1000", _joined(files, list_source="workforce"), {}, PRACTICE, TODAY
    )
    assert series.values == pytest.approx((40.0,))  # 400 / the configured 10,000 x 1,000
    # U1: 40, 60 -> 50; 11X: 40, 60, 150 -> 60; England: 40, 50, 60, 150 -> 55
    assert series.peer == PeerContext(pcn_median=50.0, icb_median=60.0, national_median=55.0)
    assert "TOTAL_PATIENTS" in shown(series.detail, "peers")
    alone = calculate("cbt.calls_per_1000", files["cbt"], {}, PRACTICE, TODAY)
    assert alone.peer is None and "peers" not in labels(alone.detail)


def test_fte_change_over_a_quarter_is_per_1000_patients_with_peers(tmp_path: Path) -> None:
    frames = _write(tmp_path)["workforce"]
    series = calculate("workforce.fte_change_quarter", frames, {"group": "gp"}, PRACTICE, TODAY)
    # Y00001, GP FTE per 1,000: September 5.00 / 10,000 = 0.50 less June 6.00 / 10,000 = 0.60;
    # December 5.50 / 20,000 = 0.275 less September 0.50: more GPs, but the list doubled
    assert series.values == pytest.approx((-0.1, -0.225))
    assert series.numerators == pytest.approx((-1.0, 0.5))  # the FTE moved
    # December: Y00001 -0.225, Y00002 4.50 / 5,000 both months = 0.00, Y00003 NA (left out),
    # Y00004 no list size in September (left out): U1, 11X and England alike
    assert series.peer == PeerContext(
        pcn_median=-0.1125, icb_median=-0.1125, national_median=-0.1125
    )
    assert shown(series.detail, "TOTAL_GP_FTE") == "5.50 now, 5.00 three months before (+0.50 FTE)"
    assert shown(series.detail, "patients") == "20,000 now, 10,000 three months before"
    assert "list size" not in labels(series.detail)


def test_fte_change_with_no_list_size_uses_the_configured_one(tmp_path: Path) -> None:
    frames = _write(tmp_path)["workforce"]
    practice = PracticeContext("Y00004", 4_000, "U3", "22Y")
    series = calculate("workforce.fte_change_quarter", frames, {"group": "gp"}, practice, TODAY)
    # December 4.00 / 4,000 = 1.00 less September 5.00 over the configured 4,000 = 1.25
    assert series.values == pytest.approx((-0.25,))
    assert "configured" in shown(series.detail, "list size")
    # Alone in U3 and 22Y: no PCN or ICB median; England: -0.25, -0.225, 0.00 -> -0.225
    assert series.peer == PeerContext(pcn_median=None, icb_median=None, national_median=-0.225)
