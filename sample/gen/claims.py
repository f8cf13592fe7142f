"""The claims tracker as a real .xlsx, written so that its bytes are identical on every run."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

from sample.gen.common import MONTH_ABBR, World, add_months, month_range

COLUMNS = (
    "claim_month", "scheme", "item", "expected_amount", "claimed_amount", "received_amount",
    "status", "claimed_date", "paid_date", "notes",
)  # fmt: skip
FIXED_TIME = dt.datetime(2026, 11, 1, 9, 0, 0)
MONTHLY = (
    ("ARRS", "Clinical pharmacist (ARRS-014)", 5486.38),
    ("ARRS", "Social prescribing link worker (ARRS-021)", 2909.62),
    ("Enhanced access", "Enhanced access sessions (PCN share)", 1420.0),
)
QUARTERLY = (
    ("Item of service", "Childhood immunisations", 1809.0),
    ("DES", "Minor surgery", 1100.0),
    ("LES", "NHS Health Checks", 2250.0),
)
FLU = ("ES", "Seasonal influenza vaccinations", 1950.0)
WTE = {item: 1.0 for _, item, _ in MONTHLY[:2]}
"""The WTE each ARRS claim is for: 1.0 each; the workforce tracker has the link worker on 22.5
hours (0.6 FTE) from September 2026 (story.SPLW_HOURS_CUT_FROM), the demo's ARRS mismatch since."""
ONE_OFF = ("LES",)
"""Schemes funded for this year only (the local NHS Health Checks scheme); the rest recur."""
Row = tuple[
    str, str, str, float, float | None, float | None, str, dt.date | None, dt.date | None, str
]


def _status(month: dt.date, scheme: str, item: str, amount: float) -> Row:
    label = f"{month:%Y-%m}"
    claimed_on = add_months(month, 1) + dt.timedelta(days=9)
    paid_on = add_months(month, 2) + dt.timedelta(days=19)
    if scheme == "ARRS" and month >= dt.date(2026, 8, 1):
        status = {8: "queried", 9: "approved", 10: "submitted"}[month.month]
        note = "ICB query on additionality baseline; Sep and Oct held" if month.month == 8 else ""
        return (label, scheme, item, amount, amount, None, status, claimed_on, None, note)
    if month == dt.date(2026, 10, 1) and scheme in ("Enhanced access", "ES"):
        return (label, scheme, item, amount, None, None, "draft", None, None, "")
    if month == dt.date(2026, 9, 1) and scheme == "Enhanced access":
        return (label, scheme, item, amount, amount, None, "submitted", claimed_on, None, "")
    if month == dt.date(2026, 3, 1) and scheme == "Enhanced access":
        return (label, scheme, item, amount, amount, 1300.0, "paid", claimed_on, paid_on,
                "Short-paid by 120.00; raised with ICB finance")  # fmt: skip
    if paid_on > dt.date(2026, 11, 25):
        paid_on = dt.date(2026, 11, 20)
    return (label, scheme, item, amount, amount, amount, "paid", claimed_on, paid_on, "")


def rows(world: World) -> list[Row]:
    out: list[Row] = []
    for month in month_range(world.first_month, world.last_month):
        for scheme, item, amount in MONTHLY:
            out.append(_status(month, scheme, item, amount))
        if month.month in (3, 6, 9, 12):
            quarter = f"Q{(month.month - 4) % 12 // 3 + 1} ({MONTH_ABBR[month.month - 3]}-{MONTH_ABBR[month.month - 1]})"
            for scheme, item, amount in QUARTERLY:
                out.append(_status(month, scheme, f"{item} {quarter}", amount))
        if month.month in (10, 11, 12, 1, 2):
            out.append(_status(month, *FLU))
    return out


def write(world: World, path: Path) -> Path:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Claims"
    sheet.append((*COLUMNS, "WTE", "Recurrent or one-off"))
    for row in rows(world):
        sheet.append([*row, WTE.get(row[2]), "One-off" if row[1] in ONE_OFF else "Recurrent"])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(cell.value, float):
                cell.number_format = "#,##0.00"
    for letter, width in zip(
        "ABCDEFGHIJK", (11, 16, 44, 15, 15, 15, 11, 12, 12, 50, 6), strict=True
    ):
        sheet.column_dimensions[letter].width = width
    workbook.properties.creator = "Chair sample generator (fictional data)"
    workbook.properties.created = FIXED_TIME
    workbook.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_deterministic_zip(buffer.getvalue()))
    return path


def _deterministic_zip(data: bytes) -> bytes:
    """Re-pack an .xlsx with fixed member times and a fixed modified stamp in docProps/core.xml."""
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)",
                    rb"\g<1>" + stamp.encode() + rb"\g<2>",
                    content,
                )
            member = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            member.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(member, content)
    return out.getvalue()
