"""service.actions.completion(): the completion figures for Home, from every action as of today."""

from __future__ import annotations

import dataclasses
import datetime as dt

from config import ChairConfig
from domain.keys import SectionKey
from domain.records import ActionStatus
from storage.service.chair import ChairService
from tests.across.helpers import act_on_dna
from tests.storage.conftest import TODAY


def test_completion_counts_on_time_carried_and_overdue(config: ChairConfig, db_url: str) -> None:
    chair = ChairService(config, db_url, TODAY, "spatel")
    meeting = chair.meetings.start("weekly-ops")
    [on_time] = chair.decisions.record(meeting.id, act_on_dna(TODAY + dt.timedelta(days=3))).actions
    other = dataclasses.replace(
        act_on_dna(TODAY + dt.timedelta(days=3), owner="lc"),
        metric_id="missed-in-queue",
        title="Calls missed in queue",
        section_key=SectionKey.of_dashboard("telephony"),
    )
    [late] = chair.decisions.record(meeting.id, other).actions
    chair.actions.update(on_time.id, on_time.version, ActionStatus.DONE, evidence="rota filled")
    later = ChairService(config, db_url, TODAY + dt.timedelta(days=10), "spatel")
    figures = later.actions.completion()
    assert figures.due == 2
    assert figures.done_on_time == 1
    assert figures.overdue_by_owner == (("lc", 1),)
    assert figures.carried_over == 0
    # Reading is open to everyone (Home shows it to any login); nothing is changed.
    reader = ChairService(config, db_url, TODAY + dt.timedelta(days=10), "intruder")
    assert reader.actions.completion() == figures
    assert late.id is not None
    for svc in (chair, later, reader):
        svc.close()
