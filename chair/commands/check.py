"""`chair check`: validate chair.toml and every data source; print the data-quality report."""

from __future__ import annotations

import argparse
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from chair.errors import EXIT_INTERRUPTED, EXIT_OK, EXIT_PROBLEMS
from domain.words import counted

if TYPE_CHECKING:
    from chair.context import Context


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "check",
        parents=[common],
        help="validate config and data sources; print data quality",
        description="Validate chair.toml (exit 2 with one line naming the problem), then read "
        "every data source and print what was found (exit 1 if any source has errors).",
    )
    parser.add_argument(
        "--list-metrics",
        action="store_true",
        help="list every calculation name with its source format, unit and meaning, and exit",
    )
    parser.add_argument(
        "--witness",
        nargs="+",
        type=Path,
        metavar="FILE",
        help="copies of approved minutes: check the history still passes through the chain "
        "head each printed",
    )
    parser.set_defaults(handler="chair.commands.check:run")


def run(args: argparse.Namespace, ctx: Context) -> int:
    if getattr(args, "list_metrics", False):
        from domain.metrics.catalogue import calculation_table

        print(calculation_table("text"))
        return EXIT_OK
    config = ctx.config  # a ConfigError here is one line on stderr and exit 2
    print(f"{ctx.config_path}: configuration ok", file=sys.stderr)
    from storage.data.dashboards import check_sources, format_source_report, has_errors

    reports = _interruptible(lambda: check_sources(config, ctx.today))
    print(format_source_report(reports))
    altered = _altered_minutes(ctx, getattr(args, "witness", None) or []) + _undecodable_text(ctx)
    for line in altered:
        print(f"ERROR database: {line}")
    sys.stdout.flush()
    return EXIT_PROBLEMS if has_errors(reports) or altered else EXIT_OK


T = TypeVar("T")


def _interruptible(work: Callable[[], T]) -> T:
    """Run `work` in a worker thread while this one waits in short steps, so Ctrl-C stops the
    command within a second even while a file is being read (polars holds no Python frame to
    interrupt). On Ctrl-C the process ends at once: `chair check` only reads."""
    result: list[T] = []
    failure: list[BaseException] = []

    def target() -> None:
        try:
            result.append(work())
        except BaseException as exc:  # noqa: BLE001 - re-raised in the waiting thread
            failure.append(exc)

    worker = threading.Thread(target=target, name="chair-check", daemon=True)
    worker.start()
    try:
        while worker.is_alive():
            worker.join(0.1)
    except KeyboardInterrupt:
        print("chair: interrupted (chair check only reads: nothing was changed)", file=sys.stderr)
        sys.stderr.flush()
        os._exit(EXIT_INTERRUPTED)
    if failure:
        raise failure[0]
    return result[0]


def _undecodable_text(ctx: Context) -> list[str]:
    """Text in the SQLite database that is not valid UTF-8, by table, row and column."""
    from chair.context import sqlite_path

    path = sqlite_path(ctx.db_url)
    if path is None or not path.exists():
        return []
    from storage.database.text_cells import UNDECODABLE, undecodable_cells, undecodable_message

    cells = undecodable_cells(path, limit=20)
    UNDECODABLE.discard(str(path))  # reported here, not again on the way out
    return [undecodable_message(path, [cell]) for cell in cells]


def _altered_minutes(ctx: Context, witnesses: list[Path]) -> list[str]:
    """Approved minutes whose stored text no longer matches its hash (none if no database yet),
    and the chain heads printed in `witnesses` the history no longer passes through."""
    from chair.context import redact, sqlite_path

    path = sqlite_path(ctx.db_url)
    if path is not None and not path.exists():
        print(f"{path}: no database yet (it is made on first use)", file=sys.stderr)
        return [f"{w}: no database to check this witness against" for w in witnesses]
    if path is not None:
        from storage.database.engine import refuse_special_file
        from storage.database.integrity import damaged_message, integrity_problems
        from storage.errors import DatabaseDamaged

        refuse_special_file(path, "--db / CHAIR_DB")  # opening a FIFO would block
        problems = integrity_problems(path, thorough=True)
        if problems:
            raise DatabaseDamaged(damaged_message(path, "; ".join(problems[:2])))
        print(f"{path}: integrity_check ok", file=sys.stderr)
    with ctx.service() as service:
        altered = (
            service.minutes.verify_locked() + service.history.verify() + service.roster.problems()
        )
        heads = service.history.chain_heads()
        differs = service.roster.differs()
        identifiers = service.history.patient_identifiers()
        witnessed, confirmed = service.history.check_witnesses(witnesses)
    if differs:
        print(
            f"{ctx.config_path}: its [[people]] differ from the roster registered in the "
            f"database, which is the one that counts ({'; '.join(differs)}); a chair can "
            "register it with 'chair db register-config'",
            file=sys.stderr,
        )
    print(f"{redact(ctx.db_url)}: approved minutes checked against their hashes", file=sys.stderr)
    chains = "; ".join(
        f"{h.table} {counted(h.rows, 'row')}, head {h.head[:12] or '-'}" for h in heads
    )
    print(f"{redact(ctx.db_url)}: history chains checked ({chains})", file=sys.stderr)
    print(
        f"{redact(ctx.db_url)}: free text checked for NHS numbers in any spelling "
        f"({len(identifiers)} found)",
        file=sys.stderr,
    )
    for line in confirmed:
        print(line, file=sys.stderr)
    return altered + identifiers + witnessed
