"""A reviewed metric is one concept (domain.minutes_input.MetricRow): made from a reading when
its section closes, stored as the JSON the database has always kept, read back the same."""

from __future__ import annotations

import datetime as dt
import json

from domain.minutes_input import MetricRow
from domain.readings import DetailTable
from storage.database import convert

ROW = MetricRow(
    metric_id="dna-rate",
    title="DNA rate",
    value="6.8%",
    status="RED",
    trend=(5.0, None, 6.8),
    as_of=dt.date(2026, 11, 1),
    streak=3,
    note="data problem: one file short",
    variation="special cause: a run of 8 above the centre line",
    peers="PCN median 5.1%",
    tables=(DetailTable("By weekday", ("Day", "DNA"), (("Mon", "9%"),), "* the worst"),),
)


def test_the_stored_form_keeps_its_keys_and_reads_back_the_same() -> None:
    stored = json.loads(json.dumps(convert.metric_row_data(ROW), default=str))
    assert stored["reason"] == ROW.note and stored["as_of"] == "2026-11-01"
    assert stored["tables"][0] == {
        "title": "By weekday", "headers": ["Day", "DNA"], "rows": [["Mon", "9%"]],
        "note": "* the worst",
    }  # fmt: skip
    assert set(stored) == {
        "metric_id", "title", "value", "status", "trend", "as_of", "streak", "reason",
        "variation", "peers", "tables",
    }  # fmt: skip
    assert convert.metric_row(stored) == ROW
