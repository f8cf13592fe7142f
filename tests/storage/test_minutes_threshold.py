"""A RED at a meeting that decides only at CRITICAL (the daily huddle): its minutes say why no
decision was needed beside the RED, and where REDs are decided (issue 19, seen in tmux: "No
decisions were needed." stood beside Calls missed in queue RED with no word of why)."""

from __future__ import annotations

from config import ChairConfig
from storage.service.chair import ChairService
from tests.storage.conftest import TODAY


def test_the_huddles_minutes_say_why_a_red_needed_no_decision(
    db_url: str, config: ChairConfig
) -> None:
    service = ChairService(config, db_url, TODAY, "spatel")
    try:
        huddle = service.meetings.start("daily-huddle")
        keys = [s.key for s in huddle.sections]
        telephony = keys.index("dashboard:telephony")
        for index in range(telephony + 1):
            key = keys[index]
            readings = service.readings.dashboard(key.dashboard) if key.is_dashboard else None
            moved = service.sections.move_on(huddle.id, readings=readings)
            assert moved.unmet == []  # a RED on telephony: no decision asked at the huddle
        minutes = service.minutes.markdown(huddle.id)
        part = minutes.split("## Telephony", 1)[1].split("\n## ", 1)[0]
        assert "| Calls missed in queue |" in part and "| RED" in part
        assert (
            "Below this meeting's threshold: Calls missed in queue (RED). This meeting decides "
            "only at CRITICAL; REDs are decided at the Weekly operations meeting.\n\n"
            "No decisions were needed." in part
        ), part
        # The weekly meeting decides at RED: nothing of the kind is said under its GREENs.
        assert minutes.count("Below this meeting's threshold") == 1, minutes
    finally:
        service.close()
