"""Readers never raise, whatever bytes a file holds (time-bounded hypothesis run)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from storage.data.readers import READERS, read_source
from storage.data.readers.gpad import COLUMNS

HEADERS = {
    "gpad": ",".join(COLUMNS).encode(),
    "cbt": b"Date,PCN_CODE,PRACTICE_CODE,Indicator,Time_Category,Value",
    "measures": b"metric,period_end,value,note",
}
NAMES = {
    "gpad": "Practice_Level_Crosstab_Dec_25.csv",
    "workforce": "1 General Practice – November 2025 Practice Level - Detailed.csv",
    "gpps": "GPPS_2025_Practice_data_(weighted)_(csv)_PUBLIC.csv",
    "qof": "ACHIEVEMENT_2526.csv",
    "claims": "claims.xlsx",
}


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    fmt=st.sampled_from(sorted(READERS)),
    body=st.binary(max_size=400),
    with_header=st.booleans(),
)
@example(fmt="cbt", body=b"\t", with_header=True)  # a header over a row of blanks: a finding
@example(fmt="gpad", body=b" ", with_header=True)
def test_readers_never_raise(fmt: str, body: bytes, with_header: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        name = NAMES.get(fmt, "tracker.csv")
        target = root / name
        content = (HEADERS.get(fmt, b"") + b"\n" + body) if with_header else body
        target.write_bytes(content)
        path = root if fmt == "qof" else target
        data = read_source("fuzz", fmt, path)
        assert data.frames or data.findings  # something usable, or a reason why not
