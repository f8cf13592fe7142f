"""The meeting screen's keys: its bindings (fixed: the meeting's keys are the product's), the
palette's commands without a key, and which actions depend on the state or write."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual.binding import Binding, BindingType

from tui.commands import PaletteCommand
from tui.screens.meeting.view import Row, SectionView

STATE_ACTIONS = (
    "decide",
    "add_action",
    "next_section",
    "previous_section",
    "minutes",
    "add_aob",
    "detail",
    "acknowledge",
    "take_over",
)
"""The actions whose availability depends on the state (see check_action): the footer follows."""

WRITE_ACTIONS = frozenset(
    {
        "decide",
        "add_action",
        "add_aob",
        "next_section",
        "previous_section",
        "toggle_timer",
        "acknowledge",
        "add_to_risk_register",
        "attendance",
        "abandon",
    }
)
"""What a follower cannot do: the meeting is another chair's until taken over (each key
says so in one line: holder.holder_only)."""

BINDINGS: list[BindingType] = [
    # First, so that `? Help` is still on the footer at 80 columns.
    Binding(
        "question_mark",
        "app.help",
        "Help",
        id="help",
        tooltip="Show every key on this screen",
    ),
    # Moves are priority bindings too: the cursor moves as the key is read, so a key that acts
    # on the highlighted row straight after (`j d`) acts on the row moved to.
    Binding(
        "j,down", "move(1)", "Down", id="move-down", show=False, priority=True, tooltip="Next row"
    ),
    Binding(
        "k,up", "move(-1)", "Up", id="move-up", show=False, priority=True, tooltip="Previous row"
    ),
    # The table's own home/end scroll sideways: these move to the first / last row.
    Binding("home", "move_to(0)", "First", id="first-row", show=False, priority=True),
    Binding("end", "move_to(-1)", "Last", id="last-row", show=False, priority=True),
    # The keys that open a form are priority bindings: the app runs them as it reads the
    # key, so the keys typed straight after are held for the form (tui.key_hold), never
    # read as the meeting's own keys while it opens.
    Binding(
        "d",
        "decide",
        "Decide",
        id="decide",
        priority=True,
        tooltip="Decide on the highlighted breach (enter does the same)",
    ),
    Binding(
        "enter",
        "decide",
        "Decide",
        id="decide-enter",
        priority=True,
        show=False,
        tooltip="Decide on the highlighted breach (as d)",
    ),
    Binding(
        "a",
        "add_action",
        "Action",
        id="add-action",
        priority=True,
        tooltip="Add an action to the highlighted breach",
    ),
    Binding(
        "o",
        "add_aob",
        "AOB",
        id="add-aob",
        priority=True,
        tooltip="Add an any-other-business item",
    ),
    # Moves between sections too: the keys read after one wait until its write is done
    # (`n n n` moves three sections; a key after `n` acts on the section moved to).
    Binding(
        "n",
        "next_section",
        "Next",
        id="next-section",
        priority=True,
        tooltip="Move to the next section, if every breach has its decision (the gate); on the "
        "last section, asks before closing the meeting, proposing the next meeting's date",
    ),
    Binding(
        "p",
        "previous_section",
        "Prev",
        id="previous-section",
        priority=True,
        tooltip="Go back a section (always allowed)",
    ),
    Binding("m", "minutes", "Minutes", id="minutes-preview", tooltip="Preview the minutes so far"),
    Binding(
        "i",
        "detail",
        "Detail",
        id="metric-detail",
        tooltip="The highlighted metric's detail: every period, sources, peers, SPC",
    ),
    Binding(
        "c",
        "acknowledge",
        "Ack",
        id="acknowledge",
        priority=True,
        tooltip="Acknowledge the highlighted breach: no decision needed until a date",
    ),
    Binding(
        "t",
        "toggle_timer",
        "Timer",
        id="toggle-timer",
        show=False,  # in help; the footer keeps room for q Leave at 80 columns
        tooltip="Pause or resume the meeting clock",
    ),
    Binding(
        "T",
        "take_over",
        "Take over",
        id="take-over",
        tooltip="Another chair holds this meeting: take it over (asks first)",
    ),
    Binding(
        "q",
        "leave",
        "Leave",
        id="leave",
        tooltip="Leave the meeting; everything is saved and it resumes where it stopped",
    ),
]

PALETTE_COMMANDS: tuple[PaletteCommand, ...] = (
    PaletteCommand(
        "attendance",
        "Attendance",
        "Record who is present, who sent apologies, and guests",
    ),
    PaletteCommand(
        "abandon",
        "Abandon this meeting",
        "Begun by mistake or given up (asks first): deleted if nothing is recorded in it yet, "
        "else closed as abandoned and the minutes say so",
    ),
    PaletteCommand(
        "add_to_risk_register",
        "Add to risk register",
        "Escalations in: add the highlighted escalation to the practice's risk register",
    ),
)
"""Actions without a key of their own (the meeting's keys are fixed): ctrl+p and help."""


@dataclass(frozen=True)
class KeyState:
    """What decides which of the meeting's keys work now."""

    closed: bool
    following: bool
    section_index: int
    view: SectionView | None
    row: Row | None


def allowed(action: str, state: KeyState) -> bool:
    """Whether `action` may run now (the screen's check_action; the footer shows the result)."""
    view, row = state.view, state.row
    if state.closed and action not in ("leave", "minutes"):
        return False
    if action == "take_over":
        return state.following
    if state.following and action in WRITE_ACTIONS:
        return True  # the key says who holds the meeting (holder_only) and does nothing else
    if action in ("next_section", "minutes", "add_aob"):
        return view is not None
    if action == "previous_section":
        return state.section_index > 0
    if action == "decide":
        return row is not None and view is not None and view.can_decide(row)
    if action in ("add_action", "detail"):
        return row is not None and row.reading is not None
    if action == "acknowledge":
        # Per section, not per row: a footer that changed on every row move would recompose
        # on each key (~10 ms); a non-breach row gets a one-line notice instead.
        return view is not None and view.kind == "dashboard"
    if action == "add_to_risk_register":
        return row is not None and view is not None and view.can_add_to_risk_register(row)
    return True


class FooterKeys:
    """Refreshes the footer only when what is possible changed (it recomposes: ~10 ms), and
    after the frame that shows the change (the section first, its keys a frame later)."""

    def __init__(
        self, after_refresh: Callable[..., object], refresh_bindings: Callable[[], object]
    ) -> None:
        self._after_refresh = after_refresh
        self._refresh_bindings = refresh_bindings
        self._allowed: tuple[bool, ...] | None = None
        """What the state actions allowed when the footer was last refreshed."""

    def refresh(self, state: KeyState) -> None:
        now = tuple(allowed(a, state) for a in STATE_ACTIONS)
        if now != self._allowed:
            self._allowed = now
            self._after_refresh(self._refresh_bindings)

    def forget(self) -> None:
        """The next refresh redraws the footer whatever it allows (the holder changed)."""
        self._allowed = None
