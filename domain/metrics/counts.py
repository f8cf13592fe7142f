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
"""Calculation -> (what the numerator counts, what the denominator counts); shown by
domain.words.counted_text."""
