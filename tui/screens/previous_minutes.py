"""The previous meeting's minutes, shown in full before they are approved; amendments are typed
beside them (below them on a narrow screen).

The cursor starts in the amendments (the screen says "type any amendments": what is typed after
`d` lands there); pgup / pgdn scroll the minutes meanwhile, tab moves to the minutes (↑↓). What is
typed is kept as a draft until the approval is recorded: a dropped connection or a refused
approval (another chair approved them first) gives it back when the screen opens again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Static

from tui.screens.form_base import TypingForm
from tui.screens.form_parts import draft_note, error_line
from tui.widgets.keys_footer import KeysFooter
from tui.widgets.minutes_text import MinutesText
from tui.widgets.own_keys import FieldArea

SIDE_BY_SIDE_WIDTH = 110
"""From this width the amendments sit beside the minutes; narrower, below them."""


class PreviousMinutesScreen(TypingForm[str, str]):
    """Read, then approve: ctrl+s approves through `save` (as presented when no amendment is
    typed, else with the amendments); escape goes back without approving (the typed
    amendments stay a draft). The result is the amendments ('' as presented) or None."""

    CSS_PATH = "previous_minutes.tcss"
    BINDING_GROUP_TITLE = "Previous minutes"
    CANCEL_KEEPS_DRAFT = True
    DRAFT_BACK = "↺ Your amendments{at} are back (ctrl+s approves with them)."
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+s",
            "save",
            "Approve",
            id="approve-minutes",
            priority=True,
            tooltip="Approve: as presented, or with the amendments typed beside them",
        ),
        Binding(
            "tab",
            "next_field",
            "Minutes/Amend",
            id="switch-pane",
            priority=True,
            tooltip="Move between the amendments (type) and the minutes (↑↓ scroll)",
        ),
        Binding(
            "pageup",
            "scroll(-1)",
            "Scroll",
            id="minutes-page-up",
            priority=True,
            show=False,
            tooltip="Scroll the minutes up a page (while typing the amendments too)",
        ),
        Binding(
            "pagedown",
            "scroll(1)",
            "Scroll",
            id="minutes-page-down",
            priority=True,
            show=False,
            tooltip="Scroll the minutes down a page (while typing the amendments too)",
        ),
        Binding(
            "escape",
            "cancel",
            "Back",
            id="cancel-approval",
            priority=True,
            tooltip="Back to the meeting without approving (the amendments stay a draft)",
        ),
    ]

    def __init__(self, markdown: str, meeting_date: str, save: Callable[[str], str]) -> None:
        super().__init__(save)
        self.markdown = markdown
        self.meeting_date = meeting_date

    @property
    def draft_title(self) -> str:
        return "Amendments to the previous minutes"

    def compose(self) -> ComposeResult:
        # Stacked or side by side from the start: a class set once mounted restyles the screen.
        self.set_class(self.app.size.width < SIDE_BY_SIDE_WIDTH, "-stacked", update=False)
        yield Static(
            f"Minutes of the meeting on {self.meeting_date}: type any amendments (pgup pgdn "
            "scroll the minutes, tab to read them with ↑↓), ctrl+s approves.",
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
                yield draft_note()
                yield FieldArea(id="amendments", soft_wrap=True, show_line_numbers=False)
                yield error_line("amendments")
                yield error_line("form")
        yield KeysFooter(compact=True)

    def prepare(self) -> None:
        self.on_resize()

    def focus_first(self) -> None:
        self.set_focus(self.query_one("#amendments"))

    def on_resize(self) -> None:
        self.set_class(self.size.width < SIDE_BY_SIDE_WIDTH, "-stacked")

    def action_scroll(self, pages: int) -> None:
        scroll = self.query_one("#previous-scroll", VerticalScroll)
        if pages < 0:
            scroll.scroll_page_up(animate=False)
        else:
            scroll.scroll_page_down(animate=False)

    def check(self) -> tuple[str | None, dict[str, str]]:
        return self.value("amendments"), {}
