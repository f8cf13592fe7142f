"""PostgreSQL with `chair db grant` (issue 18, part 6): a member who is not a chair cannot, from
psql, rewrite `action_updates`, add one signed as someone else, or change anyone else's action;
the owner (or a chair) still can through Chair, and `chair check` names an update whose signature
is not the author its audit entry records."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import DBAPIError

from domain.records import ActionStatus
from storage.database.engine import normalise_url
from storage.service.chair import ChairService
from tests.safety.test_security import act, finish
from tests.storage.test_postgres_roles import Deployment, deployment  # noqa: F401 - the fixture

pytestmark = pytest.mark.postgres
TODAY = dt.date(2026, 11, 26)


def _refused(engine: Engine, statement: str, match: str) -> str:
    with pytest.raises(DBAPIError, match=match) as caught, engine.begin() as connection:
        connection.execute(text(statement))
    return str(caught.value.orig).splitlines()[0]


def _two_actions(d: Deployment) -> tuple[int, int]:
    """A closed meeting with an action owned by the member (jm) and one by the other (lc)."""
    chair = ChairService(d.config, d.url_as[d.chair], TODAY, d.chair)
    meeting = chair.meetings.start("weekly-ops")
    decision = chair.decisions.record(meeting.id, act())
    theirs = chair.decisions.add_action(decision.id or 0, act(owner="lc").actions[0])
    finish(chair, meeting.id)
    chair.close()
    mine = decision.actions[0].id
    assert mine is not None and theirs.id is not None
    return mine, theirs.id


def test_a_member_cannot_rewrite_or_forge_updates_nor_change_anothers_action(
    deployment: Deployment,  # noqa: F811 - the fixture
) -> None:
    d = deployment
    mine, theirs = _two_actions(d)
    member = ChairService(d.config, d.url_as[d.member], TODAY, d.member)
    member.actions.update(
        mine, member.actions.get(mine).version, ActionStatus.IN_PROGRESS, note="ok"
    )
    engine = member.engine
    insert = (
        'INSERT INTO action_updates (action_id, "when", by_login, status, note, evidence) '
        "VALUES ({action}, now(), '{login}', 'done', 'forged', '')"
    )
    # action_updates is INSERT-only: no rewriting of a note or an author, no deleting.
    _refused(engine, "UPDATE action_updates SET note = 'rewritten'", "permission denied")
    _refused(engine, f"UPDATE action_updates SET by_login = '{d.other}'", "permission denied")
    _refused(engine, "DELETE FROM action_updates", "permission denied")
    # An update is signed by the connected role, and goes only on the signer's own actions.
    _refused(
        engine,
        insert.format(action=mine, login=d.chair),
        "may only write action_updates rows in their own name",
    )
    _refused(
        engine,
        insert.format(action=theirs, login=d.member),
        f"may change only their own actions: action {theirs} is owned by lc",
    )
    # Another member's action cannot be changed; one's own can.
    _refused(
        engine,
        f"UPDATE actions SET status = 'done', evidence = 'x' WHERE id = {theirs}",
        f"{d.member} may change only their own actions",
    )
    with engine.begin() as connection:
        done = f"UPDATE actions SET evidence = 'rota on the wall' WHERE id = {mine}"
        assert connection.execute(text(done)).rowcount == 1
    # Handing one's own action over (the new owner is written before the update recording it).
    member.actions.update(
        mine, member.actions.get(mine).version, note="lc takes it", new_owner_id="lc"
    )
    assert member.actions.get(mine).owner_id == "lc"
    _refused(engine, f"UPDATE actions SET owner_id = 'jm' WHERE id = {mine}", "their own actions")
    member.close()
    # A chair may change anyone's action.
    chair = ChairService(d.config, d.url_as[d.chair], TODAY, d.chair)
    chair.actions.update(
        theirs, chair.actions.get(theirs).version, ActionStatus.BLOCKED, note="wait"
    )
    assert chair.history.verify() == []
    chair.close()


def test_check_names_an_update_whose_signature_is_not_its_author(
    deployment: Deployment,  # noqa: F811 - the fixture
) -> None:
    d = deployment
    mine, _ = _two_actions(d)
    member = ChairService(d.config, d.url_as[d.member], TODAY, d.member)
    member.actions.update(
        mine, member.actions.get(mine).version, ActionStatus.IN_PROGRESS, note="ok"
    )
    member.close()
    owner = create_engine(normalise_url(d.owner_url))
    with owner.begin() as connection:  # only the tables' owner could do this
        connection.execute(text(f"UPDATE action_updates SET by_login = '{d.other}'"))
    owner.dispose()
    chair = ChairService(d.config, d.url_as[d.chair], TODAY, d.chair)
    problems = chair.history.verify()
    chair.close()
    assert any(
        f"signed by {d.other}, but the audit log" in p and f"records {d.member}" in p
        for p in problems
    ), problems
