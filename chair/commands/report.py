"""`chair report dashboards` (per metric: meetings shown, breaches, decisions; what to retire)
and `chair report assurance` (the assurance pack)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from chair.errors import EXIT_OK, UsageError
from chair.export import csv_text, json_text

if TYPE_CHECKING:
    from chair.context import Context
    from config.models import ChairConfig
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
    assurance = reports.add_parser(
        "assurance",
        parents=[common],
        help="the assurance pack: per dashboard, who reviewed it, what was understood, "
        "decided and done, what was escalated",
        description="One document, per dashboard over the period: the question and owner; each "
        "meeting that reviewed it (date, type, who was present); the readings they saw; what was "
        "decided and why; actions with outcomes, evidence and whether they worked; escalations "
        "and where they went; acknowledged breaches and open risks; data-quality findings; and "
        "the chain heads of the record it was drawn from. Markdown, or printable HTML.",
    )
    assurance.add_argument(
        "--from",
        dest="start",
        metavar="DATE",
        type=_date,
        help="first day (default: 3 months back)",
    )
    assurance.add_argument(
        "--to", dest="end", metavar="DATE", type=_date, help="last day (default: today)"
    )
    assurance.add_argument("--dashboard", metavar="ID", help="one dashboard only")
    assurance.add_argument(
        "-o", "--output", metavar="FILE", type=Path, help="write to FILE (mode 0600) instead"
    )
    assurance.add_argument(
        "--format", choices=("md", "html"), default="md", help="Markdown (default) or HTML"
    )
    assurance.set_defaults(handler="chair.commands.report:run_assurance")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date: use YYYY-MM-DD") from None


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months earlier (the month's last day where it is short)."""
    month = day.month - months
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    for last in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - 28 always exists


def run_assurance(args: argparse.Namespace, ctx: Context) -> int:
    from domain.assurance_text import render_assurance

    end = args.end or ctx.today
    start = args.start or months_before(end, 3)
    if start > end:
        raise UsageError(f"--from {start.isoformat()} is after --to {end.isoformat()}")
    config = ctx.config
    if args.dashboard and config.dashboard(args.dashboard) is None:
        known = ", ".join(d.id for d in config.dashboards)
        raise UsageError(f"--dashboard: no dashboard '{args.dashboard}' (one of {known})")
    with ctx.service() as service:
        record = service.assurance.record(start, end, args.dashboard)
    text = render_assurance(record)
    from chair.commands.document import write_document

    write_document(text, args.format, args.output, "Assurance pack")
    return EXIT_OK


def run_dashboards(args: argparse.Namespace, ctx: Context) -> int:
    from storage.service.report import FIELDS

    with ctx.service() as service:
        usage = service.readings.usage()
    records = [u.as_record() for u in usage]
    if args.format == "json":
        text = json_text(records)
    elif args.format == "csv":
        text = csv_text(records, FIELDS)
    else:
        config = ctx.config
        text = table(usage, config.review.retire_after_days, meeting_lines(config))
    sys.stdout.write(text)
    sys.stdout.flush()
    return EXIT_OK


LAYER_WORDS = {
    "operational": "Operational: this week (searches, overdue reviews, claims to submit)",
    "management": "Management: trends needing intervention (attention, escalation, priorities)",
    "strategic": "Strategic: sustainability, income, investment, the next 12 months",
}


def table(usage: Sequence[MetricUsage], window: int, meetings: Sequence[str] = ()) -> str:
    """Aligned plain-text tables, one per layer; candidates to retire marked in words, not by
    colour; then the meeting types by the layer they serve, flagged where their metrics do
    not fit it (`meetings`: lines from meeting_lines)."""
    if not usage:
        return "No metrics are configured.\n"
    header = (
        "Metric",
        "Dashboard",
        "Shown",
        "Breaches",
        "Decisions",
        "Actions",
        "Did it work?",
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
            u.verdict_words or "—",
            u.last_shown.isoformat() if u.last_shown else "never",
            u.last_decided.isoformat() if u.last_decided else "never",
            "candidate" if u.retire_candidate else "",
        )
        for u in usage
    ]
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header))]
    right = {2, 3, 4, 5}

    def line(row: Sequence[str]) -> str:
        cells = [
            cell.rjust(width) if i in right else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        return "  ".join(cells).rstrip()

    lines: list[str] = []
    for layer, words in LAYER_WORDS.items():
        mine = [row for u, row in zip(usage, rows, strict=True) if u.layer == layer]
        if not mine:
            continue
        if lines:
            lines.append("")
        lines += [f"{words} ({len(mine)} metrics)", line(header), *map(line, mine)]
    candidates = sum(1 for u in usage if u.retire_candidate)
    lines.append("")
    lines.append(
        f"{len(usage)} metrics; {candidates} led to no decision in {window} days "
        "(candidates to retire)"
    )
    if meetings:
        lines += ["", "Meetings by the layer they serve (metrics per layer)", *meetings]
    return "\n".join(lines) + "\n"


def meeting_lines(config: ChairConfig) -> list[str]:
    """One line per meeting type: the layer it serves, its metrics' mix, and a flag in words
    where they do not fit ('! ...')."""
    from domain.layers import layer_flag, layer_mix, mix_text

    lines = []
    for meeting_type in config.meeting_types:
        layer = config.meeting_layer(meeting_type)
        mix = layer_mix(config.metric_layers(meeting_type))
        said = "" if meeting_type.layer else " (from its metrics)"
        lines.append(f"  {meeting_type.title}: {layer}{said}; {mix_text(mix) or 'no metrics'}")
        flag = layer_flag(layer, mix)
        if flag:
            lines.append(f"    ! {flag}")
    return lines
