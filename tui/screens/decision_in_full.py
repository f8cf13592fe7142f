"""The decision form's 'in full' fields: cause, risk, how we will know it worked; the six parts
of a patient-experience decision; the six answers of an investment (domain.in_full).

They come after the kind's own fields in the tab order, so the keys typed for a kind's fields
land where they always did; each is a FieldInput, so each is kept in the form's draft. Each
group is one part of the form, built when a kind first shows it (tui.screens.decision_parts).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.widgets import Static

from domain.in_full import (
    EXPERIENCE_PARTS,
    EXPERIENCE_QUESTION,
    INVESTMENT_FIELDS,
    RISK_WORDS,
    ExperienceParts,
    Investment,
    SuccessMeasure,
    parse_risk_areas,
    risk_words,
)
from domain.records import Decision, DecisionKind
from domain.status import Status
from tui.screens.form_parts import row_of
from tui.widgets.field_input import FieldInput

if TYPE_CHECKING:
    from textual.widget import Widget

    from domain.readings import Reading

IN_FULL_FIELDS = ("cause", "risk_areas", "risk", "success_target", "success_by", "success_metric")
EXPERIENCE_IDS = tuple(f"exp_{name}" for name, _ in EXPERIENCE_PARTS)
INVESTMENT_IDS = tuple(f"inv_{name}" for name, _ in INVESTMENT_FIELDS)
ALL_FIELDS = IN_FULL_FIELDS + EXPERIENCE_IDS + INVESTMENT_IDS
SHORT_LABELS = {
    "patients_say": "Patients tell us",
    "data_shows": "Operational data",
    "in_control": "In our control",
    "constrained": "System constraints",
    "will_change": "We will change",
    "measure": "We will measure",
    "problem": "Problem it solves",
    "income": "Income behind it",
    "supervision": "Supervision",
    "work_released": "Work released",
    "risk_reduced": "Risk reduced",
    "success": "Success measure",
}
"""Labels that fit the form's label column (the minutes use the method's words in full)."""
DOMAIN_FIELDS = {f"experience.{name}": f"exp_{name}" for name, _ in EXPERIENCE_PARTS} | {
    f"investment.{name}": f"inv_{name}" for name, _ in INVESTMENT_FIELDS
}
"""Domain field names (domain.decisions.FieldProblem.field) -> the form's field ids."""


def default_cause(reading: Reading | None) -> str:
    """A CHECK DATA reading's cause is the doubt about the data (its reason); otherwise ''."""
    if reading is not None and reading.status is Status.CHECK_DATA:
        return f"the data is in doubt: {reading.reason}" if reading.reason else ""
    return ""


def in_full_part(
    existing: Decision | None, metric_id: str | None, reading: Reading | None
) -> list[Widget]:
    """Cause, risk and how we will know it worked, with the existing decision's values (or
    the defaults) in them."""
    success = existing.success if existing else None
    return [
        Static("Cause, risk and impact", id="in-full-heading", classes="section-heading"),
        *row(
            "Cause",
            "cause",
            existing.cause if existing else default_cause(reading),
            "why is this happening? ('not known yet' is an answer)",
        ),
        *row(
            "Risk areas",
            "risk_areas",
            risk_words(existing.risk_areas) if existing else "",
            RISK_WORDS,
        ),
        *row("Risk in words", "risk", existing.risk if existing else "", "what could go wrong"),
        *row(
            "Worked when",
            "success_target",
            success.target if success else "",
            "the value or status to reach, e.g. GREEN or below 5%",
        ),
        *row("By", "success_by", success.by.isoformat() if success and success.by else "", "date"),
        *row(
            "Measured by",
            "success_metric",
            (success.metric_id or "") if success else (metric_id or ""),
            "a metric id (the breached one by default)",
        ),
    ]


def experience_part(parts: ExperienceParts) -> list[Widget]:
    """The six parts of a patient-experience decision (only on an experience dashboard)."""
    widgets: list[Widget] = [
        Static(EXPERIENCE_QUESTION, id="exp-heading", classes="section-heading")
    ]
    for name, heading in EXPERIENCE_PARTS:
        widgets += row(SHORT_LABELS[name], f"exp_{name}", getattr(parts, name), heading)
    return widgets


def investment_part(existing: Decision | None) -> list[Widget]:
    """The six answers of an investment (only where one may be decided: an AOB item or an
    escalation in a strategic meeting)."""
    answers = (existing.investment if existing else None) or Investment()
    widgets: list[Widget] = [Static("Investment", id="inv-heading", classes="section-heading")]
    for name, heading in INVESTMENT_FIELDS:
        widgets += row(SHORT_LABELS[name], f"inv_{name}", getattr(answers, name), heading)
    return widgets


def row(label: str, widget_id: str, value: str = "", placeholder: str = "") -> list[Widget]:
    """A text field's row and its problem line."""
    return row_of(label, FieldInput(value, placeholder=placeholder, id=widget_id))


def show_in_full(kind: DecisionKind | None) -> dict[str, bool]:
    """Which of these fields show for `kind`: the investment's for `investment`, the rest for
    every other kind."""
    investment = kind is DecisionKind.INVESTMENT
    shown = {name: not investment and kind is not None for name in IN_FULL_FIELDS}
    shown |= {name: investment for name in INVESTMENT_IDS}
    return shown


def read_in_full(
    value: Callable[[str], str],
    has: Callable[[str], bool],
    kind: DecisionKind,
    metric_id: str | None,
    parse_date: Callable[[str], dt.date | None],
    problems: dict[str, str],
) -> dict[str, object]:
    """The Decision fields typed here (cause, risk_areas, risk, success, experience,
    investment); problems found reading them go into `problems` by field id."""
    if kind is DecisionKind.INVESTMENT:
        answers = Investment(**{name: value(f"inv_{name}") for name, _ in INVESTMENT_FIELDS})
        return {"investment": answers}
    areas, problem = parse_risk_areas(value("risk_areas"))
    if problem:
        problems["risk_areas"] = problem
    target = value("success_target")
    by = parse_date("success_by")
    measured = value("success_metric") or metric_id
    success = SuccessMeasure(measured or None, target, by) if (target or by) else None
    fields: dict[str, object] = {
        "cause": value("cause"),
        "risk_areas": areas,
        "risk": value("risk"),
        "success": success,
    }
    if has("exp_patients_say"):
        fields["experience"] = ExperienceParts(
            **{name: value(f"exp_{name}") for name, _ in EXPERIENCE_PARTS}
        )
    return fields
