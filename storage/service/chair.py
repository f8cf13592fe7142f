"""The door into the service: one store, and the parts built over it, handed out typed.

    service = ChairService(config, "chair.db", today, login)
    meeting = service.meetings.start("practice-management")
    outcome = service.sections.move_on(meeting.id, readings, position)
    service.decisions.record(meeting.id, decision)

Every part is a plain class over the one `Store` (sessions, transactions, audit, identity);
a part that needs another is given it when built here, so the order below is the order in
which they stand on each other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from storage.service.acknowledgements import Acknowledgements
from storage.service.actions import Actions
from storage.service.arising import Arising
from storage.service.assurance import Assurance
from storage.service.attendance import Attendances
from storage.service.decisions import Decisions
from storage.service.drafts import Drafts
from storage.service.exceptions import RowExceptions
from storage.service.history import History
from storage.service.holders import Holders
from storage.service.meetings import Meetings
from storage.service.minutes import Minutes
from storage.service.notes import Notes
from storage.service.readings import Readings
from storage.service.register import RiskRegister
from storage.service.roster import Roster
from storage.service.sections import Sections
from storage.service.store import Store, utcnow
from storage.service.watch import WatchList
from storage.service.week import Week
from storage.service.work_sections import WorkParts

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from config.models import ChairConfig, Person


class ChairService:
    """Meetings, decisions, actions, minutes and readings for one configured practice."""

    def __init__(
        self,
        config: ChairConfig,
        db_url: str | Path,
        today: dt.date,
        login: str,
        now: Callable[[], dt.datetime] = utcnow,
        cache_dir: Path | None = None,
        practice: str | None = None,
    ) -> None:
        self.store = Store(config, db_url, today, login, now, cache_dir, practice)
        store = self.store
        self.notes = Notes(store)
        self.risks = RiskRegister(store)
        self.exceptions = RowExceptions(store, self.risks)
        self.readings = Readings(store, self.notes, judge=self.exceptions.judged)
        self.actions = Actions(store)
        self.arising = Arising(store)
        self.acknowledgements = Acknowledgements(store)
        self.minutes = Minutes(store, self.arising, self.actions, self.acknowledgements)
        self.meetings = Meetings(store, self.minutes)
        self.watch = WatchList(store, self.readings.dashboard)
        self.week = Week(store, self.actions.find, self.exceptions.rows, self.risks.all)
        self.sections = Sections(
            store, self.meetings, self.arising, self.acknowledgements, self.minutes, self.readings,
            work=WorkParts(self.week, self.watch, self.risks),
        )  # fmt: skip
        self.decisions = Decisions(store)
        self.attendance = Attendances(store)
        self.drafts = Drafts(store)
        self.holders = Holders(store)
        self.history = History(store)
        self.assurance = Assurance(store, self.history)
        self.roster = Roster(store)

    # What screens and commands ask of the store directly: who, where, today.

    @property
    def config(self) -> ChairConfig:
        return self.store.config

    @property
    def today(self) -> dt.date:
        return self.store.today

    @property
    def login(self) -> str:
        return self.store.login

    @property
    def engine(self) -> Engine:
        return self.store.engine

    @property
    def person(self) -> Person | None:
        return self.store.person

    @property
    def is_chair(self) -> bool:
        return self.store.is_chair

    def why_not_chair(self, what: str) -> str | None:
        return self.store.why_not_chair(what)

    @property
    def practice_code(self) -> str:
        return self.store.practice_code

    @property
    def practice_chosen(self) -> bool:
        return self.store.practice_chosen

    def select_practice(self, code: str) -> None:
        self.store.select_practice(code)

    @property
    def holder_token(self) -> str:
        return self.store.holder_token

    @holder_token.setter
    def holder_token(self, token: str) -> None:
        self.store.holder_token = token

    def close(self) -> None:
        """Checkpoint (SQLite) and close every connection."""
        self.store.close()

    def __enter__(self) -> ChairService:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
