"""Showing a section: the question, the table, the highlighted row's detail, chart and loop."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.screen import Screen
from textual.widgets import DataTable, Static

from tui.screens.meeting.qof import qof_heading, qof_rows
from tui.screens.meeting.table import (
    TableLayout,
    fill_table,
    fit_columns,
    hidden_details,
    longest_cells,
)
from tui.screens.meeting.view import Row, SectionView, build_rows, caveats, loop_steps
from tui.widgets.agenda import AgendaList
from tui.widgets.chart import MetricChart
from tui.widgets.loop_strip import LoopStrip
from tui.widgets.pcn_grid import PcnGrid

if TYPE_CHECKING:
    from config.models import ChairConfig
    from domain.gate import Unmet
    from domain.pcn import PcnRow
    from domain.records import Meeting

AGENDA_WIDTH = 26
"""The agenda sidebar's width (see AgendaList)."""
AGENDA_NARROW = 20
"""Its width below NARROW_BELOW columns (the screen's `-narrow` class in meeting.tcss)."""
NARROW_BELOW = 100


class SectionPainter:
    """Paints a loaded SectionView on the screen's widgets, updating them in place.

    It owns what is on screen: the rows, the columns that fit, which rows were reviewed, and
    whether the gate's refusal is showing.
    """

    def __init__(self, screen: Screen[None]) -> None:
        self._screen = screen
        self.rows: list[Row] = []
        self.reviewed: set[str] = set()
        self.unmet_shown = False
        self.table_layout: TableLayout | None = None
        """The table's columns and widths now (they follow the terminal's width)."""
        self._question_lines = 0
        self._highlighted_shown: tuple[Any, ...] | None = None
        self._view: SectionView | None = None
        self.pcn_rows: dict[str, list[PcnRow]] | None = None
        """A PCN meeting's practices side by side, by dashboard id (None otherwise)."""
        self._longest: dict[int, int] = {}
        """The widest cell of each never-cut column in the rows shown."""
        self.painting = False
        """Within `paint`: the cursor's moves while rows are replaced are not the person's."""

    @property
    def table(self) -> DataTable[Any]:
        return self._screen.query_one("#rows", DataTable)

    @property
    def variables(self) -> dict[str, str]:
        # Textual keeps the current theme's variables; generating them costs ~3 ms a call.
        app = self._screen.app
        return app.theme_variables or app.get_css_variables()

    def paint(
        self,
        view: SectionView,
        config: ChairConfig,
        problem: str | None,
        row: int | None,
    ) -> None:
        """Show `view`, the cursor on `row` (None: where it is)."""
        self.painting = True
        try:
            self._paint(view, config, problem, row)
        finally:
            self.painting = False

    def _paint(
        self, view: SectionView, config: ChairConfig, problem: str | None, row: int | None
    ) -> None:
        self._view = view
        self.rows = build_rows(view, config, self.variables)
        if view.layout_kind == "qof":
            self.rows = qof_rows(view, self.rows, self.variables)
        table = self.table
        row = row if row is not None else table.cursor_row
        self.fill_table()
        if self.rows:
            table.move_cursor(row=min(max(row, 0), len(self.rows) - 1))
            # The highlighted row counts as reviewed (the screen's cursor watch is off while
            # painting, and an unchanged position is no move).
            highlighted = self.current_row()
            if highlighted is not None:
                self.reviewed.add(highlighted.key)
        heading = f"{view.title}: {view.question}" if view.question else view.title
        if view.qof is not None:
            heading += f"\n{qof_heading(view)}"
        if view.kind == "dashboard" and not view.readings:
            heading += f"\n{problem or 'No metrics are configured for this dashboard.'}"
        elif not self.rows:
            heading += "\nNothing to decide here: n moves on."
        self.show_question(heading)
        if self.unmet_shown:
            self.show_refusal(view.unmet)
        self.show_highlighted(config)
        table.focus()

    def clear(self, heading: str) -> None:
        """Nothing loaded yet for the section shown: an empty table and a heading."""
        self._view = None
        self.rows = []
        self.table.clear()
        self.show_question(heading)

    def fits(self, kind: str) -> bool:
        """Whether the columns shown still fit the terminal's width."""
        kind = self._view.layout_kind if self._view else kind
        return fit_columns(kind, self.table_width(), self._longest) == self.table_layout

    def fill_table(self) -> None:
        """Put the rows in the table with the columns that fit the width (see table.py)."""
        kind = self._view.layout_kind if self._view else "aob"
        self._longest = longest_cells(kind, self.rows)
        layout = fit_columns(kind, self.table_width(), self._longest)
        rebuild = layout != self.table_layout
        self.table_layout = layout
        fill_table(self.table, self.rows, layout, rebuild)

    def table_width(self) -> int:
        # The screen less the agenda, the main area's padding and the table's scrollbar.
        agenda = AGENDA_NARROW if self._screen.size.width < NARROW_BELOW else AGENDA_WIDTH
        return max(20, self._screen.size.width - agenda - 2 - 2)

    def show_agenda(self, meeting: Meeting, index: int, counts: dict[str, int | None]) -> None:
        self._screen.query_one(AgendaList).show(meeting.sections, index, counts, self.variables)

    def current_row(self) -> Row | None:
        if not self.rows:
            return None
        index = self.table.cursor_row
        return self.rows[index] if 0 <= index < len(self.rows) else None

    def row_highlighted(self, config: ChairConfig | None) -> None:
        """The cursor moved: the row counts as reviewed; its detail follows."""
        row = self.current_row()
        if row is not None:
            self.reviewed.add(row.key)
        self.show_highlighted(config)

    def show_question(self, heading: str) -> None:
        """The section's question; a relayout only when its height changes (it costs a frame)."""
        question = self._screen.query_one("#question", Static)
        width = max(1, question.content_size.width or self.table_width())
        lines = len(Text(heading).wrap(self._screen.app.console, width))
        question.update(heading, layout=lines != self._question_lines)
        self._question_lines = lines

    def show_highlighted(self, config: ChairConfig | None, again: bool = False) -> None:
        """The highlighted row's detail lines, chart and loop strip (`again`: even if shown)."""
        row = self.current_row()
        shown = (row.key if row else None, id(self._view), self.table_layout)
        if shown == self._highlighted_shown and not again:
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
            spc = reading.spc()
            if spc is not None:
                detail.append(f"SPC {spc.icon}: {spc.words}\n")
            elif row is not None and row.note and reading.metric_id.startswith("qof:"):
                detail.append(f"{row.note}\n")
            if reading.reason:
                detail.append(f"{reading.status.label}: {reading.reason}\n")
            if row is not None and row.acknowledged:
                detail.append(f"{row.acknowledged}: no decision needed until then\n")
            for caveat in caveats(reading):
                detail.append(caveat + "\n", style="bold")
            indicator = reading.metric_id.startswith("qof:")  # its response is its class's
            response = (
                config.statuses.get(reading.status.word.lower())  # type: ignore[call-overload]
                if config and not indicator
                else None
            )
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
        screen = self._screen
        screen.query_one("#detail", Static).update(detail, layout=False)
        if self.pcn_rows is None:
            screen.query_one(MetricChart).show(reading if reading and reading.trend else None)
        else:
            dashboard = self._view.key.removeprefix("dashboard:") if self._view else ""
            found = next(
                (
                    r
                    for r in self.pcn_rows.get(dashboard, [])
                    if reading is not None and r.pcn.metric_id == reading.metric_id
                ),
                None,
            )
            screen.query_one(PcnGrid).show(found, self.variables, self.table_width())
        screen.query_one(LoopStrip).show(
            loop_steps(row, row.key in self.reviewed if row else False), self.variables
        )

    def show_refusal(self, unmet: list[Unmet]) -> None:
        """What the gate still needs, in plain words (hidden when nothing)."""
        refusal = self._screen.query_one("#refusal", Static)
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

    def point_at(self, target: str) -> None:
        """Move the cursor to the row the gate named (if it is in this section)."""
        keys = [row.key for row in self.rows]
        if target in keys:
            self.table.move_cursor(row=keys.index(target))
        self.table.focus()
