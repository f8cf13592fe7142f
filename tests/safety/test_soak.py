"""A three-hour meeting on an accelerated clock: hundreds of entries, resumes, backups and a
restore, and nothing lost.

The service's clock is moved by hand (30 s a step, 360 steps = 3 hours). Along the way: AOB
items, decisions with actions, decisions replaced (their actions dropped, never orphaned),
action updates, the position and meeting clock saved, the chair's screen closed and the meeting
resumed every 20 minutes, a backup every half hour, and at 2 h the 1 h 30 backup restored with
`chair db restore` into a second folder and checked to hold exactly what was confirmed by then.
At the end every confirmed entry is in the database, which is whole, and in the minutes.
Sized to run in well under a minute, so it stays in every CI run.
"""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from config import ChairConfig
from domain.records import Action, ActionStatus, Decision, DecisionKind
from storage.database.backup import backup_sqlite
from storage.service.chair import ChairService
from tests.safety.conftest import SAMPLE
from tests.safety.test_bad_input import run_chair

TODAY = dt.date(2026, 11, 26)
STEP = dt.timedelta(seconds=30)
STEPS = 360  # three hours
RESUME_EVERY = 40  # 20 minutes
BACKUP_EVERY = 60  # 30 minutes
RESTORE_AT = 240  # 2 hours: restore the backup taken at 1 h 30

pytestmark = pytest.mark.slow


@dataclass
class Confirmed:
    """What the meeting confirmed (a service call returned), step by step."""

    aob: dict[int, str] = field(default_factory=dict)
    decisions: dict[int, tuple[int, str]] = field(default_factory=dict)
    """AOB item id -> (current decision id, its reason)."""
    open_actions: dict[int, str] = field(default_factory=dict)
    dropped_actions: set[int] = field(default_factory=set)
    notes: dict[int, list[str]] = field(default_factory=dict)
    elapsed: int = 0
    entries: int = 0
    """AOB items, decisions and action updates confirmed (positions not counted)."""

    def snapshot(self) -> Confirmed:
        return Confirmed(
            dict(self.aob),
            dict(self.decisions),
            dict(self.open_actions),
            set(self.dropped_actions),
            {k: list(v) for k, v in self.notes.items()},
            self.elapsed,
            self.entries,
        )


class Soak:
    def __init__(self, config: ChairConfig, db: Path, seed: int) -> None:
        self.config = config
        self.db = db
        self.rng = random.Random(seed)
        self.now = dt.datetime(2026, 11, 26, 9, 0)
        self.service = self._open()
        self.meeting_id = self.service.meetings.start("monthly-management").id
        self.sections = len(self.service.meetings.get(self.meeting_id).sections)
        self.section = 0
        self.confirmed = Confirmed()

    def _open(self) -> ChairService:
        service = ChairService(self.config, self.db, TODAY, "spatel", now=lambda: self.now)
        service.holder_token = f"screen-{self.rng.randrange(1 << 30)}"
        return service

    def resume(self) -> None:
        """The chair's screen closes (q, or a dropped connection) and the meeting resumes."""
        self.service.close()
        self.service = self._open()
        [meeting] = self.service.meetings.in_progress()
        assert meeting.id == self.meeting_id
        assert meeting.elapsed_seconds == self.confirmed.elapsed
        assert self.service.holders.hold(self.meeting_id).mine

    def step(self, number: int) -> None:
        self.now += STEP
        service, meeting_id, confirmed = self.service, self.meeting_id, self.confirmed
        choice = number % 6
        if choice == 0 or not confirmed.aob:
            item = service.meetings.add_aob(meeting_id, f"soak item {number}")
            confirmed.aob[item.id] = item.title
            confirmed.entries += 1
        elif choice in (1, 2):
            item_id = self.rng.choice(sorted(confirmed.aob))
            seen = confirmed.decisions.get(item_id, (None, ""))[0]
            reason = f"reason at step {number}"
            due = TODAY + dt.timedelta(days=7)
            saved = service.decisions.record(
                meeting_id,
                Decision(
                    id=None,
                    section_key="aob",
                    kind=DecisionKind.ACT,
                    title=confirmed.aob[item_id],
                    reason=reason,
                    actions=(Action(None, f"action of step {number}", "jm", due),),
                ),
                aob_item_id=item_id,
                seen_decision_id=seen,
                check_stale=True,
            )
            if seen is not None:  # replaced: the old decision's open actions are dropped
                replaced = [
                    a for a, text in confirmed.open_actions.items() if text.endswith(f"#{seen}")
                ]
                for action_id in replaced:
                    confirmed.open_actions.pop(action_id)
                    confirmed.dropped_actions.add(action_id)
            assert saved.id is not None
            confirmed.decisions[item_id] = (saved.id, reason)
            confirmed.entries += 1
            for action in saved.actions:
                assert action.id is not None
                confirmed.open_actions[action.id] = f"{action.description} #{saved.id}"
        elif choice == 3 and confirmed.open_actions:
            action_id = self.rng.choice(sorted(confirmed.open_actions))
            current = service.actions.get(action_id)
            note = f"progress at step {number}"
            service.actions.update(action_id, current.version, ActionStatus.IN_PROGRESS, note=note)
            confirmed.notes.setdefault(action_id, []).append(note)
            confirmed.entries += 1
        elif self.section > 0 and self.rng.random() < 0.5:
            self.section = self.rng.randrange(self.section)  # p: back to an earlier section
            at = service.meetings.get(meeting_id).current_section
            for _ in range(at - self.section):
                service.sections.go_back(meeting_id)
        else:
            self.section = self.rng.randrange(self.sections)
        confirmed.elapsed = number * int(STEP.total_seconds())
        service.sections.save_position(meeting_id, self.section, 0, confirmed.elapsed)


def check(config: ChairConfig, db: Path, expected: Confirmed, context: str) -> None:
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",), context
    service = ChairService(config, db, TODAY, "spatel")
    try:
        [meeting] = service.meetings.in_progress()
        assert {item.id: item.title for item in meeting.aob} == expected.aob, context
        current = {
            item.id: (item.decision.id, item.decision.reason)
            for item in meeting.aob
            if item.decision
        }
        assert current == expected.decisions, context
        assert meeting.elapsed_seconds == expected.elapsed, context
        actions = {a.id: a for a in service.actions.find(include_closed=True)}
        for action_id in expected.open_actions:
            assert actions[action_id].status in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
        for action_id in expected.dropped_actions:
            assert actions[action_id].status is ActionStatus.DROPPED, context
        for action_id, notes in expected.notes.items():
            saved = [u.note for u in service.actions.get(action_id).updates if u.note]
            assert all(note in saved for note in notes), context
        # Nothing orphaned: every open action belongs to a decision still in force.
        in_force = {decision_id for decision_id, _ in expected.decisions.values()}
        for action in actions.values():
            if action.meeting_id == meeting.id and not action.status.closed:
                assert action.id in expected.open_actions, f"{context}: orphan {action}"
        minutes = service.minutes.markdown(meeting.id)
        for _decision_id, reason in expected.decisions.values():
            assert reason in minutes, context
        assert in_force
    finally:
        service.close()


def test_a_three_hour_meeting_loses_nothing(
    tmp_path: Path, sample_config: ChairConfig, safety_seed: int
) -> None:
    practice = tmp_path / "practice"
    practice.mkdir()
    soak = Soak(sample_config, practice / "chair.db", safety_seed)
    assert soak.service.holders.hold(soak.meeting_id).mine
    backups: dict[int, tuple[Path, Confirmed]] = {}
    for number in range(1, STEPS + 1):
        soak.step(number)
        if number % RESUME_EVERY == 0:
            soak.resume()
        if number % BACKUP_EVERY == 0:
            backup = tmp_path / "backups" / f"chair-{number:03d}.db"
            backup.parent.mkdir(exist_ok=True)
            backup_sqlite(soak.db, backup)  # while the meeting's service is open
            backups[number] = (backup, soak.confirmed.snapshot())
        if number == RESTORE_AT:
            # Restore the 1 h 30 backup as a user would, into a second folder (the live
            # meeting carries on), and check it holds exactly what was confirmed by then.
            backup, then = backups[RESTORE_AT - BACKUP_EVERY]
            other = tmp_path / "restored" / "chair.db"
            other.parent.mkdir()
            restored = run_chair(
                tmp_path, "--config", str(SAMPLE), "--db", str(other), "db", "restore", str(backup)
            )
            assert restored.returncode == 0, restored.stderr
            check(sample_config, other, then, f"seed {safety_seed}: the restored backup")
    soak.service.close()
    assert soak.confirmed.entries >= 200, soak.confirmed.entries
    assert soak.confirmed.elapsed == 3 * 60 * 60
    check(sample_config, soak.db, soak.confirmed, f"seed {safety_seed}: after three hours")
    assert not Path(f"{soak.db}-wal").exists() or Path(f"{soak.db}-wal").stat().st_size == 0
    print(
        f"\nsoak: {STEPS} steps over 3 h, {soak.confirmed.entries} entries, "
        f"{len(soak.confirmed.aob)} AOB items, "
        f"{len(soak.confirmed.decisions)} items decided, {len(soak.confirmed.dropped_actions)} "
        f"actions dropped by replacement, {len(backups)} backups, 1 restore"
    )
