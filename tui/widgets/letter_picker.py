"""Choose one of a few options by its letter (a act, m monitor, ...), shown ▶ and reversed."""

from __future__ import annotations

import string
from collections.abc import Callable
from typing import Any, ClassVar

from rich.text import Text
from textual import events
from textual.actions import SkipAction
from textual.binding import Binding, BindingType
from textual.keys import _character_to_key
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Input, TextArea

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

# Every other printable key: typed at a picker with nothing chosen, it starts the words of the
# text field after it (below). Not `?`: that is help.
_TEXT: list[BindingType] = [
    Binding(_character_to_key(character), f"hand_on({character!r})", show=False, priority=True)
    for character in string.digits + string.ascii_uppercase + string.punctuation + " "
    if character != "?"
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
    BINDINGS: ClassVar[list[BindingType]] = _LETTERS + _TEXT

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
            self.action_hand_on(letter)
            return
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

    def action_hand_on(self, character: str) -> None:
        """A key that picks nothing, typed while nothing is chosen, starts words meant for the
        text field after the picker (`x` then "Business case tabled": before, "Busi" was lost
        and the n of "Business" chose "no change"). The field takes the focus now, as a letter
        that chooses does, so the keys after it follow; the choice stays to make, and the save
        says so. With a choice made, or no empty text field after it, the key goes on as usual.
        """
        if self.value is not None:
            raise SkipAction()
        order = getattr(self.screen, "fields_in_order", None)
        chain: list[Widget] = order() if order is not None else list(self.screen.focus_chain)
        after = chain[chain.index(self) + 1 :] if self in chain else []
        field = next((w for w in after if _empty_text(w)), None)
        if field is None:
            raise SkipAction()
        self.screen.set_focus(field)
        # Behind the focus event in the field's own queue, ahead of the keys typed after it.
        field.post_message(events.Key(_character_to_key(character), character))


def _empty_text(widget: Widget) -> bool:
    if isinstance(widget, TextArea):
        return not widget.text.strip()
    return isinstance(widget, Input) and not widget.value.strip()
