"""Files Chair writes for people (exported minutes): private, whole, and never through a link.

Each is written to a new temporary file in the target's folder (created exclusively, so never
through a planted link), synced, then renamed over the target (a rename replaces a link
itself, never what it points to). Mode 0600, or 0660 in a setgid group folder (a practice's
shared install), whatever the umask. A target that is already a symbolic link, or not a
regular file, is refused: Chair does not overwrite what a link points at.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from storage.errors import UserError


class FileRefused(UserError):
    """Chair will not write this file (a link, a folder, a device...): one line saying why."""


def private_mode(directory: Path) -> int:
    """0660 in a group folder (setgid, group-writable, closed to others: the practice's shared
    install), else 0600 — also in a world-writable folder, setgid or not."""
    mode = directory.stat().st_mode
    group_folder = mode & stat.S_ISGID and mode & stat.S_IWGRP and not mode & stat.S_IRWXO
    return 0o660 if group_folder else 0o600


def write_private(path: Path, text: str) -> Path:
    """Write text to path privately and atomically; return the path written."""
    path = path.expanduser()
    if path.is_symlink():
        raise FileRefused(
            f"{path}: is a symbolic link; Chair never writes through one — remove it or "
            "choose another name"
        )
    if path.exists() and not path.is_file():
        raise FileRefused(f"{path}: is not a regular file; choose another name")
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise FileRefused(f"{directory}: no such folder; create it or choose another")
    mode = private_mode(directory)
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:  # the user's file, never the temporary file's name
        raise FileRefused(f"{path}: cannot be written ({exc.strerror or exc})") from None
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise FileRefused(f"{path}: cannot be written ({exc.strerror or exc})") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path
