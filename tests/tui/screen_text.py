"""Read what a Pilot-driven app shows, as plain text lines (for assertions in TUI tests)."""

from __future__ import annotations

from typing import Any


def screen_text(app: Any) -> str:
    """The active screen (and any modal on top) as plain text, one line per terminal row."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip).rstrip() for strip in strips)
