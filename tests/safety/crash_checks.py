"""What must hold in a database after a crash: every confirmed entry present and whole."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import text

from storage.service.chair import ChairService
from tests.safety.crash_driver import MEETING_TYPE, STEP_TAG, action_descriptions


@dataclass
class Confirmed:
    """The lines a driver printed before it was killed, across every run of one chain."""

    lines: list[str] = field(default_factory=list)
    ready: bool = False
    """A driver said it had the meeting open: from then on the meeting must resume."""

    def add(self, line: str) -> None:
        if line.startswith("confirmed "):
            self.lines.append(line)
        elif line.startswith("ready "):
            self.ready = True

    def __len__(self) -> int:
        return len(self.lines)


def _step(value: str) -> int:
    match = STEP_TAG.search(value or "")
    assert match, value
    return int(match.group(1))


def check_database(service: ChairService, confirmed: Confirmed, context: str) -> None:
    """Assert the database is sound, holds every confirmed entry and nothing half-written."""
    with service.engine.connect() as connection:
        if service.engine.dialect.name == "sqlite":  # PostgreSQL enforces both itself
            assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok", context
            assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == [], context
        decisions = connection.execute(
            text("SELECT id, title, kind, aob_item_id, superseded, metric_id FROM decisions")
        ).all()
        actions = connection.execute(
            text("SELECT id, decision_id, description, version FROM actions")
        ).all()
        aob = connection.execute(text("SELECT id, title FROM aob_items")).all()
        updates = connection.execute(text("SELECT action_id, note FROM action_updates")).all()
        audit = Counter(
            (entity, what)
            for entity, what in connection.execute(text("SELECT entity, what FROM audit_log"))
        )
        audit_updates = Counter(
            entity_id
            for (entity_id,) in connection.execute(
                text("SELECT entity_id FROM audit_log WHERE entity = 'action' AND what = 'update'")
            )
        )

    # Decisions appear whole: an act decision always with both its actions, each with its
    # audit row; an AOB decision always with its item.
    actions_of: dict[int, list[str]] = {}
    for _id, decision_id, description, _version in actions:
        actions_of.setdefault(decision_id, []).append(description)
    aob_ids = {row.id for row in aob}
    for row in decisions:
        if row.kind == "act":
            assert sorted(actions_of.get(row.id, [])) == sorted(
                action_descriptions(_step(row.title))
            ), f"{context}: decision {row.title} is not whole"
        else:
            assert row.aob_item_id in aob_ids, f"{context}: {row.title} lost its AOB item"
    assert set(actions_of) <= {row.id for row in decisions}, context
    assert audit[("decision", "record")] == len(decisions), context
    assert audit[("action", "create")] == len(actions), context
    assert audit[("aob", "add")] == len(aob), context
    # One live decision per breach: the latest; earlier ones are kept, superseded.
    live = Counter(row.metric_id for row in decisions if row.metric_id and not row.superseded)
    assert all(count == 1 for count in live.values()), f"{context}: {live}"
    # Every action update is whole: version, update row and audit row move together.
    updates_of = Counter(action_id for action_id, _note in updates)
    for action_id, _decision_id, _description, version in actions:
        assert version == 1 + updates_of[action_id] == 1 + audit_updates[action_id], (
            f"{context}: action {action_id} version {version}, {updates_of[action_id]} updates, "
            f"{audit_updates[action_id]} audited"
        )

    # Every confirmed entry is there.
    titles = {row.title for row in decisions}
    aob_titles = {row.title for row in aob}
    aob_decided = {row.aob_item_id for row in decisions if row.aob_item_id}
    notes = {(action_id, note) for action_id, note in updates}
    versions = {row.id: row.version for row in actions}
    for line in confirmed.lines:
        _, step_text, kind, *rest = line.split()
        step = int(step_text)
        if kind == "decision":
            assert f"step-{step} decision" in titles, f"{context}: lost {line}"
        elif kind == "aob":
            assert f"step-{step} AOB item" in aob_titles, f"{context}: lost {line}"
            assert int(rest[0]) in aob_decided, f"{context}: lost the decision of {line}"
        elif kind == "update" and rest[0] != "none":
            action_id, version = int(rest[0]), int(rest[1])
            assert (action_id, f"step-{step} progress") in notes, f"{context}: lost {line}"
            assert versions[action_id] >= version, f"{context}: lost {line}"

    # The meeting resumes where it stopped.
    in_progress = service.meetings.in_progress()
    if not confirmed.ready:
        assert len(in_progress) <= 1, context  # killed before the meeting was confirmed open
        return
    [meeting] = in_progress
    assert meeting.meeting_type == MEETING_TYPE
    last = next((line for line in reversed(confirmed.lines) if " position " in line), None)
    if last is not None and last == confirmed.lines[-1]:
        section, row = (int(v) for v in last.split()[3:5])
        resumed = (meeting.current_section, meeting.highlighted_row)
        # The step after it may have committed without printing (a move, one section on or
        # back, resets the row).
        assert resumed == (section, row) or (
            meeting.highlighted_row == 0 and meeting.current_section in (section + 1, section - 1)
        ), f"{context}: resumed at {resumed}, confirmed {last}"
