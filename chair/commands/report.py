"""`chair report dashboards`: per metric, meetings shown, breaches, decisions; what to retire."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from chair.errors import EXIT_OK

if TYPE_CHECKING:
    from chair.context import Context
    from storage.service.report import MetricUsage

FORMATS = ("table", "csv", "json")


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "report",
        parents=[common],
        help="reports on how the meetings use their dashboards",
        description="Reports from the meeting record.",
    )
    reports = parser.add_subparsers(title="reports", metavar="REPORT", required=True)
    dashboards = reports.add_parser(
        "dashboards",
        parents=[common],
        help="per metric: meetings shown, breaches, decisions; candidates to retire",
        description="Per metric: at how many meetings it was shown, how often it breached, "
        "the decisions and actions it produced, when it was last shown and decided on. A metric "
        "with no decision for [review] retire_after_days (default 180) is a candidate to retire.",
    )
    dashboards.add_argument("--format", choices=FORMATS, default="table", help="output format")
    dashboards.set_defaults(handler="chair.commands.report:run_dashboards")


def run_dashboards(args: argparse.Namespace, ctx: Context) -> int:
    from storage.service.report import FIELDS

    service = ctx.service()
    try:
        usage = service.readings.usage()
    finally:
        service.close()
    records = [u.as_record() for u in usage]
    if args.format == "json":
        text = json.dumps(records, indent=2, ensure_ascii=False) + "\n"
    elif args.format == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(records)
        text = buffer.getvalue()
    else:
        text = table(usage, ctx.config.review.retire_after_days)
    sys.stdout.write(text)
    sys.stdout.flush()
    return EXIT_OK


def table(usage: Sequence[MetricUsage], window: int) -> str:
    """An aligned plain-text table; candidates to retire marked in words, not by colour."""
    if not usage:
        return "No metrics are configured.\n"
    header = (
        "Metric",
        "Dashboard",
        "Shown",
        "Breaches",
        "Decisions",
        "Actions",
        "Last shown",
        "Last decided",
        "Retire?",
    )
    rows = [
        (
            u.title,
            u.dashboard,
            str(u.meetings_shown),
            str(u.breaches),
            str(u.decisions),
            str(u.actions),
            u.last_shown.isoformat() if u.last_shown else "never",
            u.last_decided.isoformat() if u.last_decided else "never",
            "candidate" if u.retire_candidate else "",
        )
        for u in usage
    ]
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header))]
    right = {2, 3, 4, 5}
    lines = []
    for row in (header, *rows):
        cells = [
            cell.rjust(width) if i in right else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
    candidates = sum(1 for u in usage if u.retire_candidate)
    lines.append("")
    lines.append(
        f"{len(usage)} metrics; {candidates} led to no decision in {window} days "
        "(candidates to retire)"
    )
    return "\n".join(lines) + "\n"
