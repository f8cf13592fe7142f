"""A one-line text field for forms: keeps pre-filled text, lands at its end, undoes with ctrl+z."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.widgets import Input

from tui.widgets.own_keys import OwnKeys

UNDO_DEPTH = 200
"""How many earlier values ctrl+z can go back through."""


class FieldInput(OwnKeys, Input):
    """An Input that never selects its text on focus (the first key must not wipe a pre-filled
    value), puts the cursor at the end, and keeps its earlier values for ctrl+z / ctrl+y. Its
    editing keys (backspace, the arrows...) act between the letters typed around them (OwnKeys)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+z",
            "undo",
            "Undo",
            id="field-undo",
            show=False,
            tooltip="Bring back the field's text as it was before the last change",
        ),
        Binding(
            "ctrl+y",
            "redo",
            "Redo",
            id="field-redo",
            show=False,
            tooltip="Redo the change ctrl+z took back",
        ),
    ]

    def __init__(self, value: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("compact", True)
        self._history: list[str] = [value]
        self._redo: list[str] = []
        self._restoring = False
        super().__init__(value, select_on_focus=False, **kwargs)

    def update_node_styles(self, animate: bool = True) -> None:
        """Not before it is mounted: mounting works out its styles with the classes set by
        then. (Input's constructor sets its value, which sets its -valid class, and Textual
        would style the new field there and then: ~2 ms a field, 15 fields on a decision.)"""
        if self.is_attached:
            super().update_node_styles(animate)

    def watch_value(self, value: str) -> None:
        if self._restoring or self._history[-1] == value:
            return
        self._history.append(value)
        del self._history[:-UNDO_DEPTH]
        self._redo.clear()

    def on_focus(self, event: events.Focus) -> None:
        self.cursor_position = len(self.value)

    def _restore(self, value: str) -> None:
        self._restoring = True
        try:
            self.value = value
            self.cursor_position = len(value)
        finally:
            self._restoring = False

    def action_undo(self) -> None:
        if len(self._history) > 1:
            self._redo.append(self._history.pop())
            self._restore(self._history[-1])

    def action_redo(self) -> None:
        if self._redo:
            value = self._redo.pop()
            self._history.append(value)
            self._restore(value)

    def set_text(self, value: str) -> None:
        """Replace the text (a restored draft) as one step ctrl+z can take back."""
        self.value = value
        self.cursor_position = len(value)
