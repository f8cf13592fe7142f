"""PostgreSQL with real roles (issue 14): `chair db grant` makes the engine itself refuse what
the service refuses. Two login roles (a chair and a member) on the throw-away server."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import DBAPIError

from config import ChairConfig
from domain.records import ActionStatus
from storage.db import normalise_url
from storage.errors import NotAllowed
from storage.grants import grant_sql
from storage.service import ChairService
from tests.safety.test_security import act, finish

pytestmark = pytest.mark.postgres
TODAY = dt.date(2026, 11, 26)


@dataclass
class Deployment:
    config: ChairConfig
    chair: str
    member: str
    url_as: dict[str, str]
    owner_url: str


def _url(base: str, user: str, database: str) -> str:
    scheme, rest = base.split("://", 1)
    host = rest.split("@", 1)[1].rsplit("/", 1)[0]
    return f"{scheme}://{user}:pw@{host}/{database}"


@pytest.fixture
def deployment(config: ChairConfig) -> Iterator[Deployment]:
    base = os.environ.get("CHAIR_TEST_POSTGRES_URL")
    if not base:
        pytest.skip("CHAIR_TEST_POSTGRES_URL not set")
    tag = uuid.uuid4().hex[:8]
    chair, member = f"spatel_{tag}", f"jmorgan_{tag}"
    people = [
        p.model_copy(update={"login": {"spatel": chair, "jmorgan": member}.get(p.login, p.login)})
        for p in config.people
        if p.login in {"spatel", "jmorgan"}
    ]
    config = config.model_copy(update={"people": people})
    database = f"chair_roles_{tag}"
    admin = create_engine(normalise_url(base), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{database}"'))
    owner_url = base.rsplit("/", 1)[0] + "/" + database
    # The owner creates the database: migrations, and the first roster registration.
    ChairService(config, owner_url, TODAY, chair).close()
    owner = create_engine(normalise_url(owner_url))
    raw = owner.raw_connection()
    raw.driver_connection.autocommit = True  # type: ignore[union-attr]
    raw.driver_connection.execute(grant_sql(config.people, database))  # type: ignore[union-attr]
    for role in (chair, member):  # the throw-away server may not trust TCP: a test password
        raw.driver_connection.execute(f"ALTER ROLE \"{role}\" PASSWORD 'pw'")  # type: ignore[union-attr]
    raw.close()
    owner.dispose()
    yield Deployment(
        config,
        chair,
        member,
        {role: _url(base, role, database) for role in (chair, member)},
        owner_url,
    )
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        for role in (chair, member):
            connection.execute(text(f'DROP ROLE IF EXISTS "{role}"'))
    admin.dispose()


def _refused(engine: Engine, statement: str, match: str) -> None:
    with pytest.raises(DBAPIError, match=match), engine.begin() as connection:
        connection.execute(text(statement))


def test_grants_enforce_the_rules_in_the_engine(deployment: Deployment) -> None:
    d = deployment
    chair = ChairService(d.config, d.url_as[d.chair], TODAY, d.chair)
    assert chair.is_chair
    meeting = chair.start_meeting("weekly-ops")
    decision = chair.record_decision(meeting.id, act())
    finish(chair, meeting.id)
    chair.close()
    later = ChairService(d.config, d.url_as[d.chair], TODAY + dt.timedelta(days=7), d.chair)
    later.approve_previous_minutes(later.start_meeting("weekly-ops").id)
    assert later.verify_history() == [] and later.roster_problems() == []
    later.close()

    member = ChairService(d.config, d.url_as[d.member], TODAY, d.member)
    assert not member.is_chair
    action_id = decision.actions[0].id
    assert action_id is not None
    version = member.action(action_id).version
    member.update_action(action_id, version, ActionStatus.IN_PROGRESS, note="rota drafted")
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
    member.keep_draft(None, f"review:done:{action_id}", "Done", {"evidence": "rota on the wall"})
    assert [d.fields for d in member.drafts(None)] == [{"evidence": "rota on the wall"}]
    member.discard_draft(None, f"review:done:{action_id}")
    assert member.drafts(None) == []
    _refused(
        engine,
        "INSERT INTO drafts (login, item_key, title, fields, updated) "
        f"VALUES ('{d.chair}', 'aob', '', '{{}}', now())",
        "only write drafts rows in their own name",
    )
    # The service says it in one line when the engine refuses.
    with pytest.raises(NotAllowed, match="refused by the database: permission denied"):
        member._register_roster(list(d.config.people))
    member.close()

    # The chair's role may approve and register, but not rewrite history either.
    chair_engine = create_engine(normalise_url(d.url_as[d.chair]))
    _refused(chair_engine, "UPDATE minutes_approvals SET by_login = 'x'", "permission denied")
    _refused(chair_engine, "DELETE FROM audit_log", "permission denied")
    chair_engine.dispose()


def test_chair_db_grant_prints_the_sql(config: ChairConfig) -> None:
    script = grant_sql(config.people, "chair")
    assert 'GRANT chair_chair TO "spatel", "aokafor";' in script
    assert "GRANT INSERT ON audit_log TO chair_member;" in script
    assert 'REVOKE chair_chair FROM "jmorgan"' in script
    assert "REVOKE UPDATE ON audit_log, minutes_approvals, rosters FROM chair_chair;" in script
