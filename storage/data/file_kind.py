"""What a path is, in words, when it is not a regular file (a FIFO, a socket, a device).

Shared by the database engine (--db) and the data readers: both refuse such a path before
opening it, since opening a FIFO blocks until someone writes to it.
"""

from __future__ import annotations

import stat


def special_kind(mode: int) -> str | None:
    """'a FIFO (named pipe)', 'a socket', 'a device', 'not a regular file'; None for a file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"
