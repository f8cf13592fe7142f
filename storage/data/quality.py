"""Data-quality findings: what a reader noticed about a file, for `chair check` and NO DATA reasons."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Row:
    """A row of a file, by its line number (the header is line 1)."""

    number: int

    @property
    def words(self) -> str:
        return f"row {self.number}"


@dataclass(frozen=True)
class Column:
    """A column of a file, by its name."""

    name: str

    @property
    def words(self) -> str:
        return f"column {self.name}"


@dataclass(frozen=True)
class BadValue:
    """Values of a column that are not a valid `kind` ('date', 'number', 'whole number'), each
    read as missing: the one at `row` (with its text), or, with no row, `count` more in the
    column beyond those reported one by one."""

    column: str
    kind: str
    row: int | None = None
    value: str = ""
    count: int = 1

    @property
    def place(self) -> Row | Column:
        return Row(self.row) if self.row is not None else Column(self.column)

    @property
    def what(self) -> str:
        """ "received_date '31/09/2026' is not a valid date" (at a row), or "4 more values that
        are not a valid date" (in the column)."""
        if self.row is None:
            return f"{self.count} more values that are not a valid {self.kind}"
        return f"{self.column} '{self.value}' is not a valid {self.kind}"

    @property
    def message(self) -> str:
        return f"{self.what}; treated as missing" if self.row is not None else self.what


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
    place: Row | Column | None = None
    """The row or column `where` names, when it names one (readers count rows by it)."""
    bad: BadValue | None = None
    """Values that did not parse, when that is the finding (`message` is its words)."""

    @classmethod
    def at(
        cls, source_id: str, file: str, place: Row | Column, message: str,
        severity: Severity = "error", doubt: bool = False,
    ) -> Finding:  # fmt: skip
        """A finding on a row or a column: `where` is its words."""
        return cls(source_id, file, place.words, message, severity, doubt, place)

    @classmethod
    def of_bad_value(cls, source_id: str, file: str, bad: BadValue) -> Finding:
        """Values that did not parse: `where` and `message` are the words of `bad`."""
        return cls(source_id, file, bad.place.words, bad.message, "error", False, bad.place, bad)

    def line(self) -> str:
        """One human line: `ERROR Practice_Level_Crosstab_Dec_25.csv row 12: ...`."""
        place = " ".join(part for part in (self.file, self.where) if part)
        return f"{self.severity.upper():7} {place}: {self.message}"


@dataclass(frozen=True)
class SourceReport:
    """What Chair knows about one configured source: its files, rows, period, freshness and
    findings. `chair check` prints one per source; a metric's detail shows its source's."""

    source_id: str
    format: str
    path: str
    files: tuple[Path, ...]
    rows: int
    period_start: dt.date | None
    period_end: dt.date | None
    as_of: dt.date | None
    age_days: int | None
    stale_after_days: int
    findings: tuple[Finding, ...]
    suggestion: tuple[str, ...] = ()
    """chair.toml lines to paste (a `columns` table for a tracker's own headers)."""

    @property
    def names(self) -> tuple[str, ...]:
        """The files' names ('Practice_Level_Crosstab_Dec_25.csv')."""
        return tuple(f.name for f in self.files)

    @property
    def labels(self) -> tuple[str, ...]:
        """Each file with its folder ('2026-10/ACHIEVEMENT.csv': a month may be in either)."""
        return tuple(f"{f.parent.name}/{f.name}" for f in self.files)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == "warning")

    @property
    def stale(self) -> bool:
        return self.age_days is not None and self.age_days > self.stale_after_days


def errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == "error"]
