"""Small text helpers shared by the screens: statuses, durations, theme-coloured text."""

from __future__ import annotations

from rich.text import Text

from domain.status import Status

STATUS_VARIABLE = {
    Status.GREEN: "success",
    Status.AMBER: "warning",
    Status.RED: "error",
    Status.CRITICAL: "error",
    Status.NO_DATA: "foreground-muted",
    Status.STALE: "foreground-muted",
}
"""Which theme variable colours each status (the word and symbol always carry it too)."""


def clock(seconds: float) -> str:
    """Seconds as M:SS (or H:MM:SS past an hour)."""
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def status_text(status: Status, variables: dict[str, str], bold: bool = False) -> Text:
    """A status as `symbol WORD`, coloured from the current theme's variables."""
    colour = variables.get(STATUS_VARIABLE[status], "")
    style = f"{'bold ' if bold or status is Status.CRITICAL else ''}{colour}".strip()
    return Text(status.label, style=style)


def styled(text: str, variable: str, variables: dict[str, str], bold: bool = False) -> Text:
    """Text coloured by a theme variable name (e.g. 'error'), optionally bold."""
    style = f"{'bold ' if bold else ''}{variables.get(variable, '')}".strip()
    return Text(text, style=style)
