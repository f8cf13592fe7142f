"""The previous meeting's minutes, shown in full before they are approved; amendments are typed
beside them (below them on a narrow screen)."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static, TextArea

from tui.key_hold import CLOSE_LIMIT, hold_keys, ready_for_keys
from tui.screens.form_base import SaveAfterKeys, SaveAsked, keys_wait_beneath
from tui.widgets.minutes_text import MinutesText

SIDE_BY_SIDE_WIDTH = 110
"""From this width the amendments sit beside the minutes; narrower, below them."""


class PreviousMinutesScreen(Screen[str | None]):
    """Read, then approve: ctrl+s approves (as presented when no amendment is typed, else with
    the amendments); escape goes back without approving. The result is the amendments
    ('' as presented) or None."""

    CSS_PATH = "previous_minutes.tcss"
    BINDING_GROUP_TITLE = "Previous minutes"
    TAKES_TYPING = True
    """Keys typed while it opens are held for it (tui.key_hold)."""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+s",
            "approve",
            "Approve",
            id="approve-minutes",
            priority=True,
            tooltip="Approve: as presented, or with the amendments typed beside them",
        ),
        Binding(
            "tab",
            "switch",
            "Minutes/Amend",
            id="switch-pane",
            priority=True,
            tooltip="Move between the minutes (scroll) and the amendments (type)",
        ),
        Binding(
            "escape",
            "cancel",
            "Back",
            id="cancel-approval",
            priority=True,
            tooltip="Back to the meeting without approving",
        ),
    ]

    def __init__(self, markdown: str, meeting_date: str) -> None:
        super().__init__()
        self.markdown = markdown
        self.meeting_date = meeting_date

    def compose(self) -> ComposeResult:
        yield Static(
            f"Minutes of the meeting on {self.meeting_date}: read them (↑↓ pgup pgdn), type any "
            "amendments, ctrl+s approves.",
            id="approval-banner",
            markup=False,
        )
        with Horizontal(id="approval-body"):
            with VerticalScroll(id="previous-scroll"):
                yield MinutesText(self.markdown, id="previous-minutes")
            with Vertical(id="amend-pane"):
                yield Static(
                    "Amendments (leave empty to approve as presented)",
                    id="amend-label",
                    markup=False,
                )
                yield TextArea(id="amendments", soft_wrap=True, show_line_numbers=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._save_after_keys = SaveAfterKeys(self)
        self.set_focus(self.query_one("#previous-scroll"))
        self.on_resize()
        ready_for_keys(self, self.app)

    def on_unmount(self) -> None:
        ready_for_keys(self, self.app)

    def on_resize(self) -> None:
        self.set_class(self.size.width < SIDE_BY_SIDE_WIDTH, "-stacked")

    def action_switch(self) -> None:
        # set_focus now (not focus(), which waits a turn): the amendments typed straight after
        # tab must land in the amendments.
        area = self.query_one("#amendments", TextArea)
        if area.has_focus:
            self.set_focus(self.query_one("#previous-scroll"))
        else:
            self.set_focus(area)

    def action_approve(self) -> None:
        hold_keys(self, self.app, CLOSE_LIMIT)  # the keys after it are for the meeting
        self._save_after_keys.ask()

    @on(SaveAsked)
    def _approve_asked(self, event: SaveAsked) -> None:
        if self._save_after_keys.arrived(event):
            keys_wait_beneath(self)
            self.dismiss(self.query_one("#amendments", TextArea).text.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
