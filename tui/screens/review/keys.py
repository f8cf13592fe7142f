"""The action review's keys: its bindings, and which of them change the highlighted action."""

from __future__ import annotations

from textual.binding import Binding, BindingType

CHANGE_ACTIONS = ("done", "reschedule", "reassign", "annotate", "blocked")
"""The actions that change the highlighted action (each opens its dialog: review.changes)."""

# The change keys and `/` are priority bindings: the app runs them as it reads the key, so what
# is typed straight after lands in the dialog or the filter box they open (see tui.key_hold);
# they step aside while the filter box has the cursor (ReviewScreen.check_action).
BINDINGS: list[BindingType] = [
    # The moves too, so a change key straight after a move acts on the row moved to.
    Binding(
        "j,down",
        "move(1)",
        "Down",
        id="review-down",
        show=False,
        priority=True,
        tooltip="Next action",
    ),
    Binding(
        "k,up",
        "move(-1)",
        "Up",
        id="review-up",
        show=False,
        priority=True,
        tooltip="Previous action",
    ),
    Binding(
        "x",
        "done",
        "Done",
        id="review-done",
        priority=True,
        tooltip="Mark the highlighted action done (asks for the evidence)",
    ),
    Binding(
        "r",
        "reschedule",
        "New date",
        id="review-reschedule",
        priority=True,
        tooltip="Give the highlighted action a new due date, with the reason",
    ),
    Binding(
        "o",
        "reassign",
        "Reassign",
        id="review-reassign",
        priority=True,
        tooltip="Give the highlighted action to another person",
    ),
    Binding(
        "a",
        "annotate",
        "Note",
        id="review-annotate",
        priority=True,
        tooltip="Add a note to the highlighted action",
    ),
    Binding(
        "b",
        "blocked",
        "Blocked",
        id="review-blocked",
        priority=True,
        tooltip="Mark the highlighted action blocked, saying what blocks it",
    ),
    Binding(
        "slash",
        "filter",
        "Filter",
        id="review-filter",
        priority=True,
        tooltip="Filter by owner, status or meeting type: type to narrow the list",
    ),
    Binding(
        "enter",
        "filter_done",
        "Done",
        id="review-filter-done",
        priority=True,
        show=False,
        tooltip="Leave the filter box: the keys act on the list again",
    ),
    Binding(
        "escape,q",
        "back",
        "Back",
        id="review-back",
        tooltip="Clear the filter, or leave the action review (everything is saved)",
    ),
]


def change_action_for(key: str, keymap: dict[str, str]) -> str | None:
    """The change action `key` runs (with the app's keymap), or None."""
    for binding in BINDINGS:
        if isinstance(binding, Binding) and binding.action in CHANGE_ACTIONS:
            keys = keymap.get(binding.id or "", binding.key)
            if key in (k.strip() for k in keys.split(",")):
                return binding.action
    return None
