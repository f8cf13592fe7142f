"""Several practices on one server (issue 14): each practice its own meetings, actions and minutes;
a PCN meeting sees the member practices side by side per metric with the PCN median, and its
decisions are the PCN's. On a generated PCN data set (`python -m sample.generate --pcn`)."""

from __future__ import annotations

import datetime as dt
import json
import statistics
import subprocess
import sys
from pathlib import Path

import pytest

from config import ChairConfig, load_config
from domain.keys import SectionKey
from domain.records import Action, Decision, DecisionKind
from domain.status import Status
from storage.errors import NotFound
from storage.service.chair import ChairService
from tests import warm_chair

TODAY = dt.date(2026, 11, 26)
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def pcn_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pcn")
    subprocess.run(
        [sys.executable, "-m", "sample.generate", "--pcn", "--out", str(folder)]
        + ["--practices", "3", "--years", "2", "--national-extra", "4"],
        check=True,
        cwd=ROOT,
        capture_output=True,
        timeout=300,
    )
    return folder


@pytest.fixture(scope="module")
def pcn_config(pcn_folder: Path) -> ChairConfig:
    return load_config(pcn_folder / "chair.toml")


def _act(owner: str) -> Decision:
    return Decision(
        id=None,
        section_key=SectionKey.of_dashboard("access"),
        kind=DecisionKind.ACT,
        metric_id="dna-rate",
        title="DNA rate",
        data_shows="DNA rate above the PCN's",
        reason="Reminder texts not sent",
        actions=(Action(id=None, description="Switch on reminders", owner_id=owner, due=TODAY),),
    )


def test_each_practice_keeps_its_own_meetings_actions_and_minutes(
    pcn_config: ChairConfig, tmp_path: Path
) -> None:
    db = tmp_path / "chair.db"
    first = ChairService(pcn_config, db, TODAY, "spatel", practice="X99001")
    second = ChairService(pcn_config, db, TODAY, "spatel", practice="x99002")
    assert (first.config.practice.code, second.config.practice.code) == ("X99001", "X99002")
    one = first.meetings.start("weekly-ops")
    two = second.meetings.start("weekly-ops")
    assert one.id != two.id  # one in progress per type *per practice*
    assert (one.practice_code, two.practice_code) == ("X99001", "X99002")
    first.decisions.record(one.id, _act("jm"))
    assert [m.id for m in first.meetings.newest_first()] == [one.id]
    assert [m.id for m in second.meetings.in_progress()] == [two.id]
    assert len(first.actions.find()) == 1 and second.actions.find() == []
    assert "Riverside" not in first.minutes.markdown()
    assert "Practice 01" in first.minutes.markdown() and "Practice 02" in second.minutes.markdown()
    second.select_practice("X99001")
    assert [m.id for m in second.meetings.newest_first()] == [one.id]
    with pytest.raises(NotFound, match="no practice 'X12345' in the config"):
        ChairService(pcn_config, db, TODAY, "spatel", practice="X12345")
    first.close()
    second.close()


def test_a_pcn_meeting_sees_the_practices_side_by_side_and_decides_for_the_pcn(
    pcn_config: ChairConfig, tmp_path: Path
) -> None:
    service = ChairService(pcn_config, tmp_path / "chair.db", TODAY, "spatel", practice="X99002")
    rows = service.readings.pcn_table("access")
    members = service.readings.members("access")
    assert list(members) == ["X99001", "X99002", "X99003"]
    dna = next(r for r in rows if r.pcn.metric_id == "dna-rate")
    values = [next(x for x in members[c] if x.metric_id == "dna-rate").value for c in members]
    assert dna.pcn.value == pytest.approx(statistics.median(v for v in values if v is not None))
    assert dna.pcn.status == dna.pcn.thresholds.classify(dna.pcn.value)
    assert [c.practice_code for c in dna.cells] == ["X99001", "X99002", "X99003"]
    assert all(c.status is not Status.NO_DATA and c.value.endswith("%") for c in dna.cells)
    assert any(c.variation for c in dna.cells)  # two years of months: SPC has its words
    assert dna.pcn.source_file == "median of 3 of 3 practices"
    meeting = service.meetings.start("pcn-board")
    assert meeting.practice_code == "U99001"
    decision = service.decisions.record(meeting.id, _act("ao"))
    assert decision.actions[0].id is not None
    service.select_practice("X99003")  # the PCN's meeting is every practice's to see
    assert [m.id for m in service.meetings.in_progress()] == [meeting.id]
    # Through the agenda, each dashboard section on the PCN's readings: the minutes keep them.
    for section in meeting.sections:
        key = SectionKey.parse(section.key)
        readings = service.readings.pcn(key.dashboard) if key.is_dashboard else None
        for reading in readings or []:
            breach = reading.status.severity >= Status.AMBER.severity
            if breach and reading.metric_id != "dna-rate":
                service.decisions.record(meeting.id, _monitor(key, reading.metric_id))
        assert service.sections.move_on(meeting.id, readings).unmet == []
    minutes = service.minutes.markdown(meeting.id)
    assert "PCN U99001 (3 practices)" in minutes
    dna_line = next(line for line in minutes.splitlines() if line.startswith("| DNA rate"))
    assert all(code in dna_line for code in ("X99001", "X99002", "X99003")), dna_line
    service.close()


def _monitor(section_key: str, metric_id: str) -> Decision:
    return Decision(
        id=None,
        section_key=section_key,
        kind=DecisionKind.MONITOR,
        metric_id=metric_id,
        title=metric_id,
        data_shows="PCN median at amber",
        reason="Watch one more month",
        review_date=TODAY + dt.timedelta(days=28),
        escalation_owner_id="ao",  # a decision on a breach names its owner
    )


def test_chair_actions_practice_lists_one_practices_actions(
    pcn_config: ChairConfig, pcn_folder: Path, tmp_path: Path
) -> None:
    db = tmp_path / "chair.db"
    for code, owner in (("X99001", "jm"), ("X99003", "lc")):
        service = ChairService(pcn_config, db, TODAY, "spatel", practice=code)
        service.decisions.record(service.meetings.start("weekly-ops").id, _act(owner))
        service.close()
    common = ["--config", str(pcn_folder / "chair.toml"), "--db", str(db), "--today", "2026-11-26"]

    def owners(*extra: str, env: dict[str, str] | None = None) -> list[str]:
        result = warm_chair.run(
            ["actions", *common, "--format", "json", *extra],
            cwd=ROOT,
            env={**_env(), **(env or {})},
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        return sorted(a["owner_id"] for a in json.loads(result.stdout))

    assert owners() == ["jm", "lc"]  # no practice chosen: every practice's
    assert owners("--practice", "X99003") == ["lc"]
    assert owners("--practice", "x99001") == ["jm"]
    assert owners("--practice", "X99002") == []
    assert owners(env={"CHAIR_PRACTICE": "X99003"}) == ["lc"]
    wrong = warm_chair.run(
        ["actions", *common, "--practice", "Z1"], cwd=ROOT, env=_env(), timeout=120
    )
    assert wrong.returncode == 2
    assert wrong.stderr.strip().endswith(
        "not a practice in the config (known: X99001, X99002, X99003, U99001)"
    )


def _env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if k != "CHAIR_PRACTICE"} | {
        "PYTHONPATH": str(ROOT)
    }
