"""The agenda sidebar: each section with a done / current / pending marker and its breaches."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from domain.records import SectionRecord
from tui.format import style_of

DONE, CURRENT, PENDING = "✓", "▶", "·"


class AgendaList(Static):
    """Renders the sections of a meeting; attributes down: call `show(...)`."""

    DEFAULT_CSS = """
    AgendaList { width: 26; height: 1fr; padding: 0 1; border-right: vkey $primary 50%; }
    """

    def show(
        self,
        sections: tuple[SectionRecord, ...],
        current: int,
        breaches: dict[str, int | None],
        variables: dict[str, str],
    ) -> None:
        """`breaches` maps a section key to its breach count (None while still loading)."""
        text = Text("Agenda\n", style="bold")
        for index, section in enumerate(sections):
            if index == current:
                marker, style = CURRENT, style_of("accent", variables, "bold")
            elif section.closed or index < current:
                marker, style = DONE, style_of("success", variables)
            else:
                marker, style = PENDING, ""
            count = breaches.get(section.key)
            title = section.title if len(section.title) <= 14 else section.title[:13] + "…"
            line = Text(f"{marker} {index + 1}. {title:<14}", style=style)
            if count:
                line.append(f" {count}●", style=style_of("error", variables, "bold"))
            elif count is None and section.key.startswith("dashboard:"):
                line.append(" …", style="dim")
            text.append_text(line)
            text.append(f"\n     {section.time_box_minutes} min box\n", style="dim")
        self.update(text, layout=False)
