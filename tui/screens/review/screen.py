"""Action review: open actions ranked by urgency; done, new date, new owner, note, blocked.

Between meetings an owner clears their actions in a minute: their own come first, then the most
overdue, the most severe breach behind them, the most carried. Only the owner or a chair may
change an action; anyone else reads it and is told why (the service enforces the same rule).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from domain.urgency import overdue_days, rank_actions
from tui.format import styled
from tui.screens.review.messages import ActionsLoaded, ActionsLoadFailed
from tui.screens.review.view import (
    ACTION_STATUS_VARIABLE,
    ReviewItem,
    build_items,
    due_words,
    filtered,
    status_word,
)
from tui.widgets.keys_footer import KeysFooter
from tui.widgets.marked_table import MarkedTable

if TYPE_CHECKING:
    from domain.readings import Reading
    from domain.records import Action
    from tui.shell import ChairApp

CHANGE_ACTIONS = ("done", "reschedule", "reassign", "annotate", "blocked")
WIDE = 96
"""Below this width the 'From' column is left to the detail lines under the table."""


class FilterDone(Message):
    """Enter left the filter box; sent through the box's queue, so it comes after its keys."""


class ReviewScreen(Screen[None]):
    """Open actions ranked by urgency, filtered as you type; single keys change the highlighted."""

    CSS_PATH = "review.tcss"
    BINDING_GROUP_TITLE = "Action review"
    AUTO_FOCUS = "#review-table"
    """The table from the first key: the hidden filter box must never take what is typed."""
    # The change keys and `/` are priority bindings: the app runs them as it reads the key,
    # so what is typed straight after lands in the dialog or the filter box they open (see
    # tui.key_hold); they step aside while the filter box has the cursor.
    BINDINGS: ClassVar[list[BindingType]] = [
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

    def __init__(self, quit_on_leave: bool = False) -> None:
        super().__init__()
        self.quit_on_leave = quit_on_leave
        self.items: list[ReviewItem] = []
        self.shown: list[ReviewItem] = []
        self.loaded = False
        self.wide: bool | None = None
        self.refused_id: int | None = None
        """The action a change key was refused on (its read-only line is marked)."""
        self.drafts_offered = False

    @property
    def chair(self) -> ChairApp:
        return self.app  # type: ignore[return-value]

    @property
    def today(self) -> dt.date:
        return self.chair.today

    @property
    def current(self) -> ReviewItem | None:
        table = self.query_one("#review-table", DataTable)
        if not self.shown or table.cursor_row < 0 or table.cursor_row >= len(self.shown):
            return None
        return self.shown[table.cursor_row]

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield Static("Action review", id="review-title")
        yield Static("Opening the practice database…", id="review-summary", markup=False)
        yield Input(
            placeholder="filter: owner, status, meeting type (escape clears)",
            id="review-filter",
            compact=True,
        )
        yield MarkedTable(id="review-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="review-detail")
        yield Static("", id="review-message")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#review-filter", Input).display = False
        self._columns()
        self.query_one("#review-table", DataTable).focus()
        if self.chair.service is not None:
            self._load()

    def service_ready(self) -> None:
        if self.is_mounted:  # else on_mount loads: the service may open before this mounts
            self._load()

    def on_screen_resume(self) -> None:
        if self.chair.service is not None and self.loaded:
            self._load()

    def on_resize(self, event: events.Resize) -> None:
        if (event.size.width >= WIDE) != self.wide:
            self._columns()
            self._fill()

    def _columns(self) -> None:
        table = self.query_one("#review-table", DataTable)
        self.wide = self.size.width >= WIDE or self.size.width == 0
        table.clear(columns=True)
        table.add_column("Action", key="action")
        table.add_column("Owner", key="owner")
        table.add_column("Due", key="due")
        table.add_column("Status", key="status")
        table.add_column("Carried", key="carried")
        if self.wide:
            table.add_column("From", key="from")

    # ------------------------------------------------------------------ loading

    @work(thread=True, exit_on_error=False, group="review-load", exclusive=True)
    def _load(self) -> None:
        from storage.errors import UserError

        app = self.chair
        service = app.service
        config = app.config or (service.config if service else None)
        if service is None or config is None:
            return
        login = service.login
        try:
            with app.door() as door:
                # each with its updates, for the detail lines
                actions = [door.actions.get(a.id) for a in door.actions.find() if a.id is not None]
                meeting_ids = sorted({a.meeting_id for a in actions if a.meeting_id is not None})
                meetings = {mid: door.meetings.get(mid) for mid in meeting_ids}
                allowed = {a.id: door.actions.can_change(a) for a in actions if a.id is not None}
            routes = {a.review_meeting_type for a in actions if a.review_meeting_type}
            next_reviews = {route: self._next_review(route) for route in routes}
        except UserError as error:
            self.post_message(ActionsLoadFailed(str(error)))
            return
        if not self.drafts_offered:
            self.drafts_offered = True
            self._offer_drafts()
        items = build_items(actions, meetings, config, login, allowed, next_reviews)
        by_id = {item.action.id: item for item in items}
        severity = {i.action.id: i.severity for i in items if i.action.id is not None}
        me = config.person_by_login(login)
        ranked = rank_actions(actions, self.today, severity, me.id if me else None)
        self.post_message(ActionsLoaded([by_id[a.id] for a in ranked]))

    def _offer_drafts(self) -> None:
        """(In the load worker.) Say which changes have unsaved text waiting from before."""
        try:
            drafts = self.chair.drafts.load(None)
        except Exception:  # a draft is a courtesy: the review goes on without it
            return
        waiting = [d.title for d in drafts if d.has_text]
        if waiting:
            self.app.call_from_thread(
                self.notify,
                "Unsaved text kept from before: "
                + "; ".join(waiting)
                + ". Press the same key on that action to carry on.",
                title="Drafts",
                timeout=20,
                markup=False,
            )

    def _next_review(self, type_id: str) -> dt.date | None:
        """The next meeting of a review route ('next' in the new-date dialog)."""
        from domain.dates import next_meeting_date

        config = self.chair.config
        meeting_type = config.meeting_type(type_id) if config else None
        if meeting_type is None:
            return None
        with self.chair.door() as service:
            held = service.meetings.latest(type_id)
        due = None
        if held is not None:
            due = held.next_meeting or next_meeting_date(meeting_type.cadence, held.date)
        if due is None or due <= self.today:
            due = next_meeting_date(meeting_type.cadence, self.today)
        return due

    def on_actions_loaded(self, message: ActionsLoaded) -> None:
        self.items = message.items
        self.loaded = True
        self._fill()

    def on_actions_load_failed(self, message: ActionsLoadFailed) -> None:
        self._say(f"Could not read the actions: {message.problem}", "error")

    # ------------------------------------------------------------------ showing

    def _fill(self) -> None:
        table = self.query_one("#review-table", DataTable)
        keep = self.current.action.id if self.current else None
        text = self.query_one("#review-filter", Input).value
        self.shown = filtered(self.items, text, self.today)
        variables = self.app.get_css_variables()
        table.clear()
        rows: list[list[Any]] = []
        for item in self.shown:
            action = item.action
            words, variable = due_words(action, self.today)
            cells: list[Any] = [
                item.owner_name,
                styled(words, variable, variables, bold=variable == "error"),
                styled(status_word(action), ACTION_STATUS_VARIABLE[action.status], variables),
                f"{action.carried}×" if action.carried else "—",
            ]
            if self.wide:
                cells.append(item.source)
            rows.append(cells)
        width = self._description_width(rows)
        for item, cells in zip(self.shown, rows, strict=True):
            description = item.action.description
            if len(description) > width:
                description = description[: width - 1] + "…"
            table.add_row(description, *cells, key=str(item.action.id))
        row = next((i for i, it in enumerate(self.shown) if it.action.id == keep), 0)
        if self.shown:
            table.move_cursor(row=row)
        self._summary()
        self._detail()
        self.refresh_bindings()

    def _description_width(self, rows: list[list[Any]]) -> int:
        """What is left for the description once the other columns fit (the rest scrolls)."""
        headers = ["Owner", "Due", "Status", "Carried", "From"]
        used = 0
        for index, header in enumerate(headers[: len(rows[0]) if rows else 0]):
            used += max(len(header), *(len(str(row[index])) for row in rows)) + 2
        return max(16, self.size.width - used - 4)

    def _summary(self) -> None:
        service = self.chair.service
        config = self.chair.config
        person = service.person if service else None
        who = (
            f"you: {person.name}{' (chair)' if person.chair else ''}"
            if person
            else f"you: {service.login if service else '?'} (read-only)"
        )
        overdue = sum(1 for i in self.items if overdue_days(i.action, self.today))
        mine = sum(1 for i in self.items if person and i.action.owner_id == person.id)
        practice = config.practice.name if config else ""
        shown = f" · showing {len(self.shown)}" if len(self.shown) != len(self.items) else ""
        self.query_one("#review-summary", Static).update(
            f"{len(self.items)} open · {overdue} overdue · {mine} yours{shown} · {who} · "
            f"{self.today:%d %b %Y} · {practice}"
        )

    def _detail(self) -> None:
        detail = self.query_one("#review-detail", Static)
        item = self.current
        if item is None:
            empty = (
                "No open actions match the filter (escape clears it)."
                if self.items
                else "No open actions. Nothing is waiting on anyone."
            )
            detail.update(empty if self.loaded else "Reading the actions…")
            return
        action = item.action
        variables = self.app.get_css_variables()
        words, variable = due_words(action, self.today)
        due = f"{action.due:%d %b %Y}" if action.due else "no date"
        when = (
            Text.assemble(" (", styled(words, variable, variables), ")")
            if variable != "foreground"
            else Text("")
        )
        lines = [
            Text(action.description, style="bold"),
            Text.assemble(
                f"{item.owner_name} · due {due}",
                when,
                f" · {status_word(action)} · carried {action.carried}× · ",
                item.source_long,
            ),
        ]
        snapshot = item.snapshot
        if snapshot is not None:
            lines.append(
                Text(
                    f"Decided on: {snapshot.title} {snapshot.display_value} "
                    f"{snapshot.status}, streak {snapshot.streak}"
                )
            )
        if action.updates:
            last = action.updates[-1]
            said = last.note or last.evidence
            lines.append(
                Text(
                    f"Last update {last.when:%d %b} by {last.by_login}: "
                    f"{last.status.value}{' — ' + said if said else ''}"
                )
            )
        if item.can_change:
            lines.append(
                styled(
                    "You may change it: x done · r new date · o reassign · a note · b blocked",
                    "success",
                    variables,
                )
            )
        elif item.action.id == self.refused_id:
            # A change key was pressed on it: the same line, marked, rather than said twice.
            line = styled(f"⚠ {item.why_read_only}", "warning", variables, bold=True)
            line.stylize("reverse")
            lines.append(line)
        else:
            lines.append(styled(item.why_read_only, "warning", variables, bold=True))
        detail.update(Text("\n").join(lines))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.refused_id = None
        self._detail()
        self.refresh_bindings()

    def _say(self, text: str, variable: str = "foreground") -> None:
        variables = self.app.get_css_variables()
        self.query_one("#review-message", Static).update(
            styled(text, variable, variables, bold=variable in ("error", "warning"))
        )

    # ------------------------------------------------------------------ keys

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "filter_done":
            return isinstance(self.focused, Input)
        if action == "move":
            return not isinstance(self.focused, Input)  # j and k are letters in the filter
        if (action in CHANGE_ACTIONS or action == "filter") and isinstance(self.focused, Input):
            return False  # typed into the filter box
        if action in CHANGE_ACTIONS:
            item = self.current if self.is_mounted else None
            return bool(item and item.can_change and self.chair.service is not None)
        return True

    def action_move(self, step: int) -> None:
        table = self.query_one("#review-table", DataTable)
        if step > 0:
            table.action_cursor_down()
        else:
            table.action_cursor_up()

    def on_key(self, event: events.Key) -> None:
        """A change key on an action this login may not change: say why instead of nothing."""
        if isinstance(self.focused, Input):
            return
        action = self._change_action_for(event.key)
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

    def _change_action_for(self, key: str) -> str | None:
        for binding in self.BINDINGS:
            if isinstance(binding, Binding) and binding.action in CHANGE_ACTIONS:
                keys = self.chair.keymap_config.get(binding.id or "", binding.key)
                if key in (k.strip() for k in keys.split(",")):
                    return binding.action
        return None

    def action_filter(self) -> None:
        box = self.query_one("#review-filter", Input)
        box.display = True
        self.set_focus(box)  # now, not a turn later: the next keys are the filter's

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "review-filter":
            self._fill()

    def action_filter_done(self) -> None:
        """Enter in the filter box: the list has the cursor again at once (the keys typed next
        act on it); the box hides once its own keys are in, if it was left empty."""
        box = self.query_one("#review-filter", Input)
        self.set_focus(self.query_one("#review-table", DataTable))
        box.post_message(FilterDone())

    def on_filter_done(self, message: FilterDone) -> None:
        box = self.query_one("#review-filter", Input)
        if not box.value.strip():
            box.display = False

    def action_back(self) -> None:
        box = self.query_one("#review-filter", Input)
        if box.display:
            box.value = ""
            box.display = False
            self.set_focus(self.query_one("#review-table", DataTable))
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
        from tui.screens.form_base import open_form
        from tui.screens.review.dialogs import dialog_for

        item = self.current
        if item is None:
            return
        people = list(self.chair.config.people) if self.chair.config else []

        def save(update: dict[str, Any]) -> Action:
            """In the dialog's worker: a refusal stays in the dialog, beside its field. One
            changed by someone else since is also said here, and the list read again."""
            from storage.errors import Conflict

            action = item.action
            assert action.id is not None
            try:
                with self.chair.door() as service:
                    return service.actions.update(action.id, action.version, **update)
            except Conflict as error:
                self.app.call_from_thread(self._say, f"{error} (reloaded)", "error")
                self.app.call_from_thread(self._load)
                raise

        def done(saved: Action | None) -> None:
            if saved is not None:
                self._updated(kind, item, saved)

        dialog = dialog_for(kind, item, self.today, people, save)
        open_form(self.app, dialog, None, f"review:{kind}:{item.action.id}", done)

    def _updated(self, kind: str, item: ReviewItem, action: Action) -> None:
        said = {
            "done": "marked done, with its evidence",
            "reschedule": f"moved to {action.due:%d %b %Y}" if action.due else "given a new date",
            "reassign": f"given to {self._person_name(action.owner_id)}",
            "annotate": "noted",
            "blocked": "marked blocked",
        }[kind]
        self._say(f"Saved: '{item.action.description}' {said}.", "success")
        self._load()
        if kind == "done":
            from tui.screens.review.outcome import OutcomeDialog

            self.app.push_screen(OutcomeDialog(item, self._readings))

    def _readings(self, dashboard_id: str) -> list[Reading]:
        """One dashboard's readings now (from the outcome dialog's worker)."""
        with self.chair.door() as service:
            return service.readings.dashboard(dashboard_id)

    def _person_name(self, person_id: str | None) -> str:
        config = self.chair.config
        person = config.person(person_id) if config and person_id else None
        return person.name if person else (person_id or "nobody")
