"""The command line's own behaviour: version, help, argument errors, init, check, db commands."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest

from chair import __version__
from tests.cli.conftest import CONFIGS, RunChair


def test_version(run_chair: RunChair) -> None:
    result = run_chair("--version")
    assert result.returncode == 0
    assert result.stdout == f"chair {__version__}\n"


def test_version_matches_the_package_metadata() -> None:
    from importlib.metadata import version

    assert version("chair") == __version__


def test_help_lists_every_command(run_chair: RunChair) -> None:
    result = run_chair("--help")
    assert result.returncode == 0
    for command in ("demo", "review", "actions", "minutes", "check", "init", "db"):
        assert f"    {command} " in result.stdout


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--today", "26/11/2026", "actions"], "'26/11/2026' is not a date: use YYYY-MM-DD"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        (["actions", "--format", "xml"], "invalid choice: 'xml'"),
        (["minutes", "latest"], "invalid int value: 'latest'"),
        (["db"], "the following arguments are required"),
    ],
)
def test_argument_mistakes_are_one_line(
    run_chair: RunChair, args: list[str], fragment: str
) -> None:
    result = run_chair(*args)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert fragment in lines[0]
    assert lines[0].startswith("chair")


def test_global_options_work_after_the_command(run_chair: RunChair, tmp_path: Path) -> None:
    database = tmp_path / "after.db"
    result = run_chair("actions", "--db", str(database), "--today", "2026-11-26")
    assert result.returncode == 0, result.stderr
    assert database.exists()


def test_init_writes_a_config_that_passes_the_config_check(
    run_chair: RunChair, tmp_path: Path
) -> None:
    result = run_chair("init", "practice")
    assert result.returncode == 0, result.stderr
    config = tmp_path / "practice" / "chair.toml"
    assert config.is_file()
    assert (tmp_path / "practice" / "data" / "measures.csv").is_file()
    text = config.read_text(encoding="utf-8")
    assert text.count("\n#") > 10  # commented for the person who edits it

    from config import load_config

    loaded = load_config(config)
    assert loaded.metrics[0].source == "measures"
    assert loaded.source_path("measures").is_file()


def test_init_then_check_exits_zero(run_chair: RunChair, tmp_path: Path) -> None:
    assert run_chair("init", "practice").returncode == 0
    result = run_chair("--config", "practice/chair.toml", "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_init_refuses_to_overwrite(run_chair: RunChair, tmp_path: Path) -> None:
    (tmp_path / "chair.toml").write_text("# mine\n", encoding="utf-8")
    result = run_chair("init")
    assert result.returncode == 2
    assert "already exists; not overwriting" in result.stderr
    assert (tmp_path / "chair.toml").read_text(encoding="utf-8") == "# mine\n"


def test_valid_fixture_passes_the_config_part(run_chair: RunChair) -> None:
    from config import load_config

    assert load_config(CONFIGS / "valid.toml").practice.code == "X99002"


def test_unknown_owner_is_a_clear_line(run_chair: RunChair, tmp_path: Path) -> None:
    result = run_chair("--db", str(tmp_path / "x.db"), "actions", "--owner", "nobody")
    assert result.returncode == 2
    assert result.stderr.startswith("chair: error: --owner 'nobody' is not a person")


def test_not_a_database_is_a_clear_line(run_chair: RunChair, tmp_path: Path) -> None:
    bogus = tmp_path / "notes.txt"
    bogus.write_text("not a database, just some notes\n" * 100, encoding="utf-8")
    result = run_chair("--db", str(bogus), "actions")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert "notes.txt" in result.stderr


def test_db_upgrade_then_backup(run_chair: RunChair, tmp_path: Path) -> None:
    database = tmp_path / "chair.db"
    result = run_chair("--db", str(database), "db", "upgrade")
    assert result.returncode == 0, result.stderr
    backup = tmp_path / "backups" / "copy.db"
    backup.parent.mkdir()
    result = run_chair("--db", str(database), "db", "backup", str(backup))
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert [p.name for p in backup.parent.iterdir()] == ["copy.db"]  # one file, no temporary
    with sqlite3.connect(backup) as copy:
        tables = {row[0] for row in copy.execute("SELECT name FROM sqlite_master")}
        (journal,) = copy.execute("PRAGMA journal_mode").fetchone()
    assert "alembic_version" in tables
    assert journal == "delete"  # self-contained: no -wal file needed to restore it


def test_backup_of_a_missing_database_is_refused(run_chair: RunChair, tmp_path: Path) -> None:
    result = run_chair("--db", str(tmp_path / "none.db"), "db", "backup", str(tmp_path / "b.db"))
    assert result.returncode == 2
    assert "no database here to back up" in result.stderr
    assert not (tmp_path / "none.db").exists()  # a backup never creates a database


def test_backup_of_postgresql_points_to_pg_dump(run_chair: RunChair, tmp_path: Path) -> None:
    result = run_chair(
        "--db", "postgresql://chair:secret@localhost/chair", "db", "backup", str(tmp_path / "b")
    )
    assert result.returncode == 2
    assert "pg_dump" in result.stderr
    assert "secret" not in result.stderr


def test_default_database_is_beside_the_config(run_chair: RunChair, tmp_path: Path) -> None:
    assert run_chair("init", "practice").returncode == 0
    result = run_chair("--config", "practice/chair.toml", "actions")
    assert result.returncode == 0, result.stderr
    database = tmp_path / "practice" / "chair.db"
    assert database.is_file()
    assert stat.S_IMODE(database.stat().st_mode) == 0o600


def test_no_config_uses_the_sample_with_its_own_database(
    run_chair: RunChair, tmp_path: Path
) -> None:
    result = run_chair("actions")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "home" / ".local" / "share" / "chair" / "sample.db").is_file()
    assert not list(tmp_path.glob("*.db"))
