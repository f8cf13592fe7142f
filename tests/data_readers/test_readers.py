"""Readers against small real-format files, and one broken file per failure mode."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import polars as pl

from storage.data.readers import read_source
from storage.data.readers.gpad import release_of
from storage.data.readers.workforce import period_of
from tests.data_readers.conftest import BROKEN, DATA


def messages(data: object) -> list[str]:
    return [f"{f.severity} {f.where}: {f.message}" for f in data.findings]  # type: ignore[attr-defined]


def test_gpad_latest_release_wins_for_overlapping_months() -> None:
    data = read_source("appointments", "gpad", DATA / "gpad" / "Practice_Level_Crosstab*.csv")
    assert data.findings == []
    rows = data.frames["monthly"].filter(pl.col("practice") == "Y00001").sort("month")
    assert rows["month"].to_list() == [dt.date(2025, m, 1) for m in (9, 10, 11, 12)]
    november = rows.filter(pl.col("month") == dt.date(2025, 11, 1))
    assert (november["total"][0], november["dna"][0]) == (
        500,
        25,
    )  # Dec_25 release, not Nov_25's 300
    assert data.as_of == dt.date(2025, 12, 31)
    assert data.latest_file is not None and data.latest_file.name.endswith("_Dec_25.csv")


def test_gpad_double_spaced_bands_are_normalised() -> None:
    data = read_source("appointments", "gpad", DATA / "gpad" / "Practice_Level_Crosstab*.csv")
    december = data.frames["monthly"].filter(
        (pl.col("practice") == "Y00001") & (pl.col("month") == dt.date(2025, 12, 1))
    )
    assert december["over_14"][0] == 80  # "15  to 21 Days" + "More than 28 Days"
    assert december["same_day"][0] == 420


def test_release_and_period_come_from_file_names() -> None:
    assert release_of(Path("Practice_Level_Crosstab_Dec_25.csv")) == dt.date(2025, 12, 1)
    assert release_of(Path("Practice_Level_Crosstab_Midlands_North_Mar_26.csv")) == dt.date(
        2026, 3, 1
    )
    assert release_of(Path("Practice_Level_Crosstab.csv")) is None
    name = "1 General Practice – November 2025 Practice Level - Detailed.csv"
    assert period_of(Path(name)) == dt.date(2025, 11, 30)


def test_gpad_missing_column_is_an_error_finding() -> None:
    data = read_source("a", "gpad", BROKEN / "gpad_missing_column" / "Practice_Level_Crosstab*.csv")
    assert "error column COUNT_OF_APPOINTMENTS: required column is missing" in messages(data)
    assert data.problem() is not None and not data.frames


def test_gpad_bad_values_name_their_rows_and_unknown_categories_warn() -> None:
    data = read_source("a", "gpad", BROKEN / "gpad_bad_values" / "Practice_Level_Crosstab*.csv")
    found = messages(data)
    assert any(
        m.startswith("error row 3: APPOINTMENT_MONTH_START_DATE '2025-13-45'") for m in found
    )
    assert any(m.startswith("error row 4: COUNT_OF_APPOINTMENTS 'ten'") for m in found)
    assert any("warning column NATIONAL_CATEGORY" in m and "Brand New Category" in m for m in found)
    # `Unknown / Data Quality` is a known spelling: no warning for the booking band.
    assert not any("TIME_BETWEEN_BOOK_AND_APPT" in m for m in found)
    monthly = data.frames["monthly"]
    assert monthly["total"][0] == 15 and monthly["band_unknown"][0] == 5  # good rows still count


def test_empty_and_header_only_files() -> None:
    empty = read_source("a", "gpad", BROKEN / "gpad_empty" / "Practice_Level_Crosstab*.csv")
    assert any("file is empty" in m for m in messages(empty))
    header = read_source("a", "gpad", BROKEN / "gpad_header_only" / "Practice_Level_Crosstab*.csv")
    assert any("no data rows" in m for m in messages(header))
    assert empty.problem() and header.problem()


def test_missing_files_are_findings_not_exceptions(tmp_path: Path) -> None:
    for fmt, path in (("gpad", tmp_path / "none*.csv"), ("cbt", tmp_path / "x.csv"),
                      ("qof", tmp_path / "qof"), ("claims", tmp_path / "claims.xlsx"),
                      ("workforce", tmp_path / "w*.csv"), ("gpps", tmp_path / "g*.csv")):  # fmt: skip
        data = read_source("s", fmt, path)
        assert data.findings and data.findings[0].severity == "error", fmt
        assert data.problem() is not None


def test_cbt_drops_unassigned_and_reads_two_hour_bands() -> None:
    data = read_source("telephony", "cbt", DATA / "cbt" / "*.csv")
    assert data.findings == []
    monthly = data.frames["monthly"]
    assert "Unassigned" not in monthly["practice"].to_list()
    december = monthly.filter(
        (pl.col("practice") == "Y00001") & (pl.col("month") == dt.date(2025, 12, 1))
    )
    assert december.select("CBT001", "CBT003", "CBT004", "peak_inbound", "days").row(0) == (
        320,
        180,
        80,
        200,
        2,
    )


def test_qof_directory_pivots_long_measures() -> None:
    data = read_source("qof", "qof", DATA / "qof")
    assert data.findings == []
    hyp = data.frames["achievement"].filter(
        (pl.col("year") == "2025/26")
        & (pl.col("practice") == "Y00001")
        & (pl.col("indicator") == "HYP008")
    )
    assert hyp.select("numerator", "denominator", "pcas").row(0) == (720, 1000, 100)
    assert set(data.frames) == {"achievement", "prevalence", "mapping"}


def test_qof_source_may_be_a_file_a_glob_or_a_folder() -> None:
    folder = read_source("qof", "qof", DATA / "qof")
    for path in (DATA / "qof" / "*.csv", DATA / "qof" / "ACHIEVEMENT_2526.csv"):
        data = read_source("qof", "qof", path)
        assert data.findings == [], path
        mine = data.frames["achievement"].filter(pl.col("year") == "2025/26")
        assert mine.equals(folder.frames["achievement"].filter(pl.col("year") == "2025/26"))


def test_workforce_bom_na_and_en_dash_file_name() -> None:
    data = read_source(
        "workforce", "workforce", DATA / "workforce" / "*Practice Level - Detailed.csv"
    )
    assert data.findings == []
    frame = data.frames["practice"]
    assert "PRAC_CODE" not in frame.columns and "practice" in frame.columns  # BOM stripped
    y3 = frame.filter(pl.col("practice") == "Y00003")
    assert y3["TOTAL_GP_FTE"][0] is None  # NA is missing, not an error
    assert sorted(set(frame["period"].to_list())) == [dt.date(2025, 10, 31), dt.date(2025, 11, 30)]


def test_windows_1252_text_is_read_with_a_warning() -> None:
    data = read_source("w", "workforce", BROKEN / "workforce_cp1252" / "*Detailed.csv")
    assert [f.severity for f in data.findings] == ["warning"]
    assert "Windows-1252" in data.findings[0].message
    assert data.frames["practice"]["TOTAL_GP_FTE"][0] == 6.0


def test_gpps_both_schemas_sentinels_and_scaling() -> None:
    data = read_source("gpps", "gpps", DATA / "gpps" / "GPPS_*_PUBLIC.csv")
    assert data.findings == []
    frame = data.frames["practice"]
    own = frame.filter(pl.col("practice") == "Y00001").sort("period")
    assert own["schema"].to_list() == ["pre-2024", "2024", "2024"]
    assert own["overall_good"].to_list() == [81.0, 70.0, 77.2]
    sentinel = frame.filter(pl.col("practice") == "Y00002")["overall_good"][0]
    assert sentinel is None  # -97 is suppressed, not -9700%


def test_training_csv_uk_dates_and_trailing_blank_rows() -> None:
    data = read_source("training", "training", DATA / "trackers" / "training.csv")
    assert data.findings == []
    rows = data.frames["rows"]
    assert rows.height == 5  # the two trailing ",,,," rows are dropped
    assert rows["completed_date"][0] == dt.date(2023, 2, 1)  # 01/02/2023 is 1 February
    assert rows["completed_date"][3] == dt.date(2025, 6, 1)  # ISO in the same column


def test_unparseable_date_names_row_and_column() -> None:
    data = read_source("training", "training", BROKEN / "training_bad_date.csv")
    assert messages(data) == [
        "error row 2: completed_date '31/02/2025' is not a valid date; treated as missing"
    ]


def test_claims_xlsx_is_read_with_typed_columns() -> None:
    data = read_source("claims", "claims", DATA / "trackers" / "claims.xlsx")
    assert data.findings == []
    rows = data.frames["rows"]
    assert rows["claim_month"][0] == dt.date(2025, 11, 1)
    assert rows["received_amount"].to_list()[:3] == [1000.0, 4000.0, None]
    assert rows["paid_date"][0] == dt.date(2025, 12, 20)


def test_zero_byte_and_corrupt_xlsx(tmp_path: Path) -> None:
    empty = read_source("claims", "claims", BROKEN / "claims_empty.xlsx")
    assert "empty" in empty.findings[0].message
    corrupt = read_source("claims", "claims", BROKEN / "claims_corrupt.xlsx")
    assert "cannot open spreadsheet" in corrupt.findings[0].message
    assert empty.problem() and corrupt.problem()


def test_unknown_tracker_status_is_a_warning() -> None:
    data = read_source("claims", "claims", BROKEN / "claims_unknown_status.csv")
    assert [f.severity for f in data.findings] == ["warning"]
    assert "pending review" in data.findings[0].message
    assert data.frames["rows"].height == 1


def test_one_broken_file_among_good_ones_keeps_the_good(tmp_path: Path) -> None:
    for file in (DATA / "gpad").iterdir():
        shutil.copy(file, tmp_path / file.name)
    (tmp_path / "Practice_Level_Crosstab_Jan_26.csv").write_bytes(b"\xff\xfe garbage \x00\x01")
    data = read_source("a", "gpad", tmp_path / "Practice_Level_Crosstab*.csv")
    assert any(f.file == "Practice_Level_Crosstab_Jan_26.csv" for f in data.findings)
    assert data.frames["monthly"].filter(pl.col("practice") == "Y00001").height == 4


def test_gpad_windows_1252_file_falls_back(tmp_path: Path) -> None:
    text = (DATA / "gpad" / "Practice_Level_Crosstab_Dec_25.csv").read_text(encoding="utf-8")
    (tmp_path / "Practice_Level_Crosstab_Dec_25.csv").write_bytes(
        text.replace("EXAMPLE MEDICAL CENTRE", "CAFÉ MEDICAL CENTRE").encode("cp1252")
    )
    data = read_source("a", "gpad", tmp_path / "Practice_Level_Crosstab*.csv")
    assert [f.severity for f in data.findings] == ["warning"]
    assert data.frames["monthly"].filter(pl.col("practice") == "Y00001").height == 3


def test_cbt_bad_value_and_unknown_indicator(tmp_path: Path) -> None:
    text = (DATA / "cbt" / "CBT_By_Day_and_Time_Dec_25.csv").read_text()
    text = text.replace("CBT001,10:00 - 11:59,60", "CBT001,10:00 - 11:59,sixty", 1)
    text += "01DEC2025,Y60,QSL,11X,U00001,Y00001,CBT099,08:00 - 09:59,3\n"
    (tmp_path / "CBT_By_Day_and_Time_Dec_25.csv").write_text(text)
    data = read_source("telephony", "cbt", tmp_path / "*.csv")
    found = messages(data)
    assert any(m.startswith("error row 3: Value 'sixty' is not a valid number") for m in found), (
        found
    )
    assert any("warning column Indicator" in m and "CBT099" in m for m in found)
    december = data.frames["monthly"].filter(
        (pl.col("practice") == "Y00001") & (pl.col("month") == dt.date(2025, 12, 1))
    )
    assert december["CBT001"][0] == 260  # the unreadable 60 is missing, not guessed


CBT_HEADER = (
    "Date,REGION_CODE,ICB_CODE,SUB_ICB_LOCATION_CODE,PCN_CODE,PRACTICE_CODE,Indicator,"
    "Time_Category,Value\n"
)


def test_cbt_evening_bands_that_start_at_18_are_two_bands(tmp_path: Path) -> None:
    """`18:00 - 18:29` and `18:30 - 23:59` both start at 18; both count."""
    rows = [
        "01DEC2025,Y60,QSL,11X,U00001,Y00001,CBT001,16:00 - 17:59,40",
        "01DEC2025,Y60,QSL,11X,U00001,Y00001,CBT001,18:00 - 18:29,7",
        "01DEC2025,Y60,QSL,11X,U00001,Y00001,CBT001,18:30 - 23:59,3",
    ]
    (tmp_path / "CBT_By_Day_and_Time_Dec_25.csv").write_text(CBT_HEADER + "\n".join(rows) + "\n")
    (tmp_path / "CBT_By_Day_and_Time_Dec_25_v2.csv").write_text(CBT_HEADER + "\n".join(rows) + "\n")
    data = read_source("telephony", "cbt", tmp_path / "*.csv")
    assert data.findings == []
    assert data.frames["monthly"]["CBT001"].to_list() == [50]  # the reissue replaces, not adds


def test_cbt_repeated_row_is_counted_once_by_its_full_band_label(tmp_path: Path) -> None:
    rows = [
        "01DEC2025,Y60,QSL,11X,U00001,Y00001,CBT001,18:00 - 18:29,7",
        "01DEC2025,Y60,QSL,11X,U00001,Y00001,CBT001,18:30 - 23:59,3",
        "01DEC2025,Y60,QSL,11X,U00001,Y00001,CBT001,18:30-23:59,3",  # the same band again
    ]
    (tmp_path / "CBT_By_Day_and_Time_Dec_25.csv").write_text(CBT_HEADER + "\n".join(rows) + "\n")
    data = read_source("telephony", "cbt", tmp_path / "*.csv")
    assert data.frames["monthly"]["CBT001"].to_list() == [10]
    assert [f.severity for f in data.findings] == ["warning"]
    assert "1 repeated rows" in data.findings[0].message


def test_cbt_grouping_counts_repeats_only_where_a_row_repeats(tmp_path: Path) -> None:
    """The fast path's `distinct` (rows less repeats): a clean date x practice has none, so no
    file takes the careful re-read; a row given twice is one repeat."""
    import polars as pl

    from storage.data.readers.cbt import _query
    from storage.data.readers.common import scan_text

    rows = [
        "01DEC2025,Y60,QSL,11X,U00001,Y00001,CBT001,08:00 - 09:59,40",
        "01DEC2025,Y60,QSL,11X,U00001,Y00001,CBT004,08:00 - 09:59,9",
        "01DEC2025,Y60,QSL,11X,U00001,Y00001,CBT001,10:00 - 11:59,30",
        "02DEC2025,Y60,QSL,11X,U00001,Y00001,CBT001,08:00 - 09:59,20",
        "02DEC2025,Y60,QSL,11X,U00001,Y00001,CBT001,08:00 - 09:59,20",
    ]
    path = tmp_path / "CBT_By_Day_and_Time_Dec_25.csv"
    path.write_text(CBT_HEADER + "\n".join(rows) + "\n")
    grouped = _query("SUB_ICB_LOCATION_CODE")(scan_text(path), path, False).collect()
    counts = grouped.sort("raw_date").select("rows", "distinct", "odd", "peak_inbound").rows()
    assert counts == [(3, 3, False, 40.0), (2, 1, False, 40.0)]
    assert grouped.filter(pl.col("raw_date") == "01DEC2025")["CBT004 08:00-09:59"][0] == 9


def test_cbt_labels_of_another_spelling_are_read_by_label_and_count_the_same(
    tmp_path: Path,
) -> None:
    """A label outside the published spellings (`08:00  -  09:59`, `8:00-9:59`) sends its file
    through the two-step read: the same grid and peak as the published spelling gives."""

    Rows = list[tuple[object, ...]]

    def monthly_and_daily(labels: tuple[str, str], folder: Path) -> tuple[Rows, Rows]:
        folder.mkdir()
        rows = [
            f"01DEC2025,Y60,QSL,11X,U00001,Y00001,CBT001,{labels[0]},40",
            f"01DEC2025,Y60,QSL,11X,U00001,Y00001,CBT004,{labels[0]},9",
            f"01DEC2025,Y60,QSL,11X,U00001,Y00001,CBT001,{labels[1]},5",
        ]
        file = folder / "CBT_By_Day_and_Time_Dec_25.csv"
        file.write_text(CBT_HEADER + "\n".join(rows) + "\n")
        data = read_source("telephony", "cbt", folder / "*.csv")
        assert data.findings == []
        weekdays = data.frames["weekdays"].sort("practice", "month", "weekday").rows()
        return data.frames["monthly"].rows(), weekdays

    published = monthly_and_daily(("08:00 - 09:59", "18:30 - 23:59"), tmp_path / "a")
    assert published == monthly_and_daily(("08:00  -  09:59", "18:30-23:59"), tmp_path / "b")
    odd = monthly_and_daily(("8:00-9:59", "18:30 - 23:59"), tmp_path / "c")
    assert odd[0] == published[0]  # peak (a label starting 8:) and totals the same
    assert odd[1] != published[1]  # `8:00-9:59` is not the grid's 08:00-09:59 band
