"""`chair minutes [ID]`: a meeting's Markdown minutes to stdout, or to a private file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from chair.errors import EXIT_OK

if TYPE_CHECKING:
    from chair.context import Context


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "minutes",
        parents=[common],
        help="Markdown minutes of a meeting (default: the latest)",
        description="Print a meeting's minutes as GitHub-flavoured Markdown.",
    )
    parser.add_argument("meeting_id", metavar="ID", nargs="?", type=int, help="meeting number")
    parser.add_argument(
        "-o", "--output", metavar="FILE", type=Path, help="write to FILE (mode 0600) instead"
    )
    parser.add_argument(
        "--format", choices=("md", "html"), default="md", help="Markdown (default) or HTML"
    )
    parser.set_defaults(handler="chair.commands.minutes:run")


def run(args: argparse.Namespace, ctx: Context) -> int:
    from chair.commands.document import write_document
    from storage.service.minutes import ALTERED

    markdown = ctx.service().minutes.markdown(args.meeting_id)
    if ALTERED in markdown.split("\n", 1)[0]:
        print(
            f"chair: warning: these approved minutes were {ALTERED} (see the banner); "
            "'chair check' lists every altered meeting",
            file=sys.stderr,
        )
    if not markdown.endswith("\n"):
        markdown += "\n"
    write_document(markdown, args.format, args.output, "Minutes")
    return EXIT_OK
