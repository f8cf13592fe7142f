"""Data-quality findings: what a reader noticed about a file, for `chair check` and NO DATA reasons."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Finding:
    """One problem found in a data source. Readers report these; they never raise."""

    source_id: str
    file: str
    """File name (not the full path: the report names the source's configured path once)."""
    where: str
    """Row (`row 12`), column (`column COUNT_OF_APPOINTMENTS`) or empty for the whole file."""
    message: str
    severity: Severity = "error"
    doubt: bool = False
    """The data may be incomplete (a file cut off part-way, rows short of fields, a month far
    below its own recent months): readings from it show CHECK DATA, not a confident status."""

    def line(self) -> str:
        """One human line: `ERROR Practice_Level_Crosstab_Dec_25.csv row 12: ...`."""
        place = " ".join(part for part in (self.file, self.where) if part)
        return f"{self.severity.upper():7} {place}: {self.message}"


def errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == "error"]
