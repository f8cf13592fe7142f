"""`chair init [DIR]`: write a commented starter chair.toml (and an example data file)."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from chair.errors import EXIT_OK, UsageError

if TYPE_CHECKING:
    from chair.context import Context


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "init",
        parents=[common],
        help="write a starter chair.toml for a new practice",
        description="Write DIR/chair.toml (never overwriting one) and an example "
        "DIR/data/measures.csv, ready for `chair --config DIR/chair.toml check`.",
    )
    parser.add_argument("directory", metavar="DIR", nargs="?", type=Path, default=Path("."))
    parser.set_defaults(handler="chair.commands.init:run")


def run(args: argparse.Namespace, ctx: Context) -> int:
    from config.starter import write_starter

    target = args.directory / "chair.toml"
    if target.exists():
        raise UsageError(
            f"{target}: already exists; not overwriting it (move it away or choose another DIR)"
        )
    try:
        login = getpass.getuser()
    except (KeyError, OSError):
        login = ""
    written = write_starter(args.directory, login, ctx.today)
    for path in written:
        print(f"wrote {path}")
    print(
        f"Next: edit {target} (practice, people and their logins), then run "
        f"`chair --config {target} check`.",
        file=sys.stderr,
    )
    return EXIT_OK
