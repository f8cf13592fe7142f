"""`chair check`: validate chair.toml and every data source; print the data-quality report."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from chair.errors import EXIT_OK, EXIT_PROBLEMS

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
    parser.set_defaults(handler="chair.commands.check:run")


def run(args: argparse.Namespace, ctx: Context) -> int:
    config = ctx.config  # a ConfigError here is one line on stderr and exit 2
    print(f"{ctx.config_path}: configuration ok", file=sys.stderr)
    from storage.data import check_sources, format_report

    reports = check_sources(config, ctx.today)
    sys.stdout.write(format_report(reports))
    sys.stdout.flush()
    if any(report.errors for report in reports):
        return EXIT_PROBLEMS
    return EXIT_OK
