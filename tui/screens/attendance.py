"""Attendance at the start of a meeting: each person present, sent apologies or not recorded
(toggled by their letter, or space on the highlighted one), and guests by name."""

from __future__ import annotations

import string
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from storage.service.attendance import Attendance
from tui.screens.form_base import TypingForm
from tui.screens.form_parts import KeepsDraft, draft_note, error_line
from tui.widgets.field_input import FieldInput

if TYPE_CHECKING:
    from config.models import Person

PRESENT, APOLOGIES, NOT_RECORDED = "present", "apologies", "—"
CYCLE = {PRESENT: APOLOGIES, APOLOGIES: NOT_RECORDED, NOT_RECORDED: PRESENT}
MARK = {PRESENT: "✓ present  ", APOLOGIES: "✗ apologies", NOT_RECORDED: "· not here "}
LETTERS = string.ascii_lowercase


class PeopleToggles(KeepsDraft, Widget, can_focus=True):
    """One line per person: `[a] ✓ present   Sam Patel (practice manager)`. Its marks are
    kept in the form's draft as `sp:present,tb:apologies` (nobody listed: not recorded)."""

    class Toggled(Message):
        """A mark changed (the form keeps its draft)."""

    DEFAULT_CSS = """
    PeopleToggles { height: auto; }
    PeopleToggles:focus { background: $boost; }
    """

    cursor: reactive[int] = reactive(0)

    def __init__(self, people: list[Person], states: dict[str, str], id: str | None = None) -> None:
        super().__init__(id=id)
        self.people = people[: len(LETTERS)]
        self.states = states

    def render(self) -> Text:
        text = Text()
        for index, (letter, person) in enumerate(zip(LETTERS, self.people, strict=False)):
            state = self.states.get(person.id, NOT_RECORDED)
            line = f"{'▶' if index == self.cursor else ' '}[{letter}] {MARK[state]}  {person.name}"
            style = "bold" if state == PRESENT else "dim" if state == NOT_RECORDED else ""
            text.append(line, style=style + (" reverse" if index == self.cursor else ""))
            text.append(f" ({person.role})\n", style="dim")
        text.rstrip()
        return text

    touched = False
    """Whether the chair has toggled anyone (a late default must not undo it)."""

    def toggle(self, index: int) -> None:
        self.touched = True
        person = self.people[index]
        self.states[person.id] = CYCLE[self.states.get(person.id, NOT_RECORDED)]
        self.cursor = index
        self.refresh()
        self.post_message(self.Toggled())

    def draft_text(self) -> str:
        return ",".join(
            f"{p.id}:{self.states[p.id]}"
            for p in self.people
            if self.states.get(p.id, NOT_RECORDED) != NOT_RECORDED
        )

    def restore_draft(self, text: str) -> None:
        """The marks of a draft: they are the chair's, so a late default leaves them."""
        ids = {p.id for p in self.people}
        marks = dict(part.split(":", 1) for part in text.split(",") if ":" in part)
        self.states.clear()
        self.states.update(
            {p: m for p, m in marks.items() if p in ids and m in (PRESENT, APOLOGIES)}
        )
        self.touched = True
        self.refresh()

    def on_key(self, event: events.Key) -> None:
        if event.key in ("down", "up"):
            step = 1 if event.key == "down" else -1
            self.cursor = (self.cursor + step) % max(1, len(self.people))
        elif event.key == "space":
            self.toggle(self.cursor)
        elif event.character and event.character in LETTERS[: len(self.people)]:
            self.toggle(LETTERS.index(event.character))
        else:
            return
        event.stop()
        event.prevent_default()


class AttendanceScreen(TypingForm[Attendance, Attendance]):
    """Who is here: the last meeting of this type's attendance is the starting point; `save`
    records it."""

    CSS_PATH = "attendance.tcss"
    BINDING_GROUP_TITLE = "Attendance"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+s",
            "save",
            "Save",
            id="attendance-save",
            priority=True,
            tooltip="Record this attendance",
        ),
        Binding(
            "escape",
            "cancel",
            "Later",
            id="attendance-later",
            priority=True,
            tooltip="Close without recording (the palette's 'Attendance' opens it again)",
        ),
        Binding("enter", "save", "Save", id="attendance-enter", show=False, priority=True),
        # Priority: the focus moves as the key is read, so the guests' names typed straight
        # after tab land in the guests field, not on the people (where letters toggle).
        Binding("tab", "next_field", "Next", id="attendance-next", show=False, priority=True),
        Binding(
            "shift+tab",
            "previous_field",
            "Back",
            id="attendance-previous",
            show=False,
            priority=True,
        ),
    ]

    def __init__(
        self,
        people: list[Person],
        default: Attendance,
        title: str,
        save: Callable[[Attendance], Attendance],
    ) -> None:
        super().__init__(save)
        self.people = people
        self.title_text = title
        states = {p: PRESENT for p in default.present}
        states.update({p: APOLOGIES for p in default.apologies})
        self.states = states
        self.guests = ", ".join(default.guests)

    def compose(self) -> ComposeResult:
        with Vertical(id="attendance"):
            yield Static(self.title_text, id="attendance-title", markup=False)
            yield draft_note()
            yield PeopleToggles(self.people, self.states, id="people")
            with Horizontal(classes="field"):
                yield Label("Guests", classes="field-label")
                yield FieldInput(self.guests, placeholder="names, comma-separated", id="guests")
            yield error_line("guests")
            yield error_line("form")
            yield Static(
                "letter or space: present → apologies → not here · ↑↓ move · tab guests · "
                "ctrl+s save · escape later",
                id="attendance-keys",
                markup=False,
            )

    @property
    def draft_title(self) -> str:
        return self.title_text

    def focus_first(self) -> None:
        self.set_focus(self.query_one("#people"))

    def fill(self, default: Attendance) -> None:
        """The starting point, once loaded: only if the chair has not begun to mark people."""
        if not self.query(PeopleToggles):
            return  # closed (escape) before it came
        if self.touched or not (default.present or default.apologies or default.guests):
            return
        self.states.clear()
        self.states.update({p: PRESENT for p in default.present})
        self.states.update({p: APOLOGIES for p in default.apologies})
        guests = self.query_one("#guests", Input)
        if not guests.value:
            guests.value = ", ".join(default.guests)
            self.not_typed("guests", guests.value)  # filled in, not typed: no draft for it
        people = self.query_one(PeopleToggles)
        self.not_typed("people", people.draft_text())
        people.refresh()
        self.query_one("#attendance-title", Static).update(
            self.title_text + " (from the last meeting of this type)"
        )

    def on_people_toggles_toggled(self, event: PeopleToggles.Toggled) -> None:
        self.draft.typed()  # the marks are kept in the draft as the guests are

    @property
    def touched(self) -> bool:
        return self.query_one(PeopleToggles).touched

    def check(self) -> tuple[Attendance | None, dict[str, str]]:
        ids = [p.id for p in self.people]
        guests = self.query_one("#guests", Input).value.split(",")
        chosen = Attendance(
            present=tuple(p for p in ids if self.states.get(p) == PRESENT),
            apologies=tuple(p for p in ids if self.states.get(p) == APOLOGIES),
            guests=tuple(g.strip() for g in guests if g.strip()),
        )
        return chosen, {}
