"""`chair db upgrade`, `chair db backup FILE` and `chair db restore BACKUP`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from chair.errors import EXIT_OK, UsageError
from domain.words import counted

if TYPE_CHECKING:
    from chair.context import Context


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "db",
        parents=[common],
        help="database upkeep: upgrade, backup, restore, register-config, grant",
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
    register = commands.add_parser(
        "register-config",
        parents=[common],
        help="register chair.toml's people and chairs as the roster kept with the record",
        description="Register the [[people]] of chair.toml (who is who, who chairs) in the "
        "database. Only a chair of the roster registered now may; the first registration is "
        "made by whoever creates the database. Another --config never changes who chairs.",
    )
    register.set_defaults(handler="chair.commands.db:run_register_config")
    grant = commands.add_parser(
        "grant",
        parents=[common],
        help="print (or --apply) the PostgreSQL roles and GRANTs for the registered roster",
        description="PostgreSQL only. Print the SQL that gives every person of the registered "
        "roster a login role of their OS login's name, members read-only but for their actions "
        "and INSERT-only on the audit log, and minutes approval only to the chairs' role. "
        "--apply runs it (as the database owner, with CREATEROLE). Run it again after "
        "'chair db register-config' or 'chair db upgrade'.",
    )
    grant.add_argument("--apply", action="store_true", help="run the SQL instead of printing it")
    grant.set_defaults(handler="chair.commands.db:run_grant")
    restore = commands.add_parser(
        "restore",
        parents=[common],
        help="put a backup in place of the database (the current one is kept aside)",
        description="Check BACKUP (integrity, a Chair schema this Chair knows), refuse while "
        "anyone has the database open, move the database and its -wal/-shm aside as "
        "NAME.replaced-YYYYMMDD-HHMMSS, install the backup (mode 0600, 0660 in a setgid group "
        "folder) and bring its schema up to date. SQLite only; for PostgreSQL use pg_restore.",
    )
    restore.add_argument("backup", metavar="BACKUP", type=Path, help="a file made by db backup")
    restore.set_defaults(handler="chair.commands.db:run_restore")


def run_upgrade(args: argparse.Namespace, ctx: Context) -> int:
    from chair.context import redact
    from storage.database.engine import make_engine
    from storage.database.schema import current_revision, ensure_current
    from storage.security.chain import restore_triggers

    engine = make_engine(ctx.db_url)  # refuses odd, read-only and damaged files first
    try:
        _quick_check(ctx)
        before = current_revision(engine)
        ensure_current(engine)  # refuses, untouched, a database from a newer Chair
        after = current_revision(engine)
        with engine.begin() as connection:
            restored = restore_triggers(connection)
    finally:
        engine.dispose()
    ctx.service().close()  # the first to open a new database registers its roster
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
    from storage.database.backup import backup_sqlite

    source = sqlite_path(ctx.db_url)
    if source is None:
        raise UsageError(
            f"{redact(ctx.db_url)}: chair db backup copies SQLite databases; "
            "for PostgreSQL use pg_dump"
        )
    pages = backup_sqlite(source, args.file)
    print(f"Backed up {source} to {args.file} ({pages} pages, integrity ok).", file=sys.stderr)
    return EXIT_OK


def run_register_config(args: argparse.Namespace, ctx: Context) -> int:
    from chair.context import redact

    with ctx.service() as service:
        changed = service.roster.register()
        people = service.config.people
    chairs = ", ".join(p.id for p in people if p.chair)
    done = (
        f"registered the roster of {ctx.config_path}"
        if changed
        else f"the roster of {ctx.config_path} is already registered"
    )
    print(
        f"{redact(ctx.db_url)}: {done} ({counted(len(people), 'person', 'people')}; "
        f"chairs: {chairs})",
        file=sys.stderr,
    )
    for line in changed:
        print(f"  {line}", file=sys.stderr)
    return EXIT_OK


def run_grant(args: argparse.Namespace, ctx: Context) -> int:
    from chair.context import redact, sqlite_path
    from storage.security.grants import grant_sql

    if sqlite_path(ctx.db_url) is not None or not ctx.db_url.startswith("postgresql"):
        raise UsageError(
            f"{redact(ctx.db_url)}: chair db grant is for PostgreSQL; a SQLite file is guarded "
            "by its file permissions (see the README's trust model)"
        )
    with ctx.service() as service:
        database = service.engine.url.database or ""
        script = grant_sql(service.config.people, database)
        if args.apply:
            service.roster.apply_sql(script)
    if args.apply:
        print(f"{redact(ctx.db_url)}: roles and grants applied", file=sys.stderr)
    else:
        sys.stdout.write(script)
    return EXIT_OK


def _quick_check(ctx: Context) -> None:
    """SQLite's quick_check before a migration touches the file; a damaged file is refused."""
    from chair.context import sqlite_path
    from storage.database.integrity import damaged_message, integrity_problems
    from storage.errors import DatabaseDamaged

    path = sqlite_path(ctx.db_url)
    if path is None or not path.is_file():
        return  # a FIFO, device or folder is refused by make_engine, without opening it
    problems = integrity_problems(path)
    if problems:
        raise DatabaseDamaged(damaged_message(path, "; ".join(problems[:2])))
    print(f"{path}: quick_check ok", file=sys.stderr)


def run_restore(args: argparse.Namespace, ctx: Context) -> int:
    import datetime as dt

    from chair.context import redact, sqlite_path
    from storage.database.engine import checkpoint_and_close, make_engine
    from storage.database.restore import restore_sqlite
    from storage.database.schema import current_revision, ensure_current

    database = sqlite_path(ctx.db_url)
    if database is None:
        raise UsageError(
            f"{redact(ctx.db_url)}: chair db restore installs SQLite backups; "
            "for PostgreSQL use pg_restore"
        )
    backup = args.backup.expanduser()
    restored = restore_sqlite(database, backup, dt.datetime.now())
    for kept in restored.kept:
        print(f"Kept the replaced file as {kept}", file=sys.stderr)
    engine = make_engine(database)
    try:
        ensure_current(engine)
        after = current_revision(engine)
    finally:
        checkpoint_and_close(engine)
    upgraded = f", upgraded from schema {restored.revision}" if after != restored.revision else ""
    print(
        f"Restored {database} from {backup} (integrity ok, schema {after}{upgraded}).",
        file=sys.stderr,
    )
    print("Run 'chair check' next; anything entered after the backup was taken is not in it.")
    return EXIT_OK
