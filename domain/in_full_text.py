"""A decision in full, written for the minutes and the assurance pack (Markdown)."""

from __future__ import annotations

from collections.abc import Mapping

from domain.in_full import EXPERIENCE_QUESTION, risk_text
from domain.markdown import escape_text, table
from domain.records import Decision

NOT_RECORDED = "not recorded"


def risk_cell(decision: Decision) -> str:
    """The minutes' Risk column: the risk in words; on a breach with none given, 'not recorded'
    (never the status colour: the Evidence column has that)."""
    words = risk_text(decision.risk_areas, decision.risk)
    return words or (NOT_RECORDED if decision.snapshot is not None else "—")


def success_text(decision: Decision, metric_titles: Mapping[str, str]) -> str:
    success = decision.success
    if success is None:
        return ""
    return success.text(metric_titles.get(success.metric_id or "", ""))


def in_full_lines(
    decision: Decision, metric_titles: Mapping[str, str], *, on_breach: bool
) -> list[str]:
    """Cause, risk and success measure as bullet lines; on a breach, a missing one is said to be
    not recorded (the reader sees the gap). Then the six parts or the investment, as tables."""
    fields = [
        ("Cause", decision.cause),
        ("Risk", risk_text(decision.risk_areas, decision.risk)),
        ("How we will know it worked", success_text(decision, metric_titles)),
    ]
    lines = [
        f"- {label}: {escape_text(value or NOT_RECORDED)}"
        for label, value in fields
        if value or on_breach
    ]
    if decision.experience is not None:
        lines += ["", f"*{EXPERIENCE_QUESTION}*", ""]
        lines.append(table(("Part", "The meeting's answer"), decision.experience.rows()))
    if decision.investment is not None:
        review = decision.review_date.isoformat() if decision.review_date else NOT_RECORDED
        rows = [*decision.investment.rows(), ("Review date", review)]
        lines += ["", table(("Investment", "Answer"), rows)]
    return lines
