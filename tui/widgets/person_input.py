"""Pick a person by typing: initials, login, first name or part of a name; Tab completes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual import events
from textual.containers import Vertical
from textual.suggester import SuggestFromList
from textual.widgets import Static

from tui.widgets.field_input import FieldInput

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.widget import Widget

    from config.models import Person

TITLES = {"dr", "mr", "mrs", "ms", "miss", "mx", "prof", "sir", "dame"}
"""Words before a name that are not part of it (Dr Ada Okafor's first name is Ada)."""


def name_words(person: Person) -> list[str]:
    """The words of a person's name, without a title: ['ada', 'okafor']."""
    words = [w.strip(".").lower() for w in person.name.split()]
    return [w for w in words if w and w not in TITLES] or words


def exact_names(person: Person) -> set[str]:
    """What picks this person outright: id, login, full name, first name, initials."""
    words = name_words(person)
    found = {person.id.lower(), person.login.lower(), person.name.lower(), " ".join(words)}
    if words:
        found.add(words[0])
        found.add("".join(w[0] for w in words))
    return {name for name in found if name}


def match_people(people: Sequence[Person], text: str) -> list[Person]:
    """People matching what was typed: an exact id, login, name, first name or initials first;
    else everyone whose name, role or login contains it (login and name words from the start)."""
    wanted = " ".join(text.strip().lower().split())
    if not wanted:
        return list(people)
    exact = [p for p in people if wanted in exact_names(p)]
    if exact:
        return exact
    return [
        p
        for p in people
        if wanted in p.name.lower()
        or wanted in p.role.lower()
        or p.login.lower().startswith(wanted)
        or any(w.startswith(wanted) for w in name_words(p))
    ]


class PersonInput(Vertical):
    """A text field with suggestions, and a line saying who matches; `person_id` when one does.

    Tab (leaving the field) completes the text to the one person it matches, so `jm`, `jo`,
    `jmorgan` or `morg` become "Jo Morgan" on screen before the form is saved.
    """

    DEFAULT_CSS = """
    PersonInput { height: auto; }
    PersonInput > .matches { color: $text-muted; height: 1; padding-left: 1; }
    """

    def __init__(self, people: Sequence[Person], value: str = "", *, id: str | None = None) -> None:
        self.people = list(people)
        self.initial = value
        named = next((p for p in self.people if p.id == value), None)
        if named is not None:
            self.initial = named.name  # an id (from a saved record) is shown as the name
        self._field = PersonField(
            self.initial,
            placeholder="initials, login or name (tab completes)",
            suggester=SuggestFromList([p.name for p in self.people], case_sensitive=False),
            classes="person-input",
            id=f"{id}-text" if id else None,
        )
        self._line = self._matches_line(self.initial)
        self._matches = Static(self._line, classes="matches", markup=False)
        self._parts: list[Widget] = [self._field, self._matches]
        super().__init__(id=id)

    def compose(self) -> ComposeResult:
        parts, self._parts = self._parts, []
        yield from parts

    def mount_parts(self) -> list[Widget]:
        """Its field and line mounted now (form_parts.mount_now: a form mounting it as a
        letter shows its row moves the cursor into it at once)."""
        parts, self._parts = self._parts, []
        self.mount(*parts)
        return parts

    @property
    def input(self) -> FieldInput:
        return self._field

    @property
    def person_id(self) -> str | None:
        """The chosen person's id when exactly one person matches, else None."""
        found = match_people(self.people, self.input.value)
        return found[0].id if len(found) == 1 and self.input.value.strip() else None

    @property
    def text(self) -> str:
        return self.input.value

    def on_input_changed(self, event: FieldInput.Changed) -> None:
        self._show_matches(event.value)

    def complete(self) -> None:
        """Replace what was typed with the one person's name it matches (nothing otherwise)."""
        found = match_people(self.people, self.input.value)
        if self.input.value.strip() and len(found) == 1 and self.input.value != found[0].name:
            self.input.set_text(found[0].name)

    def _show_matches(self, text: str) -> None:
        line = self._matches_line(text)
        if line != self._line:  # (an update lays the whole form out again)
            self._line = line
            self._matches.update(line)

    def _matches_line(self, text: str) -> str:
        found = match_people(self.people, text)
        if not text.strip():
            line = "people: " + ", ".join(p.name for p in found)
        elif len(found) == 1:
            line = f"→ {found[0].name} ({found[0].role})"
        elif found:
            line = "matches: " + ", ".join(p.name for p in found)
        else:
            line = "nobody matches: type initials, a login or part of a name"
        return line


class PersonField(FieldInput):
    """The text part of a PersonInput: completes on leaving (after every key typed into it)."""

    def on_blur(self, event: events.Blur) -> None:
        parent = self.parent
        if isinstance(parent, PersonInput):
            parent.complete()
