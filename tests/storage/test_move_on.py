"""One `n` is one transaction and one read of the meeting: `move_on` saves the position, passes
the gate and moves (or says what is missing), and returns the meeting as it now stands."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from domain.keys import SectionKey, Target
from domain.records import MeetingState, Position
from domain.status import Status
from storage.errors import DatabaseError
from storage.service.chair import ChairService
from tests.storage.test_service import act, dna_reading, walk_to


@contextmanager
def counted(service: ChairService) -> Iterator[dict[str, int]]:
    """Commits, and reads of a meeting row, while the block runs."""
    counts = {"commits": 0, "meeting reads": 0}

    def on_commit(connection: object) -> None:
        counts["commits"] += 1

    def on_execute(conn: object, cursor: object, statement: str, *args: object) -> None:
        if statement.lstrip().startswith("SELECT meetings."):  # a meeting row, read
            counts["meeting reads"] += 1

    event.listen(service.engine, "commit", on_commit)
    event.listen(service.engine, "before_cursor_execute", on_execute)
    try:
        yield counts
    finally:
        event.remove(service.engine, "commit", on_commit)
        event.remove(service.engine, "before_cursor_execute", on_execute)


def test_one_n_is_one_transaction_and_one_read_of_the_meeting(service: ChairService) -> None:
    meeting = service.meetings.start("weekly-ops")
    walk_to(service, meeting.id, SectionKey.of_dashboard("access"))
    index = service.meetings.get(meeting.id).current_section
    readings = [dna_reading(6.4, Status.RED)]
    position = Position(meeting.id, index, 0, 754, False, 91)

    with counted(service) as counts:
        refused = service.sections.move_on(meeting.id, readings, position)
    assert [u.target for u in refused.unmet] == [Target.metric("dna-rate")]
    assert refused.meeting.current_section == index and refused.minutes is None
    assert counts == {"commits": 1, "meeting reads": 1}
    assert service.meetings.get(meeting.id).elapsed_seconds == 754  # saved even though refused

    service.decisions.record(meeting.id, act(), breach_status="RED")
    with counted(service) as counts:
        moved = service.sections.move_on(meeting.id, readings, dataclasses.replace(position, row=2))
    assert moved.unmet == [] and moved.minutes is None
    assert counts == {"commits": 1, "meeting reads": 1}
    # What it returns is the meeting as stored, without another read.
    assert moved.meeting == service.meetings.get(meeting.id)
    assert moved.meeting.current_section == index + 1
    assert (
        moved.meeting.sections[index].closed and moved.meeting.sections[index].seconds_spent == 91
    )


def test_the_last_n_closes_the_meeting_and_returns_its_minutes(service: ChairService) -> None:
    meeting = service.meetings.start("daily-huddle")
    last = len(meeting.sections) - 1
    for _ in range(last):
        assert service.sections.move_on(meeting.id).unmet == []
    closed = service.sections.move_on(meeting.id)
    assert closed.unmet == [] and closed.meeting.state is MeetingState.CLOSED
    assert closed.minutes is not None and closed.minutes == service.minutes.markdown(meeting.id)


def test_a_failed_step_saves_nothing(
    service: ChairService, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The position and the move are one transaction: when the move fails after the position
    was written, neither is kept."""
    meeting = service.meetings.start("weekly-ops")

    def broken(section_key: str) -> str | None:
        raise DatabaseError("database error: disk I/O error")

    monkeypatch.setattr(service.readings, "section_indicators", broken)
    with pytest.raises(DatabaseError):
        service.sections.move_on(meeting.id, None, Position(meeting.id, 0, 3, 999, True, 5))
    after = service.meetings.get(meeting.id)
    assert (after.elapsed_seconds, after.timer_paused, after.highlighted_row) == (0, False, 0)
    assert after.current_section == 0 and not after.sections[0].closed
