"""A --db that is a FIFO, a device or a socket, or a read-only file or folder: one line each.

A FIFO used to hang every command (SQLite opened it and waited for a writer); a read-only
folder said "not a Chair database (attempt to write a readonly database)". Root writes through
chmod, so a read-only file or folder is made with the immutable attribute (chattr +i) when
running as root, with chmod otherwise.
"""

from __future__ import annotations

import os
import shutil
import socket
import stat
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from storage.service.chair import ChairService
from tests.safety.conftest import SAMPLE
from tests.safety.crash_driver import TODAY
from tests.safety.test_bad_input import assert_one_line_error, run_chair

COMMANDS = (
    ("actions",),
    ("minutes",),
    ("check",),
    ("db", "upgrade"),
    ("db", "backup", "copy.db"),
    ("db", "restore", "backup.db"),
)


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def _socket(path: Path) -> Path:
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(path))
    listener.close()
    return path


ODD = {
    "a FIFO": (_fifo, "is a FIFO (named pipe), not a file"),
    "a socket": (_socket, "is a socket, not a file"),
    "a device": (lambda _path: Path("/dev/null"), "is a device, not a file"),
}


@pytest.mark.parametrize("kind", sorted(ODD))
def test_a_database_path_that_is_not_a_file_is_refused_before_opening(
    kind: str, tmp_path: Path
) -> None:
    make, words = ODD[kind]
    db = make(tmp_path / "chair.db")
    for command in COMMANDS:
        what = f"{kind}: chair {' '.join(command)}"
        try:
            result = run_chair(tmp_path, "--config", str(SAMPLE), "--db", str(db), *command)
        except subprocess.TimeoutExpired:  # pragma: no cover - the bug this test is for
            pytest.fail(f"{what}: hung")
        if command[:2] == ("db", "backup"):
            assert result.returncode == 2 and "no database here" in result.stderr, what
            continue
        assert_one_line_error(result, what)
        if command[:2] != ("db", "restore"):
            assert words in result.stderr, f"{what}: {result.stderr}"
        else:
            assert result.stderr.count("\n") == 1, result.stderr
    if kind != "a device":
        assert not stat.S_ISREG(db.stat().st_mode)  # left as it was


def _chattr() -> str | None:
    return shutil.which("chattr") if os.geteuid() == 0 else None


@contextmanager
def read_only(path: Path) -> Iterator[None]:
    """Make path read-only even for root (immutable), or by mode for anyone else."""
    chattr = _chattr()
    if chattr is not None:
        made = subprocess.run([chattr, "+i", str(path)], capture_output=True)
        if made.returncode != 0:
            pytest.skip(f"chattr +i is not supported here: {made.stderr.decode().strip()}")
        try:
            yield
        finally:
            subprocess.run([chattr, "-i", str(path)], check=True)
        return
    if os.geteuid() == 0:
        pytest.skip("running as root without chattr: a read-only file cannot be made")
    mode = path.stat().st_mode
    path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        yield
    finally:
        path.chmod(stat.S_IMODE(mode))


@pytest.mark.parametrize("what", ["the file", "its folder"])
def test_a_read_only_database_says_cannot_write(what: str, tmp_path: Path) -> None:
    from config import load_config

    folder = tmp_path / "practice"
    folder.mkdir()
    db = folder / "chair.db"
    service = ChairService(load_config(SAMPLE), db, TODAY, "spatel")
    service.meetings.add_aob(service.meetings.start("weekly-ops").id, "kept")
    service.close()
    before = db.read_bytes()
    with read_only(db if what == "the file" else folder):
        for command in (("actions",), ("minutes",), ("db", "upgrade")):
            result = run_chair(tmp_path, "--config", str(SAMPLE), "--db", str(db), *command)
            assert_one_line_error(result, f"{what}: chair {' '.join(command)}")
            assert f"cannot write {db}: read-only" in result.stderr, result.stderr
            assert "not a Chair database" not in result.stderr
        if what == "its folder":
            new = folder / "new.db"
            result = run_chair(tmp_path, "--config", str(SAMPLE), "--db", str(new), "actions")
            assert f"cannot write {new}: read-only" in result.stderr, result.stderr
    assert db.read_bytes() == before
