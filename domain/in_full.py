"""A decision in full (PRODUCT.md, 'Decision, in full'): cause, risk in words, and how we will
know it worked; the patient-experience decision in six parts; the investment decision.

Identify the issue → understand the cause → agree the action → review the impact: the cause is
why this is happening (a `query data` decision's cause is the doubt about the data), the risk is
what the breach puts at risk (the minutes' Risk column), and the success measure is what the
impact review later judges against.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

RISK_AREAS: tuple[tuple[str, str], ...] = (
    ("income", "income"),
    ("safety", "patient safety"),
    ("cqc", "CQC / regulatory"),
    ("experience", "patient experience"),
    ("workforce", "workforce"),
    ("reputation", "reputation"),
)
"""(word typed, the area in full): the risk areas the method names."""
RISK_WORDS = ", ".join(word for word, _ in RISK_AREAS)
_AREA_OF = {word: area for word, area in RISK_AREAS} | {
    area.lower(): area for _, area in RISK_AREAS
}
_AREA_OF |= {"regulatory": "CQC / regulatory", "patient safety": "patient safety"}


def parse_risk_areas(text: str) -> tuple[tuple[str, ...], str]:
    """The risk areas named in `text` (comma- or space-separated words), and a problem, if any.

    'income, safety' -> (('income', 'patient safety'), ''); an unknown word is a problem that
    names the words known.
    """
    areas: list[str] = []
    for part in text.replace(";", ",").split(","):
        word = part.strip().lower()
        if not word:
            continue
        found = _AREA_OF.get(word)
        if found is None and " " in word:
            pieces = [_AREA_OF.get(piece) for piece in word.split()]
            if all(pieces):
                areas.extend(p for p in pieces if p and p not in areas)
                continue
        if found is None:
            return tuple(areas), f"unknown risk area '{part.strip()}' (one or more of {RISK_WORDS})"
        if found not in areas:
            areas.append(found)
    return tuple(areas), ""


def risk_words(areas: tuple[str, ...]) -> str:
    """The areas as typed back into the form: 'income, safety'."""
    back = {area: word for word, area in RISK_AREAS}
    return ", ".join(back.get(area, area) for area in areas)


def risk_text(areas: tuple[str, ...], phrase: str) -> str:
    """The Risk cell: 'patient safety, CQC / regulatory: missed monitoring could harm' ('' for
    none)."""
    head = ", ".join(areas)
    if head and phrase.strip():
        return f"{head}: {phrase.strip()}"
    return head or phrase.strip()


@dataclass(frozen=True)
class SuccessMeasure:
    """How we will know it worked: a metric (the breached one by default), the value or status
    to reach, and by when."""

    metric_id: str | None
    target: str
    """'GREEN', 'below 5%', 'back within the band' (free words: a status or a value)."""
    by: dt.date | None

    def text(self, metric_title: str = "") -> str:
        what = metric_title or self.metric_id or "the measure"
        by = f" by {self.by.isoformat()}" if self.by else ""
        return f"{what} {self.target}{by}".strip()


EXPERIENCE_PARTS: tuple[tuple[str, str], ...] = (
    ("patients_say", "What patients are telling us"),
    ("data_shows", "What the operational data shows"),
    ("in_control", "What is within our control"),
    ("constrained", "What is constrained by wider system pressure"),
    ("will_change", "What we will change"),
    ("measure", "How we will measure whether it worked"),
)
"""The method's six parts of a patient-experience decision, in order (field, heading)."""
EXPERIENCE_QUESTION = "What are we going to change that patients will actually notice?"


@dataclass(frozen=True)
class ExperienceParts:
    """A patient-experience decision in the method's six parts (within 12 months)."""

    patients_say: str = ""
    data_shows: str = ""
    in_control: str = ""
    constrained: str = ""
    will_change: str = ""
    measure: str = ""

    def rows(self) -> list[tuple[str, str]]:
        return [(heading, getattr(self, name)) for name, heading in EXPERIENCE_PARTS]

    def missing(self) -> list[str]:
        """The headings of the parts left empty."""
        return [heading for name, heading in EXPERIENCE_PARTS if not getattr(self, name).strip()]


INVESTMENT_FIELDS: tuple[tuple[str, str], ...] = (
    ("problem", "Problem it solves"),
    ("income", "Income that supports it"),
    ("supervision", "Supervision needed"),
    ("work_released", "Work it releases"),
    ("risk_reduced", "Risk it reduces"),
    ("success", "How success will be measured"),
)
"""The method's questions of an investment (a new role, a system), in order (field, heading)."""


@dataclass(frozen=True)
class Investment:
    """An investment decided at a strategic meeting; its review date brings it back."""

    problem: str = ""
    income: str = ""
    supervision: str = ""
    work_released: str = ""
    risk_reduced: str = ""
    success: str = ""

    def rows(self) -> list[tuple[str, str]]:
        return [(heading, getattr(self, name)) for name, heading in INVESTMENT_FIELDS]

    def missing(self) -> list[str]:
        return [heading for name, heading in INVESTMENT_FIELDS if not getattr(self, name).strip()]
