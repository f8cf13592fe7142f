"""Small text helpers shared by the screens: statuses, durations, theme-coloured text."""

from __future__ import annotations

from rich.text import Text
from textual.color import Color, ColorParseError

from domain.status import Status

STATUS_VARIABLE = {
    Status.GREEN: "success",
    Status.AMBER: "warning",
    Status.RED: "error",
    Status.CRITICAL: "error",
    Status.NO_DATA: "foreground-darken-2",
    Status.STALE: "foreground-darken-2",
    Status.CHECK_DATA: "warning",
}
"""Which theme variable colours each status (the word and symbol always carry it too)."""


def clock(seconds: float, hours_shown: bool = False) -> str:
    """Seconds as M:SS (or H:MM:SS past an hour, or always with `hours_shown`)."""
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours or hours_shown:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


def clock_pair(elapsed: float, box: float) -> str:
    """'1:31 / 15:00' or '0:01:31 / 1:30:00': the time and its box in one format (hours shown
    on both when either reaches an hour), never minutes against hours."""
    hours = max(elapsed, box) >= 3600
    return f"{clock(elapsed, hours)} / {clock(box, hours)}"


def colour(variable: str, variables: dict[str, str]) -> str:
    """A theme variable as an opaque colour Rich can parse ('' when the theme has none).

    Some theme colours carry an alpha channel (`#E0E0E099`) or are relative (`auto 60%`);
    Rich parses neither, so a translucent colour is blended over the theme's background.
    """
    value = variables.get(variable, "")
    if not value:
        return ""
    try:
        parsed = Color.parse(value)
    except ColorParseError:
        return ""
    if parsed.a < 1:
        try:
            background = Color.parse(variables.get("background", "#000000"))
        except ColorParseError:
            background = Color(0, 0, 0)
        parsed = background.blend(parsed, parsed.a, alpha=1.0)
    return parsed.hex6


def style_of(variable: str, variables: dict[str, str], prefix: str = "") -> str:
    """A Rich style string: `prefix` (e.g. 'bold') and the theme variable's colour."""
    return f"{prefix} {colour(variable, variables)}".strip()


def status_text(status: Status, variables: dict[str, str], bold: bool = False) -> Text:
    """A status as `symbol WORD`, coloured from the current theme's variables."""
    prefix = "bold" if bold or status is Status.CRITICAL else ""
    return Text(status.label, style=style_of(STATUS_VARIABLE[status], variables, prefix))


def styled(text: str, variable: str, variables: dict[str, str], bold: bool = False) -> Text:
    """Text coloured by a theme variable name (e.g. 'error'), optionally bold."""
    return Text(text, style=style_of(variable, variables, "bold" if bold else ""))
