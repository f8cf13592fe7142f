"""A registered roster must match the audit entry of its registration (issue 18, part 6): a roster
row inserted outside Chair with its chain hash recomputed passes the chain, not this check. On
SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import text

from config import ChairConfig
from storage.security import chain
from storage.service.chair import ChairService

TODAY = dt.date(2026, 11, 26)


def test_an_inserted_roster_row_with_a_recomputed_hash_is_caught(
    sample_config: ChairConfig, db_url: str
) -> None:
    service = ChairService(sample_config, db_url, TODAY, "spatel")
    assert service.roster.problems() == [] and service.history.verify() == []
    people = [p.model_dump(mode="json") for p in sample_config.people]
    for person in people:
        person["chair"] = person["login"] == "jmorgan"  # a member makes themselves the chair
    values = [dt.datetime(2026, 11, 26, 9, 0), "spatel", json.dumps(people, sort_keys=True)]
    with service.engine.begin() as connection:
        link = chain.link_hash(chain.last_hash(connection, "rosters"), values)
        connection.execute(
            text(
                "INSERT INTO rosters (registered, by_login, people, chain_hash) "
                "VALUES (:r, :b, :p, :h)"
            ),
            {"r": values[0], "b": values[1], "p": values[2], "h": link},
        )
    service.close()
    again = ChairService(sample_config, db_url, TODAY, "spatel")
    history, problems = again.history.verify(), again.roster.problems()
    again.close()
    assert not any("registered rosters" in p for p in history), history  # the chain holds
    assert any(
        "roster 2 (registered by spatel): no entry in the audit log records its registration" in p
        for p in problems
    ), problems


def test_a_roster_row_edited_with_its_chain_recomputed_is_caught(
    sample_config: ChairConfig, db_url: str
) -> None:
    service = ChairService(sample_config, db_url, TODAY, "spatel")
    people = [p.model_dump(mode="json") for p in sample_config.people]
    for person in people:
        person["chair"] = person["login"] == "jmorgan"
    with service.engine.begin() as connection:
        chain.drop_triggers(connection, ["rosters"])
        connection.execute(
            text("UPDATE rosters SET people = :p"), {"p": json.dumps(people, sort_keys=True)}
        )
        (row,) = chain.rows_in_order(connection, "rosters")
        connection.execute(
            text("UPDATE rosters SET chain_hash = :h"),
            {"h": chain.link_hash(chain.GENESIS, row[2:])},
        )
        chain.restore_triggers(connection)
    problems = service.roster.problems()
    service.close()
    assert any(
        "roster 1 (registered by spatel): changed since the audit log" in p for p in problems
    ), problems
