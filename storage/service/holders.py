"""One meeting, one hand on the keyboard: the holder lease, and refusing other screens' writes.

The screen that holds a meeting renews its lease every few seconds; a lease not renewed for
LEASE_SECONDS (a crash, a dropped connection) lapses and the next screen may take it. A second
chair who opens a held meeting follows it (read-only, refreshed) or takes it over after saying
so; from then on the first screen's writes are refused and it becomes a follower.
"""

from __future__ import annotations

import datetime as dt

from domain.records import Holding
from storage.database.models import MeetingHolderRow
from storage.errors import NotAllowed
from storage.service.holder_rules import LEASE_SECONDS, local_time
from storage.service.store import Store


class Holders:
    """The keyboard of a meeting: taking, renewing, giving back, and who holds it."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def hold(self, meeting_id: int, take_over: bool = False, renewing: bool = False) -> Holding:
        """Take (or renew) the keyboard of a meeting. Free, lapsed, already this screen's, or
        held by another screen of the same login: taken. Held by another chair: taken only
        with `take_over`; otherwise the answer names who holds it (mine=False).

        `renewing`: the screen believes it holds the meeting. If another screen has taken it
        since (a live lease with another token, whoever's login), the answer is mine=False: the
        screen follows from then on. Without this, two screens of one login would take the
        meeting back from each other at every renewal, and each one's writes would be refused
        at random moments."""
        self._store.require_chair("run a meeting")
        if not self._store.holder_token:
            raise NotAllowed("this session cannot hold a meeting (no screen id)")
        with self._store.tx() as session:
            self._store.meeting_row(session, meeting_id)
            row = session.get(MeetingHolderRow, meeting_id, with_for_update=True)
            now = self._store.now()
            previous = ""
            if row is not None and row.token != self._store.holder_token:
                live = now - row.renewed < dt.timedelta(seconds=LEASE_SECONDS)
                if live and renewing and not take_over:
                    return self._holding(row, mine=False)
                if live and row.login != self._store.login and not take_over:
                    return self._holding(row, mine=False)
                if live and row.login != self._store.login:
                    previous = self._name(row.login)
                    self._store.audit(session, "meeting", meeting_id, f"take over from {row.login}")
                session.delete(row)
                session.flush()
                row = None
            if row is None:
                row = MeetingHolderRow(
                    meeting_id=meeting_id,
                    token=self._store.holder_token,
                    login=self._store.login,
                    since=now,
                    renewed=now,
                )
                session.add(row)
            else:
                row.renewed = now
            session.flush()
            return Holding(
                meeting_id, True, row.login, self._name(row.login), local_time(row.since), previous
            )

    def holding(self, meeting_id: int) -> Holding:
        """Who holds the meeting now (mine=False and no login when nobody does)."""
        with self._store.sessions() as session:
            row = session.get(MeetingHolderRow, meeting_id)
            if row is None or not self._live(row):
                return Holding(meeting_id, False)
            return self._holding(row, mine=row.token == self._store.holder_token)

    def release(self, meeting_id: int) -> None:
        """Give the keyboard back (leaving the meeting screen); only this screen's lease."""
        if not self._store.holder_token:
            return
        with self._store.tx() as session:
            row = session.get(MeetingHolderRow, meeting_id)
            if row is not None and row.token == self._store.holder_token:
                session.delete(row)

    def _holding(self, row: MeetingHolderRow, mine: bool) -> Holding:
        return Holding(
            row.meeting_id,
            mine,
            row.login,
            self._name(row.login),
            local_time(row.since),
            yours=not mine and row.login == self._store.login,
        )

    def _live(self, row: MeetingHolderRow) -> bool:
        return self._store.now() - row.renewed < dt.timedelta(seconds=LEASE_SECONDS)

    def _name(self, login: str) -> str:
        person = self._store.config.person_by_login(login)
        return person.name if person else login
