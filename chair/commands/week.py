"""`chair week`: what falls due in the next seven days across every tracker and every open
action, with owners, most urgent first."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from chair.errors import EXIT_OK
from chair.export import csv_text, json_text

if TYPE_CHECKING:
    import datetime as dt

    from chair.context import Context
    from domain.week import DueItem

FORMATS = ("table", "csv", "json", "markdown")
FIELDS = ("due", "when", "what", "source", "owner", "ref")


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "week",
        parents=[common],
        help="what falls due in the next 7 days, across trackers and actions",
        description="Everything due in the next seven days (and anything overdue): open "
        "actions, courses expiring, claims to submit, searches with patients overdue, "
        "complaints and significant events coming due, risks due review; with owners, most "
        "urgent first.",
    )
    parser.add_argument("--days", type=int, default=7, help="how far ahead (default 7)")
    parser.add_argument("--format", choices=FORMATS, default="table", help="output format")
    parser.set_defaults(handler="chair.commands.week:run")


def run(args: argparse.Namespace, ctx: Context) -> int:
    with ctx.service() as service:
        items = service.week.items(days=max(0, args.days))
        today = service.today
    rows = [item.as_row(today) for item in items]
    if args.format == "json":
        text = json_text(rows)
    elif args.format == "csv":
        text = csv_text(rows, FIELDS)
    elif args.format == "markdown":
        text = markdown(items, today)
    else:
        text = table(items, today, args.days)
    sys.stdout.write(text)
    sys.stdout.flush()
    return EXIT_OK


def table(items: list[DueItem], today: dt.date, days: int) -> str:
    if not items:
        return f"Nothing falls due in the next {days} days.\n"
    header = ("Due", "When", "What", "From", "Owner")
    body = [(i.due.isoformat(), i.when_words(today), i.what, i.source, i.owner) for i in items]
    widths = [max(len(r[c]) for r in [header, *body]) for c in range(len(header))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
             for row in [header, *body]]  # fmt: skip
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines) + f"\n\n{len(items)} due by {today.isoformat()} + {days} days.\n"


def markdown(items: list[DueItem], today: dt.date) -> str:
    from domain.markdown import table as md_table

    rows = [(i.due.isoformat(), i.when_words(today), i.what, i.source, i.owner) for i in items]
    return md_table(("Due", "When", "What", "From", "Owner"), rows) + "\n"
