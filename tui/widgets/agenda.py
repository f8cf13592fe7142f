"""The agenda sidebar: each section with a done / current / pending marker and its breaches."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from domain.records import SectionRecord
from tui.format import style_of

DONE, CURRENT, PENDING = "✓", "▶", "·"


class AgendaList(Vertical):
    """Renders the sections of a meeting; attributes down: call `show(...)`.

    One small widget per section, updated only when its own text changes: moving to the next
    section repaints two entries, not the whole sidebar (a key's repaint stays quick).
    """

    DEFAULT_CSS = """
    AgendaList { width: 26; height: 1fr; padding: 0 1; border-right: vkey $primary 50%; }
    AgendaList > .agenda-title { text-style: bold; height: 1; }
    AgendaList > .agenda-section { height: 2; }
    """

    def __init__(self, **kwargs: str) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._shown: list[Text] = []
        self.section_layers: dict[str, str] = {}
        """Section key -> the layer its dashboard serves, named under its time box."""
        self._last: (
            tuple[tuple[SectionRecord, ...], int, dict[str, int | None], dict[str, str]] | None
        ) = None

    def compose(self) -> ComposeResult:
        yield Static("Agenda", classes="agenda-title")

    def show(
        self,
        sections: tuple[SectionRecord, ...],
        current: int,
        breaches: dict[str, int | None],
        variables: dict[str, str],
    ) -> None:
        """`breaches` maps a section key to its breach count (None while still loading)."""
        self._last = (sections, current, breaches, variables)
        # The title takes what the marker, number and breach count leave (14 at 26 columns).
        title_width = max(6, (self.content_size.width or 23) - 9)
        entries = [
            entry(
                index,
                section,
                current,
                breaches.get(section.key),
                variables,
                title_width,
                self.section_layers.get(section.key, ""),
            )
            for index, section in enumerate(sections)
        ]
        lines = list(self.query(".agenda-section").results(Static))
        if len(lines) != len(entries):
            for line in lines:
                line.remove()
            lines = [Static(text, classes="agenda-section") for text in entries]
            self.mount_all(lines)
            self._shown = entries
            return
        for index, (line, text) in enumerate(zip(lines, entries, strict=True)):
            if self._shown[index] != text:
                line.update(text, layout=False)
        self._shown = entries

    def on_resize(self) -> None:
        # The titles take the width there is: re-cut them when it changes.
        if self._last is not None:
            self.show(*self._last)

    def text(self) -> str:
        """The agenda as plain text (for tests and screen readers)."""
        return "Agenda\n" + "\n".join(text.plain for text in self._shown)


def entry(
    index: int,
    section: SectionRecord,
    current: int,
    count: int | None,
    variables: dict[str, str],
    title_width: int = 14,
    layer: str = "",
) -> Text:
    """One section: marker, number, title (cut to fit), breaches, and below its time box and
    the layer its dashboard serves (operational, management, strategic)."""
    if index == current:
        marker, style = CURRENT, style_of("accent", variables, "bold")
    elif section.closed or index < current:
        marker, style = DONE, style_of("success", variables)
    else:
        marker, style = PENDING, ""
    width = title_width
    title = section.title if len(section.title) <= width else section.title[: width - 1] + "…"
    line = Text(f"{marker} {index + 1}. {title:<{width}}", style=style)
    if count:
        line.append(f" {count}●", style=style_of("error", variables, "bold"))
    elif count is None and section.key.is_dashboard:
        line.append(" …", style="dim")
    if layer:
        below = f"   {section.time_box_minutes} min · {layer}"
        width = title_width + 9
        below = below if len(below) <= width else below[: width - 1] + "…"
    else:
        below = f"     {section.time_box_minutes} min box"
    line.append(f"\n{below}", style="dim")
    return line
