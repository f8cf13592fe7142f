"""NHS numbers in any spelling are refused at every free-text entry point, and `chair check`
flags one already in the database (typed before the check knew that spelling).

Issue 12 found numbers written with dots reaching approved-minutes amendments, and a double
space, NBSP, en-dash, slash, tab, full-width digits or brackets slipping through elsewhere.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from config import ChairConfig
from domain.records import Action, Decision, DecisionKind
from storage.errors import InvalidEntry
from storage.service.chair import ChairService
from tests.db_templates import built_sqlite
from tests.domain.test_nhs_numbers import SPELLINGS
from tests.safety.conftest import SAMPLE
from tests.safety.test_bad_input import run_chair
from tests.work_sections import settle_work_section

TODAY = dt.date(2026, 11, 26)


def _decision(text: str) -> Decision:
    return Decision(
        id=None,
        section_key="aob",
        kind=DecisionKind.ACT,
        title="Flu clinic",
        data_shows="rota gaps",
        reason=text,
        actions=(Action(id=None, description="Fix the rota", owner_id="jm", due=TODAY),),
    )


def _entries(service: ChairService) -> dict[str, Callable[[str], object]]:
    """Every way a person types free text into the record, each given the text to type."""
    meeting = service.meetings.start("weekly-ops")
    item = service.meetings.add_aob(meeting.id, "Flu clinic")
    decided = service.decisions.record(meeting.id, _decision("agreed"), aob_item_id=item.id)
    action = next(a for a in service.actions.find() if a.meeting_id == meeting.id)
    assert decided.id is not None and action.id is not None
    return {
        "AOB title": lambda text: service.meetings.add_aob(meeting.id, text),
        "decision reason": lambda text: service.decisions.record(
            meeting.id, _decision(text), aob_item_id=item.id
        ),
        "action description": lambda text: service.decisions.add_action(
            decided.id or 0, Action(id=None, description=text, owner_id="jm", due=TODAY)
        ),
        "action update note": lambda text: service.actions.update(
            action.id or 0, action.version, note=text
        ),
        "minutes amendments": lambda text: service.minutes.approve_previous(meeting.id, text),
        "guest name": lambda text: service.attendance.record(meeting.id, ("sp",), (), (text,)),
        "acknowledgement reason": lambda text: service.acknowledgements.acknowledge(
            meeting.id, "dna-rate", "jm", text, TODAY + dt.timedelta(days=30), "AMBER"
        ),
    }


def _last_week_closed(config: ChairConfig, db: Path) -> None:
    """Last week's meeting, closed: this week's can approve (and amend) its minutes."""
    service = ChairService(config, db, TODAY - dt.timedelta(days=7), "spatel")
    meeting = service.meetings.start("weekly-ops")
    service.meetings.add_aob(meeting.id, "Rota")
    service.decisions.record(meeting.id, _decision("agreed"), aob_item_id=meeting.id)
    while service.meetings.get(meeting.id).state.value == "in progress":
        settle_work_section(service, meeting.id)
        assert service.sections.move_on(meeting.id).unmet == []
    service.close()


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_every_entry_point_refuses_every_spelling(
    spelling: str, tmp_path: Path, sample_config: ChairConfig
) -> None:
    # The same closed week for every spelling: built once per test process, copied per test.
    built_sqlite("nhs: last week closed", tmp_path / "chair.db",
                 lambda db: _last_week_closed(sample_config, db))  # fmt: skip
    service = ChairService(sample_config, tmp_path / "chair.db", TODAY, "spatel")
    try:
        for where, enter in _entries(service).items():
            with pytest.raises(InvalidEntry, match="NHS number") as refused:
                enter(f"Patient {spelling} called")
            assert "943 476 5919" in str(refused.value), where
    finally:
        service.close()


@pytest.mark.parametrize(
    "spelling", ["943.476.5919", "94 34 76 59 19", "943'476'5919", "\u2468\u2463\u2462 476 5919"]
)
def test_check_flags_an_nhs_number_already_in_the_database(
    tmp_path: Path, sample_config: ChairConfig, spelling: str
) -> None:
    db = tmp_path / "chair.db"
    service = ChairService(sample_config, db, TODAY, "spatel")
    meeting = service.meetings.start("weekly-ops")
    item = service.meetings.add_aob(meeting.id, "Flu clinic")
    service.close()
    with sqlite3.connect(db) as connection:  # as an older Chair let it in
        connection.execute(
            "UPDATE aob_items SET title = ? WHERE id = ?", (f"Flu clinic {spelling}", item.id)
        )
    result = run_chair(tmp_path, "--config", str(SAMPLE), "--db", str(db), "check")
    assert "Traceback" not in result.stderr
    assert result.returncode == 1, result.stderr
    assert (
        f"ERROR database: AOB item {item.id} title: holds what looks like an NHS number "
        "(943 476 5919)" in result.stdout
    ), result.stdout
