"""Pick a person by typing: the list of matches narrows as you type (name, id, login or role)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.suggester import SuggestFromList
from textual.widgets import Input, Static

if TYPE_CHECKING:
    from config.models import Person


def match_people(people: Sequence[Person], text: str) -> list[Person]:
    """People matching what was typed: exact id/login/name first, else every partial match."""
    wanted = text.strip().lower()
    if not wanted:
        return list(people)
    exact = [p for p in people if wanted in (p.id.lower(), p.login.lower(), p.name.lower())]
    if exact:
        return exact
    return [
        p
        for p in people
        if wanted in p.name.lower()
        or wanted in p.role.lower()
        or p.login.lower().startswith(wanted)
    ]


class PersonInput(Vertical):
    """An Input with suggestions, and a line listing who matches; `person_id` when one does."""

    DEFAULT_CSS = """
    PersonInput { height: auto; }
    PersonInput > .matches { color: $text-muted; height: 1; padding-left: 1; }
    """

    def __init__(self, people: Sequence[Person], value: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.people = list(people)
        self.initial = value

    def compose(self) -> ComposeResult:
        names = [p.name for p in self.people]
        yield Input(
            self.initial,
            placeholder="type a name, role or login",
            suggester=SuggestFromList(names, case_sensitive=False),
            classes="person-input",
            compact=True,
        )
        yield Static("", classes="matches", markup=False)

    def on_mount(self) -> None:
        self._show_matches(self.initial)

    @property
    def input(self) -> Input:
        return self.query_one(Input)

    @property
    def person_id(self) -> str | None:
        """The chosen person's id when exactly one person matches, else None."""
        found = match_people(self.people, self.input.value)
        return found[0].id if len(found) == 1 and self.input.value.strip() else None

    @property
    def text(self) -> str:
        return self.input.value

    def on_input_changed(self, event: Input.Changed) -> None:
        self._show_matches(event.value)

    def _show_matches(self, text: str) -> None:
        found = match_people(self.people, text)
        if not text.strip():
            line = "people: " + ", ".join(p.name for p in found)
        elif len(found) == 1:
            line = f"→ {found[0].name} ({found[0].role})"
        elif found:
            line = "matches: " + ", ".join(p.name for p in found)
        else:
            line = "nobody matches: type part of a name, role or login"
        self.query_one(".matches", Static).update(line)
