"""Bad input never loses or damages anything: broken databases, data files and configs.

Every database that is not a usable Chair database is refused by every command with one line
(exit 2, no traceback) and left byte-for-byte as it was. Every broken data file gives NO DATA
readings with a reason inside a running meeting (never a traceback, the database unchanged,
the meeting carries on). Every broken chair.toml the CLI corpus does not already cover is one
line on stderr with exit 2. Fuzzing: chair.toml loading raises only ConfigError (the readers are
fuzzed by tests/data_readers/test_fuzz.py, not repeated here).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from config import load_config
from config.load import ConfigError
from domain.gate import evaluate_gate
from domain.status import Status
from storage.service.chair import ChairService
from tests import warm_chair
from tests.safety.conftest import ROOT, SAMPLE
from tests.safety.fingerprint import content_hash

BAD = ROOT / "tests" / "fixtures" / "bad"
DATA = ROOT / "tests" / "fixtures" / "data"
VALID_CONFIG = ROOT / "tests" / "fixtures" / "configs" / "valid.toml"
CHAIR = shutil.which("chair", path=str(Path(sys.executable).parent)) or "chair"
TODAY = dt.date(2026, 11, 26)
DATA_TODAY = dt.date(2026, 1, 15)  # the data fixtures' story date
TRIED: dict[str, int] = {}
"""How many bad inputs of each kind were tried (for the report)."""


def run_chair(
    home: Path, *arguments: str, user: list[str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHAIR_")}
    env.update(HOME=str(home), XDG_DATA_HOME=str(home / "data"), PYTHONUTF8="1")
    if user is None:  # a new process forked from one with the libraries imported
        return warm_chair.run(list(arguments), cwd=home, env=env, timeout=120)
    return subprocess.run(  # as another user: the installed script, a cold interpreter
        [*(user or []), CHAIR, *arguments],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=home,
        stdin=subprocess.DEVNULL,
    )


def assert_one_line_error(result: subprocess.CompletedProcess[str], what: str) -> None:
    assert "Traceback" not in result.stderr, f"{what}: {result.stderr}"
    assert result.returncode == 2, f"{what}: exit {result.returncode}: {result.stderr}"
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("chair: error: "), f"{what}: {result.stderr}"


# ---------------------------------------------------------------------- databases


def _chair_database(path: Path) -> Path:
    service = ChairService(load_config(SAMPLE), path, TODAY, "spatel")
    meeting = service.meetings.start("weekly-ops")
    service.meetings.add_aob(meeting.id, "Flu clinic rota")
    service.close()
    return path  # closed cleanly: the WAL is folded in and the file stands alone


def _newer_schema(path: Path) -> Path:
    _chair_database(path)
    connection = sqlite3.connect(path)
    connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.commit()
    connection.close()  # the last connection folds the WAL into the file
    assert not Path(f"{path}-wal").exists()
    return path


def _foreign(path: Path) -> Path:
    connection = sqlite3.connect(path)  # rollback journal, as most programs leave it
    connection.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    connection.execute("INSERT INTO notes (body) VALUES ('the practice rota spreadsheet')")
    connection.commit()
    connection.close()
    return path


def _truncated(path: Path) -> Path:
    _chair_database(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    return path


def _copy(name: str) -> Callable[[Path], Path]:
    def make(path: Path) -> Path:
        shutil.copyfile(BAD / "databases" / name, path)
        return path

    return make


BAD_DATABASES: dict[str, Callable[[Path], Path]] = {
    "not a database": _copy("not_a_database.db"),
    "garbage behind a SQLite header": _copy("sqlite_header_garbage.db"),
    "newer schema": _newer_schema,
    "another program's SQLite database": _foreign,
    "truncated Chair database": _truncated,
}
COMMANDS = (("actions",), ("minutes",), ("db", "upgrade"), ("db", "backup", "copy.db"))


@pytest.mark.parametrize("kind", sorted(BAD_DATABASES))
def test_a_bad_database_is_refused_by_every_command_and_left_untouched(
    kind: str, tmp_path: Path
) -> None:
    db = BAD_DATABASES[kind](tmp_path / "chair.db")
    before = db.read_bytes()
    common = ("--config", str(SAMPLE), "--db", str(db), "--today", TODAY.isoformat())
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda c: run_chair(tmp_path, *common, *c), COMMANDS))
    for command, result in zip(COMMANDS, results, strict=True):
        what = f"{kind}: chair {' '.join(command)}"
        if command[-1] == "copy.db" and result.returncode == 0:
            # A backup only reads: copying a newer or foreign SQLite file is allowed (and
            # wise before upgrading Chair), as long as the copy is whole.
            with sqlite3.connect(tmp_path / "copy.db") as copy:
                assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",), what
            continue
        assert_one_line_error(result, what)
    assert db.read_bytes() == before, f"{kind}: the file changed"
    TRIED["databases"] = TRIED.get("databases", 0) + 1


def test_database_paths_that_cannot_be_used(tmp_path: Path) -> None:
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a folder")
    a_folder = tmp_path / "folder"
    a_folder.mkdir()
    cases = {"inside a regular file": a_file / "chair.db", "a directory": a_folder}
    common = ("--config", str(SAMPLE), "--today", TODAY.isoformat())
    for what, path in cases.items():
        result = run_chair(tmp_path, *common, "--db", str(path), "actions")
        assert_one_line_error(result, what)
    assert a_file.read_text() == "not a folder"
    assert list(a_folder.iterdir()) == []
    TRIED["database paths"] = len(cases)


def test_a_symlink_loop_as_the_database_is_one_line(tmp_path: Path) -> None:
    loop = tmp_path / "loop.db"
    loop.symlink_to(loop)
    result = run_chair(tmp_path, "--config", str(SAMPLE), "--db", str(loop), "actions")
    assert_one_line_error(result, "a symlink loop")


def test_storage_refuses_a_symlink_loop_in_one_line(tmp_path: Path) -> None:
    from storage.database.engine import make_engine
    from storage.errors import DatabaseError

    loop = tmp_path / "loop.db"
    loop.symlink_to(loop)
    with pytest.raises(DatabaseError, match="loop.db: cannot be used as a database path"):
        make_engine(loop)


def _other_user() -> list[str] | None:
    """Run as `nobody` when we are root (root reads any file, so chmod 000 proves nothing)."""
    if os.geteuid() != 0:
        return []
    runuser = shutil.which("runuser")
    try:
        import pwd

        pwd.getpwnam("nobody")
    except KeyError:
        return None
    if runuser is None:
        return None
    prefix = [runuser, "-u", "nobody", "--"]
    probe = subprocess.run([*prefix, CHAIR, "--version"], capture_output=True, timeout=60)
    return prefix if probe.returncode == 0 else None  # the venv may live where nobody can't go


def test_a_database_that_cannot_be_read_is_refused_untouched(tmp_path: Path) -> None:
    user = _other_user()
    if user is None:
        pytest.skip(
            "running as root, and no other user can run this venv's chair: chmod 000 cannot "
            "be tested (root reads any file)"
        )
    shared = Path(tempfile.mkdtemp(prefix="chair-unreadable-"))  # reachable by nobody
    try:
        shared.chmod(0o777)
        db = _chair_database(shared / "chair.db")
        db.chmod(0o000)
        before = db.read_bytes()
        home = shared / "home"
        home.mkdir()
        home.chmod(0o777)
        common = ("--config", str(SAMPLE), "--db", str(db), "--today", TODAY.isoformat())
        for command in (("actions",), ("minutes",), ("db", "upgrade")):
            result = run_chair(home, *common, *command, user=user)
            assert_one_line_error(result, f"unreadable: chair {' '.join(command)}")
        assert db.read_bytes() == before
        assert stat_mode(db) == 0o000
        TRIED["database paths"] = TRIED.get("database paths", 0) + 1
    finally:
        shutil.rmtree(shared, ignore_errors=True)


def stat_mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


# ---------------------------------------------------------------------- data files

SAFETY_MEETING = """
[[meeting_types]]
id = "safety"
title = "Safety check"
sections = [{ dashboard = "other" }, { dashboard = "access" }, { fixed = "aob" }]
"""


def _fixture(name: str, target: str) -> Callable[[Path], None]:
    def place(data: Path) -> None:
        shutil.copyfile(BAD / "data" / name, data / target)

    return place


def _long_line_tracker(data: Path) -> None:
    (data / "trackers" / "training.csv").write_bytes(b"staff_name," + b"x" * 5_000_000)


def _long_line_gpad(data: Path) -> None:
    for old in (data / "gpad").iterdir():
        old.unlink()
    name = "Practice_Level_Crosstab_Dec_25.csv"
    (data / "gpad" / name).write_bytes(b"PRACTICE_CODE," + b"9" * 5_000_000 + b"\n")


def _folder_named_like_the_file(data: Path) -> None:
    (data / "trackers" / "claims.xlsx").unlink()
    (data / "trackers" / "claims.xlsx").mkdir()


def _symlink_loop(data: Path) -> None:
    path = data / "trackers" / "training.csv"
    path.unlink()
    path.symlink_to(path)


# what -> (how to break the copy, the source it breaks, must every reading be NO DATA)
BAD_DATA: dict[str, tuple[Callable[[Path], None], str, bool]] = {
    "truncated .xlsx": (_fixture("claims_truncated.xlsx", "trackers/claims.xlsx"), "claims", True),
    "random bytes .xlsx": (_fixture("claims_garbage.xlsx", "trackers/claims.xlsx"), "claims", True),
    "0-byte .xlsx": (_fixture("claims_zero.xlsx", "trackers/claims.xlsx"), "claims", True),
    "CSV text named .xlsx": (
        _fixture("claims_csv_text.xlsx", "trackers/claims.xlsx"),
        "claims",
        True,
    ),
    "a zip that is not a workbook": (
        _fixture("claims_zip_not_workbook.xlsx", "trackers/claims.xlsx"),
        "claims",
        True,
    ),
    "a folder named claims.xlsx": (_folder_named_like_the_file, "claims", True),
    "random bytes .csv": (
        _fixture("training_garbage.csv", "trackers/training.csv"),
        "training",
        True,
    ),
    "a PNG named measures.csv": (
        _fixture("measures_garbage.csv", "measures.csv"),
        "measures",
        True,
    ),
    "NUL bytes in a CSV": (
        _fixture("training_nul.csv", "trackers/training.csv"),
        "training",
        False,
    ),
    "a UTF-16 CSV": (_fixture("training_utf16.csv", "trackers/training.csv"), "training", False),
    "a 5 MB line (tracker)": (_long_line_tracker, "training", True),
    "a 5 MB line (GPAD)": (_long_line_gpad, "appointments", True),
    "a symlink loop": (_symlink_loop, "training", True),
}


@pytest.mark.parametrize("what", list(BAD_DATA))
def test_a_bad_data_file_is_no_data_with_a_reason_inside_a_meeting(
    what: str, tmp_path: Path
) -> None:
    """One broken file never stops a meeting: its metrics say NO DATA and why, the database
    is not touched by reading it, and the meeting carries on."""
    from storage.data.dashboards import check_sources, format_source_report

    brake, source, all_no_data = BAD_DATA[what]
    data = tmp_path / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns("broken"))
    brake(data)
    config_path = data / "chair.toml"
    config_path.write_text(config_path.read_text() + SAFETY_MEETING)
    config = load_config(config_path)
    broken = {m.id for m in config.metrics if m.source == source}
    dashboards = sorted({m.dashboard for m in config.metrics if m.source == source})
    service = ChairService(config, tmp_path / "chair.db", DATA_TODAY, "pmanager")
    service.store.cache_dir = tmp_path / "cache"
    meeting = service.meetings.start("safety")
    before = content_hash(service.engine)
    for dashboard in dashboards:
        readings = service.readings.dashboard(dashboard)
        for reading in readings:
            assert reading.value is not None or reading.reason, f"{what}: {reading}"
            if reading.metric_id in broken and all_no_data:
                assert reading.status is Status.NO_DATA, f"{what}: {reading}"
                assert reading.reason, f"{what}: NO DATA without a reason"
    assert content_hash(service.engine) == before, f"{what}: reading data wrote to the database"
    other = service.readings.dashboard("other")
    unmet = evaluate_gate(
        service.sections.state(meeting.id, 0, other).context
    )  # the gate judges it; no exception
    assert isinstance(unmet, list)
    service.meetings.add_aob(meeting.id, "the meeting carries on")
    service.close()
    reports = {r.source_id: r for r in check_sources(config, DATA_TODAY)}
    if all_no_data:
        assert reports[source].errors, f"{what}: chair check reports no error"
    assert source in format_source_report(list(reports.values()))
    TRIED["data files"] = TRIED.get("data files", 0) + 1


def test_an_unreadable_data_file_is_no_data(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("running as root: root reads a chmod 000 file, so it cannot be tested here")
    from storage.data.dashboards import compute_dashboard

    data = tmp_path / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns("broken"))
    (data / "trackers" / "training.csv").chmod(0)
    config = load_config(data / "chair.toml")
    [training] = [
        r for r in compute_dashboard(config, "other", DATA_TODAY) if r.metric_id == "training"
    ]
    assert training.status is Status.NO_DATA and training.reason


# ---------------------------------------------------------------------- configs

BROKEN_CONFIGS = sorted(
    p.name
    for p in (BAD / "configs").glob("*.toml")
    if p.name not in {"byte_order_mark.toml", "crlf_line_endings.toml"}
)


def _generated_configs(folder: Path) -> list[Path]:
    valid = VALID_CONFIG.read_text()
    nested = folder / "nested_too_deep.toml"
    nested.write_text(valid + "\nx = " + "[" * 20_000 + "]" * 20_000 + "\n")
    nested_tables = folder / "nested_tables_too_deep.toml"
    nested_tables.write_text(valid + "\ny = " + "{a=" * 5_000 + "1" + "}" * 5_000 + "\n")
    long_line = folder / "long_line.toml"
    long_line.write_text(valid + "\n# " + "x" * 5_000_000 + "\nbogus = ")
    return [nested, nested_tables, long_line]


def test_every_broken_config_is_one_line_and_exit_2(tmp_path: Path) -> None:
    folder = tmp_path / "configs"
    folder.mkdir()
    paths = [BAD / "configs" / name for name in BROKEN_CONFIGS] + _generated_configs(folder)
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda p: run_chair(tmp_path, "--config", str(p), "check"), paths))
    for path, result in zip(paths, results, strict=True):
        assert_one_line_error(result, path.name)
        assert len(result.stderr.strip().splitlines()) == 1, f"{path.name}: {result.stderr}"
        assert path.name in result.stderr, f"{path.name}: the line does not name the file"
    TRIED["configs"] = len(paths)


@pytest.mark.parametrize("name", ["byte_order_mark.toml", "crlf_line_endings.toml"])
def test_what_windows_editors_save_is_accepted(name: str, tmp_path: Path) -> None:
    result = run_chair(tmp_path, "--config", str(BAD / "configs" / name), "check")
    assert "Traceback" not in result.stderr
    assert f"{name}: configuration ok" in result.stderr, result.stderr


TOML_PIECES = st.sampled_from(
    [
        "[",
        "]",
        "[[",
        "]]",
        "{",
        "}",
        "=",
        '"',
        "'''",
        '"""',
        "\n",
        ",",
        ".",
        "#",
        "\\",
        "\x00",
        "nan",
        "inf",
        "-",
        "1979-05-27T07:32:00Z",
        "0x",
        "true",
        "[people]",
        "[[metrics]]",
        "amber = ",
        "sections = [",
        "\ufeff",
        "\r",
        "é",
        "\udcff",
    ]
)


@st.composite
def mangled_configs(draw: st.DrawFn) -> bytes:
    """valid.toml with a few pieces cut, repeated or replaced by TOML-ish tokens, or raw bytes."""
    if draw(st.booleans()) and draw(st.booleans()):
        return draw(st.binary(max_size=2_000))
    text = VALID_CONFIG.read_text()
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, min(len(text), start + 40)))
        piece = draw(st.one_of(TOML_PIECES, st.text(max_size=12), st.just(text[start:end] * 2)))
        text = text[:start] + piece + text[end:]
    return text.encode("utf-8", errors="surrogateescape")


@settings(max_examples=100, deadline=2_000, suppress_health_check=[HealthCheck.too_slow])
@given(raw=mangled_configs())
def test_loading_any_bytes_as_chair_toml_raises_only_config_error(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "chair.toml"
        path.write_bytes(raw)
        try:
            config = load_config(path)
        except ConfigError as error:
            message = str(error)
            assert "\n" not in message.strip() and str(path) in message
        else:
            assert config.people  # it loaded: then it is a whole config


def test_actions_on_a_deeply_nested_config_is_one_line(tmp_path: Path) -> None:
    deep = tmp_path / "chair.toml"
    deep.write_text("a = " + "[" * 5000 + "]" * 5000 + "\n")
    result = run_chair(tmp_path, "--config", str(deep), "actions")
    assert_one_line_error(result, "a deeply nested config")
    assert "nested too deeply" in result.stderr
