"""The `chair` command: argument parsing, dispatch to chair.commands, and one-line user errors.

Only the standard library is imported here; each command imports what it needs when it runs,
so `chair --version` and `chair actions` never load Textual or polars.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from datetime import date

from chair import __version__
from chair.errors import EXIT_INTERRUPTED, EXIT_USER_ERROR, UsageError, describe_user_error

# One module per command (or group of commands); each has `register(subparsers, common)`.
# To add a command, add its module here.
COMMAND_MODULES = (
    "chair.commands.tui",
    "chair.commands.actions",
    "chair.commands.minutes",
    "chair.commands.check",
    "chair.commands.init",
    "chair.commands.db",
    "chair.commands.report",
    "chair.commands.week",
    "chair.commands.risks",
)


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line (no usage dump), exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USER_ERROR, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date: use YYYY-MM-DD") from None


def common_options() -> argparse.ArgumentParser:
    """Global options, accepted before or after the command name (`chair --db X actions`)."""
    common = argparse.ArgumentParser(add_help=False)
    group = common.add_argument_group("global options")
    # SUPPRESS: a subcommand's unset default must not wipe a value given before the command.
    group.add_argument(
        "--config",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="chair.toml to use (default: $CHAIR_CONFIG, ./chair.toml, "
        "~/.config/chair/chair.toml, else the bundled sample practice)",
    )
    group.add_argument(
        "--db",
        metavar="URL",
        default=argparse.SUPPRESS,
        help="database: a file path, sqlite:///PATH or postgresql://... "
        "(default: $CHAIR_DB, else chair.db beside chair.toml)",
    )
    group.add_argument(
        "--practice",
        metavar="CODE",
        default=argparse.SUPPRESS,
        help="the practice (ODS code) of a PCN deployment to work on "
        "(default: $CHAIR_PRACTICE, else the first; Home offers the choice)",
    )
    group.add_argument(
        "--today",
        metavar="YYYY-MM-DD",
        type=_iso_date,
        default=argparse.SUPPRESS,
        help="pin today's date (demos and tests)",
    )
    return common


def build_parser() -> argparse.ArgumentParser:
    common = common_options()
    parser = _Parser(
        prog="chair",
        description="Run GP practice management meetings from the keyboard. "
        "Dashboards do not run practices; decisions do.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"chair {__version__}")
    parser.set_defaults(handler="chair.commands.tui:run_home")
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=_Parser)
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(subparsers, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (0 ok, 1 problems found, 2 user error)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    module_name, _, function_name = args.handler.partition(":")
    handler = getattr(importlib.import_module(module_name), function_name)
    from chair.context import Context

    try:
        return _with_undecodable_text(int(handler(args, Context(args))))
    except KeyboardInterrupt:
        print("chair: interrupted (everything confirmed is saved)", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # `chair actions | head`: the reader went away; that is not an error.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception as exc:  # noqa: BLE001 - user mistakes become one line; bugs re-raise
        message = describe_user_error(exc)
        if message is None:
            raise
        print(f"chair: error: {message}", file=sys.stderr)
        return EXIT_USER_ERROR


def _with_undecodable_text(code: int) -> int:
    """If the command read text that is not valid UTF-8 (shown with U+FFFD), say where in one
    line per database and exit 1 (problems found)."""
    cells = sys.modules.get("storage.database.text_cells")
    if cells is None or not cells.UNDECODABLE:
        return code
    from pathlib import Path

    for database in sorted(cells.UNDECODABLE):
        found = cells.undecodable_cells(Path(database))
        print(f"chair: warning: {cells.undecodable_message(database, found)}", file=sys.stderr)
    cells.UNDECODABLE.clear()
    return max(code, 1)


__all__ = ["COMMAND_MODULES", "UsageError", "build_parser", "common_options", "main"]
