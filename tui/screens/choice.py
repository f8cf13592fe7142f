"""A small modal that offers a few choices, each picked by one key (or escape to cancel)."""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.screens.backdrop import KeptBackdrop


class ChoiceModal(KeptBackdrop, ModalScreen[str | None]):
    """Ask one question; each choice is (key, label); the result is the chosen key or None."""

    BINDING_GROUP_TITLE = "Choice"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="choice-cancel", tooltip="Close without choosing"),
    ]
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

    def on_key(self, event: events.Key) -> None:
        for key, _label in self.choices:
            if event.key == key:
                event.stop()
                self.dismiss(key)
                return

    def action_cancel(self) -> None:
        self.dismiss(None)
