"""Action review: open actions ranked by urgency; done, new date, new owner, note, blocked.

Between meetings an owner clears their actions in a minute: their own come first, then the most
overdue, the most severe breach behind them, the most carried. Only the owner or a chair may
change an action; anyone else reads it and is told why (the service enforces the same rule).

The screen is the keys and the order of things. Its painted parts are widgets that own their
ids (table.py: the list and the filter box; lines.py: the summary, detail and message lines);
the actions are read in a worker (load.py) that reports by message (messages.py), and a change
key's dialog is opened and followed up by changes.py.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, ClassVar

from textual import events, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from tui.key_hold import hold_keys, ready_for_keys
from tui.screens.review import keys
from tui.screens.review.changes import ActionChanges
from tui.screens.review.lines import ActionDetail, ReviewMessage, ReviewSummary
from tui.screens.review.load import read_items, waiting_drafts
from tui.screens.review.messages import ActionsLoaded, ActionsLoadFailed
from tui.screens.review.table import FilterBox, ReviewTable
from tui.screens.review.view import ReviewItem, filtered
from tui.widgets.keys_footer import KeysFooter

if TYPE_CHECKING:
    from tui.shell import ChairApp


class ReviewScreen(Screen[None]):
    """Open actions ranked by urgency, filtered as you type; single keys change the highlighted."""

    CSS_PATH = "review.tcss"
    BINDING_GROUP_TITLE = "Action review"
    AUTO_FOCUS = "#review-table"
    """The table from the first key: the hidden filter box must never take what is typed."""
    BINDINGS: ClassVar[list[BindingType]] = keys.BINDINGS

    changes: ActionChanges
    """Opens a change key's dialog (made on mount, with the app)."""

    def __init__(self, quit_on_leave: bool = False) -> None:
        super().__init__()
        self.quit_on_leave = quit_on_leave
        self.items: list[ReviewItem] = []
        self.loaded = False
        self.refused_id: int | None = None
        """The action a change key was refused on (its read-only line is marked)."""
        self.drafts_offered = False
        self._reading = object()
        """Why keys wait while the actions are read (tui.key_hold)."""
        self.left = True
        """Not on screen since it was last left (or never shown): its list is not to be shown."""
        self.table = ReviewTable()
        self.filter_box = FilterBox()

    @property
    def chair(self) -> ChairApp:
        return self.app  # type: ignore[return-value]

    @property
    def today(self) -> dt.date:
        return self.chair.today

    @property
    def current(self) -> ReviewItem | None:
        return self.table.current

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield Static("Action review", id="review-title")
        yield ReviewSummary()
        yield self.filter_box
        yield self.table
        yield ActionDetail()
        yield ReviewMessage()
        yield KeysFooter()

    def on_mount(self) -> None:
        self.changes = ActionChanges(self.chair, self._say, self._load)
        self.table.fits(self.size.width)
        self.table.focus()

    def service_ready(self) -> None:
        if self.is_current:  # else the review reads the actions when it is next shown
            self._load()

    def on_screen_suspend(self) -> None:
        if self not in self.app.screen_stack:  # left (not covered by its own dialog)
            self.left = True

    def on_screen_resume(self) -> None:
        """Shown (made off screen behind Home, or again after it was left): the actions are
        read afresh and none is listed until they are (the list as read earlier showed an
        action re-dated in the meeting since at its old date); keys wait for them
        (keys_wait). Back from its own dialog: read again, the list kept meanwhile."""
        if self.left:
            self.left, self.items, self.loaded = False, [], False
            self._fill()
            if self.chair.service is not None:
                hold_keys(self._reading, self.app)
        if self.chair.service is not None:
            self._load()

    def keys_wait(self) -> object | None:
        """Why a key read now must wait: the actions are being read (tui.key_hold)."""
        return self._reading if not self.loaded and self.chair.service is not None else None

    def on_resize(self, event: events.Resize) -> None:
        if self.table.fits(event.size.width):
            self._fill()

    # ------------------------------------------------------------------ loading

    @work(thread=True, exit_on_error=False, group="review-load", exclusive=True)
    def _load(self) -> None:
        from storage.errors import UserError

        try:
            items = read_items(self.chair, self.today)
        except UserError as error:
            self.post_message(ActionsLoadFailed(str(error)))
            return
        if items is None:
            return
        if not self.drafts_offered and self.is_current:  # not while made off screen (warm)
            self.drafts_offered = True
            said = waiting_drafts(self.chair)
            if said:
                self.app.call_from_thread(
                    self.notify, said, title="Drafts", timeout=20, markup=False
                )
        self.post_message(ActionsLoaded(items))

    def on_actions_loaded(self, message: ActionsLoaded) -> None:
        self.items = message.items
        self.loaded = True
        self._fill()
        ready_for_keys(self._reading, self.app)

    def on_actions_load_failed(self, message: ActionsLoadFailed) -> None:
        ready_for_keys(self._reading, self.app)
        self._say(f"Could not read the actions: {message.problem}", "error")

    # ------------------------------------------------------------------ showing

    def _fill(self) -> None:
        self.table.show(filtered(self.items, self.filter_box.value, self.today), self.today)
        service = self.chair.service
        config = self.chair.config
        self.query_one(ReviewSummary).show(
            self.items,
            len(self.table.shown),
            (service.person if service else None, service.login if service else "?"),
            self.today,
            config.practice.name if config else "",
        )
        self._detail()
        self.refresh_bindings()

    def _detail(self) -> None:
        item = self.current
        detail = self.query_one(ActionDetail)
        if item is None:
            detail.show_none(self.loaded, bool(self.items))
        else:
            detail.show(item, self.today, refused=item.action.id == self.refused_id)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.refused_id = None
        self._detail()
        self.refresh_bindings()

    def _say(self, text: str, variable: str = "foreground") -> None:
        self.query_one(ReviewMessage).say(text, variable)

    # ------------------------------------------------------------------ keys

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "filter_done":
            return isinstance(self.focused, Input)
        if action == "move":
            return not isinstance(self.focused, Input)  # j and k are letters in the filter
        if (action in keys.CHANGE_ACTIONS or action == "filter") and isinstance(
            self.focused, Input
        ):
            return False  # typed into the filter box
        if action in keys.CHANGE_ACTIONS:
            item = self.current if self.is_mounted else None
            return bool(item and item.can_change and self.chair.service is not None)
        return True

    def action_move(self, step: int) -> None:
        if step > 0:
            self.table.action_cursor_down()
        else:
            self.table.action_cursor_up()

    def on_key(self, event: events.Key) -> None:
        """A change key on an action this login may not change: say why instead of nothing."""
        if isinstance(self.focused, Input):
            return
        action = keys.change_action_for(event.key, self.chair.keymap_config)
        if action is None or self.check_action(action, ()):
            return
        event.stop()
        item = self.current
        if self.chair.service is None:
            self._say("Still opening the database…")
        elif item is None:
            self._say("No action is highlighted.", "warning")
        else:
            # The detail lines already say why: mark that line, and say nothing twice.
            self.refused_id = item.action.id
            self._say("")
            self._detail()

    def action_filter(self) -> None:
        self.filter_box.open()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input is self.filter_box:
            self._fill()

    def action_filter_done(self) -> None:
        """Enter in the filter box: the list has the cursor again at once (the keys typed next
        act on it); the box hides once its own keys are in, if it was left empty."""
        self.set_focus(self.table)
        self.filter_box.leave()

    def action_back(self) -> None:
        if self.filter_box.display:
            self.filter_box.clear_away()
            self.set_focus(self.table)
            self._fill()
            return
        if self.quit_on_leave:
            self.app.exit()
        else:
            self.app.pop_screen()

    # ------------------------------------------------------------------ changes

    def action_done(self) -> None:
        self._open("done")

    def action_reschedule(self) -> None:
        self._open("reschedule")

    def action_reassign(self) -> None:
        self._open("reassign")

    def action_annotate(self) -> None:
        self._open("annotate")

    def action_blocked(self) -> None:
        self._open("blocked")

    def _open(self, kind: str) -> None:
        item = self.current
        if item is not None:
            self.changes.open(kind, item, self.today)
