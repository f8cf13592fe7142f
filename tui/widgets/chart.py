"""The chart of the highlighted metric's trend with its threshold lines (plotext, as text)."""

from __future__ import annotations

import sys

from rich.text import Text
from textual.widgets import Static

from domain.readings import Reading


def plotext_ready() -> bool:
    """plotext costs ~0.2 s to import: the meeting screen imports it in a worker first."""
    return "plotext" in sys.modules


class MetricChart(Static):
    """Re-renders on `show(reading)` and on resize.

    A chart costs ~10 ms of plotext, so it is drawn just after the frame that shows the new
    row or section (the table repaints first), and kept: going back to a metric is instant.
    """

    DEFAULT_CSS = """
    MetricChart { height: 9; padding: 0 1; }
    """

    CACHE_SIZE = 64

    def __init__(self, **kwargs: object) -> None:
        super().__init__("", markup=False, **kwargs)  # type: ignore[arg-type]
        self.reading: Reading | None = None
        self._drawn: dict[tuple[object, ...], Text] = {}
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
        values = [v for v in reading.trend]
        points = [(i + 1, v) for i, v in enumerate(values) if v is not None]
        levels = _levels(reading)
        legend = "  ".join(f"── {name} {value:g}" for name, value in levels)
        direction = reading.thresholds.direction
        caption = f"{reading.title}: last {len(values)} periods · {legend} ({direction} is better)"
        width, height = self.size.width - 2, self.size.height - 1
        if len(points) < 2 or width < 20 or height < 4 or not plotext_ready():
            return Text(caption, style="dim")
        import plotext

        figure = plotext.figure
        figure.clear()
        figure.theme("colorless")
        figure.plot_size(width, height)
        signal = figure.signal([p[0] for p in points], [p[1] for p in points])
        signal.lines()
        figure.draw(signal)
        for _name, value in levels:
            figure.line(value)
        chart = plotext.uncolorize(figure.build().string())
        return Text(caption + "\n", style="dim") + Text(chart)


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
