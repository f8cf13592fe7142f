"""The rows of the sections for the work behind the number: This week (what falls due), the
Watch list (AMBER readings waiting for a note) and the Risk register (risks due review or
scoring 15 and over). Plain records in, table rows out (no widgets)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from domain.keys import Target
from tui.format import styled
from tui.screens.meeting.view import Row

if TYPE_CHECKING:
    from config.models import ChairConfig
    from tui.screens.meeting.view import SectionView


def work_rows(view: SectionView, config: ChairConfig, variables: dict[str, str]) -> list[Row]:
    """The rows of a This week, Watch list or Risk register section."""
    if view.kind == "this-week":
        return _week_rows(view, variables)
    if view.kind == "watch-list":
        return _watch_rows(view, variables)
    return _risk_rows(view, config, variables)


def _week_rows(view: SectionView, variables: dict[str, str]) -> list[Row]:
    today = view.meeting.date
    rows = []
    for index, item in enumerate(view.context.week_items):
        when = item.when_words(today)
        when_cell: str | Text = (
            styled(when, "error", variables, bold=True) if "overdue" in when else when
        )
        rows.append(
            Row(
                Target.of("due", index),
                (item.due.isoformat(), when_cell, item.what, item.source, item.owner or "—"),
                due=item,
            )
        )
    return rows


def _watch_rows(view: SectionView, variables: dict[str, str]) -> list[Row]:
    notes = view.context.watch_notes
    rows = []
    for item in view.context.watch_items:
        note = notes.get(item.metric_id)
        since = f" since {item.since:%d %b}" if item.since else ""
        rows.append(
            Row(
                Target.metric(item.metric_id),
                (
                    item.title,
                    item.display_value,
                    f"{item.streak}×{since}",
                    item.variation or "—",
                    item.dashboard,
                    styled(f"✓ {note}", "success", variables)
                    if note
                    else styled("✗ note needed", "error", variables, bold=True),
                ),
                watch=item,
            )
        )
    return rows


def _risk_rows(view: SectionView, config: ChairConfig, variables: dict[str, str]) -> list[Row]:
    context = view.context
    due_ids = {r.id for r in context.risks_due}
    rows = []
    for risk in context.risks_listed:
        person = config.person(risk.owner) if risk.owner else None
        note = context.reviews.get(risk.id) if risk.id is not None else None
        if note:
            review: str | Text = styled(f"✓ {note}", "success", variables)
        elif risk.id in due_ids:
            review = styled("✗ review needed", "error", variables, bold=True)
        else:
            review = "not due"
        rows.append(
            Row(
                Target.of("risk", risk.id),
                (
                    risk.ref,
                    risk.title,
                    f"{risk.score} ({risk.likelihood}×{risk.impact})",
                    person.name if person else (risk.owner or "—"),
                    risk.review_date.isoformat() if risk.review_date else "—",
                    review,
                    risk.controls or "—",
                ),
                risk=risk,
            )
        )
    return rows
