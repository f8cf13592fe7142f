"""`chair report dashboards`: meetings shown, breaches, decisions; candidates to retire."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
from pathlib import Path

from config import ChairConfig, load_config
from config.models import Review
from domain.keys import SectionKey
from domain.readings import Reading
from domain.records import ActionStatus, Verdict
from domain.status import Status, Thresholds
from storage.service.chair import ChairService
from tests import warm_chair
from tests.across.helpers import act_on_dna, dna_reading
from tests.storage.conftest import SAMPLE, TODAY
from tests.work_sections import settle_work_section

SAME_DAY = Reading(
    metric_id="same-day-share",
    title="Same-day appointments",
    unit="%",
    precision=1,
    value=45.0,
    status=Status.GREEN,
    thresholds=Thresholds("band", amber=0.0, red=5.0, critical=15.0, target_low=35, target_high=55),
)


def hold_meeting(config: ChairConfig, db: str, day: dt.date) -> None:
    """A weekly-ops meeting on `day` that decides on the red DNA rate (same-day share green)."""
    svc = ChairService(config, db, day, "spatel")
    meeting = svc.meetings.start("weekly-ops")
    if meeting.previous_meeting_id:
        svc.minutes.approve_previous(meeting.id)
    readings = [dna_reading(6.4, Status.RED), SAME_DAY]
    while svc.meetings.get(meeting.id).state.value == "in progress":
        current = svc.meetings.get(meeting.id)
        key = current.sections[current.current_section].key
        if key == SectionKey.of_dashboard("access"):
            svc.decisions.record(meeting.id, act_on_dna(day + dt.timedelta(days=7)))
        if key == "matters-arising":
            for action in svc.arising.actions_due_back(meeting.id):
                svc.actions.update(
                    action.id,
                    action.version,
                    ActionStatus.DONE,
                    evidence="done",
                    meeting_id=meeting.id,
                    verdict=Verdict.NO_CHANGE if action.metric_id else None,
                )
        settle_work_section(svc, meeting.id)
        outcome = svc.sections.move_on(
            meeting.id, readings if key == SectionKey.of_dashboard("access") else None
        )
        assert outcome.unmet == []
    svc.close()


def test_usage_and_candidates_to_retire(config: ChairConfig, db_url: str) -> None:
    hold_meeting(config, db_url, TODAY - dt.timedelta(days=200))
    hold_meeting(config, db_url, TODAY - dt.timedelta(days=7))
    reader = ChairService(config, db_url, TODAY, "intruder")  # reading is open to all
    usage = {u.metric_id: u for u in reader.readings.usage()}
    assert [u.metric_id for u in reader.readings.usage()] == [m.id for m in config.metrics]
    dna = usage["dna-rate"]
    assert (dna.meetings_shown, dna.breaches, dna.decisions, dna.actions) == (2, 2, 2, 2)
    assert dna.last_shown == dna.last_decided == TODAY - dt.timedelta(days=7)
    assert not dna.retire_candidate
    # The first meeting's action came back at the second, judged 'no change'.
    assert dna.verdicts == {"no change": 1} and dna.verdict_words == "1 no change"
    assert usage["same-day-share"].verdicts == {}
    same_day = usage["same-day-share"]
    assert (same_day.meetings_shown, same_day.breaches, same_day.decisions) == (2, 0, 0)
    assert same_day.last_decided is None and same_day.retire_candidate
    assert same_day.note == "no decision in 180 days (shown at 2 meetings)"
    assert usage["qof-value-at-risk"].meetings_shown == 0
    # A longer window than the history: nobody is flagged yet.
    patient = config.model_copy(update={"review": Review(retire_after_days=365)})
    later = ChairService(patient, db_url, TODAY, "spatel")
    assert not any(u.retire_candidate for u in later.readings.usage())
    reader.close()
    later.close()


def test_report_command_formats(tmp_path: Path) -> None:
    db = str(tmp_path / "chair.db")
    config = load_config(SAMPLE)
    hold_meeting(config, db, TODAY - dt.timedelta(days=200))
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHAIR_")}
    env.update(CHAIR_CONFIG=str(SAMPLE), CHAIR_DB=db, PYTHONUTF8="1")

    def run(*args: str) -> str:
        result = warm_chair.run(
            ["report", "dashboards", "--today", TODAY.isoformat(), *args],
            cwd=os.getcwd(),
            env=env,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    table = run()
    assert "DNA rate" in table and "candidate" in table
    assert f"{len(config.metrics)} metrics;" in table
    records = json.loads(run("--format", "json"))
    dna = next(r for r in records if r["metric_id"] == "dna-rate")
    assert dna["decisions"] == 1 and dna["retire_candidate"] is True  # decided 200 days ago
    assert (dna["worked"], dna["no_change"], dna["worse"], dna["too_early"]) == (0, 0, 0, 0)
    assert "Did it work?" in table
    rows = list(csv.DictReader(io.StringIO(run("--format", "csv"))))
    assert len(rows) == len(config.metrics) and rows[0]["metric_id"] == "dna-rate"
