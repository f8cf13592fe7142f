"""`chair actions`: the open actions as a table, CSV, JSON or an iCalendar file.

Imports no Textual and no polars: it must start as fast as SQLAlchemy itself.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from chair.errors import EXIT_OK, EXIT_PROBLEMS, UsageError

if TYPE_CHECKING:
    from chair.context import Context
    from config.models import ChairConfig

FORMATS = ("table", "csv", "json", "ics")


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "actions",
        parents=[common],
        help="quick action review as a table (or CSV, JSON, iCalendar)",
        description="List open actions, most overdue first.",
    )
    parser.add_argument(
        "--owner",
        metavar="WHO",
        help="only this person's actions: a person id, login or name; 'me' for your own",
    )
    parser.add_argument("--overdue", action="store_true", help="only actions past their due date")
    parser.add_argument(
        "--all", dest="include_closed", action="store_true", help="include done and dropped actions"
    )
    parser.add_argument("--format", choices=FORMATS, default="table", help="output format")
    parser.add_argument(
        "--fail-on-overdue",
        action="store_true",
        help="exit 1 if any listed action is overdue (for cron jobs and reminders)",
    )
    parser.set_defaults(handler="chair.commands.actions:run")


def resolve_owner(config: ChairConfig, who: str, login: str) -> str:
    """A person id from an id, login, name (any case) or 'me'; UsageError if nobody matches."""
    if who == "me":
        person = config.person_by_login(login)
        if person is None:
            raise UsageError(
                f"--owner me: your login '{login}' is not in [[people]] of the config; "
                "add it or give a person id"
            )
        return person.id
    wanted = who.casefold()
    for person in config.people:
        if wanted in (person.id.casefold(), person.login.casefold(), person.name.casefold()):
            return person.id
    known = ", ".join(p.id for p in config.people)
    raise UsageError(f"--owner '{who}' is not a person in the config (known ids: {known})")


def run(args: argparse.Namespace, ctx: Context) -> int:
    from chair import export
    from domain.urgency import rank_actions

    owner = resolve_owner(ctx.config, args.owner, ctx.login) if args.owner else None
    service = ctx.service()
    actions = service.actions(
        owner=owner, overdue_only=args.overdue, include_closed=args.include_closed
    )
    actions = rank_actions(actions, ctx.today, severity_of={}, my_person_id=None)
    render = {
        "table": export.table,
        "csv": export.to_csv,
        "json": export.to_json,
        "ics": export.to_ics,
    }[args.format]
    sys.stdout.write(render(actions, ctx.config, ctx.today))
    sys.stdout.flush()
    if args.fail_on_overdue and any(export.days_overdue(a, ctx.today) > 0 for a in actions):
        return EXIT_PROBLEMS
    return EXIT_OK
