"""The lines around the meeting's table: the section's question, what the gate still needs,
and the highlighted row's detail. Each paints itself from what it is given (attributes down)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.widgets import Static

from tui.screens.meeting.table import hidden_details
from tui.screens.meeting.view import caveats

if TYPE_CHECKING:
    from config.models import ChairConfig
    from domain.gate import Unmet
    from tui.screens.meeting.table import TableLayout
    from tui.screens.meeting.view import Row


class SectionQuestion(Static):
    """The section's title and question, with what the section says under it."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__("", markup=False, **kwargs)
        self._lines = 0

    def show(self, heading: str, width: int) -> None:
        """A relayout only when the height changes (it costs a frame); `width` until laid out."""
        width = max(1, self.content_size.width or width)
        lines = len(Text(heading).wrap(self.app.console, width))
        # Against the height it has too (a relayout asked for an earlier heading may not have
        # run); Textual keeps a widget's height per width, so a new height must clear it.
        relayout = lines != self._lines or lines != self.size.height
        if relayout:
            self.clear_cached_dimensions()
        self.update(heading, layout=relayout)
        self._lines = lines


class GateRefusal(Static):
    """What the gate still needs, in plain words (hidden when nothing)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__("", markup=False, **kwargs)
        self.display = False

    @property
    def showing(self) -> bool:
        return bool(self.display)

    def show(self, unmet: list[Unmet]) -> None:
        if not unmet:
            self.display = False
            return
        missing = "1 thing is" if len(unmet) == 1 else f"{len(unmet)} things are"
        text = Text(f"Cannot move on yet: {missing} missing", style="bold")
        for item in unmet:
            text.append(f"\n  ✗ {item.message}")
        self.update(text)
        self.display = True


class DetailLines(Static):
    """The highlighted row in words: what the table cut or hid, SPC, the reason, caveats, what
    the status means, wallpaper; for an action, its last update."""

    def __init__(self, config: ChairConfig, **kwargs: Any) -> None:
        super().__init__("", markup=False, **kwargs)
        self._config = config

    def show(self, row: Row | None, layout: TableLayout | None) -> None:
        self.update(self.text(row, layout), layout=False)

    def text(self, row: Row | None, layout: TableLayout | None) -> Text:
        reading = row.reading if row else None
        detail = Text()
        hidden = ""
        if row is not None and layout and row.escalation is None:  # its note says it all
            hidden = hidden_details(row, layout)
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
                None if indicator else self._config.statuses.get(reading.status.word.lower())  # type: ignore[call-overload]
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
            if row.note:  # did it work? the reading when decided and now
                detail.append(f"\n{row.note}")
        elif row is not None and row.escalation is not None and row.note:
            detail.append(row.note)  # from where, the evidence, the sender's reason
        detail.rstrip()
        return detail
