"""Help: every key of the screen it was opened from, after the practice's keymap."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from tui.commands import palette_commands
from tui.screens.backdrop import KeptBackdrop
from tui.widgets.drawn import Drawn

if TYPE_CHECKING:
    from tui.shell import ChairApp


class HelpScreen(KeptBackdrop, ModalScreen[None]):
    """Lists keys, what they do and why; any of escape, q or ? closes it."""

    CSS_PATH = "help.tcss"
    IS_HELP: ClassVar[bool] = True
    """`?` on the help itself does not open another (see ChairApp.action_help)."""
    BINDING_GROUP_TITLE = "Help"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape,q,question_mark",
            "close",
            "Close",
            id="close-help",
            tooltip="Close the help",
            priority=True,
        ),
    ]

    def __init__(self, for_screen: Screen[Any]) -> None:
        super().__init__()
        self.for_screen = for_screen

    def compose(self) -> ComposeResult:
        chair: ChairApp = self.app  # type: ignore[assignment]
        group = getattr(self.for_screen, "BINDING_GROUP_TITLE", None) or "Chair"
        table = Table(title=f"Keys: {group}", expand=True, show_edge=False)
        table.add_column("Key", no_wrap=True)
        table.add_column("Does")
        table.add_column("Why / when")
        for binding in chair.screen_bindings(self.for_screen):
            table.add_row(chair.keys_for(binding), binding.description, binding.tooltip)
        for command in palette_commands(self.for_screen):
            table.add_row("ctrl+p", command.description, command.tooltip)
        table.add_row("up / down", "Move", "Move the highlighted row")
        table.add_row("tab / shift+tab", "Next / previous field", "In forms")
        table.add_row("ctrl+p", "Command palette", "Every action of this screen, by name")
        table.add_row("ctrl+q", "Quit", "Leave Chair at once (everything confirmed is saved)")
        with VerticalScroll(id="help-body"):
            yield Drawn(table)
            yield Static("escape, q or ? closes this help.", classes="muted")

    def action_close(self) -> None:
        self.dismiss(None)
