"""A meeting never writes into a deleted -wal (issue 18, part 1).

Closing any descriptor of a SQLite file in a process drops every POSIX lock that process holds
on it, SQLite's included. The demo opens services in-process while its meeting's service is open;
when any of them read the database with plain file I/O, the meeting's process lost its locks, the
next Chair process to close believed it was the last, checkpointed and deleted the -wal and -shm,
and everything the meeting saved afterwards went to an unlinked file.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

import pytest

from config import ChairConfig
from storage.database.backup import backup_sqlite
from storage.database.integrity import integrity_problems, leftover_wal_problems
from storage.service.chair import ChairService
from tests.safety.test_bad_input import run_chair

TODAY = dt.date(2026, 11, 26)


def deleted_descriptors() -> list[str]:
    """This process's open database files (a .db, its -wal or -shm) no longer at their path.
    (Anonymous temporary files, such as pytest's captured output, are not databases.)"""
    found = []
    for descriptor in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{descriptor}")
        except OSError:
            continue
        if target.endswith("(deleted)") and ".db" in target:
            found.append(target)
    return found


def aob_titles(home: Path, db: Path) -> str:
    """What another process reads of the database (its own connection, closed after)."""
    code = (
        "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
        "print('\\n'.join(t for (t,) in c.execute('SELECT title FROM aob_items'))); c.close()"
    )
    result = subprocess.run(
        ["python3", "-c", code, str(db)], capture_output=True, text=True, timeout=60, cwd=home
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize(
    "in_process",
    ["second service", "integrity check", "leftover check", "backup"],
)
def test_a_meeting_keeps_its_wal_when_this_process_reads_the_database(
    sample_config: ChairConfig, tmp_path: Path, in_process: str
) -> None:
    db = tmp_path / "chair.db"
    meeting_service = ChairService(sample_config, db, TODAY, "spatel")
    try:
        meeting = meeting_service.meetings.start("weekly-ops")
        meeting_service.meetings.add_aob(meeting.id, "saved before")
        assert Path(f"{db}-wal").stat().st_size > 0
        # What the demo's seeding, `chair check`, the demo template's backup do in-process.
        if in_process == "second service":
            ChairService(sample_config, db, TODAY, "spatel").close()
        elif in_process == "integrity check":
            assert integrity_problems(db, thorough=True) == []
        elif in_process == "leftover check":
            assert leftover_wal_problems(db) == []
        else:
            backup_sqlite(db, tmp_path / "copy.db")
        # Another Chair opens and closes the database.
        for command in ("actions", "minutes", "check"):
            result = run_chair(
                tmp_path,
                "--config",
                str(sample_config.base_dir / "chair.toml"),
                "--db",
                str(db),
                command,
            )
            assert "Traceback" not in result.stderr, result.stderr
        assert deleted_descriptors() == []
        assert Path(f"{db}-wal").exists()
        meeting_service.meetings.add_aob(meeting.id, "saved after")
        assert "saved after" in aob_titles(tmp_path, db)
    finally:
        meeting_service.close()


IN_PROCESS_COMMANDS = (
    ("actions",),
    ("minutes",),
    ("check",),
    ("report", "dashboards"),
    ("db", "backup", "BACKUP"),
    ("db", "upgrade"),
)


@pytest.mark.parametrize("command", IN_PROCESS_COMMANDS, ids=" ".join)
def test_no_deleted_database_file_after_each_command_run_beside_an_open_meeting(
    sample_config: ChairConfig,
    tmp_path: Path,
    command: tuple[str, ...],
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Each command's service path run in the meeting's own process (as the demo runs its
    seeding, and the TUI its screens); then another process opens and closes the database."""
    from chair.cli import main

    db = tmp_path / "chair.db"
    config = str(sample_config.base_dir / "chair.toml")
    meeting_service = ChairService(sample_config, db, TODAY, "spatel")
    try:
        meeting = meeting_service.meetings.start("weekly-ops")
        meeting_service.meetings.add_aob(meeting.id, "saved before")
        arguments = [str(tmp_path / "copy.db") if a == "BACKUP" else a for a in command]
        code = main(["--config", config, "--db", str(db), "--today", TODAY.isoformat(), *arguments])
        assert code in (0, 1), capsys.readouterr().err
        assert "saved before" in aob_titles(tmp_path, db)  # another process opens and closes
        assert deleted_descriptors() == []
        meeting_service.meetings.add_aob(meeting.id, "saved after")
        assert "saved after" in aob_titles(tmp_path, db)
    finally:
        meeting_service.close()
