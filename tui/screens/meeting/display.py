"""Showing a section: the question, the table, the highlighted row's detail, chart and loop."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import DataTable, Static

from domain.status import Status
from tui.screens.meeting.clock import MeetingClock
from tui.screens.meeting.table import fill_table, fit_columns, hidden_details
from tui.screens.meeting.view import (
    Row,
    SectionView,
    breach_count,
    build_rows,
    caveats,
    loop_steps,
)
from tui.widgets.agenda import AgendaList
from tui.widgets.chart import MetricChart
from tui.widgets.loop_strip import LoopStrip

AGENDA_WIDTH = 26
"""The agenda sidebar's width (see AgendaList)."""


class SectionDisplay(MeetingClock):
    """Part of MeetingScreen: paints a loaded SectionView, updating widgets in place."""

    def _render_view(self, view: SectionView) -> None:
        self.view = view
        if view.meeting.current_section == self.meeting.current_section or not self.navigating:
            self.meeting = view.meeting
        config = self.chair.config
        assert config is not None
        self.rows = build_rows(view, config, self.variables)
        table = self.table
        row = self.pending_row if self.pending_row is not None else table.cursor_row
        self.pending_row = None
        self._fill_table()
        if self.rows:
            table.move_cursor(row=min(max(row, 0), len(self.rows) - 1))
            # The highlighted row counts as reviewed even when the cursor did not move (rows
            # are updated in place, so no RowHighlighted arrives for an unchanged position).
            highlighted = self.current_row()
            if highlighted is not None:
                self.reviewed.add(highlighted.key)
        problem = self.readings_problem.get(view.key.removeprefix("dashboard:"))
        heading = f"{view.title}: {view.question}" if view.question else view.title
        if view.kind == "dashboard" and not view.readings:
            heading += f"\n{problem or 'No metrics are configured for this dashboard.'}"
        elif not self.rows:
            heading += "\nNothing to decide here: n moves on."
        self._show_question(heading)
        if self.unmet_shown:
            self._show_refusal(view.unmet)
        self._show_agenda()
        self._show_highlighted()
        self.table.focus()
        self._refresh_keys()

    def _fill_table(self) -> None:
        """Put `self.rows` in the table with the columns that fit the width (see meeting_table)."""
        kind = self.view.kind if self.view else "aob"
        layout = fit_columns(kind, self._table_width())
        rebuild = layout != self.table_layout
        self.table_layout = layout
        fill_table(self.table, self.rows, layout, rebuild)

    def _table_width(self) -> int:
        # The screen less the agenda, the main area's padding and the table's scrollbar.
        return max(20, self.size.width - AGENDA_WIDTH - 2 - 2)

    def _show_agenda(self) -> None:
        config = self.chair.config
        if config is None:
            return
        meeting_type = config.meeting_type(self.meeting.meeting_type)
        decide_at = meeting_type.decide_status if meeting_type else Status.RED
        counts: dict[str, int | None] = {}
        for section in self.meeting.sections:
            dashboard = section.key.removeprefix("dashboard:")
            if section.key.startswith("dashboard:"):
                loaded = self.readings.get(dashboard)
                counts[section.key] = None if loaded is None else breach_count(loaded, decide_at)
        self.query_one(AgendaList).show(
            self.meeting.sections, self.section_index, counts, self.variables
        )

    def current_row(self) -> Row | None:
        if not self.rows:
            return None
        index = self.table.cursor_row
        return self.rows[index] if 0 <= index < len(self.rows) else None

    def _show_question(self, heading: str) -> None:
        """The section's question; a relayout only when its height changes (it costs a frame)."""
        question = self.query_one("#question", Static)
        width = max(1, question.content_size.width or self._table_width())
        lines = len(Text(heading).wrap(self.app.console, width))
        question.update(heading, layout=lines != self._question_lines)
        self._question_lines = lines

    def _show_highlighted(self) -> None:
        row = self.current_row()
        shown = (row.key if row else None, id(self.view), self.table_layout)
        if shown == self._highlighted_shown:
            return  # the same row of the same view: already on screen
        self._highlighted_shown = shown
        reading = row.reading if row else None
        detail = Text()
        hidden = (
            hidden_details(row, self.table_layout) if row is not None and self.table_layout else ""
        )
        if hidden:
            detail.append(hidden + "\n", style="bold")
        if reading is not None:
            config = self.chair.config
            if reading.reason:
                detail.append(f"{reading.status.label}: {reading.reason}\n")
            if row is not None and row.acknowledged:
                detail.append(f"{row.acknowledged}: no decision needed until then\n")
            for caveat in caveats(reading):
                detail.append(caveat + "\n", style="bold")
            response = config.statuses.get(reading.status.word.lower()) if config else None  # type: ignore[call-overload]
            if response is not None:
                detail.append(
                    f"{reading.status.label} means {response.meaning.lower()}: "
                    f"{response.response}.",
                    style="dim",
                )
            if reading.streak >= 3 and reading.status.severity >= 2:
                detail.append(
                    f"\n‼ {reading.status.word} for {reading.streak} periods running: "
                    "is this wallpaper? Decide something different.",
                    style="bold",
                )
        elif row is not None and row.action is not None:
            updates = row.action.updates
            if updates:
                last = updates[-1]
                detail.append(
                    f"Last update: {last.status.value} {last.note} {last.evidence}".strip()
                )
        detail.rstrip()
        self.query_one("#detail", Static).update(detail, layout=False)
        self.query_one(MetricChart).show(reading)
        self.query_one(LoopStrip).show(
            loop_steps(row, row.key in self.reviewed if row else False), self.variables
        )

    def _redraw_highlighted(self) -> None:
        self._highlighted_shown = None
        self._show_highlighted()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        row = self.current_row()
        if row is not None:
            self.reviewed.add(row.key)
        self._show_highlighted()
        self._refresh_keys()
        self._schedule_save()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_decide()

    def _show_refusal(self, unmet: list[Any]) -> None:
        refusal = self.query_one("#refusal", Static)
        if not unmet:
            refusal.display = False
            self.unmet_shown = False
            return
        missing = "1 thing is" if len(unmet) == 1 else f"{len(unmet)} things are"
        text = Text(f"Cannot move on yet: {missing} missing", style="bold")
        for item in unmet:
            text.append(f"\n  ✗ {item.message}")
        refusal.update(text)
        refusal.display = True
        self.unmet_shown = True
