"""What a reading says beside its value: the named facts of its metric detail, typed.

Each line is a `Fact`: a label and words ('list size: 9,800 (configured)'), and a `kind`. A
calculation's own facts are of kind 'fact': shown as they are and never read back. The facts
other parts act on have a kind of their own, made by their own constructor and read through
`Detail`'s typed properties, so nothing looks a fact up by its words:

    Fact.data_problem      error findings in the source (the meeting marks the row, the minutes say it)
    Fact.provisional       a provisional QOF table (a caveat in the minutes)
    Fact.final_result      an ended QOF year's final result (a caveat in the minutes)
    Fact.practices         a PCN median's practices side by side (kept in the minutes)
    Fact.files             which files gave the practice's rows
    IndicatorResponse      a QOF indicator's recoverability class and its agreed response

`Detail` keeps the facts in the order they were added, which is the order the metric detail
shows. Every part is a frozen dataclass of text fields (no unions), so the readings cache can
keep a detail as plain columns and read it back typed.

    Detail.of(Fact("list size", "9,800 (configured)")).plus(Fact.data_problem("1 row ..."))
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

FactKind = Literal[
    "fact", "data problem", "provisional", "result", "practices", "files", "recoverability",
    "response",
]  # fmt: skip
"""What a fact is for: 'fact' is shown only; each other kind is also acted on (its label)."""


@dataclass(frozen=True)
class Fact:
    """One line of a reading's detail, shown as 'label: text'."""

    label: str
    text: str
    kind: FactKind = "fact"

    @classmethod
    def data_problem(cls, text: str) -> Fact:
        """Error findings in the source behind the reading, in one line ('...; run chair check')."""
        return cls("data problem", text, "data problem")

    @classmethod
    def provisional(cls, text: str) -> Fact:
        """Why the QOF year's tables are provisional."""
        return cls("provisional", text, "provisional")

    @classmethod
    def final_result(cls, text: str) -> Fact:
        """An ended QOF year's final result ('2025/26 final: 512 of 635 points ...')."""
        return cls("result", text, "result")

    @classmethod
    def practices(cls, text: str) -> Fact:
        """A PCN median's practices: which breach, and each one's value and status."""
        return cls("practices", text, "practices")

    @classmethod
    def files(cls, text: str) -> Fact:
        """The files that gave the practice's rows, and which release each month came from."""
        return cls("files", text, "files")


@dataclass(frozen=True)
class IndicatorResponse:
    """A QOF indicator's recoverability class and the response agreed for that class."""

    recoverability: str
    response: str

    @property
    def words(self) -> str:
        """'quick win: call the patients this month' (the agreed response a decision offers)."""
        return f"{self.recoverability}: {self.response}"

    def facts(self) -> tuple[Fact, Fact]:
        return (
            Fact("recoverability", self.recoverability, "recoverability"),
            Fact("response", self.response, "response"),
        )


def _same(fact: Fact) -> tuple[str, str]:
    """What a later fact replaces: a typed fact of the same kind, or a fact of the same label."""
    return (fact.kind, "") if fact.kind != "fact" else ("fact", fact.label)


@dataclass(frozen=True)
class Detail:
    """The named facts beside a reading, in the order shown."""

    facts: tuple[Fact, ...] = ()

    @classmethod
    def of(cls, *facts: Fact) -> Detail:
        return cls().plus(*facts)

    def plus(self, *facts: Fact) -> Detail:
        """This detail with each fact added at the end, or in place of the fact it replaces."""
        out = list(self.facts)
        for fact in facts:
            at = next((i for i, f in enumerate(out) if _same(f) == _same(fact)), None)
            if at is None:
                out.append(fact)
            else:
                out[at] = fact
        return Detail(tuple(out))

    def lines(self) -> tuple[tuple[str, str], ...]:
        """(label, words) per line, in order: what the metric detail shows."""
        return tuple((f.label, f.text) for f in self.facts)

    def find(self, kind: FactKind) -> Fact | None:
        """The fact of a kind other parts act on (None if the reading has none)."""
        return next((f for f in self.facts if f.kind == kind), None)

    def _text(self, kind: FactKind) -> str:
        found = self.find(kind)
        return found.text if found is not None else ""

    @property
    def data_problem(self) -> str:
        return self._text("data problem")

    @property
    def provisional(self) -> str:
        return self._text("provisional")

    @property
    def final_result(self) -> str:
        return self._text("result")

    @property
    def practices(self) -> str:
        return self._text("practices")

    @property
    def files(self) -> str:
        return self._text("files")

    @property
    def indicator(self) -> IndicatorResponse | None:
        """A QOF indicator's class and response (None for any other reading)."""
        if self.find("recoverability") is None:
            return None
        return IndicatorResponse(self._text("recoverability"), self._text("response"))

    def __bool__(self) -> bool:
        return bool(self.facts)
