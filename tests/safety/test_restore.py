"""`chair db restore`, and the damaged database of issue 12 reproduced as a user made it.

The user backed up, went on working (the database grew and was checkpointed), a session left a
`-wal` behind, and the old README said "copy a backup over chair.db": SQLite then replayed that
`-wal` onto the backup. Every command must say so in one line naming the file and the restore
command, and leave the damaged files as they are; `chair db restore` must check the backup,
refuse while anyone has the database open, keep what it replaces, and install a whole copy.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from config import ChairConfig
from storage.database.backup import backup_sqlite
from storage.database.integrity import integrity_problems, processes_holding
from storage.service.chair import ChairService
from tests.safety.conftest import ROOT, SAMPLE, subprocess_env
from tests.safety.test_bad_input import assert_one_line_error, run_chair

TODAY = dt.date(2026, 11, 26)
COMMANDS = (
    ("check",),
    ("db", "upgrade"),
    ("actions",),
    ("minutes",),
    ("report", "dashboards"),
    ("db", "backup", "copy.db"),
)


def _grown_database(config: ChairConfig, db: Path, backup: Path) -> int:
    """A meeting, a backup of it, then much more written and checkpointed (the file grows)."""
    service = ChairService(config, db, TODAY, "spatel")
    meeting = service.meetings.start("weekly-ops")
    service.meetings.add_aob(meeting.id, "entered before the backup")
    service.close()
    backup_sqlite(db, backup)
    service = ChairService(config, db, TODAY, "spatel")
    for number in range(150):
        service.meetings.add_aob(meeting.id, f"item {number} after the backup, " + "words " * 30)
    service.close()
    return meeting.id


def _killed_writer_leaves_a_wal(db: Path) -> None:
    code = textwrap.dedent(
        f"""
        import datetime as dt, os, signal
        from config import load_config
        from storage.service.chair import ChairService
        svc = ChairService(load_config({str(SAMPLE)!r}), {str(db)!r}, dt.date(2026, 11, 26), "spatel")
        meeting = max(svc.meetings.in_progress(), key=lambda m: m.id)
        for n in range(40):
            svc.meetings.add_aob(meeting.id, "entered after the backup " + str(n) + " words" * 40)
        os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=subprocess_env(), capture_output=True
    )
    assert result.returncode == -signal.SIGKILL, result.stderr
    assert Path(f"{db}-wal").stat().st_size > 0


def copied_over(config: ChairConfig, folder: Path) -> tuple[Path, Path]:
    """The issue's steps: backup, more work, a -wal left behind, the backup copied over."""
    db = folder / "chair.db"
    backup = folder / "backup.db"
    _grown_database(config, db, backup)
    _killed_writer_leaves_a_wal(db)
    shutil.copyfile(backup, db)  # the old README's restore
    return db, backup


def copied_over_quietly(config: ChairConfig, folder: Path) -> Path:
    """The variant where every page is well formed: the -wal brings back rows of a meeting the
    backup never had (the issue's "silently brought later changes back")."""
    db = folder / "chair.db"
    service = ChairService(config, db, TODAY, "spatel")
    service.meetings.add_aob(service.meetings.start("weekly-ops").id, "in the backup")
    service.close()
    backup_sqlite(db, folder / "backup.db")
    later = ChairService(config, db, TODAY + dt.timedelta(days=1), "spatel")
    later.meetings.add_aob(later.meetings.start("daily-huddle").id, "after the backup")
    later.close()
    _killed_writer_leaves_a_wal(db)
    shutil.copyfile(folder / "backup.db", db)
    return db


def test_a_wal_replayed_onto_a_backup_is_caught_even_when_pages_are_whole(
    tmp_path: Path, sample_config: ChairConfig
) -> None:
    db = copied_over_quietly(sample_config, tmp_path)
    before = _snapshot(db)
    common = ("--config", str(SAMPLE), "--db", str(db), "--today", TODAY.isoformat())
    for command in (("minutes",), ("actions",), ("check",)):
        result = run_chair(tmp_path, *common, *command)
        assert_one_line_error(result, " ".join(command))
        assert "refers to a meetings row that is not there" in result.stderr, result.stderr
        assert "chair db restore BACKUP" in result.stderr
    assert _snapshot(db) == before


def _snapshot(db: Path) -> dict[str, bytes]:
    """The database and its -wal, byte for byte. Not the -shm: that is SQLite's index of the
    -wal, rebuilt from it by the first connection (the damage check reads through SQLite, never
    with plain file I/O, so it may rebuild the index; no row lives there)."""
    return {
        p.name: p.read_bytes()
        for p in sorted(db.parent.glob(f"{db.name}*"))
        if not p.name.endswith("-shm")
    }


def test_a_backup_copied_over_a_database_with_a_wal_is_damaged_and_every_command_says_so(
    tmp_path: Path, sample_config: ChairConfig
) -> None:
    db, backup = copied_over(sample_config, tmp_path)
    assert integrity_problems(db, thorough=True), "the reproduction did not damage the file"
    before = _snapshot(db)
    common = ("--config", str(SAMPLE), "--db", str(db), "--today", TODAY.isoformat())
    for command in COMMANDS:
        result = run_chair(tmp_path, *common, *command)
        what = f"chair {' '.join(command)}"
        assert_one_line_error(result, what)
        last = result.stderr.strip().splitlines()[-1]
        assert str(db) in last and "damaged" in last, f"{what}: {last}"
        assert "chair db restore BACKUP" in last, f"{what}: {last}"
        after = _snapshot(db)
        changed = [name for name in before if after.get(name) != before[name]]
        assert changed == [], f"{what} changed {changed}"

    restored = run_chair(tmp_path, *common, "db", "restore", str(backup))
    assert restored.returncode == 0, restored.stderr
    assert "Restored" in restored.stderr and "integrity ok" in restored.stderr
    kept = {p.name.split(".replaced-")[0]: p for p in tmp_path.glob("chair.db*.replaced-*")}
    assert sorted(kept) == ["chair.db", "chair.db-shm", "chair.db-wal"]
    assert kept["chair.db-wal"].read_bytes() == before["chair.db-wal"]  # kept as it was
    assert not Path(f"{db}-wal").exists() or Path(f"{db}-wal").stat().st_size == 0
    assert integrity_problems(db, thorough=True) == []
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    service = ChairService(sample_config, db, TODAY, "spatel")
    [meeting] = service.meetings.in_progress()
    assert [item.title for item in meeting.aob] == ["entered before the backup"]
    service.close()
    checked = run_chair(tmp_path, *common, "check")
    assert "integrity_check ok" in checked.stderr, checked.stderr
    assert "Traceback" not in checked.stderr


def _chair_backup(config: ChairConfig, folder: Path) -> Path:
    db = folder / "source.db"
    service = ChairService(config, db, TODAY, "spatel")
    service.meetings.add_aob(service.meetings.start("weekly-ops").id, "in the backup")
    service.close()
    backup = folder / "good-backup.db"
    backup_sqlite(db, backup)
    return backup


def _damaged(path: Path, good: Path) -> Path:
    shutil.copyfile(good, path)
    with path.open("r+b") as handle:
        handle.seek(4096 * 3)
        handle.write(b"\x00\xff" * 2048)
    return path


def _foreign(path: Path, _good: Path) -> Path:
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE notes (body TEXT)")
    return path


def _newer(path: Path, good: Path) -> Path:
    shutil.copyfile(good, path)
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    return path


def _symlink(path: Path, good: Path) -> Path:
    path.symlink_to(good)
    return path


BAD_BACKUPS = {
    "damaged": (_damaged, "the backup is damaged"),
    "another program's": (_foreign, "not a Chair backup"),
    "from a newer Chair": (_newer, "made by a newer Chair"),
    "a symbolic link": (_symlink, "a symbolic link"),
    "missing": (lambda path, _good: path, "not a file"),
}


@pytest.mark.parametrize("kind", sorted(BAD_BACKUPS))
def test_a_bad_backup_is_refused_and_nothing_changes(
    kind: str, tmp_path: Path, sample_config: ChairConfig
) -> None:
    good = _chair_backup(sample_config, tmp_path)
    db = tmp_path / "chair.db"
    service = ChairService(sample_config, db, TODAY, "spatel")
    service.meetings.add_aob(service.meetings.start("daily-huddle").id, "today's work")
    service.close()
    before = _snapshot(db)
    make, words = BAD_BACKUPS[kind]
    backup = make(tmp_path / "bad-backup.db", good)
    result = run_chair(
        tmp_path, "--config", str(SAMPLE), "--db", str(db), "db", "restore", str(backup)
    )
    assert_one_line_error(result, kind)
    assert words in result.stderr, result.stderr
    assert _snapshot(db) == before
    assert not list(tmp_path.glob("*.replaced-*"))


def test_restore_is_refused_while_a_session_holds_the_database(
    tmp_path: Path, sample_config: ChairConfig
) -> None:
    backup = _chair_backup(sample_config, tmp_path)
    db = tmp_path / "chair.db"
    ChairService(sample_config, db, TODAY, "spatel").close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys, time\n"
            f"c = sqlite3.connect({str(db)!r}); c.execute('SELECT 1 FROM meetings').fetchall()\n"
            "print('open', flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        assert processes_holding(db) == [holder.pid]
        before = _snapshot(db)
        result = run_chair(
            tmp_path, "--config", str(SAMPLE), "--db", str(db), "db", "restore", str(backup)
        )
        assert_one_line_error(result, "held")
        assert f"in use by process {holder.pid}" in result.stderr, result.stderr
        assert "leave Chair" in result.stderr
        assert _snapshot(db) == before
    finally:
        holder.kill()
        holder.wait()
    deadline = time.monotonic() + 10
    while processes_holding(db) and time.monotonic() < deadline:
        time.sleep(0.1)
    result = run_chair(
        tmp_path, "--config", str(SAMPLE), "--db", str(db), "db", "restore", str(backup)
    )
    assert result.returncode == 0, result.stderr


def test_restore_into_a_setgid_group_folder_is_group_private(
    tmp_path: Path, sample_config: ChairConfig
) -> None:
    backup = _chair_backup(sample_config, tmp_path)
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o2770)
    if not shared.stat().st_mode & stat.S_ISGID:
        pytest.skip("this file system does not keep the setgid bit on folders")
    db = shared / "chair.db"
    result = run_chair(
        tmp_path, "--config", str(SAMPLE), "--db", str(db), "db", "restore", str(backup)
    )
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(db.stat().st_mode) == 0o660
    assert os.stat(db).st_gid == shared.stat().st_gid
    assert not list(shared.glob("*.replaced-*"))  # there was nothing to keep


def test_asking_who_holds_the_database_keeps_this_process_locks(tmp_path: Path) -> None:
    """A process with the database open asks who else holds it (as opening a second service
    in the same process does): its own SQLite locks must survive the question. When they did
    not (the files were opened and closed, which drops every POSIX lock this process holds on
    them), the next process to open the database reset the -shm under it, and it crashed."""
    db = tmp_path / "chair.db"
    connection = sqlite3.connect(db)
    try:
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("CREATE TABLE t (a)")
        connection.commit()
        connection.execute("SELECT a FROM t").fetchall()
        assert processes_holding(db) == []  # this process is not counted
        seen = subprocess.run(
            [
                sys.executable,
                "-c",
                "from pathlib import Path; from storage.database.integrity import processes_holding; "
                f"print(processes_holding(Path({str(db)!r})))",
            ],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=60,
        )
        assert seen.stdout.strip() == f"[{os.getpid()}]", seen.stderr
    finally:
        connection.close()
