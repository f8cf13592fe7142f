"""A small modal that offers a few choices, each picked by one key (or escape to cancel).

The choice keys are priority bindings (run as the app reads the key), and the keys typed after
the choice are held until what it opens is ready (tui.key_hold): `d y` then a decision's words
land in the decision form, not on the meeting beneath.
"""

from __future__ import annotations

import string
from typing import ClassVar

from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.key_hold import CLOSE_LIMIT, hold_keys, ready_for_keys
from tui.screens.backdrop import KeptBackdrop

_KEYS = string.ascii_letters + string.digits


class ChoiceModal(KeptBackdrop, ModalScreen[str | None]):
    """Ask one question; each choice is (key, label); the result is the chosen key or None."""

    BINDING_GROUP_TITLE = "Choice"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="choice-cancel", tooltip="Close without choosing"),
        *[
            Binding(key, f"choose('{key}')", key, show=False, priority=True, system=True)
            for key in _KEYS
        ],
    ]
    TAKES_TYPING = True
    """The key that chooses may come straight after the one that asked: held for it."""
    DEFAULT_CSS = """
    ChoiceModal { align: center middle; }
    ChoiceModal > Vertical {
        width: 70; max-width: 100%; height: auto; max-height: 90%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    ChoiceModal .choice-title { text-style: bold; }
    ChoiceModal .choice-keys { color: $text-muted; margin-top: 1; }
    """

    def __init__(self, title: str, body: str, choices: list[tuple[str, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.body = body
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.title_text, classes="choice-title", markup=False)
            if self.body:
                yield Static(self.body, markup=False)
            keys = "  ·  ".join(f"{key}  {label}" for key, label in self.choices)
            yield Static(f"{keys}  ·  escape  cancel", classes="choice-keys", markup=False)

    def on_mount(self) -> None:
        ready_for_keys(self, self.app)

    def on_unmount(self) -> None:
        ready_for_keys(self, self.app)

    def action_choose(self, key: str) -> None:
        if key not in {k for k, _label in self.choices}:
            raise SkipAction()
        # What the choice opens comes next: the keys after it wait until this modal is gone
        # (the choice's own callback has run by then, and holds them for its form).
        hold_keys(self, self.app, CLOSE_LIMIT)
        self.dismiss(key)

    def action_cancel(self) -> None:
        self.dismiss(None)
