"""`chair db upgrade` and `chair db backup FILE`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from chair.errors import EXIT_OK, UsageError

if TYPE_CHECKING:
    from chair.context import Context


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "db",
        parents=[common],
        help="database upkeep: upgrade, backup",
        description="Database upkeep.",
    )
    commands = parser.add_subparsers(
        title="db commands", metavar="COMMAND", required=True, parser_class=type(parser)
    )
    upgrade = commands.add_parser(
        "upgrade", parents=[common], help="apply schema migrations (also done on every start)"
    )
    upgrade.set_defaults(handler="chair.commands.db:run_upgrade")
    backup = commands.add_parser(
        "backup",
        parents=[common],
        help="a consistent copy of the database, even while a meeting runs",
        description="Copy the SQLite database with SQLite's online backup API: consistent even "
        "while a meeting is writing. The copy is created with mode 0600. For PostgreSQL use "
        "pg_dump.",
    )
    backup.add_argument("file", metavar="FILE", type=Path, help="where to write the copy")
    backup.set_defaults(handler="chair.commands.db:run_backup")


def run_upgrade(args: argparse.Namespace, ctx: Context) -> int:
    from chair.context import redact
    from storage.chain import restore_triggers
    from storage.db import make_engine
    from storage.schema import current_revision, ensure_current

    engine = make_engine(ctx.db_url)
    try:
        before = current_revision(engine)
        ensure_current(engine)  # refuses, untouched, a database from a newer Chair
        after = current_revision(engine)
        with engine.begin() as connection:
            restored = restore_triggers(connection)
    finally:
        engine.dispose()
    if restored:
        print(
            f"{redact(ctx.db_url)}: restored missing append-only triggers: {', '.join(restored)}",
            file=sys.stderr,
        )
    if before == after:
        print(f"{redact(ctx.db_url)}: already at schema {after}", file=sys.stderr)
    else:
        print(
            f"{redact(ctx.db_url)}: upgraded from {before or 'empty'} to {after}", file=sys.stderr
        )
    return EXIT_OK


def run_backup(args: argparse.Namespace, ctx: Context) -> int:
    from chair.context import redact, sqlite_path
    from storage.backup import backup_sqlite

    source = sqlite_path(ctx.db_url)
    if source is None:
        raise UsageError(
            f"{redact(ctx.db_url)}: chair db backup copies SQLite databases; "
            "for PostgreSQL use pg_dump"
        )
    pages = backup_sqlite(source, args.file)
    print(f"Backed up {source} to {args.file} ({pages} pages, integrity ok).", file=sys.stderr)
    return EXIT_OK
