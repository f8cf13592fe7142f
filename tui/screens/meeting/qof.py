"""A QOF section's table: its metrics, then one row per indicator (achievement against the
thresholds, £ at stake, patients needed, recoverability and its response), each decidable."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from domain.keys import Target
from domain.qof_table import money
from tui.format import styled
from tui.screens.meeting.view import Row, SectionView, latest_decisions, status_cell

if TYPE_CHECKING:
    from rich.text import Text


def qof_rows(view: SectionView, metric_rows: list[Row], variables: dict[str, str]) -> list[Row]:
    """The section's metric rows in the QOF columns, then the indicators (the table's order:
    most £ recoverable per patient needed first)."""
    rows = [
        replace(r, cells=(r.cells[0], r.cells[1], r.cells[2], "", "", "", "", "", "", r.cells[7]))
        for r in metric_rows
    ]
    table = view.qof
    if table is None:
        return rows
    decided = latest_decisions(view)
    for indicator in table.rows:
        reading = table.reading(indicator.metric_id)
        assert reading is not None
        decision = decided.get(indicator.metric_id)
        last: str | Text = (
            styled(f"✓ {decision.kind.value}", "success", variables) if decision else ""
        )
        rows.append(
            Row(
                Target.metric(indicator.metric_id),
                (
                    indicator.title,
                    indicator.achievement_text,
                    status_cell(reading, variables),
                    money(indicator.at_stake),
                    str(indicator.patients_needed),
                    f"{indicator.recoverability} → {indicator.response}",
                    indicator.points_text,
                    indicator.thresholds_text,
                    money(indicator.per_patient),
                    last,
                ),
                reading=reading,
                decision=decision,
                note=indicator.note,
            )
        )
    return rows


def qof_heading(view: SectionView) -> str:
    """The line under the question: weeks left and what is at stake."""
    table = view.qof
    if table is None:
        return ""
    if not table.rows:
        return f"QOF indicators: {table.problem or 'none'}"
    below = [r for r in table.rows if r.patients_needed]
    at_stake = sum(r.at_stake for r in below)
    weeks = table.rows[0].weeks_left
    return (
        f"{weeks:.0f} weeks to 31 March · {money(at_stake)} at stake in {len(below)} "
        "indicators below their upper threshold"
    )
