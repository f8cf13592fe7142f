"""Text that is not valid UTF-8 in a SQLite database (a damaged page, a bad import).

SQLite stores whatever bytes it is given. One invalid byte in an action's description made every
read of it raise, so `chair actions`, `minutes` and `check` ended in a traceback and the TUI never
opened. Every SQLite connection Chair makes reads text through `decode_text`: an invalid byte is
shown as U+FFFD (the replacement character) and the database is noted in `UNDECODABLE`, so the
command can say, in one line, which table, row and column hold it (`undecodable_cells`).
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from urllib.parse import quote

UNDECODABLE: set[str] = set()
"""Databases (their paths) from which this process read text that is not valid UTF-8."""


def text_decoder(database: Path) -> object:
    """A sqlite3 `text_factory` for the database: UTF-8, invalid bytes replaced and noted."""
    name = str(database)

    def decode_text(data: bytes) -> str:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            UNDECODABLE.add(name)
            return data.decode("utf-8", errors="replace")

    return decode_text


def undecodable_cells(database: Path, limit: int = 5) -> list[str]:
    """'TABLE row ROWID, column COLUMN' for the first few text values that are not UTF-8."""
    uri = f"file:{quote(str(database))}?mode=ro"
    found: list[str] = []
    with closing(sqlite3.connect(uri, uri=True, timeout=30)) as connection:
        connection.text_factory = bytes
        tables = [
            str(name, "utf-8", "replace")
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        for table in tables:
            columns = [
                str(row[1], "utf-8", "replace")
                for row in connection.execute(f'PRAGMA table_info("{table}")')
            ]
            for column in columns:
                query = (
                    f'SELECT rowid, "{column}" FROM "{table}" WHERE typeof("{column}") = \'text\''
                )
                for rowid, value in connection.execute(query):
                    try:
                        value.decode("utf-8")
                    except UnicodeDecodeError:
                        found.append(f"{table} row {rowid}, column {column}")
                        if len(found) >= limit:
                            return found
    return found


def undecodable_message(database: Path | str, cells: list[str]) -> str:
    """The one line for text that is not UTF-8: where it is, how it is shown, what to do."""
    where = "; ".join(cells) if cells else "a text value"
    return (
        f"{database}: {where}: not valid UTF-8 (a damaged page or a bad import); shown with "
        "the replacement character \N{REPLACEMENT CHARACTER}: retype that text, or restore a "
        "backup (chair db restore BACKUP)"
    )
