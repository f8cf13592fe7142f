"""The restore procedure of docs/backup-and-restore.md, run exactly as written.

A practice's database has closed and approved minutes and a meeting in progress; it is backed
up with `chair db backup`, more is written, then the disk damages the file while a writer was
killed mid-meeting (a stale -wal beside it). The shell block from the document restores it;
afterwards everything up to the backup is there, whole, private, the locked minutes verify, and
the meeting resumes. (Backups taken *while* three processes write are checked in
test_concurrency.py.)
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

from config import ChairConfig
from domain.keys import SectionKey
from domain.records import Action, Decision, DecisionKind
from storage.service.chair import ChairService
from tests.safety.conftest import ROOT, SAMPLE, subprocess_env
from tests.work_sections import settle_work_section

DOC = ROOT / "docs" / "backup-and-restore.md"
TODAY = dt.date(2026, 11, 26)
CHAIR = shutil.which("chair", path=str(Path(sys.executable).parent)) or "chair"


def restore_block() -> str:
    [block] = re.findall(r"```sh\n(.*?)```", DOC.read_text(), flags=re.DOTALL)
    return block


def _history(config: ChairConfig, db: Path) -> int:
    """Last week's meeting closed; this week's approves its minutes and is in progress."""
    last_week = ChairService(config, db, TODAY - dt.timedelta(days=7), "spatel")
    first = last_week.meetings.start("weekly-ops")
    last_week.decisions.record(
        first.id,
        Decision(
            id=None,
            section_key=SectionKey.of_dashboard("access"),
            kind=DecisionKind.ACT,
            metric_id="dna-rate",
            title="DNA rate",
            data_shows="6.4%, second month red",
            reason="rota gaps",
            actions=(Action(id=None, description="Review rota", owner_id="jm", due=TODAY),),
        ),
    )
    while last_week.meetings.get(first.id).state.value == "in progress":
        settle_work_section(last_week, first.id)
        assert last_week.sections.move_on(first.id).unmet == []
    last_week.close()
    this_week = ChairService(config, db, TODAY, "spatel")
    meeting = this_week.meetings.start("weekly-ops")
    this_week.minutes.approve_previous(meeting.id, "Jo Morgan was present")
    this_week.meetings.add_aob(meeting.id, "entered before the backup")
    this_week.close()
    return meeting.id


def _killed_writer_leaves_a_wal(db: Path) -> None:
    code = textwrap.dedent(
        f"""
        import datetime as dt, os, signal
        from config import load_config
        from storage.service.chair import ChairService
        svc = ChairService(load_config({str(SAMPLE)!r}), {str(db)!r}, dt.date(2026, 11, 26), "spatel")
        [meeting] = svc.meetings.in_progress()
        svc.meetings.add_aob(meeting.id, "entered after the backup")
        os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=subprocess_env(), capture_output=True
    )
    assert result.returncode == -signal.SIGKILL, result.stderr
    assert Path(f"{db}-wal").stat().st_size > 0


def test_the_documented_restore_brings_back_everything_up_to_the_backup(
    tmp_path: Path, sample_config: ChairConfig
) -> None:
    practice = tmp_path / "practice"
    practice.mkdir()
    db = practice / "chair.db"
    backup = tmp_path / "backups" / "chair-2026-11-26.db"
    backup.parent.mkdir()
    meeting_id = _history(sample_config, db)
    env = {**subprocess_env(), "CHAIR_CONFIG": str(SAMPLE)}
    env["PATH"] = f"{Path(CHAIR).parent}{os.pathsep}{env.get('PATH', '')}"
    made = subprocess.run(
        [CHAIR, "--db", str(db), "db", "backup", str(backup)],
        env=env,
        capture_output=True,
        text=True,
    )
    assert made.returncode == 0, made.stderr

    _killed_writer_leaves_a_wal(db)
    with db.open("r+b") as damaged:  # the disk loses the second half of the file
        damaged.truncate(db.stat().st_size // 2)
        damaged.seek(100)
        damaged.write(b"\xde\xad" * 2048)
    broken = subprocess.run(
        [CHAIR, "--db", str(db), "minutes"], env=env, capture_output=True, text=True, cwd=practice
    )
    assert broken.returncode == 2 and "Traceback" not in broken.stderr, broken.stderr

    restored = subprocess.run(
        ["bash", "-c", restore_block()],
        env={**env, "DB": str(db), "BACKUP": str(backup)},
        capture_output=True,
        text=True,
        cwd=practice,
        timeout=300,
    )
    assert "Traceback" not in restored.stderr, restored.stderr
    assert restored.returncode in (0, 1), restored.stderr  # 1: a sample data source has errors
    assert "Restored" in restored.stderr and "integrity ok" in restored.stderr, restored.stderr
    assert "integrity_check ok" in restored.stderr, restored.stderr
    assert "approved minutes checked against their hashes" in restored.stderr, restored.stderr
    assert "ERROR database" not in restored.stdout, restored.stdout

    kept = sorted(p.name.split(".replaced-")[0] for p in practice.glob("chair.db*.replaced-*"))
    assert kept == ["chair.db", "chair.db-shm", "chair.db-wal"]  # the damaged files are kept
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    service = ChairService(sample_config, db, TODAY, "spatel")
    [meeting] = service.meetings.in_progress()
    assert meeting.id == meeting_id
    assert [item.title for item in meeting.aob] == ["entered before the backup"]
    assert service.minutes.verify_locked() == []
    assert "Jo Morgan was present" in service.minutes.markdown(meeting.previous_meeting_id)
    assert [a.description for a in service.actions.find()] == ["Review rota"]
    assert service.sections.move_on(meeting.id).unmet == []  # and the meeting carries on
    service.close()
