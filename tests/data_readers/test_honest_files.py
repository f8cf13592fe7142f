"""Real practice files, read honestly: trackers as practices keep them, NHS downloads as
published, and every partial, garbled or non-regular file a clear line, exit 1 from
`chair check` (the README's 'problems found'), and never a confident status on a reading."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import socket
import zipfile
from pathlib import Path

import pytest

from chair.cli import main as chair_main
from config import load_config
from domain.status import Status
from storage.data.dashboards import check_sources, compute_dashboard
from storage.data.readers import ReadOptions, read_source
from tests.data_readers.conftest import DATA, TODAY
from tests.shown import labels, shown

AS_KEPT = Path(__file__).resolve().parents[1] / "fixtures" / "as_kept"
CONFIDENT = {Status.GREEN, Status.AMBER, Status.RED, Status.CRITICAL}


def check(
    config: Path, capsys: pytest.CaptureFixture[str], today: str = "2026-01-15"
) -> tuple[int, str]:
    code = chair_main(["--config", str(config), "--today", today, "check"])
    return code, capsys.readouterr().out


# --- trackers as practices keep them -------------------------------------------------------


def test_trackers_as_kept_load_with_no_columns_mapping(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = check(AS_KEPT / "chair.toml", capsys)
    assert code == 0, out
    assert "0 errors" in out and "ERROR" not in out
    readings = {r.metric_id: r for r in compute_dashboard(
        load_config(AS_KEPT / "chair.toml"), "compliance", TODAY)}  # fmt: skip
    assert all(r.status in CONFIDENT for r in readings.values()), readings
    # Training (Windows-1252, title rows, d/m/yy dates): of 5 staff x course pairs on
    # 15 Jan 2026, Tom's IG (expired 5 Jan 2026) and fire safety (1 Jun 2025) are out of date.
    assert readings["training"].value == pytest.approx(60.0)
    # Claims (.xlsx with title rows, "Expected (£)" and "£4,000.00", "Dec 2025" months):
    # the December LD checks, still "Expected", are £800 not yet claimed.
    assert readings["claims"].value == pytest.approx(800.0)
    # Complaints (UTF-8 with BOM, "10 Nov 2025" and "2/12/25"): C-102 open past 8 Dec and
    # C-103 past 30 Dec.
    assert readings["complaints"].value == pytest.approx(2.0)
    # Risk register: the sheet named "Register" (the first sheet is notes); R1 scores 15 and
    # its review was due 1 Nov 2025.
    assert readings["risks"].value == pytest.approx(1.0)


def test_header_normalising_ignores_case_spacing_punctuation_and_units(tmp_path: Path) -> None:
    path = tmp_path / "claims.csv"
    path.write_text(
        " CLAIM-MONTH ,Scheme,Item,Expected Amount (£),claimed_amount,Received amount [£],STATUS\n"
        "2025-12,DES,ARRS,100,100,100,paid\n"
    )
    data = read_source("claims", "claims", path)
    assert [f for f in data.findings if f.severity == "error"] == []
    assert data.frames["rows"]["expected_amount"].to_list() == [100.0]


def test_unlisted_header_gets_the_paste_ready_columns_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "practice"
    shutil.copytree(AS_KEPT, folder)
    toml = folder / "chair.toml"
    toml.write_text(toml.read_text().replace('"Training matrix.csv"', '"training_own_words.csv"'))
    code, out = check(toml, capsys)
    assert code == 1
    assert (
        "column expires_date: required column is missing; proposed: 'Certificate valid to', "
        "by its contents and the order of its dates"
        in out
        or "column expires_date: required column is missing; proposed: 'Certificate valid to', "
        "by its contents (dates)"
        in out
    )
    assert (
        "the file's headers are: 'Staff member', 'Role', 'Course', 'Completed', 'Certificate valid to'"
        in out
    )
    block = out[out.index("paste into chair.toml") :].splitlines()[1:3]
    assert [line.strip() for line in block] == [
        "[sources.training.columns]",
        'expires_date = "Certificate valid to"  # uncertain: by its contents (dates)',
    ]
    # pasting exactly those lines makes the file load
    toml.write_text(toml.read_text() + "\n" + "\n".join(line.strip() for line in block) + "\n")
    code, out = check(toml, capsys)
    assert code == 0, out


def test_header_row_and_sheet_by_position(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("a note\nstaff_name,role,course,completed_date,expires_date\n"
                    "Ann,GP,BLS,01/01/2025,01/01/2027\n")  # fmt: skip
    assert read_source("t", "training", path, ReadOptions(header_row=2)).frames["rows"].height == 1
    wrong = read_source("t", "training", path, ReadOptions(header_row=1))
    assert any("required column is missing" in f.message for f in wrong.findings)
    book = read_source("r", "risk-register", AS_KEPT / "Risk register.xlsx", ReadOptions(sheet=2))
    assert book.frames["rows"].height == 2
    missing = read_source("r", "risk-register", AS_KEPT / "Risk register.xlsx",
                          ReadOptions(sheet="Risks"))  # fmt: skip
    assert (
        "no sheet 'Risks' in the workbook (its sheets: 'Notes', 'Register'"
        in missing.findings[0].message
    )


# --- not a file, not text -------------------------------------------------------------------


def _gpad_config(tmp_path: Path) -> Path:
    folder = tmp_path / "practice"
    shutil.copytree(DATA, folder, ignore=shutil.ignore_patterns("broken"))
    return folder


def _assert_refused(folder: Path, capsys: pytest.CaptureFixture[str], words: str) -> None:
    code, out = check(folder / "chair.toml", capsys)
    assert code == 1, out
    lines = [line for line in out.splitlines() if words in line]
    assert len(lines) == 1, out
    readings = compute_dashboard(load_config(folder / "chair.toml"), "access", TODAY)
    assert readings and all(r.status not in CONFIDENT for r in readings)


def test_random_bytes_named_csv_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _gpad_config(tmp_path)
    for old in (folder / "gpad").iterdir():
        old.unlink()
    (folder / "gpad" / "Practice_Level_Crosstab_Dec_25.csv").write_bytes(os.urandom(20000))
    _assert_refused(folder, capsys, "not a CSV text file")


def test_not_an_excel_workbook(tmp_path: Path) -> None:
    path = tmp_path / "claims.xlsx"
    path.write_text("claim_month,scheme\n2025-12,DES\n")
    data = read_source("claims", "claims", path)
    assert [f.message for f in data.findings][0].startswith("not an Excel workbook")


@pytest.mark.parametrize("kind", ["fifo", "socket", "device"])
def test_fifo_socket_device_refused_without_opening(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    folder = _gpad_config(tmp_path)
    target = folder / "gpad" / "Practice_Level_Crosstab_Dec_25.csv"
    target.unlink()
    (folder / "gpad" / "Practice_Level_Crosstab_Nov_25.csv").unlink()
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "socket":
        server = socket.socket(socket.AF_UNIX)
        monkeypatch.chdir(target.parent)  # a socket path must be short
        server.bind(target.name)
    else:
        target.symlink_to("/dev/zero")
    words = {"fifo": "is a FIFO (named pipe)", "socket": "is a socket", "device": "is a device"}
    _assert_refused(folder, capsys, words[kind])


def test_file_above_the_size_cap_refused_with_its_size(tmp_path: Path) -> None:
    path = tmp_path / "Practice_Level_Crosstab_Dec_25.csv"
    path.write_bytes((DATA / "gpad" / "Practice_Level_Crosstab_Dec_25.csv").read_bytes() * 400)
    data = read_source("a", "gpad", path, ReadOptions(max_mb=0.5))
    assert len(data.findings) == 1
    assert "above the 512 KB size cap: refused" in data.findings[0].message
    assert data.frames == {}


# --- no silent partial file -----------------------------------------------------------------


def test_gpad_cut_mid_row_is_check_data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _gpad_config(tmp_path)
    path = folder / "gpad" / "Practice_Level_Crosstab_Dec_25.csv"
    raw = path.read_bytes()
    path.write_bytes(raw[: raw.rindex(b",EMIS,")])  # a download that stopped mid-row
    code, out = check(folder / "chair.toml", capsys)
    assert code == 1
    assert "Practice_Level_Crosstab_Dec_25.csv last line: cut off part-way (3 of 14 fields)" in out
    assert "readings from this source show CHECK DATA" in out
    readings = compute_dashboard(load_config(folder / "chair.toml"), "access", TODAY)
    assert {r.status for r in readings} == {Status.CHECK_DATA}
    assert all("cut off part-way" in (r.reason or "") for r in readings)
    assert all("cut off part-way" in r.detail.data_problem for r in readings)


def test_tracker_row_with_too_few_fields_is_check_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "practice"
    shutil.copytree(AS_KEPT, folder)
    path = folder / "SEA register.csv"
    lines = path.read_bytes().split(b"\n")
    lines[1] = b"SEA-1,01/10/2025,03/10/2025"
    path.write_bytes(b"\n".join(lines))
    code, out = check(folder / "chair.toml", capsys)
    assert code == 1
    assert "SEA register.csv row 2: the wrong number of fields (3 fields, the header has 7)" in out
    reading = next(r for r in compute_dashboard(load_config(folder / "chair.toml"), "compliance",
                                                TODAY) if r.metric_id == "sea")  # fmt: skip
    assert reading.status is Status.CHECK_DATA


def test_practice_month_far_below_its_recent_months_is_check_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _gpad_config(tmp_path)
    header, *rows = (DATA / "gpad" / "Practice_Level_Crosstab_Dec_25.csv").read_text().splitlines()
    months = ["01JUL2025", "01AUG2025", "01SEP2025", "01OCT2025", "01NOV2025"]
    december = [r for r in rows if r.startswith("01DEC2025")]
    body = [r.replace("01DEC2025", m) for m in months for r in december]
    # December: one of the practice's rows survives (a file whose practice rows stop)
    mine = [r for r in december if ",Y00001," in r]
    body += [r for r in december if ",Y00001," not in r] + mine[1:2]  # 100 of 600
    for old in (folder / "gpad").iterdir():
        old.unlink()
    (folder / "gpad" / "Practice_Level_Crosstab_Dec_25.csv").write_text(
        "\n".join([header, *body]) + "\n"
    )
    code, out = check(folder / "chair.toml", capsys)
    assert code == 1
    assert "Dec 2025 has" in out and "under half the median of the 5 months before" in out
    readings = compute_dashboard(load_config(folder / "chair.toml"), "access", TODAY)
    assert {r.status for r in readings} == {Status.CHECK_DATA}


# --- NHS downloads as published -------------------------------------------------------------


def test_zipped_release_reads_the_same_as_its_csvs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    archive = tmp_path / "gpad" / "appointments_Dec_25.zip"
    archive.parent.mkdir()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as book:
        for csv in sorted((DATA / "gpad").glob("*.csv")):
            book.write(csv, f"Practice Level Crosstab/{csv.name}")
        book.writestr("Readme.txt", "About this publication")
        book.writestr("Mapping.csv", "GP_CODE,GP_NAME,ICB_NAME\nY00001,EXAMPLE,NHS EXAMPLE ICB\n")
    zipped = read_source("a", "gpad", archive)
    plain = read_source("a", "gpad", DATA / "gpad" / "Practice_Level_Crosstab*.csv")
    assert plain.findings == []
    assert [(f.file, f.severity, f.message) for f in zipped.findings] == [
        (
            "Mapping.csv",
            "warning",
            "not a gpad file (most of its columns are missing): another "
            "file of the archive, skipped",
        )
    ]
    assert zipped.frames["monthly"].equals(plain.frames["monthly"])
    assert [f.name for f in zipped.files] == [f.name for f in plain.files]
    # the folder holding the zip works as the path too; so does the QOF zip as published
    assert (
        read_source("a", "gpad", archive.parent).frames["monthly"].equals(plain.frames["monthly"])
    )
    qof_zip = tmp_path / "QOF2526.zip"
    with zipfile.ZipFile(qof_zip, "w") as book:
        for csv in sorted((DATA / "qof").glob("*.csv")):
            book.write(csv, csv.name)
    qof = read_source("q", "qof", qof_zip)
    folder = read_source("q", "qof", DATA / "qof")
    assert qof.frames["achievement"].equals(folder.frames["achievement"])


def test_damaged_zip_is_a_finding(tmp_path: Path) -> None:
    archive = tmp_path / "appointments_Dec_25.zip"
    with zipfile.ZipFile(archive, "w") as book:
        book.write(
            DATA / "gpad" / "Practice_Level_Crosstab_Dec_25.csv",
            "Practice_Level_Crosstab_Dec_25.csv",
        )
    archive.write_bytes(archive.read_bytes()[:300])
    data = read_source("a", "gpad", archive)
    assert data.frames == {}
    assert "not a readable zip archive" in data.findings[0].message


def test_provenance_names_the_files_that_gave_the_practice_rows(config: object) -> None:
    readings = compute_dashboard(load_config(DATA / "chair.toml"), "access", TODAY)
    dna = next(r for r in readings if r.metric_id == "dna-rate")
    assert dna.source_file.startswith("Practice_Level_Crosstab_Dec_25.csv")
    assert "Practice_Level_Crosstab_Dec_25.csv (" in dna.detail.files
    assert "latest release" in dna.detail.files


# --- completeness and staleness ---------------------------------------------------------------


def test_weekday_only_telephony_month_is_complete(tmp_path: Path) -> None:
    header = "Date,REGION_CODE,ICB_CODE,SUB_ICB_LOCATION_CODE,PCN_CODE,PRACTICE_CODE,Indicator,Time_Category,Value"
    day, rows = dt.date(2025, 12, 1), [header]
    while day.month == 12:
        if day.weekday() < 5 and day not in (dt.date(2025, 12, 25), dt.date(2025, 12, 26)):
            stamp = day.strftime("%d%b%Y").upper()
            rows += [f"{stamp},Y60,QSL,11X,U00001,Y00001,CBT001,08:00 - 09:59,10",
                     f"{stamp},Y60,QSL,11X,U00001,Y00001,CBT004,08:00 - 09:59,1"]  # fmt: skip
        day += dt.timedelta(days=1)
    path = tmp_path / "CBT_By_Day_and_Time_Dec_25.csv"
    path.write_text("\n".join(rows) + "\n")
    from domain.metrics import calculate
    from domain.metrics.base import PracticeContext, SourceFrames

    data = read_source("t", "cbt", path)
    frames = SourceFrames(tables=data.frames, as_of=data.as_of)
    series = calculate(
        "cbt.missed_in_queue_share", frames, {}, PracticeContext("Y00001", 10000), TODAY
    )
    assert series.completeness == pytest.approx(1.0)
    assert "month" not in labels(series.detail)


def test_annual_sources_are_not_stale_by_default(tmp_path: Path) -> None:
    folder = _gpad_config(tmp_path)
    toml = folder / "chair.toml"
    lines = [
        line for line in toml.read_text().splitlines() if not line.startswith("stale_after_days")
    ]
    toml.write_text("\n".join(lines) + "\n")
    config = load_config(toml)
    assert all(m.stale_after_days is None for m in config.metrics)
    reports = {r.format: r for r in check_sources(config, TODAY)}
    # GPPS 2025 (published July 2025) and the QOF year-end are months old, yet not STALE
    assert reports["gpps"].age_days is not None and reports["gpps"].age_days > 62
    assert not reports["gpps"].stale and reports["gpps"].stale_after_days == 430
    assert reports["qof"].stale_after_days == 430 and reports["gpad"].stale_after_days == 75
    gpps = [r for r in compute_dashboard(config, "other", TODAY) if r.metric_id == "gpps"]
    assert len(gpps) == 1 and gpps[0].status in CONFIDENT


def test_list_metrics_names_every_calculation(capsys: pytest.CaptureFixture[str]) -> None:
    from domain.metrics import CATALOGUE

    assert chair_main(["check", "--list-metrics"]) == 0
    out = capsys.readouterr().out
    for name in CATALOGUE:
        assert f"{name}  (source format:" in out


# --- QOF honesty ----------------------------------------------------------------------------


def test_qof_cohort_above_register_is_a_finding_and_check_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _gpad_config(tmp_path)
    path = folder / "qof" / "ACHIEVEMENT_2526.csv"
    path.write_text(
        path.read_text().replace("Y00001,HYP001,REGISTER,1480", "Y00001,HYP001,REGISTER,900")
    )
    code, out = check(folder / "chair.toml", capsys)
    assert code == 1
    assert "HYP008: denominator 1,000 + PCAs 100 = 1,100, above the HYP register of 900" in out
    readings = compute_dashboard(load_config(folder / "chair.toml"), "qof", TODAY)
    assert readings and {r.status for r in readings} == {Status.CHECK_DATA}


def test_qof_with_some_indicators_is_measured_over_those_present() -> None:
    readings = {
        r.metric_id: r for r in compute_dashboard(load_config(DATA / "chair.toml"), "qof", TODAY)
    }
    trajectory = readings["qof-trajectory"]
    assert shown(trajectory.detail, "indicators").startswith("4 of ")
    assert "achieved points" in labels(trajectory.detail) and " of 90 at " in shown(
        trajectory.detail, "achieved points"
    )
    # the expected points are a share of the 90 points present, never of the year's maximum
    assert trajectory.denominator is not None and trajectory.denominator < 90


def test_download_with_a_zero_filled_end_is_refused(tmp_path: Path) -> None:
    # what a download manager leaves when it preallocates the file and stops part-way
    path = tmp_path / "Practice_Level_Crosstab_Dec_25.csv"
    raw = (DATA / "gpad" / "Practice_Level_Crosstab_Dec_25.csv").read_bytes()
    path.write_bytes(raw * 10 + b"\x00" * 50_000)
    data = read_source("a", "gpad", path)
    assert [f.message for f in data.findings] == [
        "not a CSV text file all through: its end holds binary data (a damaged or unfinished "
        "download?); download it again"
    ]
    assert data.frames == {}


def test_evidence_names_the_regional_file_that_holds_the_practice(tmp_path: Path) -> None:
    from domain.decisions import snapshot_of

    folder = _gpad_config(tmp_path)
    header, *rows = (
        (folder / "gpad" / "Practice_Level_Crosstab_Dec_25.csv").read_text().splitlines()
    )
    for old in (folder / "gpad").iterdir():
        old.unlink()
    london = [r for r in rows if ",Y00004," in r]
    (folder / "gpad" / "Practice_Level_Crosstab_London_East_South_Dec_25.csv").write_text(
        "\n".join([header, *london]) + "\n"
    )
    (folder / "gpad" / "Practice_Level_Crosstab_Midlands_North_Dec_25.csv").write_text(
        "\n".join([header, *(r for r in rows if r not in london)]) + "\n"
    )
    readings = compute_dashboard(load_config(folder / "chair.toml"), "access", TODAY)
    dna = next(r for r in readings if r.metric_id == "dna-rate")
    assert dna.source_file == "Practice_Level_Crosstab_Midlands_North_Dec_25.csv"
    assert "London" not in dna.detail.files
    assert snapshot_of(dna).source_file == "Practice_Level_Crosstab_Midlands_North_Dec_25.csv"


def test_a_telephony_month_in_progress_is_not_in_doubt(tmp_path: Path) -> None:
    header = "Date,REGION_CODE,ICB_CODE,SUB_ICB_LOCATION_CODE,PCN_CODE,PRACTICE_CODE,Indicator,Time_Category,Value"
    rows, day = [header], dt.date(2025, 6, 1)
    while day <= dt.date(2025, 12, 5):  # six whole months, then the first days of December
        if day.weekday() < 5:
            stamp = day.strftime("%d%b%Y").upper()
            rows.append(f"{stamp},Y60,QSL,11X,U00001,Y00001,CBT001,08:00 - 09:59,100")
        day += dt.timedelta(days=1)
    path = tmp_path / "CBT_By_Day_and_Time_Dec_25.csv"
    path.write_text("\n".join(rows) + "\n")
    from storage.data.readers.compute import volume_doubt

    data = read_source("t", "cbt", path)
    assert volume_doubt(data, "Y00001") is None  # 5 days of December at the usual daily rate
    # the same five days at a fifth of the usual calls a day: in doubt, per working day
    low = [r.replace(",100", ",20") if "DEC2025" in r else r for r in rows]
    path.write_text("\n".join(low) + "\n")
    found = volume_doubt(read_source("t", "cbt", path), "Y00001")
    assert found is not None and "Dec 2025 has 20 inbound calls a working day" in found
