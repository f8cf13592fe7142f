"""Choose one of a few options by its letter (a act, m monitor, ...), shown ▶ and reversed."""

from __future__ import annotations

import string
from collections.abc import Callable
from typing import Any, ClassVar

from rich.text import Text
from textual.actions import SkipAction
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

_LETTERS: list[BindingType] = [
    Binding(
        letter,
        f"choose('{letter}')",
        f"choose {letter}",
        id=f"picker-{letter}",
        show=False,
        priority=True,
        tooltip="Choose the option with this letter and move to its first field",
    )
    for letter in string.ascii_lowercase
]


class LetterPicker(Widget, can_focus=True):
    """Focus it and press a letter. `options` are (key, label, value); `value` is the choice.

    The letters are priority bindings, active only while the picker has focus: the app runs
    them as it reads each key, so the focus is on the chosen option's first field before the
    next key is delivered. (A key handler would run later, on the picker's own queue, after
    the keys typed straight after the letter had already been sent to the picker.)
    """

    DEFAULT_CSS = """
    LetterPicker { height: auto; width: 1fr; }
    LetterPicker:focus { background: $boost; text-style: underline; }
    """
    BINDINGS: ClassVar[list[BindingType]] = _LETTERS

    value: reactive[Any] = reactive(None)

    class Chosen(Message):
        """The choice changed."""

        def __init__(self, picker: LetterPicker, value: Any) -> None:
            super().__init__()
            self.picker = picker
            self.value = value

    def __init__(
        self,
        options: list[tuple[str, str, Any]],
        value: Any = None,
        *,
        on_choose: Callable[[Any], None] | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.options = options
        self.on_choose = on_choose
        """Called at once (before focus moves on), so the form shows the right fields."""
        self.set_reactive(LetterPicker.value, value)

    @property
    def letters(self) -> str:
        """The letters and what they choose, for a one-line hint: 'x done, r progress, ...'."""
        return ", ".join(f"{key} {label.split(' (')[0]}" for key, label, _ in self.options)

    def render(self) -> Text:
        text = Text()
        for key, label, value in self.options:
            chosen = value == self.value
            at = label.find(key)
            word = f"{label[:at]}[{key}]{label[at + 1 :]}" if at >= 0 else f"[{key}] {label}"
            text.append(f"{'▶' if chosen else ' '}{word} ", style="reverse bold" if chosen else "")
        return text

    def action_choose(self, letter: str) -> None:
        choice = next((value for key, _label, value in self.options if key == letter), None)
        if choice is None:
            raise SkipAction()  # not one of ours: the key goes on as usual
        self.value = choice
        if self.on_choose is not None:
            self.on_choose(choice)
        # The form has shown the fields for this choice: the first of them still to fill in
        # takes the focus (a form may say which: `focus_after_choice`).
        after = getattr(self.screen, "focus_after_choice", None)
        if after is not None:
            after(self)
        else:
            self.screen.focus_next()
        self.post_message(self.Chosen(self, choice))
