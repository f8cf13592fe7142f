"""The store under every part of the service: engine, identity, transactions, the audit log,
the hash chains and meeting lookups."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select, text
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from config.models import ChairConfig, MeetingType, Person
from domain.records import Action, Meeting
from storage.database import convert
from storage.database.engine import checkpoint_and_close, make_engine
from storage.database.models import ActionRow, AobItemRow, AuditRow, DecisionRow, MeetingRow
from storage.database.schema import ensure_current
from storage.errors import Conflict, DatabaseError, InvalidEntry, NotAllowed, NotFound, Problem
from storage.service.holder_rules import refuse_unless_holder

CHAIN_LOCK = 7_340_214
"""PostgreSQL advisory lock id held while a row is chained (any constant, used only here)."""


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Store:
    """What every part of the service stands on: the configured practice, who is logged in,
    the database's sessions and transactions, the audit log and the hash chains."""

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
        self.practice_chosen = bool(practice)
        """True when the practice was given (--practice, CHAIR_PRACTICE) or picked on Home."""
        if practice:
            try:
                config = config.with_practice(practice)
            except ValueError as exc:
                raise NotFound(f"--practice / CHAIR_PRACTICE: {exc}") from None
        self.config = config
        self.today = today
        self.login = login
        self.now = now
        self.cache_dir = cache_dir
        self.engine: Engine = make_engine(db_url)
        ensure_current(self.engine)
        self._session_factory = sessionmaker(self.engine, expire_on_commit=False)
        self._active = threading.local()
        """The write transaction open on this thread, if any: reads and nested writes join it,
        so one user step (one `n`) is one transaction, whatever methods it calls."""
        self.given_config = config
        """The configuration as passed; `config` carries the registered roster's people."""
        self.holder_token = ""
        """This screen's id for meeting leases (set by the TUI; empty for the command line and
        scripts): see storage.service.holders."""
        self._adopt_registered_roster()

    def _adopt_registered_roster(self) -> None:
        """People and roles come from the roster registered in the database, never from the
        config a user passes; with none registered yet (a new database), this config's is."""
        from storage.security import roster

        with self.sessions() as session:
            registered = roster.current(session)
        if registered is None:
            self.register_roster(self.given_config.people, first=True)
            return
        self.config = self.given_config.model_copy(update={"people": list(registered.people)})

    def select_practice(self, code: str) -> None:
        """Make `code` the current practice: its meetings, actions and minutes from now on."""
        try:
            self.given_config = self.given_config.with_practice(code)
        except ValueError as exc:
            raise NotFound(str(exc)) from None
        self.config = self.config.with_practice(code)
        self.practice_chosen = True

    @property
    def practice_code(self) -> str:
        return self.config.practice.code

    def scope_codes(self) -> tuple[str, ...]:
        """Whose meetings this service shows: the current practice's and the PCN's."""
        return (self.config.practice.code, self.config.pcn_code)

    def type_code(self, type_id: str) -> str:
        meeting_type = self.config.meeting_type(type_id)
        if meeting_type is None:
            return self.config.practice.code
        return self.config.scope_code(meeting_type)

    def register_roster(self, people: list[Person], first: bool = False) -> None:
        from storage.database.models import RosterRow
        from storage.security import roster

        with self.tx() as session:
            if first and (registered := roster.current(session)) is not None:
                people = list(registered.people)  # another process registered first
                self.config = self.given_config.model_copy(update={"people": people})
                return
            row = RosterRow(
                registered=self.now(), by_login=self.login, people=roster.people_json(people)
            )
            self.chain(session, row)
            session.add(row)
            session.flush()
            after = {"people": [p.id for p in people], "roster": row.chain_hash}
            self.audit(session, "roster", row.id, "register", after=after)
        self.config = self.given_config.model_copy(update={"people": list(people)})

    def close(self) -> None:
        """Checkpoint (SQLite) and close every connection: nothing left in a -wal file."""
        checkpoint_and_close(self.engine)

    # ------------------------------------------------------------------ identity

    @property
    def person(self) -> Person | None:
        return self.config.person_by_login(self.login)

    @property
    def is_chair(self) -> bool:
        person = self.person
        return person is not None and person.chair

    def why_not_chair(self, what: str) -> str | None:
        """Why this login may not do `what` (a chair's task), in one line; None when it may.
        Forms ask before they open, so nobody fills a form only to be refused at save."""
        if self.is_chair:
            return None
        return (
            f"{self.login} may not {what}: only chairs in the roster registered in the "
            "database may (you can read everything)"
        )

    def require_chair(self, what: str) -> None:
        if (why := self.why_not_chair(what)) is not None:
            raise NotAllowed(why)

    @property
    def known_people(self) -> frozenset[str]:
        return frozenset(p.id for p in self.config.people)

    # ------------------------------------------------------------------ plumbing

    @contextmanager
    def sessions(self) -> Iterator[Session]:
        """A session to read with: the open transaction's on this thread, else a new one."""
        active: Session | None = getattr(self._active, "session", None)
        if active is not None:
            yield active
            return
        with self._session_factory() as session:
            yield session

    @contextmanager
    def tx(self) -> Iterator[Session]:
        """One write transaction; commits on success. SQLite waits for the lock, never fails.

        Inside another `tx` on the same thread it joins that transaction (one commit at the
        end of the outer one)."""
        active: Session | None = getattr(self._active, "session", None)
        if active is not None:
            yield active
            return
        try:
            with self._session_factory.begin() as session:
                self._active.session = session
                try:
                    yield session
                finally:
                    self._active.session = None
        except StaleDataError:
            raise Conflict(
                "someone else changed this record while you were editing; nothing was "
                "overwritten — reload and try again"
            ) from None
        except OperationalError as exc:
            raise DatabaseError(f"database error: {str(exc.orig).splitlines()[0]}") from None
        except DBAPIError as exc:
            # PostgreSQL roles: a GRANT missing (42501) or a trigger's refusal (P0001).
            if getattr(exc.orig, "sqlstate", None) in {"42501", "P0001"}:
                raise NotAllowed(
                    f"{self.login}: refused by the database: {str(exc.orig).splitlines()[0]}"
                ) from None
            raise

    @contextmanager
    def meeting_tx(self, meeting_id: int) -> Iterator[Session]:
        """The one door for every write that changes a meeting: a write transaction (`tx`)
        that first refuses (NotAllowed) when another screen holds the meeting."""
        with self.tx() as session:
            refuse_unless_holder(self, session, meeting_id)
            yield session

    def audit(
        self,
        session: Session,
        entity: str,
        entity_id: int | None,
        what: str,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
    ) -> None:
        row = AuditRow(
            when=self.now(),
            login=self.login,
            entity=entity,
            entity_id=entity_id,
            what=what,
            before=json.dumps(before, default=str, sort_keys=True) if before else None,
            after=json.dumps(after, default=str, sort_keys=True) if after else None,
        )
        self.chain(session, row)
        session.add(row)

    def chain(self, session: Session, row: Any) -> str:
        """Set row.chain_hash to follow the newest row of its table (storage.security.chain); returns it.
        Writers take turns: SQLite's write lock is already held (BEGIN IMMEDIATE); on
        PostgreSQL a transaction-scoped advisory lock keeps two writers off the same link."""
        from storage.security import chain

        if self.engine.dialect.name != "sqlite" and not session.info.get("chain_locked"):
            session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHAIN_LOCK})
            session.info["chain_locked"] = True
        session.flush()
        table = row.__tablename__
        previous = chain.last_hash(session.connection(), table)
        values = [getattr(row, name) for name in chain.CHAINED_TABLES[table]]
        row.chain_hash = chain.link_hash(previous, values)
        return str(row.chain_hash)

    def meeting_row(self, session: Session, meeting_id: int) -> MeetingRow:
        row = session.get(MeetingRow, meeting_id)
        if row is None:
            raise NotFound(f"no meeting {meeting_id} (see 'chair minutes' for the latest)")
        return row

    def meeting_type(self, type_id: str) -> MeetingType:
        meeting_type = self.config.meeting_type(type_id)
        if meeting_type is None:
            known = ", ".join(m.id for m in self.config.meeting_types)
            raise NotFound(f"no meeting type '{type_id}' in the config (known: {known})")
        return meeting_type

    def check_free_text(self, **fields: str) -> None:
        from domain.privacy import NHS_NUMBER_MESSAGE, find_nhs_number, format_nhs_number

        problems = [
            Problem(name, NHS_NUMBER_MESSAGE.format(number=format_nhs_number(found)))
            for name, value in fields.items()
            if value and (found := find_nhs_number(value))
        ]
        # PostgreSQL cannot store NUL in text (a paste can carry one): refuse it on every database.
        problems += [
            Problem(name, "contains a NUL character (often from a paste); remove it")
            for name, value in fields.items()
            if value and "\x00" in value
        ]
        if problems:
            raise InvalidEntry(problems)

    # ------------------------------------------------------------------ meeting lookups

    def meeting(self, meeting_id: int) -> Meeting:
        """A meeting with its decisions (and their actions) and AOB items."""
        with self.sessions() as session:
            return load_meeting(session, self.meeting_row(session, meeting_id))


def load_meeting(session: Session, row: MeetingRow) -> Meeting:
    """A meeting row as the domain's Meeting, with its live decisions, actions and AOB."""
    decision_rows = session.scalars(
        select(DecisionRow)
        .where(DecisionRow.meeting_id == row.id, DecisionRow.superseded.is_(False))
        .order_by(DecisionRow.id)
    ).all()
    action_rows = session.scalars(
        select(ActionRow).where(ActionRow.meeting_id == row.id).order_by(ActionRow.id)
    ).all()
    by_decision: dict[int, list[Action]] = {}
    for action_row in action_rows:
        if action_row.decision_id is not None:
            by_decision.setdefault(action_row.decision_id, []).append(convert.action(action_row))
    decisions = {d.id: convert.decision(d, by_decision.get(d.id, [])) for d in decision_rows}
    aob_rows = session.scalars(
        select(AobItemRow).where(AobItemRow.meeting_id == row.id).order_by(AobItemRow.id)
    ).all()
    aob_decision = {d.aob_item_id: decisions[d.id] for d in decision_rows if d.aob_item_id}
    aob = tuple(convert.aob_item(a, aob_decision.get(a.id)) for a in aob_rows)
    return convert.meeting(row, tuple(decisions.values()), aob)
