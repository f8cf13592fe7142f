"""'Did it work?': the triggering metric when the decision was made against its value now."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Static

from domain.status import Status
from tui.format import STATUS_VARIABLE, styled
from tui.screens.backdrop import KeptBackdrop
from tui.screens.review.view import MUTED

if TYPE_CHECKING:
    from domain.readings import Reading
    from domain.records import Snapshot
    from tui.screens.review.view import ReviewItem


class OutcomeLoaded(Message):
    """Today's reading of the metric behind an action was computed (None: no data, see why)."""

    def __init__(self, reading: Reading | None, why_none: str) -> None:
        super().__init__()
        self.reading = reading
        self.why_none = why_none


def status_label(status: Status, variables: dict[str, str]) -> Text:
    """`symbol WORD` in the theme's colour for the status (bold when it is a breach)."""
    return styled(status.label, STATUS_VARIABLE[status], variables, bold=status.severity >= 2)


def verdict(before: Snapshot | None, now: Reading | None) -> tuple[str, str]:
    """A plain-words comparison and the theme variable that colours it."""
    if before is None or now is None:
        return "", "foreground"
    try:
        then = Status(before.status)
    except ValueError:
        return "", "foreground"
    if now.status.severity < 0 or then.severity < 0:
        return "Cannot compare: one of the two readings has no usable status.", MUTED
    if now.status.severity < then.severity:
        return f"Better: {then.word} then, {now.status.word} now.", "success"
    if now.status.severity > then.severity:
        return f"Worse: {then.word} then, {now.status.word} now.", "error"
    return f"No change in status: still {now.status.word}.", "warning"


class OutcomeDialog(KeptBackdrop, ModalScreen[None]):
    """Shown after `x`: the decision's frozen snapshot beside today's reading (computed here)."""

    CSS_PATH = "review.tcss"
    BINDING_GROUP_TITLE = "Did it work?"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape,enter",
            "close",
            "Close",
            id="review-outcome-close",
            priority=True,
            tooltip="Back to the action review",
        ),
    ]

    def __init__(self, item: ReviewItem, load_readings: Callable[[str], list[Reading]]) -> None:
        super().__init__()
        self.item = item
        self.load_readings = load_readings
        self.reading: Reading | None = None
        self.loaded = False

    def compose(self) -> ComposeResult:
        item = self.item
        with Vertical(classes="review-dialog", id="outcome"):
            yield Static(f"Done: {item.action.description}", classes="dialog-title", markup=False)
            yield Static(self._heading(), id="outcome-metric", markup=False)
            yield Static(self._before(), id="outcome-before")
            yield Static(self._now_text(), id="outcome-now")
            yield Static("", id="outcome-verdict")
            yield Static("enter or escape close", classes="dialog-keys")

    def _heading(self) -> str:
        if not self.item.metric_title:
            return (
                "Did it work? This action has no metric behind it, so there is nothing to compare."
            )
        return f"Did it work? {self.item.metric_title}"

    def _before(self) -> Text:
        snapshot = self.item.snapshot
        if snapshot is None:
            return Text("When decided: no reading was frozen with the decision.")
        variables = self.app.get_css_variables()
        try:
            status = status_label(Status(snapshot.status), variables)
        except ValueError:
            status = Text(snapshot.status)
        as_of = f" (data as of {snapshot.as_of:%d %b %Y})" if snapshot.as_of else ""
        when = f" ({self.item.meeting_date:%d %b %Y})" if self.item.meeting_date else ""
        return Text.assemble(f"When decided{when}: {snapshot.display_value}  ", status, as_of)

    def _now_text(self) -> Text:
        if not self.item.dashboard_id:
            return Text("Now: no dashboard to read.")
        return Text("Now: computing today's reading…")

    def on_mount(self) -> None:
        if self.item.dashboard_id and self.item.action.metric_id:
            self._load(self.item.dashboard_id, self.item.action.metric_id)

    @work(thread=True, exit_on_error=False, group="review-outcome")
    def _load(self, dashboard_id: str, metric_id: str) -> None:
        try:
            readings = self.load_readings(dashboard_id)
        except Exception as error:  # any failure is shown as NO DATA, never a crash
            first = str(error).splitlines()[0] if str(error) else type(error).__name__
            self.post_message(OutcomeLoaded(None, f"the data could not be read ({first})"))
            return
        reading = next((r for r in readings if r.metric_id == metric_id), None)
        why = "" if reading else "the dashboard has no reading for this metric today"
        self.post_message(OutcomeLoaded(reading, why))

    def on_outcome_loaded(self, message: OutcomeLoaded) -> None:
        self.loaded = True
        self.reading = message.reading
        variables = self.app.get_css_variables()
        now = self.query_one("#outcome-now", Static)
        reading = message.reading
        if reading is None or reading.status in (Status.NO_DATA, Status.STALE):
            reason = message.why_none or (reading.reason if reading else "") or "no reason given"
            word = reading.status if reading else Status.NO_DATA
            now.update(
                Text.assemble(
                    "Now: ",
                    status_label(word, variables),
                    f" — {reason}. Nothing to compare yet; "
                    "'chair check' shows the state of the data files.",
                )
            )
            return
        as_of = f" (data as of {reading.as_of:%d %b %Y})" if reading.as_of else ""
        now.update(
            Text.assemble(
                f"Now: {reading.display_value}  ", status_label(reading.status, variables), as_of
            )
        )
        words, variable = verdict(self.item.snapshot, reading)
        self.query_one("#outcome-verdict", Static).update(
            styled(words, variable, variables, bold=True)
        )

    def action_close(self) -> None:
        self.dismiss(None)
