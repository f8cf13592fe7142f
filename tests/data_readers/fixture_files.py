"""Writes the small real-format fixture files under tests/fixtures/data/ (run as a module).

The numbers are chosen so every metric can be worked out by hand; the tests say how.
Run: python -m tests.data_readers.fixture_files
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "fixtures" / "data"
GPAD_HEADER = (
    "APPOINTMENT_MONTH_START_DATE,GP_CODE,GP_NAME,SUPPLIER,PCN_CODE,PCN_NAME,SUB_ICB_LOCATION_CODE,"
    "SUB_ICB_LOCATION_NAME,HCP_TYPE,APPT_MODE,NATIONAL_CATEGORY,TIME_BETWEEN_BOOK_AND_APPT,"
    "COUNT_OF_APPOINTMENTS,APPT_STATUS"
)
PRACTICES = {  # code: (name, pcn, sub-ICB)
    "Y00001": ("EXAMPLE MEDICAL CENTRE", "U00001", "11X"),
    "Y00002": ("SECOND SURGERY", "U00001", "11X"),
    "Y00003": ("THIRD SURGERY", "U00002", "11X"),
    "Y00004": ("FOURTH SURGERY", "U00003", "22Y"),
}


def gpad_row(
    month: str, code: str, hcp: str, mode: str, cat: str, band: str, n: int, status: str
) -> str:
    name, pcn, icb = PRACTICES[code]
    return (f"{month},{code},{name},EMIS,{pcn},EXAMPLE PCN,{icb},NHS Example ICB - {icb},"
            f"{hcp},{mode},{cat},{band},{n},{status}")  # fmt: skip


def simple_month(month: str, code: str, attended: int, dna: int) -> list[str]:
    return [
        gpad_row(
            month,
            code,
            "GP",
            "Telephone",
            "General Consultation Acute",
            "Same Day",
            attended,
            "Attended",
        ),
        gpad_row(month, code, "GP", "Face-to-Face", "Planned Clinics", "2 to 7 Days", dna, "DNA"),
    ]


def write(path: Path, text: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")


def gpad(root: Path) -> None:
    dec = [
        gpad_row("01DEC2025", "Y00001", "GP", "Telephone", "General Consultation Acute", "Same Day", 400, "Attended"),
        gpad_row("01DEC2025", "Y00001", "GP", "Face-to-Face", "General Consultation Routine", "8  to 14 Days", 100, "Attended"),
        gpad_row("01DEC2025", "Y00001", "Other Practice staff", "Face-to-Face", "Planned Clinics", "15  to 21 Days", 50, "DNA"),
        gpad_row("01DEC2025", "Y00001", "Other Practice staff", "Face-to-Face", "Unmapped", "More than 28 Days", 30, "Attended"),
        gpad_row("01DEC2025", "Y00001", "GP", "Telephone", "General Consultation Acute", "Same Day", 20, "Unknown"),
        *simple_month("01DEC2025", "Y00002", 90, 10),
        *simple_month("01DEC2025", "Y00003", 95, 5),
        *simple_month("01DEC2025", "Y00004", 98, 2),
    ]  # fmt: skip
    nov_latest = simple_month("01NOV2025", "Y00001", 475, 25)
    oct_rows = simple_month("01OCT2025", "Y00001", 380, 20)
    write(root / "gpad" / "Practice_Level_Crosstab_Dec_25.csv",
          "\n".join([GPAD_HEADER, *oct_rows, *nov_latest, *dec]) + "\n")  # fmt: skip
    nov_old = simple_month("01NOV2025", "Y00001", 290, 10)
    sep = simple_month("01SEP2025", "Y00001", 370, 30)
    write(root / "gpad" / "Practice_Level_Crosstab_Nov_25.csv",
          "\n".join([GPAD_HEADER, *sep, *oct_rows, *nov_old]) + "\n")  # fmt: skip


def cbt(root: Path) -> None:
    header = "Date,REGION_CODE,ICB_CODE,SUB_ICB_LOCATION_CODE,PCN_CODE,PRACTICE_CODE,Indicator,Time_Category,Value"
    rows = [header]

    def add(day: str, code: str, indicator: str, band: str, value: int) -> None:
        pcn, icb = (
            (PRACTICES[code][1], PRACTICES[code][2]) if code in PRACTICES else ("U00001", "11X")
        )
        rows.append(f"{day},Y60,QSL,{icb},{pcn},{code},{indicator},{band},{value}")

    for day in ("01DEC2025", "02DEC2025"):
        add(day, "Y00001", "CBT001", "08:00 - 09:59", 100)
        add(day, "Y00001", "CBT001", "10:00 - 11:59", 60)
        add(day, "Y00001", "CBT003", "08:00 - 09:59", 50)
        add(day, "Y00001", "CBT003", "10:00 - 11:59", 40)
        add(day, "Y00001", "CBT004", "08:00 - 09:59", 30)
        add(day, "Y00001", "CBT004", "10:00 - 11:59", 10)
        add(day, "Unassigned", "CBT001", "08:00 - 09:59", 999)
    add("01DEC2025", "Y00002", "CBT001", "08:00 - 09:59", 100)
    add("01DEC2025", "Y00002", "CBT004", "08:00 - 09:59", 10)
    add("15NOV2025", "Y00001", "CBT001", "08:00 - 09:59", 50)
    add("15NOV2025", "Y00001", "CBT001", "10:00 - 11:59", 50)
    add("15NOV2025", "Y00001", "CBT004", "08:00 - 09:59", 5)
    write(root / "cbt" / "CBT_By_Day_and_Time_Dec_25.csv", "\n".join(rows) + "\n")


def qof(root: Path) -> None:
    rows = ["PRACTICE_CODE,INDICATOR_CODE,MEASURE,VALUE"]
    for code, num, den, pcas in (("HYP008", 720, 1000, 100), ("AST007", 400, 600, 0),
                                 ("DM020", 200, 650, 50), ("BP002", 9500, 10000, 0)):  # fmt: skip
        rows += [f"Y00001,{code},NUMERATOR,{num}", f"Y00001,{code},DENOMINATOR,{den}",
                 f"Y00001,{code},PCAS,{pcas}"]  # fmt: skip
    rows += [
        "Y00001,HYP001,REGISTER,1480",
        "Y00002,HYP008,NUMERATOR,10",
        "Y00002,HYP008,DENOMINATOR,20",
    ]
    write(root / "qof" / "ACHIEVEMENT_2526.csv", "\n".join(rows) + "\n")
    write(root / "qof" / "ACHIEVEMENT_2425.csv",
          "PRACTICE_CODE,INDICATOR_CODE,MEASURE,VALUE\nY00001,HYP008,ACHIEVED_POINTS,571.5\n")  # fmt: skip
    write(root / "qof" / "MAPPING_INDICATORS_2425.csv",
          "INDICATOR_CODE,INDICATOR_DESCRIPTION,INDICATOR_POINT_VALUE,GROUP_CODE\n"
          "HYP008,BP control,14,HYP\nOTHER,Everything else,621,OTH\n")  # fmt: skip
    write(root / "qof" / "PREVALENCE_2526.csv",
          "PRACTICE_CODE,GROUP_CODE,REGISTER,PATIENT_LIST_TYPE,PRACTICE_LIST_SIZE\n"
          "Y00001,HYP,1480,TOTAL,10000\nY00001,AST,650,06OV,9600\nY00001,DM,700,17OV,8200\n")  # fmt: skip


def workforce(root: Path) -> None:
    header = "PRAC_CODE,PRAC_NAME,PCN_CODE,PCN_NAME,SUB_ICB_CODE,ICB_CODE,TOTAL_PATIENTS,TOTAL_GP_HC,TOTAL_GP_FTE,TOTAL_GP_EXTGL_FTE,TOTAL_NURSES_FTE"
    nov = [header,
           "Y00001,EXAMPLE MEDICAL CENTRE,U00001,EXAMPLE PCN,11X,QSL,10000,9,6.00,4.50,NA",
           "Y00002,SECOND SURGERY,U00001,EXAMPLE PCN,11X,QSL,8000,5,4.00,3.00,2.1",
           "Y00003,THIRD SURGERY,U00002,OTHER PCN,11X,QSL,5000,NA,NA,NA,NA"]  # fmt: skip
    oct_ = [
        header,
        "Y00001,EXAMPLE MEDICAL CENTRE,U00001,EXAMPLE PCN,11X,QSL,10000,8,5.50,4.00,2.0",
    ]
    folder = root / "workforce"
    write(folder / "1 General Practice – November 2025 Practice Level - Detailed.csv",
          b"\xef\xbb\xbf" + ("\r\n".join(nov) + "\r\n").encode())  # fmt: skip
    write(folder / "1 General Practice – October 2025 Practice Level - Detailed.csv",
          b"\xef\xbb\xbf" + ("\n".join(oct_) + "\n").encode())  # fmt: skip


def gpps(root: Path) -> None:
    new = ("ad_practicecode,ad_practicename,distributed,received,resprate,overallexp.pcteval,"
           "gpcontactoverall.pcteval")  # fmt: skip
    folder = root / "gpps"
    write(folder / "GPPS_2025_Practice_data_(weighted)_(csv)_PUBLIC.csv",
          f"{new}\nY00001,EXAMPLE MEDICAL CENTRE,1060,301,0.284,0.772,0.718\n"
          "Y00002,SECOND SURGERY,900,250,0.27,-97,0.6\nY00003,THIRD SURGERY,800,200,0.25,0.8,0.7\n")  # fmt: skip
    write(folder / "GPPS_2024_Practice_data_(weighted)_(csv)_PUBLIC.csv",
          f"{new}\nY00001,EXAMPLE MEDICAL CENTRE,1000,290,0.29,0.70,0.65\n")  # fmt: skip
    write(
        folder / "GPPS_2023_Practice_data_(weighted)_(csv)_PUBLIC.csv",
        "Practice_Code,Practice_Name,CCG_Code,Q28_12pct\nY00001,EXAMPLE MEDICAL CENTRE,11X,81\n",
    )


def trackers(root: Path) -> None:
    folder = root / "trackers"
    write(folder / "training.csv",
          "staff_name,role,course,completed_date,expires_date\n"
          "Ann Smith,GP,Safeguarding L3,01/02/2023,01/02/2026\n"
          "Ann Smith,GP,Basic life support,10/01/2025,10/01/2026\n"
          "Bob Jones,HCA,Safeguarding L3,,\n"
          "Bob Jones,HCA,Basic life support,2025-06-01,2026-06-01\n"
          "Cat Lee,Receptionist,Information governance,15/03/2025,\n"
          ",,,,\n,,,,\n")  # fmt: skip
    write(folder / "prescribing_searches.csv",
          "search_name,run_date,drug,cohort_on_drug,monitoring_up_to_date,due_within_30_days,overdue,overdue_gt_3m,never_monitored\n"
          "DOAC monitoring,2025-12-01,DOAC,210,170,20,20,5,0\n"
          "DOAC monitoring,2026-01-05,DOAC,214,171,21,18,4,0\n"
          "Methotrexate FBC/LFT,2026-01-06,Methotrexate,38,33,2,3,1,1\n")  # fmt: skip
    write(folder / "complaints.csv",
          "reference,received_date,category,acknowledged_date,target_date,closed_date,outcome\n"
          "C1,2025-10-01,Access,2025-10-03,2025-11-01,2025-10-20,upheld\n"
          "C2,2025-11-01,Clinical,2025-11-03,2025-12-01,,\n"
          "C3,2026-01-02,Staff attitude,2026-01-03,2026-02-01,,\n"
          "C4,15/11/2025,Access,,15/12/2025,10/01/2026,not upheld\n")  # fmt: skip
    write(folder / "significant_events.csv",
          "reference,event_date,reported_date,category,severity,learning_shared_date,status\n"
          "SE1,2025-11-02,2025-11-03,Prescribing,moderate,2025-12-10,closed\n")  # fmt: skip
    write(folder / "risk_register.csv",
          "risk_id,title,owner,likelihood,impact,review_date,status,mitigation\n"
          "R1,Telephony outage,Sam Patel,2,4,2026-03-01,open,Backup lines\n")  # fmt: skip
    write(root / "measures.csv",
          "metric,period_end,value,note\n"
          "Friends and family test % positive,2025-10-31,88,\n"
          "Friends and family test % positive,2025-11-30,91,\n"
          "Friends and family test % positive,2025-12-31,90,December survey\n"
          "Online consultations per 1000,2025-12-31,55,\n")  # fmt: skip
    claims_xlsx(folder / "claims.xlsx")


CLAIMS = [
    ("claim_month", "scheme", "item", "expected_amount", "claimed_amount", "received_amount",
     "status", "claimed_date", "paid_date", "notes"),
    ("2025-11", "GMS", "Flu", 1000, 1000, 1000, "paid", dt.date(2025, 11, 30), dt.date(2025, 12, 20), None),
    ("2025-11", "DES", "ARRS pharmacist", 5000, 5000, 4000, "paid", dt.date(2025, 11, 30), dt.date(2025, 12, 28), "short paid"),
    ("2025-12", "ES", "LD health checks", 800, 800, None, "submitted", dt.date(2025, 12, 31), None, None),
    ("2025-12", "ES", "NHS health checks", 600, None, None, "draft", None, None, None),
    ("2025-12", "QOF", "Aspiration", 300, 300, 0, "rejected", dt.date(2025, 12, 31), None, None),
    ("2026-01", "DES", "ARRS pharmacist", 5000, None, None, "expected", None, None, None),
    ("2026-02", "DES", "ARRS pharmacist", 9999, None, None, "expected", None, None, None),
]  # fmt: skip


def claims_xlsx(path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Claims"
    for row in CLAIMS:
        sheet.append(list(row))
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)


def broken(root: Path) -> None:
    folder = root / "broken"
    write(folder / "gpad_missing_column" / "Practice_Level_Crosstab_Dec_25.csv",
          GPAD_HEADER.replace(",COUNT_OF_APPOINTMENTS", "") + "\n01DEC2025,Y00001\n")  # fmt: skip
    write(folder / "gpad_bad_values" / "Practice_Level_Crosstab_Dec_25.csv", "\n".join([
        GPAD_HEADER,
        gpad_row("01DEC2025", "Y00001", "GP", "Telephone", "General Consultation Acute", "Same Day", 10, "Attended"),
        gpad_row("2025-13-45", "Y00001", "GP", "Telephone", "General Consultation Acute", "Same Day", 10, "Attended"),
        gpad_row("01DEC2025", "Y00001", "GP", "Telephone", "General Consultation Acute", "Same Day", 10, "Attended").replace(",10,", ",ten,"),
        gpad_row("01DEC2025", "Y00001", "GP", "Telephone", "Brand New Category", "Unknown / Data Quality", 5, "DNA"),
    ]) + "\n")  # fmt: skip
    write(folder / "gpad_empty" / "Practice_Level_Crosstab_Dec_25.csv", b"")
    write(folder / "gpad_header_only" / "Practice_Level_Crosstab_Dec_25.csv", GPAD_HEADER + "\n")
    write(folder / "workforce_cp1252" / "1 General Practice – November 2025 Practice Level - Detailed.csv",
          "PRAC_CODE,PRAC_NAME,TOTAL_PATIENTS,TOTAL_GP_FTE\nY00001,CAFÉ SURGERY – ST ANNE’S,10000,6.0\n".encode("cp1252"))  # fmt: skip
    write(folder / "claims_empty.xlsx", b"")
    write(folder / "claims_corrupt.xlsx", b"PK\x03\x04 this is not really a workbook" * 4)
    write(folder / "training_bad_date.csv",
          "staff_name,role,course,completed_date,expires_date\nAnn,GP,BLS,31/02/2025,01/02/2026\n")  # fmt: skip
    write(folder / "claims_unknown_status.csv",
          "claim_month,scheme,item,expected_amount,claimed_amount,received_amount,status\n"
          "2025-11,GMS,Flu,100,100,,Pending review\n")  # fmt: skip


def write_all(root: Path = ROOT) -> None:
    for writer in (gpad, cbt, qof, workforce, gpps, trackers, broken):
        writer(root)


if __name__ == "__main__":
    write_all()
    print(f"fixtures written under {ROOT}")
