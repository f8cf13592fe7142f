"""Every calculation name with its source format, unit and meaning (from its docstring).

`chair check --list-metrics` prints it; the README's calculation table is generated from it.
"""

from __future__ import annotations

from typing import Literal

from domain.metrics import CATALOGUE, FORMATS

UNITS: dict[str, str] = {
    "gpad.dna_rate": "%", "gpad.same_day_share": "%", "gpad.appointments_per_1000": "per 1,000",
    "gpad.booked_over_14_days_share": "%", "gpad.unmapped_share": "%",
    "gpad.gp_share": "%", "gpad.mode_share": "%", "gpad.prebooked_share": "%",
    "gpad.session_utilisation": "%", "cbt.missed_worst_cell_share": "%",
    "cbt.calls_per_1000": "per 1,000", "cbt.demand_per_appointment": "contacts per appointment",
    "cbt.missed_in_queue_share": "%", "cbt.answered_share": "%", "cbt.peak_0800_1000_share": "%",
    "qof.points_vs_trajectory": "pts", "qof.value_at_risk": "£",
    "qof.indicators_below_lower": "indicators", "workforce.gp_fte_per_1000": "FTE per 1,000",
    "workforce.fte_per_1000": "FTE per 1,000", "workforce.fte_change_quarter": "FTE per 1,000",
    "workforce.headcount_per_fte": "people per FTE", "workforce.locum_share": "%",
    "claims.outstanding_value": "£", "claims.unreconciled_value": "£",
    "claims.not_received_over_60_days": "£", "claims.arrs_fte_mismatch": "roles",
    "staff.key_person_dependency": "tasks", "staff.hours_over_contract": "%",
    "staff.absence_rate": "%", "staff.vacancies": "FTE", "staff.supervision_overdue": "people",
    "training.compliance_pct": "%", "prescribing.overdue_monitoring": "patients",
    "complaints.open_over_target": "complaints", "sigevents.learning_overdue": "events",
    "risks.high_overdue_review": "risks", "gpps.overall_good_pct": "%",
    "measures.value": "as the file's values",
}  # fmt: skip
"""The unit each calculation's values are in (a metric's `unit` should say the same)."""


def meaning(name: str) -> str:
    """The first paragraph of the calculation's docstring, on one line."""
    text = (CATALOGUE[name].__doc__ or "").strip().split("\n\n")[0]
    return " ".join(text.split())


def rows() -> list[tuple[str, str, str, str]]:
    """(calculation, source format, unit, meaning) for every calculation, in catalogue order."""
    return [
        (name, FORMATS[name.split(".")[0]], UNITS.get(name, ""), meaning(name))
        for name in CATALOGUE
    ]


def calculation_table(style: Literal["text", "markdown"] = "text") -> str:
    if style == "markdown":
        lines = ["| calculation | source format | unit | what it counts |", "|---|---|---|---|"]
        for name, fmt, unit, text in rows():
            cell = text.replace("|", "\\|")
            lines.append(f"| `{name}` | {fmt} | {unit} | {cell} |")
        return "\n".join(lines)
    lines = []
    for name, fmt, unit, text in rows():
        lines += [f"{name}  (source format: {fmt}; unit: {unit})", f"    {text}"]
    return "\n".join(lines)
