"""Writes tests/fixtures/as_kept/: practice trackers shaped as practices keep them (run as a
module: python -m tests.data_readers.as_kept_files).

Each file uses the practice's own header wording, title rows above the header, UK dates, and
some are Windows-1252 text or .xlsx workbooks with a title row; `chair.toml` beside them names
only format and path (no `columns`), and all of them load. `training_own_words.csv` needs a
`columns` line (its expiry header is no listed synonym): `chair check` prints it.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "fixtures" / "as_kept"

TRAINING = """Mandatory training matrix - Example Medical Centre
Updated by the practice manager, 1/12/2025
,,,,
Employee,Job Title,Training Module,Date Completed,Expiry Date
Renée O'Brien,Practice Nurse,Basic Life Support,14/03/2025,14/03/2026
Renée O'Brien,Practice Nurse,Safeguarding Adults L3,2/9/2023,2/9/2026
Tom Ålvik,Receptionist,Information Governance,05/01/2025,05/01/2026
Tom Ålvik,Receptionist,Fire Safety,1/6/24,1/6/25
Dr A Shah,GP Partner,Basic Life Support,20/11/2025,20/11/2026
,,,,
"""

COMPLAINTS = """Complaints log 2025/26
Ref,Date Received,Type,Date Acknowledged,Response Due (date),Date Closed,Outcome
C-101,03/11/2025,Access,04/11/2025,01/12/2025,28/11/2025,Not upheld
C-102,10 Nov 2025,Clinical care,12 Nov 2025,8 Dec 2025,,
C-103,2/12/25,Staff attitude,3/12/25,30/12/25,,
"""

SIGEVENTS = """SEA Ref,Date of Event,Date Reported,Event Type,Level of Harm,Learning Shared,Status
SEA-1,01/10/2025,03/10/2025,Prescribing,Low,20/10/2025,Closed
SEA-2,15/11/2025,17/11/2025,Communication,No harm,,Open
"""

PRESCRIBING = """Search,Date Run,Medication,Patients on drug,Overdue monitoring,Never Monitored
Methotrexate monitoring,01/12/2025,Methotrexate,42,3,1
Lithium monitoring,01/12/2025,Lithium,12,1,0
"""

OWN_WORDS = """Staff member,Role,Course,Completed,Certificate valid to
Ann Lee,HCA,Basic Life Support,01/02/2025,01/02/2026
"""

CLAIMS = [
    ("Enhanced services claims tracker",),
    ("Example Medical Centre - finance",),
    (),
    ("Month", "Service", "Description", "Expected (£)", "Amount Claimed (£)",
     "Amount Received (£)", "Claim Status", "Date Submitted", "Date Paid"),
    ("Oct 2025", "DES", "ARRS pharmacist", "£4,000.00", "£4,000.00", "£4,000.00", "Paid",
     "05/11/2025", "30/11/2025"),
    ("Nov 2025", "ES", "Flu vaccinations", "£2,500.00", "£2,300.00", "", "Submitted",
     "04/12/2025", ""),
    ("Dec 2025", "ES", "LD health checks", "£800.00", "", "", "Expected", "", ""),
]  # fmt: skip

RISKS = [
    ("Risk Ref", "Risk Description", "Risk Owner", "Likelihood", "Consequence", "Next Review",
     "Status"),
    ("R1", "Loss of GP partner", "Partners", "3", "5", "01/11/2025", "Open"),
    ("R2", "Telephone system failure", "Practice manager", "2", "4", "01/03/2026", "Open"),
]  # fmt: skip

CONFIG = """# Trackers as practices keep them: only format and path, no columns mapping.
[practice]
name = "Example Medical Centre (fictional)"
code = "Y00001"
list_size = 10000

[[people]]
id = "pm"
name = "Pat Manager"
role = "practice manager"
login = "pmanager"
chair = true

[[meeting_types]]
id = "monthly"
title = "Monthly management"
sections = [{ dashboard = "compliance" }]

[[dashboards]]
id = "compliance"
title = "Compliance"
question = "Are we safe and paid?"
owner_role = "practice manager"

[[metrics]]
id = "training"
dashboard = "compliance"
title = "Training in date"
source = "training"
calculation = "training.compliance_pct"
unit = "%"
better = "higher"
amber = 90.0

[[metrics]]
id = "claims"
dashboard = "compliance"
title = "Claims not yet submitted"
source = "claims"
calculation = "claims.outstanding_value"
unit = "£"

[[metrics]]
id = "complaints"
dashboard = "compliance"
title = "Complaints past target"
source = "complaints"
calculation = "complaints.open_over_target"
unit = ""

[[metrics]]
id = "sea"
dashboard = "compliance"
title = "Learning overdue"
source = "sigevents"
calculation = "sigevents.learning_overdue"
unit = ""

[[metrics]]
id = "monitoring"
dashboard = "compliance"
title = "Overdue monitoring"
source = "prescribing"
calculation = "prescribing.overdue_monitoring"
unit = ""

[[metrics]]
id = "risks"
dashboard = "compliance"
title = "High risks past review"
source = "risks"
calculation = "risks.high_overdue_review"
unit = ""

[sources.training]
format = "training"
path = "Training matrix.csv"

[sources.claims]
format = "claims"
path = "Claims tracker.xlsx"

[sources.complaints]
format = "complaints"
path = "complaints log.csv"

[sources.sigevents]
format = "significant-events"
path = "SEA register.csv"

[sources.prescribing]
format = "prescribing"
path = "searches/*.csv"

[sources.risks]
format = "risk-register"
path = "Risk register.xlsx"
sheet = "Register"
"""


def xlsx(path: Path, sheets: dict[str, list[tuple[str, ...]]]) -> None:
    from openpyxl import Workbook

    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    book.save(path)


def main(root: Path = ROOT) -> None:
    root.mkdir(parents=True, exist_ok=True)
    (root / "searches").mkdir(exist_ok=True)
    (root / "Training matrix.csv").write_bytes(TRAINING.replace("\n", "\r\n").encode("cp1252"))
    (root / "complaints log.csv").write_text(COMPLAINTS, encoding="utf-8-sig")
    (root / "SEA register.csv").write_bytes(SIGEVENTS.encode("cp1252"))
    (root / "searches" / "monitoring Dec 25.csv").write_text(PRESCRIBING, encoding="utf-8")
    (root / "training_own_words.csv").write_text(OWN_WORDS, encoding="utf-8")
    xlsx(root / "Claims tracker.xlsx", {"Claims 2025-26": CLAIMS})
    notes = [("Read me first",), ("Scores are 1-5",)]
    xlsx(root / "Risk register.xlsx", {"Notes": notes, "Register": RISKS})
    (root / "chair.toml").write_text(CONFIG, encoding="utf-8")


if __name__ == "__main__":
    main()
