"""Choose one of a few options by its letter (a act, m monitor, ...), shown ▶ and reversed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual import events
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget


class LetterPicker(Widget, can_focus=True):
    """Focus it and press a letter. `options` are (key, label, value); `value` is the choice."""

    DEFAULT_CSS = """
    LetterPicker { height: auto; width: 1fr; }
    LetterPicker:focus { background: $boost; }
    """

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

    def render(self) -> Text:
        text = Text()
        for key, label, value in self.options:
            chosen = value == self.value
            at = label.find(key)
            word = f"{label[:at]}[{key}]{label[at + 1 :]}" if at >= 0 else f"[{key}] {label}"
            text.append(f"{'▶' if chosen else ' '}{word} ", style="reverse bold" if chosen else "")
        return text

    def on_key(self, event: events.Key) -> None:
        for key, _label, value in self.options:
            if event.character == key:
                event.stop()
                event.prevent_default()
                self.value = value
                if self.on_choose is not None:
                    self.on_choose(value)
                # Move on now, not after a message round trip: fast typists keep typing.
                self.screen.focus_next()
                self.post_message(self.Chosen(self, value))
                return
