"""The rows behind a tracker metric's latest value, on its detail screen, and the exceptions
staff recorded on them (`x` marks the highlighted row as an exception)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.widgets import DataTable

if TYPE_CHECKING:
    from domain.exceptions import RowBehind, RowException, RowsBehind


@dataclass(frozen=True)
class Behind:
    """What the detail screen shows behind a metric: its rows and the live exceptions."""

    rows: RowsBehind | None
    exceptions: tuple[RowException, ...] = ()

    def excepted(self, row_key: str) -> list[RowException]:
        return [e for e in self.exceptions if e.row_key == row_key]


BehindLoader = Callable[[], Behind]
"""Reads the rows and live exceptions of the metric (run in a worker)."""
ExceptionSaver = Callable[[tuple[str, str, str, int, dt.date]], Any]
"""Records an exception: row key, reason, note, count, expiry (run in a worker)."""


def exception_cell(found: list[RowException]) -> str:
    """'housebound (2) until 2027-03-01' for a row with live exceptions; '' otherwise."""
    return "; ".join(
        f"{e.reason_text}{f' ({e.count})' if e.count != 1 else ''} until {e.expires.isoformat()}"
        for e in found
    )


def fill_behind(table: DataTable[Any], behind: Behind) -> list[RowBehind]:
    """The rows in the table (an Exception column second); the rows in table order."""
    table.clear(columns=True)
    rows = behind.rows
    if rows is None or not rows.rows:
        return []
    # The exception beside the row's name: it stays in sight when the other columns do not.
    table.add_columns(rows.columns[0], "Exception", *rows.columns[1:])
    for row in rows.rows:
        first, *rest = row.cells
        table.add_row(first, exception_cell(behind.excepted(row.key)), *rest)
    return list(rows.rows)


def behind_heading(behind: Behind) -> str:
    rows = behind.rows
    if rows is None:
        return ""
    if not rows.rows:
        return "Rows behind the latest value: none"
    live = len(behind.exceptions)
    excepted = f" · {live} exception{'s' if live != 1 else ''} live" if live else ""
    return (
        f"Rows behind the latest value ({len(rows.rows)}){excepted} · x marks the highlighted "
        "row as an exception"
    )
