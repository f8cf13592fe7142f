"""Findings carry their fields (the row, the column, the value that did not parse): a reading's
data problem is worked out from them, and their words are built once, from the same fields."""

from __future__ import annotations

from pathlib import Path

from config import load_config
from storage.data.dashboards import compute_dashboard
from storage.data.quality import BadValue, Column, Finding, Row
from storage.data.readers.common import MAX_ROW_FINDINGS
from storage.data.readers.compute import SourceMemo, data_problem
from tests.data_readers.conftest import TODAY

BAD_ROWS = 7


def test_bad_values_are_findings_with_fields_and_the_reading_counts_them(data_copy: Path) -> None:
    path = data_copy / "trackers" / "complaints.csv"
    extra = "".join(f"C9{i},31/09/2025,Access,,2025-10-31,,\n" for i in range(BAD_ROWS))
    path.write_text(path.read_text() + extra)
    config = load_config(data_copy / "chair.toml")
    found = SourceMemo(config).get("complaints").findings
    bad = [f.bad for f in found if f.bad is not None]
    assert [b.row is not None for b in bad] == [True] * MAX_ROW_FINDINGS + [False]
    first, more = bad[0], bad[-1]
    assert (first.column, first.kind, first.value) == ("received_date", "date", "31/09/2025")
    assert more == BadValue("received_date", "date", count=BAD_ROWS - MAX_ROW_FINDINGS)
    words = next(f for f in found if f.bad == first)
    assert words.where == f"row {first.row}" and words.place == Row(first.row or 0)
    assert words.message == "received_date '31/09/2025' is not a valid date; treated as missing"
    assert found[-1].where == "column received_date"
    assert found[-1].message == "2 more values that are not a valid date"
    complaints = next(
        r for r in compute_dashboard(config, "other", TODAY) if r.metric_id == "complaints"
    )
    assert complaints.detail.data_problem == (
        f"{BAD_ROWS} rows could not be read (row {first.row}: received_date '31/09/2025' is "
        "not a valid date); run chair check"
    )


def test_a_data_problem_reads_fields_not_words(data_copy: Path) -> None:
    """A column finding whose words start with a number counts no rows: only a count of bad
    values does; a finding on no row or column makes it 'problems in the source'."""
    config = load_config(data_copy / "chair.toml")
    data = SourceMemo(config).get("complaints")
    data.findings = [
        Finding.of_bad_value("complaints", "c.csv", BadValue("when", "date", 12, "x")),
        Finding.at("complaints", "c.csv", Column("when"), "3 headers look alike"),
    ]
    assert data_problem(data) is not None
    text, _ = data_problem(data) or ("", None)
    assert text.startswith("1 row could not be read (row 12: when 'x' is not a valid date)")
    data.findings.append(Finding("complaints", "c.csv", "last line", "cut off part-way"))
    text, share = data_problem(data) or ("", None)
    assert text.startswith("3 problems in the source (first: c.csv row 12: ") and share is None
