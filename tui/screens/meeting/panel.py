"""The section on screen: its question, the gate's refusal, the table, the highlighted row's
detail, chart (or a PCN's practices side by side) and loop strip, as one widget."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message

from tui.screens.meeting.lines import DetailLines, GateRefusal, SectionQuestion
from tui.screens.meeting.qof import qof_heading
from tui.screens.meeting.section_table import SectionTable
from tui.screens.meeting.view import Row, SectionView, loop_steps
from tui.widgets.chart import MetricChart
from tui.widgets.loop_strip import LoopStrip
from tui.widgets.pcn_grid import PcnGrid

if TYPE_CHECKING:
    from collections.abc import Callable

    from config.models import ChairConfig
    from domain.gate import Unmet
    from domain.keys import Target
    from domain.pcn import PcnRow

AGENDA_WIDTH = 26
"""The agenda sidebar's width (see AgendaList)."""
AGENDA_NARROW = 20
"""Its width below NARROW_BELOW columns (the screen's `-narrow` class in meeting.tcss)."""
NARROW_BELOW = 100


class SectionPanel(Vertical):
    """Paints a loaded SectionView, updating its widgets in place (attributes down: `paint`,
    `clear`, `show_refusal`, `point_at`); posts RowMoved when the person moves the cursor.

    It keeps which rows were reviewed (highlighted once) for the loop strip.
    """

    class RowMoved(Message):
        """The person moved the cursor; the row's detail, chart and loop are already shown."""

    def __init__(
        self,
        config: ChairConfig,
        pcn_rows: dict[str, list[PcnRow]] | None,
        recolour: Callable[[], None],
        **kwargs: Any,
    ) -> None:
        """`pcn_rows`: a PCN meeting's practices side by side by dashboard id, filled as its
        readings load (None: not a PCN meeting); `recolour`: called when the theme changed
        (the rows, built with the section, are built again in its colours)."""
        super().__init__(**kwargs)
        self._config = config
        self._pcn_rows = pcn_rows
        self._recolour = recolour
        self.question = SectionQuestion(id="question")
        self.refusal = GateRefusal(id="refusal")
        self.table = SectionTable(id="rows")
        self.detail = DetailLines(config, id="detail")
        self.chart = MetricChart(id="chart")
        self.pcn_grid = PcnGrid(id="pcn-grid")
        self.loop = LoopStrip(id="loop")
        self.reviewed: set[str] = set()
        self.painting = False
        """Within `paint`: the cursor's moves while rows are replaced are not the person's."""
        self.view: SectionView | None = None
        """The section painted (None: none yet, or the one shown is still loading)."""
        self._problem: str | None = None
        self._highlighted_shown: tuple[Any, ...] | None = None
        self._heading = ""

    def compose(self) -> ComposeResult:
        yield self.question
        yield self.refusal
        yield self.table
        yield self.detail
        yield self.chart
        yield self.pcn_grid
        yield self.loop

    def on_mount(self) -> None:
        self._warm_plotext()
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._recolour())
        # Watched, not RowHighlighted: the detail and chart change in the frame that moves the
        # cursor (the message comes through two queues, often a frame later).
        self.watch(self.table, "cursor_coordinate", self._cursor_moved, init=False)
        self.watch(self.table, "scroll_y", lambda _y: self.table_scrolled(), init=False)

    @work(thread=True, exit_on_error=False, group="warm")
    def _warm_plotext(self) -> None:
        import plotext  # noqa: F401  (0.2 s: off the key path)

        self.app.call_from_thread(self.show_highlighted, True)

    def on_resize(self) -> None:
        view = self.view
        if view is not None and not self.table.fits(view.layout_kind, self.table_width()):
            self.paint(view, self._problem, None)

    @property
    def variables(self) -> dict[str, str]:
        # Textual keeps the current theme's variables; generating them costs ~3 ms a call.
        return self.app.theme_variables or self.app.get_css_variables()

    @property
    def rows(self) -> list[Row]:
        return self.table.section_rows

    def current_row(self) -> Row | None:
        return self.table.current_row()

    def table_width(self) -> int:
        # The terminal less the agenda and the main area's padding (known before the first
        # layout, unlike this widget's own width). The table has no scrollbar: its thumb read
        # as stray sparkline cells; the heading says which rows show instead.
        width = self.app.size.width
        agenda = AGENDA_NARROW if width < NARROW_BELOW else AGENDA_WIDTH
        return max(20, width - agenda - 2)

    def rows_window(self) -> str:
        """' · rows 1–7 of 44 (...)' when the table holds more rows than it shows, else ''."""
        table, count = self.table, len(self.rows)
        visible = max(1, table.size.height - 1)  # less the header row
        if count <= visible:
            return ""
        first = int(table.scroll_y) + 1
        return f" · rows {first}–{min(count, first + visible - 1)} of {count} (Home End PgUp PgDn)"

    def table_scrolled(self) -> None:
        """The table scrolled (or was laid out): the heading's 'rows a–b of n' follows."""
        if self.view is not None:
            self.question.show(self._heading + self.rows_window(), self.table_width())

    def paint(self, view: SectionView, problem: str | None, row: int | None) -> None:
        """Show `view`, the cursor on `row` (None: where it is); `problem`: why a dashboard
        has no readings."""
        self.painting = True
        try:
            self._paint(view, problem, row)
        finally:
            self.painting = False

    def _paint(self, view: SectionView, problem: str | None, row: int | None) -> None:
        self.view, self._problem = view, problem
        rows = list(view.rows)  # built with the view, in the loader's worker (rows.py)
        table = self.table
        row = row if row is not None else table.cursor_row
        table.show(rows, view.layout_kind, self.table_width())
        if rows:
            table.move_cursor(row=min(max(row, 0), len(rows) - 1))
            # The highlighted row counts as reviewed (the cursor watch is off while painting,
            # and an unchanged position is no move).
            highlighted = self.current_row()
            if highlighted is not None:
                self.reviewed.add(highlighted.key)
        dashboard = self._config.dashboard(view.key.dashboard) if view.key.is_dashboard else None
        title = view.title
        if dashboard is not None:
            title += f" ({dashboard.layer})"  # the layer its dashboard serves
        heading = f"{title}: {view.question}" if view.question else title
        if view.qof is not None:
            heading += f"\n{qof_heading(view)}"
        if view.kind == "dashboard" and not view.readings:
            heading += f"\n{problem or 'No metrics are configured for this dashboard.'}"
        elif not rows:
            heading += "\nNothing to decide here: n moves on."
        self._heading = heading
        self.question.show(heading + self.rows_window(), self.table_width())
        self.call_after_refresh(self.table_scrolled)  # the table's height, once laid out
        if self.refusal.showing:
            self.refusal.show(view.unmet)
        self.show_highlighted()
        table.focus()

    def move(self, step: int) -> None:
        """The cursor a row down (`step` > 0) or up."""
        if step > 0:
            self.table.action_cursor_down()
        else:
            self.table.action_cursor_up()

    def move_to(self, row: int) -> bool:
        """The cursor to `row` (-1: the last); False when the table has no rows."""
        if not self.table.row_count:
            return False
        self.table.move_cursor(row=row % self.table.row_count)
        return True

    def clear(self, heading: str) -> None:
        """Nothing loaded yet for the section shown: an empty table and a heading."""
        self.view = None
        self.table.empty()
        self.question.show(heading, self.table_width())

    def show_refusal(self, unmet: list[Unmet]) -> None:
        self.refusal.show(unmet)

    def point_at(self, target: Target) -> None:
        """Move the cursor to the row the gate named (if it is in this section)."""
        self.table.point_at(target)

    def _cursor_moved(self) -> None:
        if self.painting:
            return  # `paint` shows the highlighted row itself once the rows are in
        self.row_highlighted()
        self.post_message(self.RowMoved())

    def row_highlighted(self) -> None:
        """The cursor moved: the row counts as reviewed; its detail follows."""
        row = self.current_row()
        if row is not None:
            self.reviewed.add(row.key)
        self.show_highlighted()

    def show_highlighted(self, again: bool = False) -> None:
        """The highlighted row's detail lines, chart and loop strip (`again`: even if shown)."""
        row = self.current_row()
        layout = self.table.table_layout
        shown = (row.key if row else None, id(self.view), layout)
        if shown == self._highlighted_shown and not again:
            return  # the same row of the same view: already on screen
        self._highlighted_shown = shown
        reading = row.reading if row else None
        self.detail.show(row, layout)
        if self._pcn_rows is None:
            self.chart.show(reading if reading and reading.trend else None)
        else:
            dashboard = self.view.key.dashboard if self.view else ""
            found = next(
                (
                    r
                    for r in self._pcn_rows.get(dashboard, [])
                    if reading is not None and r.pcn.metric_id == reading.metric_id
                ),
                None,
            )
            self.pcn_grid.show(found, self.variables, self.table_width())
        reviewed = row.key in self.reviewed if row else False
        unmet = self.view.unmet if self.view else []
        self.loop.show(loop_steps(row, reviewed, unmet), self.variables)
