"""The loop strip: Data, Review, Decision, Owner, Follow-up for the highlighted breach."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from tui.format import style_of

STEPS = ("Data", "Review", "Decision", "Owner", "Follow-up")


class LoopStrip(Static):
    """Each step shows ✓ done or ✗ missing (words and symbols, colour only as a help)."""

    DEFAULT_CSS = """
    LoopStrip { height: 2; padding: 0 1; }
    """

    def show(self, steps: dict[str, bool | None] | None, variables: dict[str, str]) -> None:
        """`steps` maps each step to done (True), missing (False) or not needed (None)."""
        if steps is None:
            self.update(Text("Loop: highlight a breach to see its loop", style="dim"), layout=False)
            return
        text = Text("Loop: ", style="bold")
        for index, step in enumerate(STEPS):
            state = steps.get(step)
            if index:
                text.append(" · ", style="dim")
            if state is None:
                text.append(f"{step} – n/a", style="dim")
            elif state:
                text.append(f"{step} ✓", style=style_of("success", variables))
            else:
                text.append(f"{step} ✗ missing", style=style_of("error", variables, "bold"))
        self.update(text, layout=False)
