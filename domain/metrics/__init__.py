"""The metric catalogue: calculation name (as in `Metric.calculation`) -> function -> Series.

Each function is `(frames: SourceFrames, params, practice: PracticeContext, today) -> Series`
and its docstring says exactly what it counts. Pure: polars in, Series out, no I/O, no clock.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from domain.metrics import (
    access,
    arrs,
    cbt,
    gpad,
    gpps,
    income,
    qof,
    staff,
    telephony,
    trackers,
    workforce,
)
from domain.metrics.base import (
    MetricDataError,
    MetricFunction,
    Params,
    PracticeContext,
    SourceFrames,
)
from domain.metrics.counts import COUNTED
from domain.readings import Series

CATALOGUE: dict[str, MetricFunction] = {
    "gpad.dna_rate": gpad.dna_rate,
    "gpad.same_day_share": gpad.same_day_share,
    "gpad.appointments_per_1000": gpad.appointments_per_1000,
    "gpad.booked_over_14_days_share": gpad.booked_over_14_days_share,
    "gpad.unmapped_share": gpad.unmapped_share,
    "gpad.gp_share": access.gp_share,
    "gpad.mode_share": access.mode_share,
    "gpad.prebooked_share": access.prebooked_share,
    "gpad.session_utilisation": access.session_utilisation,
    "cbt.demand_per_appointment": access.demand_per_appointment,
    "cbt.missed_in_queue_share": cbt.missed_in_queue_share,
    "cbt.answered_share": cbt.answered_share,
    "cbt.peak_0800_1000_share": cbt.peak_0800_1000_share,
    "cbt.missed_worst_cell_share": telephony.missed_worst_cell_share,
    "cbt.calls_per_1000": telephony.calls_per_1000,
    "qof.points_vs_trajectory": qof.points_vs_trajectory,
    "qof.value_at_risk": qof.value_at_risk,
    "qof.indicators_below_lower": qof.indicators_below_lower,
    "workforce.gp_fte_per_1000": workforce.gp_fte_per_1000,
    "workforce.fte_per_1000": workforce.fte_per_1000,
    "workforce.fte_change_quarter": workforce.fte_change_quarter,
    "workforce.headcount_per_fte": workforce.headcount_per_fte,
    "workforce.locum_share": workforce.locum_share,
    "staff.key_person_dependency": staff.key_person_dependency,
    "staff.hours_over_contract": staff.hours_over_contract,
    "staff.absence_rate": staff.absence_rate,
    "staff.vacancies": staff.vacancies,
    "staff.supervision_overdue": staff.supervision_overdue,
    "claims.outstanding_value": trackers.outstanding_value,
    "claims.unreconciled_value": trackers.unreconciled_value,
    "claims.not_received_over_60_days": income.not_received_over_60_days,
    "claims.arrs_fte_mismatch": arrs.arrs_fte_mismatch,
    "training.compliance_pct": trackers.compliance_pct,
    "prescribing.overdue_monitoring": trackers.overdue_monitoring,
    "complaints.open_over_target": trackers.open_over_target,
    "sigevents.learning_overdue": trackers.learning_overdue,
    "risks.high_overdue_review": trackers.high_overdue_review,
    "gpps.overall_good_pct": gpps.overall_good_pct,
    "measures.value": trackers.measure_value,
}

FORMATS: dict[str, str] = {
    "gpad": "gpad", "cbt": "cbt", "qof": "qof", "workforce": "workforce", "claims": "claims",
    "training": "training", "prescribing": "prescribing", "complaints": "complaints",
    "gpps": "gpps", "measures": "measures", "sigevents": "significant-events",
    "risks": "risk-register", "sessions": "sessions", "staff": "workforce-tracker",
}  # fmt: skip
"""Calculation prefix -> the source format it reads (checked by `chair check`)."""


def calculate(
    name: str, frames: SourceFrames, params: Params, practice: PracticeContext, today: dt.date
) -> Series:
    """Run a named calculation. Data that cannot support it gives a Series with `problem` set."""
    function = CATALOGUE.get(name)
    if function is None:
        return Series(problem=f"unknown calculation '{name}'", source_file=frames.source_file)
    try:
        series = function(frames, params, practice, today)
    except MetricDataError as exc:
        return Series(problem=str(exc), source_file=frames.source_file)
    counted = COUNTED.get(name)
    return series if counted is None else dataclasses.replace(series, counted=counted)


__all__ = [
    "CATALOGUE",
    "FORMATS",
    "MetricDataError",
    "PracticeContext",
    "SourceFrames",
    "calculate",
]
