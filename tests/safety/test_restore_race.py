"""A restore that a late opener cannot escape (issue 18, part 2).

`chair db restore` checked that nobody held the database, then copied the backup (about a second
for a 400 MB file), then swapped the files. A Chair started during the copy went on writing to
the file moved aside: its work never reached the restored database and nobody was told. Now the
check is made again after the copy, just before the swap, and every transaction checks that the
file its engine opened is still the one at the path, refusing in words when it is not.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from config import ChairConfig
from storage.errors import DatabaseError
from storage.service.chair import ChairService
from tests.safety.conftest import ROOT, subprocess_env
from tests.safety.test_restore import _chair_backup

TODAY = dt.date(2026, 11, 26)


def _slow_restore(db: Path, backup: Path, marker: Path) -> subprocess.Popen[str]:
    """`restore_sqlite` in another process, its copy of the backup slowed to three seconds
    (a large file); `marker` appears when the copy starts."""
    code = textwrap.dedent(
        f"""
        import datetime as dt, time
        from pathlib import Path
        from storage.database import restore
        from storage.errors import DatabaseError
        copy = restore._private_copy
        def slow_copy(*args):
            Path({str(marker)!r}).touch()
            time.sleep(3)
            return copy(*args)
        restore._private_copy = slow_copy
        try:
            done = restore.restore_sqlite(Path({str(db)!r}), Path({str(backup)!r}), dt.datetime.now())
            print("restored", len(done.kept))
        except DatabaseError as exc:
            print("refused:", exc)
        """
    )
    return subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=subprocess_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _titles(db: Path) -> list[str]:
    import sqlite3

    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        rows = connection.execute("SELECT title FROM aob_items").fetchall()
    connection.close()
    return [title for (title,) in rows]


def test_a_chair_opened_during_the_copy_is_never_left_writing_to_the_file_moved_aside(
    sample_config: ChairConfig, tmp_path: Path
) -> None:
    backup = _chair_backup(sample_config, tmp_path)
    db = tmp_path / "chair.db"
    ChairService(sample_config, db, TODAY, "spatel").close()
    marker = tmp_path / "copying"
    restore = _slow_restore(db, backup, marker)
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert restore.poll() is None, restore.communicate()
        assert time.monotonic() < deadline, "the restore never started copying"
        time.sleep(0.02)
    # A Chair started while the backup is being copied: it opens and saves an entry.
    late = ChairService(sample_config, db, TODAY, "spatel")
    meeting = late.meetings.start("weekly-ops")
    late.meetings.add_aob(meeting.id, "saved during the restore's copy")
    out, err = restore.communicate(timeout=60)
    outcome = out.strip()
    try:
        if outcome.startswith("refused:"):
            # The restore saw the late Chair and changed nothing: its work is in the database.
            assert "in use by process" in outcome and "leave Chair" in outcome, outcome
            assert "saved during the restore's copy" in _titles(db)
            late.meetings.add_aob(meeting.id, "saved after")
            assert "saved after" in _titles(db)
        else:  # the restore won: the late Chair's next write must be refused in words
            assert outcome.startswith("restored"), (out, err)
            with pytest.raises(DatabaseError, match=r"was restored at \d\d:\d\d; restart Chair"):
                late.meetings.add_aob(meeting.id, "saved after")
    finally:
        late.engine.dispose()
    print(f"late opener during a slow copy: restore {outcome!r}")


def test_a_write_to_a_database_replaced_under_it_is_refused_in_words(
    sample_config: ChairConfig, tmp_path: Path
) -> None:
    """The last step of a restore (the swap) cannot wait for a Chair that opened the database
    a moment before it: that Chair's next write finds another file at the path and refuses,
    and the file moved aside gets nothing more."""
    backup = _chair_backup(sample_config, tmp_path)
    db = tmp_path / "chair.db"
    service = ChairService(sample_config, db, TODAY, "spatel")
    meeting = service.meetings.start("weekly-ops")
    service.meetings.add_aob(meeting.id, "before the swap")
    for suffix in ("", "-wal", "-shm"):  # what restore_sqlite's swap does
        if Path(f"{db}{suffix}").exists():
            os.rename(f"{db}{suffix}", f"{db}.old{suffix}")  # kept readable as one database
    os.link(backup, db)
    try:
        with pytest.raises(DatabaseError, match=r"was restored at \d\d:\d\d; restart Chair") as e:
            service.meetings.add_aob(meeting.id, "after the swap")
        assert str(db) in str(e.value)
        # Reads are refused too, in the same words.
        with service.engine.connect() as connection, pytest.raises(DatabaseError, match="restart"):
            connection.execute(text("SELECT 1"))
    finally:
        service.engine.dispose()
    kept = _titles(Path(f"{db}.old"))
    assert "before the swap" in kept and "after the swap" not in kept
