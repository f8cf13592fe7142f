"""The few facts the fast commands need from chair.toml, read with tomllib only (no pydantic).

`chair actions` must start about as fast as SQLAlchemy alone, so it cannot pay for validating
the whole config. It needs who is who (people), the practice code and name (calendar UIDs and
titles) and the titles of meeting types. The full config is validated by `chair check` and by
every other command.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class RosterError(Exception):
    """chair.toml cannot be read for the fast path; one line naming the file and the problem."""


@dataclass(frozen=True)
class PersonEntry:
    id: str
    name: str
    login: str
    chair: bool = False


@dataclass(frozen=True)
class PracticeEntry:
    code: str
    name: str


@dataclass(frozen=True)
class MeetingTypeEntry:
    id: str
    title: str


@dataclass(frozen=True)
class Roster:
    """People, practice and meeting-type titles; lookups shaped like ChairConfig's."""

    people: tuple[PersonEntry, ...]
    practice: PracticeEntry
    meeting_types: tuple[MeetingTypeEntry, ...] = ()
    practice_codes: tuple[str, ...] = ()
    """Every practice's code, in config order (a PCN deployment has several)."""
    pcn_code: str = "PCN"
    """The PCN's code, under which PCN meetings are kept."""

    def person(self, person_id: str) -> PersonEntry | None:
        return next((p for p in self.people if p.id == person_id), None)

    def person_by_login(self, login: str) -> PersonEntry | None:
        return next((p for p in self.people if p.login == login), None)

    def meeting_type(self, type_id: str) -> MeetingTypeEntry | None:
        return next((m for m in self.meeting_types if m.id == type_id), None)


def read_roster(path: Path | str) -> Roster:
    """Read people, practice and meeting types from chair.toml; RosterError on a problem."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_bytes().decode("utf-8-sig"))
    except FileNotFoundError:
        raise RosterError(f"{path}: file not found (run 'chair init DIR' to write one)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RosterError(f"{path}: cannot be read ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise RosterError(f"{path}: TOML syntax error: {exc}") from None
    except RecursionError:  # tomllib recurses per nested array or inline table
        raise RosterError(f"{path}: nested too deeply to be a Chair config") from None
    return roster_from_dict(data, path)


def roster_from_dict(data: dict[str, Any], path: Path | str = "chair.toml") -> Roster:
    people = []
    for index, item in enumerate(_tables(data.get("people"))):
        try:
            people.append(
                PersonEntry(
                    id=str(item["id"]),
                    name=str(item.get("name", item["id"])),
                    login=str(item.get("login", "")),
                    chair=bool(item.get("chair", False)),
                )
            )
        except KeyError:
            raise RosterError(f"{path}:people[{index}].id: required setting is missing") from None
    practices = _tables(data.get("practices")) or _tables(data.get("practice"))
    if not practices:
        raise RosterError(f"{path}:practice: required setting is missing")
    first = practices[0]
    practice = PracticeEntry(code=str(first.get("code", "")), name=str(first.get("name", "")))
    meeting_types = tuple(
        MeetingTypeEntry(id=str(m["id"]), title=str(m.get("title", m["id"])))
        for m in _tables(data.get("meeting_types"))
        if "id" in m
    )
    return Roster(
        people=tuple(people),
        practice=practice,
        meeting_types=meeting_types,
        practice_codes=tuple(str(p.get("code", "")) for p in practices),
        pcn_code=str(first.get("pcn_code") or "PCN"),
    )


def _tables(value: object) -> list[dict[str, Any]]:
    if isinstance(value, dict):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, dict)]
    return []
