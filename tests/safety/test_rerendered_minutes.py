"""Decisions and actions of an approved meeting edited afterwards in the database are caught
(issue 18, part 6): `chair check` renders the minutes again from the rows, as they stood at
approval, and compares them with the locked text. Updates recorded through Chair after approval
(a new date, a new owner) are not edits. On SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from config import ChairConfig
from domain.records import ActionStatus
from storage.service.chair import ChairService
from tests.db_templates import built_sqlite
from tests.safety.test_security import act, finish

TODAY = dt.date(2026, 11, 26)


def _approved_at(config: ChairConfig, db: str | Path) -> tuple[int, int]:
    """A meeting with a decision and an action, approved at the next: (meeting id, action id)."""
    first = ChairService(config, db, TODAY, "spatel")
    meeting = first.meetings.start("weekly-ops")
    decision = first.decisions.record(meeting.id, act())
    finish(first, meeting.id)
    first.close()
    later = ChairService(config, db, TODAY + dt.timedelta(days=7), "spatel")
    later.minutes.approve_previous(later.meetings.start("weekly-ops").id)
    later.close()
    action_id = decision.actions[0].id
    assert action_id is not None
    return meeting.id, action_id


@pytest.fixture
def approved(sample_config: ChairConfig, db_url: str) -> Iterator[tuple[ChairService, int, int]]:
    """(service, meeting id, action id): a meeting with a decision and an action, approved.
    On SQLite a copy of the one built per test process (the meeting's walk is the cost)."""
    if "://" in db_url:
        meeting_id, action_id = _approved_at(sample_config, db_url)
    else:
        meeting_id, action_id = built_sqlite(
            "rerendered: one decision approved",
            Path(db_url),
            lambda path: _approved_at(sample_config, path),
        )
    later = ChairService(sample_config, db_url, TODAY + dt.timedelta(days=7), "spatel")
    yield later, meeting_id, action_id
    later.close()


def _edit(service: ChairService, statement: str) -> None:
    with service.engine.begin() as connection:
        connection.execute(text(statement))


def test_updates_recorded_after_approval_are_not_edits(
    approved: tuple[ChairService, int, int],
) -> None:
    service, _, action_id = approved
    version = service.actions.get(action_id).version
    moved = service.today + dt.timedelta(days=30)
    service.actions.update(action_id, version, note="ICB late", new_due=moved, new_owner_id="lc")
    service.actions.update(
        action_id, service.actions.get(action_id).version, ActionStatus.BLOCKED, note="waiting"
    )
    assert service.minutes.verify_locked() == []


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE decisions SET reason = 'Nobody knew why'",
        "UPDATE actions SET description = 'Nothing to do'",
        "UPDATE actions SET owner_id = 'lc'",
        "UPDATE actions SET due = '2027-01-31'",
    ],
)
def test_a_row_edited_after_approval_is_caught(
    approved: tuple[ChairService, int, int], statement: str
) -> None:
    service, meeting_id, _ = approved
    assert service.minutes.verify_locked() == []
    _edit(service, statement)
    problems = service.minutes.verify_locked()
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"meeting {meeting_id} (weekly-ops, {TODAY.isoformat()}): ")
    assert "(decisions and actions) were edited after the minutes were approved" in problems[0]


def test_an_owner_changed_outside_chair_after_a_recorded_update_is_caught(
    approved: tuple[ChairService, int, int],
) -> None:
    """With an update recorded since approval the minutes compare with the audit entry's
    `before`; the row itself must still hold what the latest audit entry recorded."""
    service, _, action_id = approved
    moved = service.today + dt.timedelta(days=30)
    service.actions.update(
        action_id, service.actions.get(action_id).version, note="late", new_due=moved
    )
    assert service.history.verify() == []
    _edit(service, f"UPDATE actions SET owner_id = 'lc' WHERE id = {action_id}")
    problems = service.history.verify()
    assert any(
        f"action {action_id}: its owner is lc, but the audit log" in p
        and "last recorded jm: it was changed outside Chair" in p
        for p in problems
    ), problems
