"""PostgreSQL with real roles (issue 14): `chair db grant` makes the engine itself refuse what
the service refuses. Three login roles (a chair and two members) on the throw-away server."""

from __future__ import annotations

import datetime as dt
import os
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.exc import DBAPIError

from config import ChairConfig
from domain.records import ActionStatus
from storage.database.engine import normalise_url
from storage.errors import NotAllowed
from storage.security.grants import grant_sql
from storage.service.chair import ChairService
from tests.safety.test_security import act, finish

pytestmark = pytest.mark.postgres
TODAY = dt.date(2026, 11, 26)


@dataclass
class Deployment:
    config: ChairConfig
    chair: str
    member: str
    other: str
    """A second member, for what one member may not do to another's rows."""
    url_as: dict[str, str]
    owner_url: str


def _url(base: str, user: str, database: str) -> str:
    scheme, rest = base.split("://", 1)
    host = rest.split("@", 1)[1].rsplit("/", 1)[0]
    return f"{scheme}://{user}:pw@{host}/{database}"


def _wait_for_the_roles_to_leave(connection: Connection, database: str) -> None:
    """A closed connection's server process ends a moment later; until then the test server's
    role may not end it (FORCE needs rights over the login roles), so wait a few seconds."""
    others = text(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = :db AND usename <> current_user"
    )
    deadline = time.monotonic() + 10
    while connection.execute(others, {"db": database}).scalar() and time.monotonic() < deadline:
        time.sleep(0.05)


@pytest.fixture
def deployment(config: ChairConfig) -> Iterator[Deployment]:
    base = os.environ.get("CHAIR_TEST_POSTGRES_URL")
    if not base:
        pytest.skip("CHAIR_TEST_POSTGRES_URL not set")
    tag = uuid.uuid4().hex[:8]
    chair, member, other = f"spatel_{tag}", f"jmorgan_{tag}", f"lchen_{tag}"
    logins = {"spatel": chair, "jmorgan": member, "lchen": other}
    people = [
        p.model_copy(update={"login": logins[p.login]}) for p in config.people if p.login in logins
    ]
    config = config.model_copy(update={"people": people})
    database = f"chair_roles_{tag}"
    admin = create_engine(normalise_url(base), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{database}"'))
    owner_url = base.rsplit("/", 1)[0] + "/" + database
    try:
        # The owner creates the database: migrations, and the first roster registration.
        ChairService(config, owner_url, TODAY, chair).close()
        owner = create_engine(normalise_url(owner_url))
        raw = owner.raw_connection()
        raw.driver_connection.autocommit = True  # type: ignore[union-attr]
        for _ in range(2):  # the script is safe to run again (a new roster, an upgrade)
            raw.driver_connection.execute(grant_sql(config.people, database))  # type: ignore[union-attr]
        for role in (chair, member, other):  # the throw-away server may not trust TCP
            raw.driver_connection.execute(f"ALTER ROLE \"{role}\" PASSWORD 'pw'")  # type: ignore[union-attr]
        raw.close()
        owner.dispose()
        yield Deployment(
            config,
            chair,
            member,
            other,
            {role: _url(base, role, database) for role in (chair, member, other)},
            owner_url,
        )
    finally:
        with admin.connect() as connection:
            _wait_for_the_roles_to_leave(connection, database)
            connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
            for role in (chair, member, other):
                connection.execute(text(f'DROP ROLE IF EXISTS "{role}"'))
    admin.dispose()


def _refused(engine: Engine, statement: str, match: str) -> None:
    with pytest.raises(DBAPIError, match=match), engine.begin() as connection:
        connection.execute(text(statement))


def test_grants_enforce_the_rules_in_the_engine(deployment: Deployment) -> None:
    d = deployment
    chair = ChairService(d.config, d.url_as[d.chair], TODAY, d.chair)
    assert chair.is_chair
    meeting = chair.meetings.start("weekly-ops")
    decision = chair.decisions.record(meeting.id, act())
    finish(chair, meeting.id)
    chair.close()
    later = ChairService(d.config, d.url_as[d.chair], TODAY + dt.timedelta(days=7), d.chair)
    later.minutes.approve_previous(later.meetings.start("weekly-ops").id)
    assert later.history.verify() == [] and later.roster.problems() == []
    later.close()

    member = ChairService(d.config, d.url_as[d.member], TODAY, d.member)
    assert not member.is_chair
    action_id = decision.actions[0].id
    assert action_id is not None
    version = member.actions.get(action_id).version
    member.actions.update(action_id, version, ActionStatus.IN_PROGRESS, note="rota drafted")
    engine = member.engine
    # INSERT-only on the audit log, even for a member; nothing else of the record.
    _refused(engine, "UPDATE audit_log SET login = 'x'", "permission denied")
    _refused(engine, "DELETE FROM audit_log", "permission denied")
    _refused(engine, "TRUNCATE audit_log", "permission denied")
    _refused(engine, "DROP TRIGGER audit_log_append_only ON audit_log", "must be owner")
    _refused(engine, "ALTER TABLE audit_log DISABLE TRIGGER ALL", "must be owner")
    _refused(engine, f"UPDATE meetings SET chair_id = 'jm' WHERE id = {meeting.id}", "permission")
    _refused(engine, "DELETE FROM minutes_approvals", "permission denied")
    _refused(
        engine,
        'INSERT INTO minutes_approvals (meeting_id, amendments, "when", by_login) '
        f"VALUES ({meeting.id}, '', now(), '{d.member}')",
        "permission denied",
    )
    _refused(
        engine,
        f"INSERT INTO rosters (registered, by_login, people) VALUES (now(), '{d.member}', '[]')",
        "permission denied",
    )
    # An audit row in someone else's name is refused by the engine.
    _refused(
        engine,
        'INSERT INTO audit_log ("when", login, entity, what) '
        f"VALUES (now(), '{d.chair}', 'meeting', 'start')",
        "only write audit_log rows in their own name",
    )
    # A draft is the member's own: kept and dropped, never written in someone else's name.
    member.drafts.keep(None, f"review:done:{action_id}", "Done", {"evidence": "rota on the wall"})
    assert [d.fields for d in member.drafts.of(None)] == [{"evidence": "rota on the wall"}]
    member.drafts.discard(None, f"review:done:{action_id}")
    assert member.drafts.of(None) == []
    _refused(
        engine,
        "INSERT INTO drafts (login, item_key, title, fields, updated) "
        f"VALUES ('{d.chair}', 'aob', '', '{{}}', now())",
        "only write drafts rows in their own name",
    )
    # An exception on a tracker's row: any member, in their own name; a watch-list note or a
    # risk is the chairs' (the meeting's) to write.
    _refused(
        engine,
        "INSERT INTO row_exceptions (metric_id, row_key, reason, note, count, expires, created, "
        f"by_login) VALUES ('m', 'r', 'declined', '', 1, now(), now(), '{d.chair}')",
        "only write row_exceptions rows in their own name",
    )
    assert (
        _changed(
            engine,
            "INSERT INTO row_exceptions (metric_id, row_key, reason, note, count, expires, created, "
            f"by_login) VALUES ('m', 'r', 'declined', '', 1, now(), now(), '{d.member}')",
        )
        == 1
    )
    _refused(engine, "UPDATE row_exceptions SET withdrawn = now()", "permission denied")
    _refused(
        engine,
        "INSERT INTO watch_notes (meeting_id, metric_id, kind, note, streak, created, by_login) "
        f"VALUES ({meeting.id}, 'dna-rate', 'noted', 'x', 1, now(), '{d.member}')",
        "permission denied",
    )
    _refused(engine, "UPDATE risks SET title = 'x'", "permission denied")
    # The service says it in one line when the engine refuses.
    with pytest.raises(NotAllowed, match="refused by the database: permission denied"):
        member.store.register_roster(list(d.config.people))
    member.close()

    # The chair's role may approve and register, but not rewrite history either.
    chair_engine = create_engine(normalise_url(d.url_as[d.chair]))
    _refused(chair_engine, "UPDATE minutes_approvals SET by_login = 'x'", "permission denied")
    _refused(chair_engine, "DELETE FROM audit_log", "permission denied")
    _refused(chair_engine, "UPDATE watch_notes SET note = 'x'", "permission denied")
    _refused(chair_engine, "UPDATE risk_reviews SET note = 'x'", "permission denied")
    assert _changed(chair_engine, "UPDATE row_exceptions SET withdrawn = now()") == 1
    chair_engine.dispose()


def _changed(engine: Engine, statement: str) -> int:
    with engine.begin() as connection:
        return connection.execute(text(statement)).rowcount


def _draft_logins(engine: Engine) -> list[tuple[str, int | None]]:
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT login, meeting_id FROM drafts ORDER BY login"))
        return [(login, meeting_id) for login, meeting_id in rows]


def test_a_draft_is_its_typists_own_in_the_engine(deployment: Deployment) -> None:
    d = deployment
    a = ChairService(d.config, d.url_as[d.member], TODAY, d.member)
    b = ChairService(d.config, d.url_as[d.other], TODAY, d.other)
    chair_engine = create_engine(normalise_url(d.url_as[d.chair]))
    owner = create_engine(normalise_url(d.owner_url))
    key = "review:done:1"
    try:
        a.drafts.keep(None, key, "Done", {"evidence": "A's half-typed words"})
        b.drafts.keep(None, key, "Done", {"evidence": "B's words"})
        assert _draft_logins(owner) == sorted([(d.member, None), (d.other, None)])
        # B, and the chair too, see only their own; every change reaches only their own row.
        assert _draft_logins(b.engine) == [(d.other, None)]
        assert _draft_logins(chair_engine) == []
        assert _changed(b.engine, "UPDATE drafts SET fields = '{}'") == 1
        assert _changed(b.engine, f"DELETE FROM drafts WHERE login = '{d.member}'") == 0
        assert _changed(chair_engine, "DELETE FROM drafts") == 0
        _refused(b.engine, f"UPDATE drafts SET login = '{d.member}'", "row-level security")
        _refused(
            b.engine,
            "INSERT INTO drafts (login, item_key, title, fields, updated) "
            f"VALUES ('{d.member}', 'aob', '', '{{}}', now())",
            "only write drafts rows in their own name",
        )
        assert [x.fields for x in a.drafts.of(None)] == [{"evidence": "A's half-typed words"}]
        assert _changed(b.engine, "DELETE FROM drafts") == 1
        assert [x.fields for x in a.drafts.of(None)] == [{"evidence": "A's half-typed words"}]
        a.drafts.keep(None, key, "Done", {"evidence": "A's words, finished"})
        assert [x.fields for x in a.drafts.of(None)] == [{"evidence": "A's words, finished"}]
        a.drafts.discard(None, key)
        assert a.drafts.of(None) == [] and _draft_logins(owner) == []
    finally:
        for service in (a, b):
            service.close()
        chair_engine.dispose()
        owner.dispose()


def test_closing_a_meeting_drops_everyones_drafts_of_it(deployment: Deployment) -> None:
    d = deployment
    chair = ChairService(d.config, d.url_as[d.chair], TODAY, d.chair)
    a = ChairService(d.config, d.url_as[d.member], TODAY, d.member)
    b = ChairService(d.config, d.url_as[d.other], TODAY, d.other)
    owner = create_engine(normalise_url(d.owner_url))
    try:
        meeting = chair.meetings.start("weekly-ops")
        for service in (chair, a, b):
            service.drafts.keep(meeting.id, "aob", "AOB", {"title": f"{service.login} typing"})
        a.drafts.keep(None, "review:done:1", "Done", {"evidence": "between meetings"})
        assert len(_draft_logins(owner)) == 4
        finish(chair, meeting.id)
        # The chair's role sees only its own; the owner's trigger dropped the others' too.
        assert _draft_logins(owner) == [(d.member, None)]
        assert a.drafts.of(meeting.id) == []
        assert a.drafts.keep(meeting.id, "aob", "AOB", {"title": "late words"}) is None
        assert _draft_logins(owner) == [(d.member, None)]
    finally:
        for service in (chair, a, b):
            service.close()
        owner.dispose()


def test_chair_db_grant_prints_the_sql(config: ChairConfig) -> None:
    script = grant_sql(config.people, "chair")
    assert 'GRANT chair_chair TO "spatel", "aokafor";' in script
    assert (
        "GRANT INSERT ON audit_log, action_updates, period_notes, row_exceptions TO chair_member;"
        in script
    )
    assert 'REVOKE chair_chair FROM "jmorgan"' in script
    assert "GRANT DELETE ON meetings, meeting_sections, meeting_holders TO chair_chair;" in script
    assert (
        "REVOKE UPDATE ON audit_log, action_updates, minutes_approvals, rosters, period_notes, "
        "watch_notes, risk_reviews FROM chair_chair;" in script
    )
    assert "ALTER TABLE drafts ENABLE ROW LEVEL SECURITY;" in script
    assert script.index("DROP POLICY IF EXISTS drafts_own_rows ON drafts;") < script.index(
        "CREATE POLICY drafts_own_rows ON drafts TO chair_member"
    )
