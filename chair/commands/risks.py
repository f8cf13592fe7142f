"""`chair risks`: the practice's risk register as kept in Chair: list and export (table, CSV,
Markdown), and `chair risks import FILE` to take a practice's existing register once."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from chair.errors import EXIT_OK
from chair.export import csv_text
from domain.words import counted

if TYPE_CHECKING:
    from chair.context import Context
    from domain.risks import Risk

FORMATS = ("table", "csv", "markdown")
FIELDS = ("ref", "title", "cause", "likelihood", "impact", "score", "owner", "controls",
          "review_date", "status", "links")  # fmt: skip


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "risks",
        parents=[common],
        help="the risk register (list, export, import once from a practice's file)",
        description="The risk register kept in Chair: each risk's score (likelihood x impact), "
        "owner, controls, review date, status and the decisions, actions and metrics linked to "
        "it. 'chair risks import FILE' takes a practice's existing register (CSV or .xlsx) once.",
    )
    _listing(parser, argparse.SUPPRESS)
    parser.set_defaults(
        handler="chair.commands.risks:run_list", format=None, all=False, output=None
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    # The help says "list, export": both are commands too (`chair risks` alone lists).
    listed = commands.add_parser(
        "list",
        parents=[common],
        help="the register as a table (the same as 'chair risks')",
        description="List the open risks (--all: closed ones too); --format csv or markdown.",
    )
    _listing(listed, argparse.SUPPRESS)
    listed.set_defaults(handler="chair.commands.risks:run_list")
    exported = commands.add_parser(
        "export",
        parents=[common],
        help="the register as CSV (or --format markdown), to stdout or -o FILE",
        description="Export the open risks (--all: closed ones too) as CSV, for a spreadsheet "
        "or the practice's own register; --format markdown for a document.",
    )
    _listing(exported, argparse.SUPPRESS)
    exported.set_defaults(handler="chair.commands.risks:run_export")
    taken = commands.add_parser(
        "import",
        parents=[common],
        help="take a practice's existing risk register (CSV or .xlsx) once",
        description="Import a risk register file (columns risk_id, title, owner, likelihood, "
        "impact, review_date, status, mitigation; the practice's own header wording is matched "
        "loosely). Refused when the register already holds risks.",
    )
    taken.add_argument("file", metavar="FILE", help="the register to import")
    taken.set_defaults(handler="chair.commands.risks:run_import")


def _listing(parser: argparse.ArgumentParser, default: object) -> None:
    """The options of a listing: on `chair risks` and on its list and export commands alike
    (each given where typed: `chair risks --all list` and `chair risks list --all` agree)."""
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default=default,
        help="output format (list: table, export: csv)",
    )
    parser.add_argument("--all", action="store_true", default=default, help="closed risks too")
    parser.add_argument(
        "-o", "--output", metavar="FILE", default=default, help="write to FILE, not stdout"
    )


def run_export(args: argparse.Namespace, ctx: Context) -> int:
    return run_list(args, ctx, default_format="csv")


def run_list(args: argparse.Namespace, ctx: Context, default_format: str = "table") -> int:
    with ctx.service() as service:
        risks = service.risks.all()
        names = {p.id: p.name for p in service.config.people}
    if not args.all:
        risks = [r for r in risks if r.is_open]
    text = render(risks, args.format or default_format, names)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"Wrote {counted(len(risks), 'risk')} to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()
    return EXIT_OK


def run_import(args: argparse.Namespace, ctx: Context) -> int:
    with ctx.service() as service:
        risks = service.risks.import_file(Path(args.file))
    print(f"Imported {counted(len(risks), 'risk')} from {args.file} into the risk register.")
    return EXIT_OK


def render(risks: list[Risk], format: str, names: dict[str, str]) -> str:
    rows = []
    for risk in risks:
        row = risk.as_row()
        row["owner"] = names.get(risk.owner, risk.owner)
        rows.append(row)
    if format == "csv":
        return csv_text(rows, FIELDS)
    if not risks:
        return "The risk register is empty (chair risks import FILE takes a practice's own).\n"
    if format == "markdown":
        from domain.markdown import table

        cells = [(r["ref"], r["title"], r["score"], r["owner"], r["controls"], r["review_date"],
                  r["status"], r["links"]) for r in rows]  # fmt: skip
        headers = ("Risk", "Title", "Score", "Owner", "Controls", "Review", "Status", "Linked")
        return table(headers, cells) + "\n"
    header = ("Risk", "Score", "L x I", "Review", "Status", "Owner", "Title")
    body = [(r["ref"], r["score"], f"{r['likelihood']} x {r['impact']}", r["review_date"] or "—",
             r["status"], r["owner"], r["title"]) for r in rows]  # fmt: skip
    widths = [max(len(row[c]) for row in [header, *body]) for c in range(len(header))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
             for row in [header, *body]]  # fmt: skip
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"
