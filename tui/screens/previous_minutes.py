"""The previous meeting's minutes, shown in full before they are approved; amendments are typed
beside them (below them on a narrow screen).

The cursor starts in the amendments (the screen says "type any amendments": what is typed after
`d` lands there); pgup / pgdn scroll the minutes meanwhile, tab moves to the minutes (↑↓). What is
typed is kept as a draft until the approval is recorded: a dropped connection or a refused
approval (another chair approved them first) gives it back when the screen opens again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static, TextArea

from tui.key_hold import CLOSE_LIMIT, hold_keys, ready_for_keys
from tui.screens.form_base import (
    DRAFT_DELAY,
    SaveAfterKeys,
    SaveAsked,
    keys_wait_beneath,
    typed_at,
)
from tui.widgets.keys_footer import KeysFooter
from tui.widgets.minutes_text import MinutesText

if TYPE_CHECKING:
    from tui.drafts import DraftDoor

SIDE_BY_SIDE_WIDTH = 110
"""From this width the amendments sit beside the minutes; narrower, below them."""
DRAFT_FIELD = "amendments"


class PreviousMinutesScreen(Screen[str | None]):
    """Read, then approve: ctrl+s approves (as presented when no amendment is typed, else with
    the amendments); escape goes back without approving (the typed amendments stay a draft).
    The result is the amendments ('' as presented) or None."""

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

    def __init__(
        self, markdown: str, meeting_date: str, draft_door: DraftDoor | None = None
    ) -> None:
        super().__init__()
        self.markdown = markdown
        self.meeting_date = meeting_date
        self.draft_door = draft_door
        self._draft_timer: Timer | None = None
        self._kept = ""
        self._approving = True
        """What the closing key asked: approve (ctrl+s) or back (escape)."""

    def compose(self) -> ComposeResult:
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
                note = Static("", id="draft-note", markup=False)
                note.display = False
                yield note
                yield TextArea(id="amendments", soft_wrap=True, show_line_numbers=False)
        yield KeysFooter(compact=True)

    def on_mount(self) -> None:
        self._save_after_keys = SaveAfterKeys(self)
        area = self.query_one("#amendments", TextArea)
        draft = self.draft_door.draft if self.draft_door is not None else None
        typed = draft.fields.get(DRAFT_FIELD, "") if draft is not None else ""
        if typed:
            self._kept = typed
            area.load_text(typed)
            area.move_cursor(area.document.end)
            note = self.query_one("#draft-note", Static)
            note.update(
                f"↺ Your amendments{typed_at(draft.updated if draft else None)} are back "
                "(ctrl+s approves with them)."
            )
            note.display = True
        self.set_focus(area)
        self.on_resize()
        ready_for_keys(self, self.app)

    def on_unmount(self) -> None:
        ready_for_keys(self, self.app)

    def on_resize(self) -> None:
        self.set_class(self.size.width < SIDE_BY_SIDE_WIDTH, "-stacked")

    @property
    def amendments(self) -> str:
        return self.query_one("#amendments", TextArea).text.strip()

    def action_switch(self) -> None:
        # set_focus now (not focus(), which waits a turn): the keys typed straight after tab
        # must land where tab went.
        area = self.query_one("#amendments", TextArea)
        if area.has_focus:
            self.set_focus(self.query_one("#previous-scroll"))
        else:
            self.set_focus(area)

    def action_scroll(self, pages: int) -> None:
        scroll = self.query_one("#previous-scroll", VerticalScroll)
        if pages < 0:
            scroll.scroll_page_up(animate=False)
        else:
            scroll.scroll_page_down(animate=False)

    def action_approve(self) -> None:
        self._close_after_keys(approve=True)

    def action_cancel(self) -> None:
        """escape: back to the meeting; what is typed stays a draft. Like ctrl+s it waits
        behind the keys typed before it (`d`, the amendments and escape in one burst kept
        nothing: escape, a priority binding, ran before the words reached the box)."""
        self._close_after_keys(approve=False)

    def _close_after_keys(self, approve: bool) -> None:
        hold_keys(self, self.app, CLOSE_LIMIT)  # the keys after it are for the meeting
        self._approving = approve
        self._save_after_keys.ask()

    @on(SaveAsked)
    def _close_asked(self, event: SaveAsked) -> None:
        if not self._save_after_keys.arrived(event):
            return
        if self._approving:
            self._stop_timer()
            keys_wait_beneath(self)
            self.dismiss(self.amendments)
        else:
            self.keep_draft_now()
            self.dismiss(None)

    # ------------------------------------------------------------------ the draft

    @on(TextArea.Changed)
    def _typed(self, event: TextArea.Changed) -> None:
        if self.draft_door is None:
            return
        self._stop_timer()
        self._draft_timer = self.set_timer(DRAFT_DELAY, self._keep_draft)

    def _stop_timer(self) -> None:
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None

    def _keep_draft(self) -> None:
        self._draft_timer = None
        if self.draft_door is not None and self.amendments != self._kept:
            self._kept = self.amendments
            self._write_draft(self.draft_door, self.amendments)

    @work(thread=True, exit_on_error=False, group="minutes-draft")
    def _write_draft(self, door: DraftDoor, text: str) -> None:
        try:
            door.keep({DRAFT_FIELD: text} if text else {})
        except Exception:  # a draft is a courtesy: never let it disturb the screen
            return

    def keep_draft_now(self) -> None:
        """The process is ending (or escape): write what is typed at once, in this thread."""
        self._stop_timer()
        if self.draft_door is None or self.amendments == self._kept:
            return
        self._kept = self.amendments
        try:
            self.draft_door.keep({DRAFT_FIELD: self.amendments} if self.amendments else {})
        except Exception:
            return
