"""The action review screen (see screen.py)."""

from tui.screens.review.screen import ReviewScreen

__all__ = ["ReviewScreen"]
