"""What the numerator and denominator behind each calculation's latest value count, so that a
reader sees "117 of 126 staff × course pairs in date", not "117 of 126"."""

from __future__ import annotations

COUNTED: dict[str, tuple[str, str]] = {
    "gpad.dna_rate": ("not attended", "appointments attended or not"),
    "gpad.same_day_share": ("booked the same day", "appointments"),
    "gpad.booked_over_14_days_share": ("booked over 14 days ahead", "appointments"),
    "gpad.unmapped_share": ("unmapped", "appointments"),
    "gpad.appointments_per_1000": ("appointments", "patients on the list"),
    "cbt.missed_in_queue_share": ("ended in the queue", "inbound calls"),
    "cbt.answered_share": ("answered", "inbound calls"),
    "cbt.peak_0800_1000_share": ("08:00-10:00", "inbound calls"),
    "workforce.gp_fte_per_1000": ("GP FTE", "registered patients"),
    "qof.points_vs_trajectory": ("points", "points available"),
    "claims.outstanding_value": ("£ not yet submitted", "£ expected on all claims so far"),
    "claims.unreconciled_value": ("£ short", "£ shortfall over all claims so far"),
    "training.compliance_pct": ("in date", "staff × course pairs"),
    "prescribing.overdue_monitoring": ("patients overdue", "patients on the drugs"),
    "complaints.open_over_target": ("past target", "complaints open"),
    "sigevents.learning_overdue": ("without learning shared", "events reported in 12 months"),
    "risks.high_overdue_review": ("past review", "open high risks"),
}
"""Calculation -> (what the numerator counts, what the denominator counts)."""


def counted_text(numerator: float, denominator: float, counted: tuple[str, str] | None) -> str:
    """'117 in date of 126 staff × course pairs'; without words, '117 of 126'."""
    part, total = _number(numerator), _number(denominator)
    if counted is None:
        return f"{part} of {total}"
    what, whole = counted
    return f"{part} {what} of {total} {whole}"


def _number(value: float) -> str:
    """Whole numbers as they are, a fraction (GP FTE 5.4) to one place; money is whole pounds."""
    return f"{value:,.0f}" if float(value).is_integer() or abs(value) >= 100 else f"{value:,.1f}"
