"""Practice trackers (CSV or .xlsx) with the columns of docs/TEAM-NOTES.md, and the measures file."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from storage.readers.common import (
    SourceData,
    convert,
    read_table,
    require_columns,
    unknown_values,
)


@dataclass(frozen=True)
class TrackerSpec:
    """What a tracker must hold: required columns, typed columns, and known category values."""

    required: tuple[str, ...]
    dates: tuple[str, ...] = ()
    numbers: tuple[str, ...] = ()
    categories: tuple[tuple[str, frozenset[str]], ...] = ()
    activity: tuple[str, ...] = ()
    """Date columns that record something happening: their latest date is the tracker's as-of."""


SPECS: dict[str, TrackerSpec] = {
    "claims": TrackerSpec(
        required=("claim_month", "scheme", "item", "expected_amount", "claimed_amount",
                  "received_amount", "status"),
        dates=("claim_month", "claimed_date", "paid_date"),
        numbers=("expected_amount", "claimed_amount", "received_amount"),
        categories=(("status", frozenset({"expected", "draft", "submitted", "approved", "paid",
                                          "queried", "rejected"})),),
        activity=("claimed_date", "paid_date"),
    ),
    "training": TrackerSpec(
        required=("staff_name", "role", "course", "completed_date", "expires_date"),
        dates=("completed_date", "expires_date"),
        activity=("completed_date",),
    ),
    "prescribing": TrackerSpec(
        required=("search_name", "run_date", "drug", "cohort_on_drug", "overdue"),
        dates=("run_date",),
        numbers=("cohort_on_drug", "monitoring_up_to_date", "due_within_30_days", "overdue",
                 "overdue_gt_3m", "never_monitored"),
        activity=("run_date",),
    ),
    "complaints": TrackerSpec(
        required=("reference", "received_date", "category", "target_date", "closed_date"),
        dates=("received_date", "acknowledged_date", "target_date", "closed_date"),
        activity=("received_date", "acknowledged_date", "closed_date"),
    ),
    "significant-events": TrackerSpec(
        required=("reference", "event_date", "reported_date", "category", "severity", "status"),
        dates=("event_date", "reported_date", "learning_shared_date"),
        activity=("reported_date", "learning_shared_date"),
    ),
    "risk-register": TrackerSpec(
        required=("risk_id", "title", "owner", "likelihood", "impact", "review_date", "status"),
        dates=("review_date",),
        numbers=("likelihood", "impact"),
    ),
    "measures": TrackerSpec(
        required=("metric", "period_end", "value"),
        dates=("period_end",),
        numbers=("value",),
        activity=("period_end",),
    ),
}  # fmt: skip


def read_tracker(source_id: str, path: Path, sheet: str | None, kind: str) -> SourceData:
    """Read one tracker file (CSV, or a spreadsheet sheet) into a typed frame; never raises."""
    spec = SPECS[kind]
    data = SourceData(source_id, kind)
    if not path.exists():
        data.add(path.name, "", f"file not found: '{path}' (check [sources] path in chair.toml)")
        return data
    frame = read_table(data, path, sheet)
    if frame is None or not require_columns(data, path, frame.columns, spec.required):
        return data
    data.files = (path,)
    data.rows = frame.height
    if "claim_month" in frame.columns:  # YYYY-MM: the first of the month
        frame = frame.with_columns(
            pl.when(pl.col("claim_month").str.contains(r"^\d{4}-\d{2}$"))
            .then(pl.col("claim_month") + "-01")
            .otherwise(pl.col("claim_month"))
            .alias("claim_month")
        )
    text = frame
    frame = convert(data, path, frame, dates=spec.dates, numbers=spec.numbers)
    for column, known in spec.categories:
        if column in frame.columns:
            frame = frame.with_columns(pl.col(column).str.to_lowercase())
            unknown_values(
                data, path, column, text[column].str.to_lowercase().unique().to_list(), set(known)
            )
    data.frames["rows"] = frame
    dates = [d for c in spec.dates if c in frame.columns for d in frame[c].drop_nulls().to_list()]
    if dates:
        data.period_start, data.period_end = min(dates), max(dates)
    moments = [
        d for c in spec.activity if c in frame.columns for d in frame[c].drop_nulls().to_list()
    ]
    data.as_of = max(moments) if moments else dt.datetime.fromtimestamp(path.stat().st_mtime).date()
    return data
