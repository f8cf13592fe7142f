"""What Home shows, as plain text ready to paint (HomeView), and the last Home kept between runs.

HomeView is built in a worker from the service and the config (`home_view`). The last one is
kept in the user's cache folder, keyed by the fingerprints of the database and chair.toml, the
date and the login: when nothing has changed since, the next start paints Home filled in at
once from it, and the service, opening behind it, refreshes it a moment later. Neither
pydantic nor SQLAlchemy is imported here: this runs before the first frame.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from storage.data.cache import SnapshotCache, cache_key, default_cache_dir
from tui.format import clock

if TYPE_CHECKING:
    from collections.abc import Sequence

    from config.models import ChairConfig, Person
    from domain.minutes_input import Completion
    from domain.records import Meeting
    from storage.service.chair import ChairService

TYPE_COLUMNS = ("Meeting type", "Layer", "Cadence", "Length", "Last held", "Next due")
LAYER_ORDER = ("operational", "management", "strategic")


@dataclass(frozen=True)
class TypeRow:
    """One meeting type on Home: its id and the cells of TYPE_COLUMNS."""

    type_id: str
    cells: tuple[str, str, str, str, str, str]


@dataclass(frozen=True)
class InProgress:
    """A meeting in progress, as Home lists it."""

    meeting_id: int
    meeting_type: str
    line: str


@dataclass(frozen=True)
class HomeView:
    """Everything Home paints (no widgets, no records: safe to keep between runs)."""

    practice: str
    types: tuple[TypeRow, ...]
    in_progress: tuple[InProgress, ...]
    counts: str


def home_view(
    config: ChairConfig,
    today: dt.date,
    person: Person | None,
    in_progress: Sequence[Meeting],
    last_held: dict[str, Meeting | None],
    open_actions: int,
    overdue_actions: int,
    my_actions: int,
    completion: Completion | None,
) -> HomeView:
    """Home's text from what the service read (pure: no database)."""
    practice = config.practice
    who = f" · you: {person.name}{' (chair)' if person.chair else ''}" if person else ""
    several = (
        f"\nPCN {config.pcn_code}: {len(config.practices)} practices · p: another practice"
        if len(config.practices) > 1
        else ""
    )
    layers = {t.id: config.meeting_layer(t) for t in config.meeting_types}
    grouped = sorted(config.meeting_types, key=lambda t: LAYER_ORDER.index(layers[t.id]))
    firsts = {
        next(t.id for t in grouped if layers[t.id] == layer) for layer in set(layers.values())
    }
    types = tuple(
        TypeRow(
            t.id,
            (
                t.title + (" (PCN)" if t.scope == "pcn" else ""),
                layers[t.id] if t.id in firsts else "",
                t.cadence,
                f"{t.minutes} min",
                held.date.isoformat() if (held := last_held.get(t.id)) else "never",
                _next_due(t.id, t.cadence, held, in_progress, today),
            ),
        )
        for t in grouped
    )
    counts = f"Actions: {open_actions} open · {overdue_actions} overdue · {my_actions} yours"
    if completion is not None:
        counts += "\n" + _describe_completion(completion, config)
    return HomeView(
        practice=f"{practice.name} · {practice.code} · list size {practice.list_size:,} · "
        f"{today:%a %d %b %Y}{who}{several}",
        types=types,
        in_progress=tuple(
            InProgress(m.id, m.meeting_type, describe_in_progress(m, config)) for m in in_progress
        ),
        counts=counts,
    )


def read_home(service: ChairService, config: ChairConfig, today: dt.date) -> HomeView:
    """Home as the service has it now (from a worker, inside the door, or at exit)."""
    in_progress = service.meetings.in_progress()
    last = {m.id: service.meetings.latest(m.id, closed_only=True) for m in config.meeting_types}
    open_actions = service.actions.find()
    overdue = service.actions.find(overdue_only=True)
    person = service.person
    mine = [a for a in open_actions if person and a.owner_id == person.id]
    return home_view(
        config,
        today,
        person,
        in_progress,
        last,
        len(open_actions),
        len(overdue),
        len(mine),
        service.actions.completion(),
    )


def _next_due(
    type_id: str,
    cadence: str,
    held: Meeting | None,
    in_progress: Sequence[Meeting],
    today: dt.date,
) -> str:
    from domain.dates import next_meeting_date

    if any(m.meeting_type == type_id for m in in_progress):
        return "in progress"
    if held is None:
        return "due now"
    due = held.next_meeting or next_meeting_date(cadence, held.date)
    if due is None:
        return "ad hoc"
    return "due now" if due <= today else due.isoformat()


def describe_in_progress(meeting: Meeting, config: ChairConfig) -> str:
    meeting_type = config.meeting_type(meeting.meeting_type)
    title = meeting_type.title if meeting_type else meeting.meeting_type
    total = len(meeting.sections)
    index = meeting.current_section
    section = meeting.sections[index].title if total else ""
    return (
        f"  {title} of {meeting.date.isoformat()}: section {index + 1} of {total} ({section}),"
        f" {clock(meeting.elapsed_seconds)} elapsed"
    )


def _describe_completion(completion: Completion, config: ChairConfig) -> str:
    """Done on time of those due, carried over, and who has overdue actions."""
    if completion.due:
        share = round(100 * completion.done_on_time / completion.due)
        done = f"{completion.done_on_time} of {completion.due} due done on time ({share}%)"
    else:
        done = "none due yet"
    line = f"Completion: {done} · {completion.carried_over} carried over"
    if completion.overdue_by_owner:
        owners = []
        for person_id, count in completion.overdue_by_owner[:4]:
            person = config.person(person_id)
            owners.append(f"{person.name if person else person_id} {count}")
        more = len(completion.overdue_by_owner) - 4
        line += (
            "\nOverdue by owner: " + ", ".join(owners) + (f" (+{more} more)" if more > 0 else "")
        )
    return line


# ---------------------------------------------------------------------- the last Home


def _fingerprint(path: Path, with_path: bool) -> list[object]:
    try:
        stat = path.stat()
    except OSError:
        return [str(path) if with_path else path.name, -1, -1]
    return [str(path) if with_path else path.name, stat.st_size, stat.st_mtime_ns]


def snapshot_key(
    config_path: Path,
    database: Path | None,
    today: dt.date,
    login: str,
    practice: str | None = None,
) -> str | None:
    """The key of the last Home for this chair.toml, SQLite file, date and login (None for a
    database that is not a local file, or not there yet).

    The database's part is its size and modification time (with its WAL file's when that holds
    anything), not its path, so that an exact copy (the demo's) finds the same Home."""
    if database is None or not database.is_file():
        return None
    wal = Path(f"{database}-wal")
    wal_part = _fingerprint(wal, False) if wal.is_file() and wal.stat().st_size else []
    return cache_key(
        [
            "home-by-layer",
            _fingerprint(config_path.resolve(), True),
            _fingerprint(database, False)[1:],
            wal_part[1:],
            today.isoformat(),
            login,
            practice or "",
        ]
    )


def snapshot_name(database: Path) -> str:
    """One last Home per database file (a later one for the same file replaces it)."""
    return "home-" + hashlib.sha256(str(database.resolve()).encode()).hexdigest()[:16]


def load_snapshot(name: str, key: str | None) -> HomeView | None:
    if key is None:
        return None
    return SnapshotCache(default_cache_dir()).load(name, key, HomeView)


def store_snapshot(name: str, key: str | None, view: HomeView) -> None:
    if key is not None:
        SnapshotCache(default_cache_dir()).store(name, key, view)
