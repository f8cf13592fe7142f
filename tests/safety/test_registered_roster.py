"""The roster lives with the record (issue 14): a group member who writes his own chair.toml with
`chair = true` neither starts meetings nor approves minutes; only a chair of the registered
roster registers a new one; `chair check` flags a meeting or approval by a non-chair."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from config import ChairConfig, load_config
from storage.errors import NotAllowed
from storage.service.chair import ChairService
from tests.safety.conftest import SAMPLE
from tests.safety.test_security import chair_cli, finish

TODAY = dt.date(2026, 11, 26)


def _own_config(tmp_path: Path, chairs: str = "tbaker", display: str | None = None) -> Path:
    """The sample config with `chairs` given chair = true (as Tom would write for himself)."""
    text = SAMPLE.read_text()
    marker = f'login = "{chairs}"'
    assert marker in text
    text = text.replace(marker, f"{marker}\nchair = true", 1)
    if display:
        text = text.replace('name = "Riverside Surgery (fictional)"', f'name = "{display}"', 1)
    target = tmp_path / "own" / "chair.toml"
    target.parent.mkdir()
    target.write_text(text.replace('path = "data/', f'path = "{SAMPLE.parent}/data/'))
    return target


def test_an_own_config_does_not_make_a_chair(
    tmp_path: Path, sample_config: ChairConfig, db_url: str
) -> None:
    ChairService(sample_config, db_url, TODAY, "spatel").close()  # registers the sample roster
    own = load_config(_own_config(tmp_path, display="Tom's Surgery"))
    assert own.person_by_login("tbaker").chair  # type: ignore[union-attr]
    tom = ChairService(own, db_url, TODAY, "tbaker")
    assert not tom.is_chair
    with pytest.raises(NotAllowed, match="tbaker may not start a meeting: only chairs in the"):
        tom.meetings.start("weekly-ops")
    with pytest.raises(NotAllowed, match="tbaker may not register a new roster"):
        tom.roster.register()
    # Another config may still change what is displayed and where data is read from.
    assert tom.config.practice.name == "Tom's Surgery"
    assert tom.config.sources == own.sources
    assert [p.id for p in tom.config.people if p.chair] == ["sp", "ao"]
    tom.close()


def test_a_chair_of_the_registered_roster_registers_a_new_one(
    tmp_path: Path, sample_config: ChairConfig, db_url: str
) -> None:
    ChairService(sample_config, db_url, TODAY, "spatel").close()
    own = load_config(_own_config(tmp_path))
    sam = ChairService(own, db_url, TODAY, "spatel")
    assert sam.roster.register() == ["tb: now chairs"]
    assert sam.roster.register() == []  # already registered
    sam.close()
    tom = ChairService(sample_config, db_url, TODAY, "tbaker")  # the old config no longer rules
    assert tom.is_chair
    meeting = tom.meetings.start("weekly-ops")
    assert meeting.chair_id == "tb"
    assert tom.roster.problems() == []
    assert tom.history.verify() == []
    tom.close()


def test_check_flags_a_meeting_and_an_approval_by_someone_not_a_chair(
    tmp_path: Path, sample_config: ChairConfig
) -> None:
    db = tmp_path / "chair.db"
    first = ChairService(sample_config, db, TODAY, "spatel")
    meeting = first.meetings.start("weekly-ops")
    finish(first, meeting.id)
    first.close()
    later = ChairService(sample_config, db, TODAY + dt.timedelta(days=7), "spatel")
    later.minutes.approve_previous(later.meetings.start("weekly-ops").id)
    later.close()
    common = ("--config", str(SAMPLE), "--db", str(db), "--today", "2026-12-03", "check")
    assert "not a chair" not in chair_cli(*common).stdout
    with sqlite3.connect(db) as connection:  # what Tom's own config used to let him do
        connection.execute("UPDATE meetings SET chair_id = 'tb' WHERE id = ?", (meeting.id,))
        for trigger in ("minutes_approvals_no_update",):
            connection.execute(f"DROP TRIGGER {trigger}")
        connection.execute("UPDATE minutes_approvals SET by_login = 'tbaker'")
    result = chair_cli(*common)
    assert result.returncode == 1, result.stderr
    assert (
        f"ERROR database: meeting {meeting.id} (weekly-ops, 2026-11-26) was chaired by tb, "
        "not a chair in the registered roster (1)"
    ) in result.stdout
    assert (
        f"ERROR database: the minutes of meeting {meeting.id} were approved by tbaker, not a "
        "chair in the registered roster (1)"
    ) in result.stdout


def test_register_config_from_the_command_line(tmp_path: Path) -> None:
    db = tmp_path / "chair.db"
    own = _own_config(tmp_path)
    common = ("--db", str(db), "--today", "2026-11-26")
    first = chair_cli("--config", str(SAMPLE), *common, "db", "register-config")
    assert first.returncode == 0, first.stderr
    assert "already registered (6 people; chairs: sp, ao)" in first.stderr
    # The test runs as an OS user outside the roster: not a chair, refused in one line.
    refused = chair_cli("--config", str(own), *common, "db", "register-config")
    assert refused.returncode == 2
    assert refused.stderr.count("\n") == 1 and "may not register a new roster" in refused.stderr
    check = chair_cli("--config", str(own), *common, "check")
    assert "differ from the roster registered in the database" in check.stderr
    assert "tb: now chairs" in check.stderr
