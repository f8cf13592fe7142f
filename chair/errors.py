"""Exit codes, and turning the mistakes a user can make into one line of text for stderr."""

from __future__ import annotations

import sys

EXIT_OK = 0
EXIT_PROBLEMS = 1
"""The command ran and found problems (data-source errors, overdue actions with --fail-on-overdue)."""
EXIT_USER_ERROR = 2
"""A mistake the user can fix: bad config, bad argument, missing file, refused entry."""
EXIT_INTERRUPTED = 130


class UsageError(Exception):
    """A command-line mistake (unknown owner, file exists...): one line saying what to do."""


def describe_user_error(exc: BaseException) -> str | None:
    """One line for an error the user caused, or None for a bug (which should show its trace)."""
    if isinstance(exc, UsageError):
        return _one_line(str(exc))
    if _is_instance_of(exc, "config.load", "ConfigError"):
        return _one_line(str(exc))
    if _is_instance_of(exc, "storage.errors", "UserError"):
        return _one_line(str(exc))
    if isinstance(exc, OSError):
        return _one_line(_describe_os_error(exc))
    return None


def _is_instance_of(exc: BaseException, module_name: str, class_name: str) -> bool:
    # Only a module that is already loaded can have raised it: never import one just to check.
    module = sys.modules.get(module_name)
    cls = getattr(module, class_name, None) if module else None
    return isinstance(cls, type) and isinstance(exc, cls)


def _describe_os_error(exc: OSError) -> str:
    what = exc.strerror or str(exc) or type(exc).__name__
    if exc.filename is not None:
        return f"{exc.filename}: {what}"
    return what


def _one_line(text: str) -> str:
    return " ".join(text.split()) or "unknown error"
