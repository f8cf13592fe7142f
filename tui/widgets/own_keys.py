"""A text field that runs its own editing keys in its own queue, in the order they were typed.

Textual inserts a printable key where the field reads it, but runs the field's bindings
(backspace, delete, the arrows, home, end, ctrl+z) only once the key has bubbled up to the app,
through every container's queue. Typed at full speed, the letters after a backspace were
inserted before the backspace ran (`abc`, backspace, `x`, ctrl+s saved "ab" and lost the x, or
deleted the x), and a backspace read before tab ran in the field tab had moved to. Here the
field's own bindings run as the field handles the key, between the letters around it.
"""

from __future__ import annotations

from textual import events
from textual.widget import Widget
from textual.widgets import TextArea


async def run_own_binding(widget: Widget, event: events.Key) -> bool:
    """Run `widget`'s own (not priority) binding for the key, if it has one that acts: True when
    one did (the key is then spent)."""
    for binding in widget._bindings.key_to_bindings.get(event.key, ()):
        if binding.priority:
            continue  # run by the app as it read the key
        if await widget.app.run_action(binding.action, widget):
            event.stop()
            event.prevent_default()
            return True
    return False


class OwnKeys:
    """Mix into a text field (before its Textual class): its bindings run in its own queue.
    (A plain class: a Widget here would hide the field's own component classes.)"""

    async def _on_key(self, event: events.Key) -> None:
        assert isinstance(self, Widget)
        await run_own_binding(self, event)


class FieldArea(OwnKeys, TextArea):
    """A form's box of several lines (the amendments to the previous minutes)."""
