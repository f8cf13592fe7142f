"""A metric's detail: every period with value and status, the source behind the latest value,
completeness, peers, thresholds, the agreed response and the SPC reading (Making Data Count)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Static

from domain.decisions import describe_thresholds
from domain.readings import PeriodNote, Reading, format_limit, format_value, peers_text
from domain.source_files import grouped
from domain.spc import Spc, not_enough
from domain.words import counted, counted_text
from tui.screens.behind import Behind, BehindLoader, ExceptionSaver, behind_heading, fill_behind
from tui.widgets.chart import MetricChart
from tui.widgets.keys_footer import KeysFooter
from tui.widgets.marked_table import MarkedTable

if TYPE_CHECKING:
    from domain.exceptions import RowBehind
    from storage.data.quality import SourceReport

NoteSaver = Callable[[tuple[dt.date, str, bool]], Any]
"""Saves a note on a period (period end, text, change of process?); returns the PeriodNote."""
FactsLoader = Callable[[], "SourceReport | None"]
"""Returns the source's report (storage.data.quality.SourceReport) or None; run in a worker."""


def status_text(reading: Reading) -> str:
    """'▲ AMBER · !H ? special cause — concern (high); hit and miss against 4.5'."""
    text = reading.status.label
    spc = reading.spc()
    if spc is not None:
        text += f" · {spc.icon} {spc.words}"
    return text


def detail_lines(reading: Reading, response: str) -> list[str]:
    """The facts of a reading, one per line, in the order a chair asks for them."""
    lines = [f"Latest: {reading.display_value}  {status_text(reading)}"]
    if reading.reason:
        lines.append(f"Why: {reading.reason}")
    indicator = reading.metric_id.startswith("qof:")
    if indicator:
        low, high = reading.thresholds.red, reading.thresholds.amber
        lines.append(
            f"Thresholds: lower {low:g}%, upper {high:g}% (no points at or below the lower, "
            "all the points from the upper)"
        )
    else:
        lines.append(f"Thresholds: {describe_thresholds(reading.thresholds)}")
    if response:
        why = "recoverability" if reading.metric_id.startswith("qof:") else reading.status.word
        lines.append(f"Agreed response ({why}): {response}")
    when = reading.as_of.isoformat() if reading.as_of else "unknown"
    lines.append(f"As of: {when} · source: {reading.source_file or 'unknown'}")
    if reading.numerator is not None and reading.denominator is not None:
        counts = counted_text(reading.numerator, reading.denominator, reading.counted)
        lines.append(f"Latest from: {counts}")
    if reading.completeness is not None:
        lines.append(f"Completeness: {reading.completeness:.0%} of the expected data")
    peers = peers_text(reading)
    lines.append(f"Peers (median): {peers}" if peers else "Peers: none in this data")
    spc = reading.spc()
    if spc is None and indicator:
        lines.append("SPC: not for an indicator (the table reads the latest extract only)")
    elif spc is None:
        lines.append(f"SPC: {not_enough(reading.history or reading.trend)}")
    else:
        lines.extend(spc_lines(reading, spc))
    lines.extend(f"{label}: {text}" for label, text in reading.detail.lines())
    lines.extend(f"Note {note.words}" for note in reading.notes)
    for detail_table in reading.tables:
        lines += ["", *detail_table.lines()]
    return lines


def spc_lines(reading: Reading, spc: Spc) -> list[str]:
    """The SPC reading: the latest limits, each step where they were recalculated, the
    variation, and each signal once."""
    unit, places = reading.unit, reading.precision

    def limit(value: float) -> str:
        return format_limit(value, unit, places)

    latest = spc.latest
    since = f" (of the last {latest.points})" if latest and len(spc.baselines) > 1 else ""
    lines = [
        f"SPC over {spc.points} periods: mean {limit(spc.mean)}, "
        f"process limits {limit(spc.lower)} to {limit(spc.upper)}{since}"
    ]
    periods = reading.history_periods
    for earlier, later in zip(spc.baselines, spc.baselines[1:], strict=False):
        at = spc.starts_at(later)
        when = f"{periods[at]:%b %Y}" if at < len(periods) else f"period {at + 1}"
        lines.append(
            f"Limits recalculated from {when} ({later.words}): before it mean "
            f"{limit(earlier.mean)}, limits {limit(earlier.lower)} to {limit(earlier.upper)}"
        )
    lines.append(f"Variation: {spc.words}")
    if spc.signals:
        lines.append(f"Signals: {'; '.join(dict.fromkeys(s.words for s in spc.signals[-4:]))}")
    return lines


class MetricDetailScreen(Screen[None]):
    """Everything behind one metric; `q` or escape goes back to the meeting."""

    CSS_PATH = "metric_detail.tcss"
    BINDING_GROUP_TITLE = "Metric detail"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "scroll(1)", "Down", id="detail-down", show=False, tooltip="Scroll down"),
        Binding("k", "scroll(-1)", "Up", id="detail-up", show=False, tooltip="Scroll up"),
        Binding("n", "note", "Note", id="period-note", tooltip="Note what explains a period"),
        Binding(
            "q,escape,i",
            "close",
            "Back",
            id="close-detail",
            tooltip="Back to the meeting",
        ),
        Binding(
            "x",
            "except_row",
            "Exception",
            id="except-row",
            tooltip="Mark the highlighted row behind the number as an exception (reason, until)",
        ),
    ]

    def __init__(
        self,
        reading: Reading,
        response: str,
        load_facts: FactsLoader | None,
        save_note: NoteSaver | None = None,
        load_behind: BehindLoader | None = None,
        save_exception: ExceptionSaver | None = None,
        today: dt.date | None = None,
        meeting_id: int | None = None,
    ) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        """The meeting it was opened from: its forms' drafts are kept with that meeting's."""
        self.reading = reading
        self.response = response
        self.load_facts = load_facts
        self.save_note = save_note
        self.load_behind = load_behind
        self.save_exception = save_exception
        self.today = today or dt.date.today()
        self.behind: Behind | None = None
        self.behind_rows: list[RowBehind] = []

    def compose(self) -> ComposeResult:
        yield Static(self.reading.title, id="detail-title", markup=False)
        with VerticalScroll(id="detail-scroll"):
            yield Static(
                "\n".join(detail_lines(self.reading, self.response)), id="facts", markup=False
            )
            yield MetricChart(id="detail-chart")
            yield Static("Every period, newest first", classes="detail-heading", markup=False)
            yield MarkedTable(id="periods", cursor_type="row", zebra_stripes=True)
            yield Static("", id="behind-heading", classes="detail-heading", markup=False)
            yield MarkedTable(id="behind", cursor_type="row", zebra_stripes=True)
            yield Static("Source: reading…", id="source", markup=False)
        yield KeysFooter(compact=True)

    def on_mount(self) -> None:
        table = self.query_one("#periods", DataTable)
        table.add_columns("Period", "Value", "Status")
        reading = self.reading
        periods = reading.history_rows() or [(reading.as_of, reading.value, reading.status)]
        for period, value, status in reversed(periods):
            table.add_row(
                period.isoformat() if period else "—",
                format_value(value, reading.unit, reading.precision),
                status.label,
            )
        chart = self.query_one("#detail-chart", MetricChart)
        chart.display = len(reading.trend) > 1  # an indicator has its latest extract only
        chart.show(reading)
        self.query_one("#detail-scroll").focus()
        # The source and the rows behind are read once the screen is painted: their workers
        # would take turns with painting it (on two busy cores, 20-40 ms later filled).
        if self.load_facts is None:
            self.query_one("#source", Static).update("")
        else:
            self.call_after_refresh(self._load)
        self.query_one("#behind").display = False
        self.query_one("#behind-heading").display = False
        if self.load_behind is not None:
            self.call_after_refresh(self._load_behind)

    # ------------------------------------------------------------------ rows behind the number

    @work(thread=True, exit_on_error=False, group="behind")
    def _load_behind(self) -> None:
        if self.load_behind is not None:
            behind = self.load_behind()
            self.app.call_from_thread(self._show_behind, behind)

    def _show_behind(self, behind: Behind) -> None:
        self.behind = behind
        table = self.query_one("#behind", DataTable)
        row = table.cursor_row
        self.behind_rows = fill_behind(table, behind)
        table.display = bool(self.behind_rows)
        heading = self.query_one("#behind-heading", Static)
        heading.update(behind_heading(behind))
        heading.display = behind.rows is not None
        if self.behind_rows:
            table.move_cursor(row=max(0, min(row, len(self.behind_rows) - 1)))
            table.focus()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "except_row":
            return bool(self.behind_rows) and self.save_exception is not None
        return True

    def action_except_row(self) -> None:
        """`x`: the highlighted row behind the number is an exception (reason, until)."""
        from tui.screens.form_base import open_form
        from tui.screens.work_forms import ExceptionForm

        save, behind = self.save_exception, self.behind
        table = self.query_one("#behind", DataTable)
        if save is None or behind is None or behind.rows is None or not self.behind_rows:
            return
        row = self.behind_rows[min(table.cursor_row, len(self.behind_rows) - 1)]

        def done(saved: object) -> None:
            if saved:
                self.notify(f"Exception recorded on {row.key}.", markup=False)
                self._load_behind()

        form = ExceptionForm(self.reading.title, row, behind.rows.countable, self.today, save)
        key = f"exception:{self.reading.metric_id}:{row.key}"
        open_form(self.app, form, self.meeting_id, key, done)

    @work(thread=True, exit_on_error=False, group="facts")
    def _load(self) -> None:
        try:
            facts = self.load_facts() if self.load_facts else None
            text = source_text(facts)
        except Exception as error:  # one broken file never stops a meeting
            text = f"Source: could not be read ({error})"
        self.app.call_from_thread(self.query_one("#source", Static).update, text)

    def action_scroll(self, step: int) -> None:
        self.query_one("#detail-scroll", VerticalScroll).scroll_relative(y=step * 3)

    def action_note(self) -> None:
        """A note on one period (`n`): kept with the record; the detail and chart follow."""
        from tui.screens.form_base import open_form
        from tui.screens.period_note import PeriodNoteForm

        periods = self.reading.history_periods or (
            (self.reading.period_end,) if self.reading.period_end else ()
        )
        if self.save_note is None or not periods:
            self.notify("No periods to note here", severity="warning")
            return
        form = PeriodNoteForm(self.reading.title, periods, self.save_note)
        open_form(self.app, form, self.meeting_id, f"note:{self.reading.metric_id}", self._noted)

    def _noted(self, note: Any) -> None:
        if not isinstance(note, PeriodNote):
            return
        self.reading = replace(self.reading, notes=(*self.reading.notes, note))
        lines = detail_lines(self.reading, self.response)
        facts = self.query_one("#facts", Static)
        facts.clear_cached_dimensions()  # Textual keeps a height per width: it has grown
        facts.update("\n".join(lines))
        self.query_one("#detail-chart", MetricChart).show(self.reading)

    def action_close(self) -> None:
        self.app.pop_screen()


def source_text(facts: SourceReport | None) -> str:
    """The source behind the latest value: its files, rows, period and problems."""
    if facts is None:
        return ""
    period = (
        f"{facts.period_start} to {facts.period_end}" if facts.period_start else "no period found"
    )
    files = facts.labels
    names = grouped(files)
    lines = [
        f"Source '{facts.source_id}' ({facts.format}): {facts.path}",
        f"{len(files)} file{'s' if len(files) != 1 else ''}, {counted(facts.rows, 'row')}, {period}",
        *(f"File: {name}" for name in names[-8:]),
    ]
    if len(names) > 8:
        lines.append(f"(and {len(names) - 8} older file names)")
    if not names:
        lines.append("Files: none")
    lines.extend(f"Problem: {finding.line()}" for finding in facts.findings[:5])
    return "\n".join(lines)
