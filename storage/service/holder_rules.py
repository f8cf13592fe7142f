"""The meeting holder lease as plain rules over a session: who holds it, and refusing the
writes of any other screen (used by every service method that changes a meeting)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.database.models import MeetingHolderRow
from storage.errors import NotAllowed

if TYPE_CHECKING:
    from config.models import ChairConfig


class Store(Protocol):
    """What the rules read of the store (storage.service.store.Store): this screen's lease
    token, the clock and the roster's names."""

    holder_token: str
    login: str
    now: Callable[[], dt.datetime]
    config: ChairConfig


LEASE_SECONDS = 30
"""A holder not heard from for this long has gone (its screen renews every RENEW_SECONDS)."""
RENEW_SECONDS = 10


def local_time(moment: dt.datetime) -> dt.datetime:
    """A stored (UTC, naive) time as the server's local time, for people to read."""
    return moment.replace(tzinfo=dt.UTC).astimezone().replace(tzinfo=None)


def held_by_another(store: Store, session: Session, meeting_id: int) -> MeetingHolderRow | None:
    """The live lease of another screen on the meeting, if any."""
    token = store.holder_token
    if not token:
        return None  # not a screen (scripts, the demo's history): leases are between screens
    row = session.scalars(
        select(MeetingHolderRow).where(MeetingHolderRow.meeting_id == meeting_id)
    ).first()
    if row is None or row.token == token:
        return None
    if store.now() - row.renewed >= dt.timedelta(seconds=LEASE_SECONDS):
        return None
    return row


def refuse_unless_holder(store: Store, session: Session, meeting_id: int) -> None:
    """Refuse a write to a meeting another screen holds (a live lease with another token)."""
    row = held_by_another(store, session, meeting_id)
    if row is None:
        return
    person = store.config.person_by_login(row.login)
    name = person.name if person else row.login
    yours = row.login == store.login
    raise NotAllowed(f"{held_line(name, local_time(row.since), yours)}; nothing was saved")


def held_line(name: str, since: dt.datetime | None, yours: bool = False) -> str:
    """Why a write is refused, in one line: who holds the meeting (`yours`: this login, on
    another screen), since when, and the key that takes it over (the meeting screen's `T`)."""
    when = f" since {since:%H:%M}" if since else ""
    if yours:
        return f"Your other screen holds this meeting{when}: T takes it over here"
    return f"{name} holds this meeting{when}: T takes it over"
