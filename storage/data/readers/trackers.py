"""Practice trackers (CSV or .xlsx) as practices keep them, and the measures file.

A tracker's header may sit under title rows and use the practice's own words: headers are
matched ignoring case, spacing, punctuation and a unit suffix such as "(£)", against each
column's name and its synonyms (`SYNONYMS`, listed in the README); a `[sources.<id>.columns]`
table maps anything else. When a required column is still missing, the finding names the
file's headers and the closest one, and `SourceData.suggestion` holds the lines to paste.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from domain.dates import month_end
from storage.data.readers.common import (
    SourceData,
    convert,
    unknown_values,
)
from storage.data.readers.files import ReadOptions, gather
from storage.data.readers.tables import TableSpec, read_tracker_table


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
        dates=("claim_month", "claimed_date", "paid_date", "due_date"),
        numbers=("expected_amount", "claimed_amount", "received_amount", "wte"),
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
    "sessions": TrackerSpec(
        required=("date", "clinician", "slots_offered"),
        dates=("date",),
        numbers=("slots_offered",),
        activity=("date",),
    ),
    "workforce-tracker": TrackerSpec(
        required=("name", "role", "contracted_hours"),
        dates=("supervision_due", "supervision_last", "as_at"),
        numbers=("contracted_hours", "hours_over_contract", "absence_days"),
        categories=(("vacancy", frozenset({"yes", "no", "y", "n", "vacant", "filled", ""})),),
        activity=("supervision_last",),
    ),
    "measures": TrackerSpec(
        required=("metric", "period_end", "value"),
        dates=("period_end",),
        numbers=("value",),
        activity=("period_end",),
    ),
}  # fmt: skip


def read_tracker(
    source_id: str, path: Path, options: ReadOptions | str | None, kind: str
) -> SourceData:
    """Read a tracker (CSV, or a spreadsheet sheet; several files are read together) into a
    typed frame; never raises."""
    if not isinstance(options, ReadOptions):
        options = ReadOptions(sheet=options)
    spec = SPECS[kind]
    data = SourceData(source_id, kind)
    files = gather(data, path, options)
    table = TableSpec(
        required=spec.required, known=known_columns(kind), synonyms=SYNONYMS.get(kind, {}),
        kinds=field_kinds(spec), orders=ORDERS.get(kind, ()), categories=dict(spec.categories),
    )  # fmt: skip
    frames: list[pl.DataFrame] = []
    used: list[Path] = []
    for file in files:
        frame = read_tracker_table(data, file, options, table)
        if frame is not None:
            frames.append(frame)
            used.append(file)
    if not frames:
        return data
    frame = pl.concat(frames, how="diagonal_relaxed") if len(frames) > 1 else frames[0]
    path = used[-1]
    data.files = tuple(used)
    data.latest_file = max(used, key=lambda f: f.stat().st_mtime_ns)
    data.rows = frame.height
    for name in MONTHS:  # YYYY-MM, "Mar 2026", "03/2026": the first of the month
        if name not in frame.columns:
            continue
        month = pl.col(name).str.strip_chars()
        frame = frame.with_columns(
            pl.when(month.str.contains(r"^\d{4}-\d{2}$")).then(month + "-01")
            .when(month.str.contains(r"^\d{1,2}/\d{4}$")).then("01/" + month)
            .when(month.str.contains(r"^[A-Za-z]{3,9}[ -]\d{2,4}$"))
            .then("01 " + month.str.replace("-", " ").str.slice(0, 3) + " "
                  + month.str.extract(r"(\d{2,4})$").str.replace(r"^(\d{2})$", "20$1"))
            .otherwise(month)
            .alias(name)
        )  # fmt: skip
    text = frame
    frame = convert(data, path, frame, dates=spec.dates, numbers=spec.numbers,
                    file_column="__file" if len(used) > 1 else None)  # fmt: skip
    for column, known in spec.categories:
        if column in frame.columns:
            frame = frame.with_columns(pl.col(column).str.strip_chars().str.to_lowercase())
            seen = text[column].str.strip_chars().str.to_lowercase().unique().to_list()
            unknown_values(data, path, column, seen, set(known))
    data.frames["rows"] = frame.drop("__file", strict=False)
    dates = [d for c in spec.dates if c in frame.columns for d in frame[c].drop_nulls().to_list()]
    if dates:
        data.period_start, data.period_end = min(dates), max(dates)
    moments = [
        d for c in spec.activity if c in frame.columns for d in frame[c].drop_nulls().to_list()
    ]
    saved = dt.datetime.fromtimestamp(data.latest_file.stat().st_mtime).date()
    if "as_at" in frame.columns:  # a snapshot month is as at its end (not after the file's save)
        moments += [min(month_end(d), saved) for d in frame["as_at"].drop_nulls().to_list()]
    data.as_of = max(moments) if moments else saved
    return data


MONTHS = ("claim_month", "as_at")
"""Columns holding a month (a date counts as its month)."""

KINDS: dict[str, str] = {
    "staff_name": "name", "owner": "name", "role": "category", "category": "category",
    "severity": "category", "scheme": "category", "drug": "category", "outcome": "category",
    "reference": "id", "risk_id": "id",
}  # fmt: skip
"""The kind of content of a column that is not a date, a number or a known category (free text
otherwise: a course, an item, a title)."""

ORDERS: dict[str, tuple[tuple[str, ...], ...]] = {
    "training": (("completed_date", "expires_date"),),
    "complaints": (("received_date", "acknowledged_date", "closed_date", "target_date"),),
    "claims": (("expected_amount", "claimed_amount", "received_amount"),),
    "significant-events": (("event_date", "reported_date", "learning_shared_date"),),
}
"""Columns of one kind that a header in the practice's words cannot tell apart, in the order of
their values: dates earliest first (by their median), amounts fullest and largest first."""


def field_kinds(spec: TrackerSpec) -> dict[str, str]:
    """Each column of a tracker -> the kind of content it holds."""
    kinds = dict(KINDS)
    kinds |= {c: "category" for c, _ in spec.categories}
    kinds |= {c: "date" for c in spec.dates} | {c: "number" for c in spec.numbers}
    return kinds | {m: "month" for m in MONTHS}  # read as '2026-07', 'Jul 2026' or a date


def known_columns(kind: str) -> tuple[str, ...]:
    """Every column Chair reads from this tracker, required ones first."""
    spec = SPECS[kind]
    names = [*spec.required, *spec.dates, *spec.numbers, *(c for c, _ in spec.categories),
             *spec.activity, *SYNONYMS.get(kind, {})]  # fmt: skip
    return tuple(dict.fromkeys(names))


SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "claims": {
        "claim_month": ("month", "claim period", "period", "month of claim", "service month",
                        "activity month", "claim for month"),
        "scheme": ("service", "programme", "contract", "scheme name", "enhanced service",
                   "service name", "des les", "funding stream"),
        "item": ("description", "claim item", "claim", "detail", "activity", "claim description",
                 "item description"),
        "expected_amount": ("expected", "expected value", "amount expected", "expected income",
                            "forecast", "estimated value", "expected payment", "due amount"),
        "claimed_amount": ("claimed", "amount claimed", "value claimed", "claim value",
                           "claim amount", "claimed value"),
        "received_amount": ("received", "amount received", "paid amount", "payment received",
                            "amount paid", "income received", "received value", "paid"),
        "status": ("claim status", "state", "stage", "progress"),
        "claimed_date": ("date claimed", "submitted date", "date submitted", "submission date",
                         "claimed on", "submitted on"),
        "paid_date": ("date paid", "payment date", "paid on", "date received", "received on",
                      "payment received date"),
        "notes": ("note", "comments", "comment"),
        "due_date": ("payment due", "payment due date", "expected payment date", "due by",
                     "date due"),
        "recurrent": ("recurring", "recurrent or one off", "income type", "funding type",
                      "recurrent non recurrent"),
        "wte": ("fte", "wte claimed", "fte claimed", "claimed wte", "whole time equivalent"),
    },
    "training": {
        "staff_name": ("name", "staff", "staff member", "employee", "employee name", "person",
                       "full name", "member of staff", "colleague", "staff name"),
        "role": ("job title", "job role", "position", "staff group", "post", "job"),
        "course": ("training", "module", "course name", "training course", "subject", "topic",
                   "training module", "course title", "training name"),
        "completed_date": ("date completed", "completion date", "completed on", "completed",
                           "date of completion", "date taken", "training date", "date attended",
                           "date passed", "date trained", "last completed"),
        "expires_date": ("expiry date", "expiry", "expires", "expires on", "renewal date",
                         "renewal due", "due date", "valid until", "next due", "date due",
                         "expiration date", "refresher due", "renew by"),
    },
    "prescribing": {
        "search_name": ("search", "search title", "report", "report name", "audit", "search name"),
        "run_date": ("date run", "search date", "run on", "report date", "date of search",
                     "date"),
        "drug": ("medication", "medicine", "drug name", "drug group"),
        "cohort_on_drug": ("patients on drug", "cohort", "on drug", "patients", "population",
                           "number on drug", "total patients"),
        "monitoring_up_to_date": ("up to date", "monitored", "in date", "monitoring in date"),
        "due_within_30_days": ("due in 30 days", "due soon", "due within 30 days",
                               "due next 30 days"),
        "overdue": ("overdue monitoring", "overdue patients", "monitoring overdue",
                    "number overdue"),
        "overdue_gt_3m": ("overdue 3 months", "overdue over 3 months", "overdue more than 3 months",
                          "overdue 3m"),
        "never_monitored": ("never monitored", "no monitoring", "never tested"),
    },
    "complaints": {
        "reference": ("ref", "complaint ref", "complaint reference", "id", "complaint id",
                      "complaint number", "ref no", "reference number"),
        "received_date": ("date received", "received", "received on", "date of complaint",
                          "complaint date", "date logged"),
        "category": ("type", "complaint type", "subject", "theme", "nature of complaint"),
        "acknowledged_date": ("date acknowledged", "acknowledged", "acknowledgement date",
                              "ack date", "acknowledged on"),
        "target_date": ("target", "response due", "due date", "response due date", "deadline",
                        "target response date", "respond by"),
        "closed_date": ("date closed", "closed", "closed on", "resolved date", "date resolved",
                        "response sent", "date responded"),
        "outcome": ("result", "upheld", "decision", "outcome of complaint"),
    },
    "significant-events": {
        "reference": ("ref", "event ref", "id", "sea ref", "incident ref", "reference number",
                      "event id", "sea number"),
        "event_date": ("date of event", "incident date", "date of incident", "occurred",
                       "date occurred", "event date"),
        "reported_date": ("date reported", "reported", "reported on", "date logged"),
        "category": ("type", "event type", "theme", "incident type"),
        "severity": ("grade", "harm", "level of harm", "impact", "harm level"),
        "learning_shared_date": ("learning shared", "date learning shared", "shared date",
                                 "shared on", "learning shared on", "date shared"),
        "status": ("state", "stage", "progress"),
    },
    "risk-register": {
        "risk_id": ("id", "ref", "risk ref", "reference", "risk number", "risk no", "risk id"),
        "title": ("risk", "description", "risk description", "risk title", "risk name"),
        "owner": ("risk owner", "lead", "responsible", "responsible person"),
        "likelihood": ("probability", "likelihood score", "l"),
        "impact": ("consequence", "severity", "impact score", "consequence score", "c", "i"),
        "review_date": ("next review", "review due", "date of review", "next review date",
                        "review by"),
        "status": ("state", "risk status", "open closed"),
        "mitigation": ("controls", "mitigations", "actions", "controls in place",
                       "mitigating actions"),
    },
    "sessions": {
        "date": ("session date", "day", "date of session"),
        "clinician": ("clinician or role", "role", "staff", "name", "clinician name",
                      "staff member", "session holder"),
        "slots_offered": ("slots", "slots available", "appointments offered", "capacity",
                          "offered", "number of slots"),
    },
    "workforce-tracker": {
        "name": ("staff name", "person", "post holder", "employee", "staff member", "full name"),
        "role": ("job title", "post", "position", "job role", "staff group"),
        "contracted_hours": ("hours", "contract hours", "contracted hours per week",
                             "weekly hours", "hours per week", "contracted weekly hours"),
        "hours_over_contract": ("hours over", "extra hours", "additional hours", "overtime",
                                "hours worked over contract", "hours over contract per week"),
        "absence_days": ("absence", "days absent", "sickness days", "sick days",
                         "absence days last quarter"),
        "vacancy": ("vacant", "vacancy yes no", "post vacant", "vacancy y n"),
        "supervision_due": ("supervision due", "next supervision", "supervision due date"),
        "supervision_last": ("last supervision", "supervision date", "last supervised",
                             "date of last supervision"),
        "key_tasks": ("critical tasks", "key responsibilities", "sole holder of", "lead for",
                      "key task"),
        "as_at": ("month", "as at month", "snapshot", "snapshot month", "period", "month ending",
                  "date recorded", "as of"),
    },
    "measures": {
        "metric": ("measure", "indicator", "kpi", "measure name"),
        "period_end": ("period", "date", "month", "as at", "period ending", "period end date"),
        "value": ("result", "figure", "count", "score", "number"),
        "note": ("notes", "comment", "comments"),
    },
}  # fmt: skip
"""Per tracker: Chair's column -> common headers meaning the same (matched after normalising:
case, spacing, punctuation and a unit suffix such as "(£)" are ignored)."""
