"""Abandoning a meeting begun by mistake: gone when nothing is recorded (the audit log keeps a
delete entry, the chain still checks), closed as abandoned when something is (minutes say so)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from storage.database.models import AuditRow, MeetingRow, SectionRow
from storage.errors import UserError
from storage.security.chain import verify_chain
from storage.service.chair import ChairService


def test_a_meeting_with_nothing_recorded_is_deleted_and_audit_logged(
    service: ChairService,
) -> None:
    meeting = service.meetings.start("weekly-ops")
    service.attendance.record(meeting.id, ("sp", "jm"), ("tb",))  # attendance is not a record
    service.sections.save_position(meeting.id, 2, 1, 90)  # moving about is not either
    outcome = service.meetings.abandon(meeting.id)
    assert outcome.deleted and outcome.minutes is None
    store = service.store
    with store.sessions() as session:
        assert session.get(MeetingRow, meeting.id) is None
        assert (
            session.scalars(select(SectionRow).where(SectionRow.meeting_id == meeting.id)).all()
            == []
        )
        audit = session.scalars(
            select(AuditRow).where(AuditRow.entity == "meeting", AuditRow.entity_id == meeting.id)
        ).all()
    assert [a.what for a in audit][-1] == "delete"
    before = json.loads(audit[-1].before or "{}")
    assert before["type"] == "weekly-ops" and before["why"] == "abandoned with nothing recorded"
    with store.engine.connect() as connection:
        assert verify_chain(connection, "audit_log") is None
    assert service.meetings.in_progress() == []
    # A new meeting of the type starts afresh (the previous one is the last closed one).
    again = service.meetings.start("weekly-ops")
    assert again.state.value == "in progress"


def test_a_meeting_with_something_recorded_is_closed_as_abandoned(
    service: ChairService,
) -> None:
    meeting = service.meetings.start("weekly-ops")
    service.meetings.add_aob(meeting.id, "Car park resurfacing")
    service.sections.save_position(meeting.id, 3, 0, 300)
    outcome = service.meetings.abandon(meeting.id)
    assert not outcome.deleted
    assert outcome.recorded == ("aob_items.meeting_id: 1",)
    stored = service.meetings.get(meeting.id)
    assert stored.state.value == "closed" and stored.abandoned
    assert stored.next_meeting is not None
    title = stored.sections[3].title
    assert outcome.minutes is not None
    assert f"**This meeting was abandoned at section 4 ({title})" in outcome.minutes
    assert "Car park resurfacing" in outcome.minutes
    assert "abandoned" in service.minutes.markdown(meeting.id)
    with pytest.raises(UserError, match="already closed"):
        service.meetings.abandon(meeting.id)
    with service.store.engine.connect() as connection:
        assert verify_chain(connection, "audit_log") is None
