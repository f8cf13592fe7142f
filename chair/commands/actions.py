"""`chair actions`: the open actions as a table, CSV, JSON or an iCalendar file.

The fast path: chair.toml is read with tomllib only (config.people, no pydantic) and the
actions with SQLAlchemy Core (storage.service.action_report, no ORM). No Textual, no polars: it must
take no more than 1.3x `python -c "import sqlalchemy.orm"` on ten years of history
(tests/bench/bench_actions.py measures it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import TYPE_CHECKING

from chair.errors import EXIT_OK, EXIT_PROBLEMS, UsageError

if TYPE_CHECKING:
    from chair.context import Context
    from config.people import Roster
    from storage.service.action_report import ActionLine

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


def resolve_owner(roster: Roster, who: str, login: str) -> str:
    """A person id from an id, login, name, first name or initials (any case) or 'me';
    UsageError if nobody, or more than one person, matches."""
    if who == "me":
        person = roster.person_by_login(login)
        if person is None:
            raise UsageError(
                f"--owner me: your login '{login}' is not in [[people]] of the config; "
                "add it or give a person id"
            )
        return person.id
    wanted = " ".join(who.casefold().split())
    found = [p for p in roster.people if wanted in _names_of(p.id, p.login, p.name)]
    if len(found) == 1:
        return found[0].id
    known = ", ".join(p.id for p in roster.people)
    if found:
        which = ", ".join(f"{p.id} ({p.name})" for p in found)
        raise UsageError(f"--owner '{who}' matches several people: {which}; give an id")
    raise UsageError(f"--owner '{who}' is not a person in the config (known ids: {known})")


TITLES = frozenset({"dr", "mr", "mrs", "ms", "miss", "mx", "prof"})


def _names_of(person_id: str, login: str, name: str) -> set[str]:
    """What a person answers to: id, login, full name, first name, initials (a title such as
    'Dr' left out: 'Dr Ada Okafor' is ada, ao)."""
    words = [w for w in name.casefold().split() if w.rstrip(".") not in TITLES]
    names = {person_id.casefold(), login.casefold(), " ".join(name.casefold().split())}
    if words:
        names |= {words[0], "".join(w[0] for w in words)}
    return names


def run(args: argparse.Namespace, ctx: Context) -> int:
    from chair import export
    from config.people import RosterError, read_roster
    from domain.urgency import rank_actions
    from storage.service.action_report import action_lines, open_database

    try:
        roster = read_roster(ctx.config_path)
    except RosterError as exc:
        raise UsageError(str(exc)) from None
    owner = resolve_owner(roster, args.owner, ctx.login) if args.owner else None
    practices = _practice_codes(roster, ctx.practice)
    engine = open_database(ctx.db_url)
    try:
        lines = action_lines(
            engine,
            ctx.today,
            owner_id=owner,
            overdue_only=args.overdue,
            include_closed=args.include_closed,
            practice_codes=practices,
        )
    finally:
        engine.dispose()
    severity = {line.action.id: line.severity for line in lines if line.action.id is not None}
    ranked = rank_actions([line.action for line in lines], ctx.today, severity, my_person_id=None)
    if args.format == "ics":
        by_id = {line.action.id: line for line in lines}
        text = _calendar([by_id[a.id] for a in ranked], roster, ctx.today)
    else:
        render = {"table": export.table, "csv": export.to_csv, "json": export.to_json}
        text = render[args.format](ranked, roster, ctx.today)
    sys.stdout.write(text)
    sys.stdout.flush()
    if args.fail_on_overdue and any(export.days_overdue(a, ctx.today) > 0 for a in ranked):
        return EXIT_PROBLEMS
    return EXIT_OK


def _practice_codes(roster: Roster, chosen: str | None) -> tuple[str, ...] | None:
    """--practice / $CHAIR_PRACTICE as the codes to list (None: every practice)."""
    if not chosen:
        return None
    code = chosen.upper()
    known = (*roster.practice_codes, roster.pcn_code)
    if code not in known:
        raise UsageError(
            f"--practice {chosen}: not a practice in the config (known: {', '.join(known)})"
        )
    return (code,)


def _calendar(lines: list[ActionLine], roster: Roster, today: dt.date) -> str:
    from domain.ics import CalendarAction, actions_calendar

    def title(type_id: str | None) -> str:
        meeting_type = roster.meeting_type(type_id) if type_id else None
        return meeting_type.title if meeting_type else (type_id or "")

    items = []
    for line in lines:
        owner = roster.person(line.action.owner_id) if line.action.owner_id else None
        raised = title(line.raised_at)
        if raised and line.raised_on:
            raised = f"{raised}, {line.raised_on.isoformat()}"
        items.append(
            CalendarAction(
                action=line.action,
                owner_name=owner.name if owner else (line.action.owner_id or ""),
                raised_at=raised,
                comes_back_at=title(line.action.review_meeting_type),
            )
        )
    return actions_calendar(items, roster.practice.code, f"{roster.practice.name} actions", today)
