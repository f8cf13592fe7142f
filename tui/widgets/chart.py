"""The chart of the highlighted metric's trend with its threshold lines and, from 12 periods,
its SPC mean and process limits (plotext, as text); month labels, money as £k."""

from __future__ import annotations

import sys
from typing import ClassVar

from rich.text import Text
from textual.widgets import Static

from domain.readings import MINUS, PeriodNote, Reading


def plotext_ready() -> bool:
    """plotext costs ~0.2 s to import: the meeting screen imports it in a worker first."""
    return "plotext" in sys.modules


class MetricChart(Static):
    """Re-renders on `show(reading)` and on resize.

    A chart costs ~10 ms of plotext, so it is drawn just after the frame that shows the new
    row or section (the table repaints first), and kept (for every chart): going back to a
    metric, or opening its detail again, is instant.
    """

    DEFAULT_CSS = """
    MetricChart { height: 9; padding: 0 1; }
    """

    CACHE_SIZE = 64

    _drawn: ClassVar[dict[tuple[object, ...], Text]] = {}
    """Kept for every chart (the key holds the size): the metric detail opened again, or on
    the metric the meeting showed at that size, paints the chart drawn before."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__("", markup=False, **kwargs)  # type: ignore[arg-type]
        self.reading: Reading | None = None
        self._pending = False

    def show(self, reading: Reading | None) -> None:
        self.reading = reading
        if reading is None or self._chart_key(reading) in self._drawn:
            self._render_chart()
        elif not self._pending:  # several keys in one frame draw once, the last one
            self._pending = True
            self.call_after_refresh(self._render_chart)

    def on_resize(self) -> None:
        self._render_chart()

    def _chart_key(self, reading: Reading) -> tuple[object, ...]:
        thresholds = reading.thresholds
        return (
            reading.title,
            tuple(reading.trend),
            tuple(reading.history),
            reading.history_periods[-1:],
            reading.notes,
            thresholds.direction,
            tuple(_levels(reading)),
            self.size.width,
            self.size.height,
            plotext_ready(),
        )

    def _render_chart(self) -> None:
        self._pending = False
        reading = self.reading
        if reading is None:
            self.update("", layout=False)
            return
        key = self._chart_key(reading)
        drawn = self._drawn.get(key)
        if drawn is None:
            drawn = self._draw(reading)
            if len(self._drawn) >= self.CACHE_SIZE:
                self._drawn.pop(next(iter(self._drawn)))
            self._drawn[key] = drawn
        self.update(drawn, layout=False)

    def _draw(self, reading: Reading) -> Text:
        values = list(reading.trend)
        points = [(i + 1, v) for i, v in enumerate(values) if v is not None]
        levels = _levels(reading)
        spc = reading.spc()
        unit = reading.unit
        legend = " ".join(f"── {name} {axis_label(value, unit)}" for name, value in levels)
        if spc is not None:
            legend += (
                f" ┈ SPC mean {axis_label(spc.mean, unit)}, limits "
                f"{axis_label(spc.lower, unit)}–{axis_label(spc.upper, unit)}"
            )
            latest = spc.latest
            if latest is not None and latest.cause != "start":
                at = spc.starts_at(latest)
                periods = reading.history_periods
                when = f" in {periods[at]:%b %y}" if at < len(periods) else ""
                legend += f" since {latest.words}{when}"
        marks = noted(reading, len(values))
        if marks:
            legend += " ┊ notes: " + ", ".join(
                f"{note.period_end:%b %y}{' (change)' if note.change else ''}" for _x, note in marks
            )
        direction = reading.thresholds.direction
        caption = f"{reading.title}, {len(values)} periods: {legend} ({direction} is better)"
        width = self.size.width - 2
        caption_lines = -(-len(caption) // max(1, width))
        height = self.size.height - caption_lines
        if len(points) < 2 or width < 20 or height < 4 or not plotext_ready():
            return Text(caption, style="dim")
        import plotext

        lines = [value for _name, value in levels]
        pieces = limit_pieces(reading, len(values))
        dotted = [y for _a, _b, ys in pieces for y in ys]
        everything = [v for _x, v in points] + lines + dotted
        low, high = min(everything), max(everything)
        pad = (high - low) * 0.05 or abs(high) * 0.05 or 1.0
        low, high = low - pad, high + pad
        figure = plotext.figure
        figure.clear()
        figure.theme("colorless")
        figure.plot_size(width, height)
        figure.ruler("y").lim(low, high)
        ticks = [low + (high - low) * i / 2 for i in range(3)]
        figure.ruler("y").ticks(ticks, [axis_label(t, unit, high - low) for t in ticks])
        months = month_ticks(reading, len(values), width)
        if months:
            figure.ruler("x").ticks([x for x, _ in months], [label for _, label in months])
        signal = figure.signal([p[0] for p in points], [p[1] for p in points])
        signal.lines()
        figure.draw(signal)
        for value in lines:
            figure.line(value)
        if len(pieces) == 1:
            for value in pieces[0][2]:
                figure.line(value, style="dotted")
        for first, last, ys in pieces if len(pieces) > 1 else []:
            for y in ys:  # a step: each stretch's mean and limits over its own periods
                figure.segment([first - 0.5, last + 0.5], [y, y], marker="dot")
        for x in sorted({x for x, _note in marks}):
            figure.line(x, orientation=1, style="dotted")  # a noted period
        chart = plotext.uncolorize(figure.build().string())
        return Text(caption + "\n", style="dim") + Text(chart)


def noted(reading: Reading, count: int) -> list[tuple[int, PeriodNote]]:
    """(x, note) of each note on one of the `count` plotted periods (x from 1)."""
    periods = list(reading.history_periods[-count:]) if count else []
    if len(periods) != count:
        return []
    return [(periods.index(n.period_end) + 1, n) for n in reading.notes if n.period_end in periods]


def limit_pieces(reading: Reading, count: int) -> list[tuple[int, int, tuple[float, ...]]]:
    """(first x, last x, (mean, lower, upper)) of each SPC baseline within the `count` plotted
    periods (x from 1); one piece when the limits were never recalculated in view."""
    spc = reading.spc()
    if spc is None or not spc.baselines:
        return []
    held = len(reading.history or reading.trend)
    offset = held - count  # the plotted periods are the last `count` held
    pieces: list[tuple[int, int, tuple[float, ...]]] = []
    for baseline in spc.baselines:
        first = spc.starts_at(baseline) - offset + 1
        last = spc.positions[baseline.last] - offset + 1 if spc.positions else count
        if last >= 1:
            ys = (baseline.mean, baseline.lower, baseline.upper)
            pieces.append((max(1, first), min(count, last), ys))
    return pieces


def axis_label(value: float, unit: str, span: float | None = None) -> str:
    """A short axis or legend number: money as £k from £1,000, large counts as k, no e-notation."""
    size = abs(value) if span is None else max(abs(value), span)
    if unit == "£":
        sign = MINUS if value < 0 else ""
        if size >= 1000:
            places = 0 if (span if span is not None else size) >= 3000 else 1
            return f"{sign}£{abs(value) / 1000:,.{places}f}k"
        return f"{sign}£{abs(value):,.0f}"
    if size >= 10_000:
        return f"{value / 1000:,.0f}k"
    reach = span if span is not None else size
    places = 0 if reach >= 20 else 1 if reach >= 1 else 2
    text = f"{value:,.{places}f}"
    return text + ("%" if unit == "%" else "")


def month_ticks(reading: Reading, count: int, width: int) -> list[tuple[int, str]]:
    """(x, 'Nov 25') for a few of the plotted periods, evenly spaced, first and last included."""
    periods = reading.history_periods[-count:] if count else ()
    if len(periods) != count or count < 2:
        return []
    wanted = max(2, min(count, width // 9))
    step = (count - 1) / (wanted - 1)
    picks = sorted({round(i * step) for i in range(wanted)})
    return [(i + 1, f"{periods[i]:%b %y}") for i in picks]


def _levels(reading: Reading) -> list[tuple[str, float]]:
    thresholds = reading.thresholds
    if thresholds.direction == "band":
        out = []
        if thresholds.target_low is not None:
            out.append(("target low", thresholds.target_low))
        if thresholds.target_high is not None:
            out.append(("target high", thresholds.target_high))
        return out
    return [(status.word.lower(), value) for status, value in thresholds.levels()]
