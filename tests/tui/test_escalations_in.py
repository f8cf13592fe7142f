"""Escalations in on the meeting screen: where each came from, and the decision form opening
with the sender's evidence and reason (issue 19, point 12)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from domain.decisions import evidence_of
from domain.records import DecisionKind
from sample.history import seed_history
from storage.service.chair import ChairService
from tests.tui.conftest import SAMPLE, TODAY, FrozenClock
from tests.tui.helpers import press, ready, settle, type_text
from tui.app import make_app, service_factory_for
from tui.screens.decision import DecisionForm
from tui.screens.meeting import MeetingScreen
from tui.widgets.field_input import FieldInput


async def test_an_escalation_in_shows_its_origin_and_opens_the_form_with_its_evidence(
    tmp_path: Path, clock: FrozenClock
) -> None:
    from config.load import load_config

    db = str(tmp_path / "chair.db")
    config = load_config(SAMPLE)
    assert seed_history(lambda day, login: ChairService(config, db, day, login), config, TODAY)
    sent_at = TODAY - dt.timedelta(days=14)  # sample/history.py: the weekly that escalated
    factory = service_factory_for(SAMPLE, db, TODAY, "spatel")
    app = make_app(factory, TODAY, minutes_dir=tmp_path / "minutes", clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert app.service is not None
        meeting_id = app.service.meetings.start("partners").id
        app.service.attendance.record(meeting_id, ("sp", "ao"))  # so no attendance prompt
        screen = MeetingScreen(app.service.meetings.get(meeting_id))
        await app.push_screen(screen)
        await settle(pilot)
        keys = [section.key for section in screen.meeting.sections]
        screen.enter_section(keys.index("escalations-in"))
        await settle(pilot)
        row = screen.current_row()
        assert row is not None and row.escalation is not None, "the demo leaves one waiting"
        escalation = row.escalation
        assert row.cells[1] == f"Weekly operations, {sent_at.day} {sent_at:%b}"
        detail = str(screen.query_one("#detail").render())
        assert "dashboard:" not in detail
        assert (
            f"Calls missed in queue, escalated by the Weekly operations meeting on "
            f"{sent_at.isoformat()} (Telephony); owner Dr Ada Okafor"
        ) in " ".join(detail.split())
        assert "Why escalated: Five months RED despite rota changes: needs investment" in detail

        await press(pilot, "d")
        form = app.screen
        assert isinstance(form, DecisionForm)
        evidence = evidence_of(escalation)
        assert evidence.startswith("18.7% (RED, 5 periods)")
        assert form.query_one("#data_shows", FieldInput).value == evidence
        sent_with = str(form.query_one("#sent-with").render())
        assert "Why escalated: Five months RED despite rota changes" in sent_with
        assert f"Weekly operations meeting on {sent_at.isoformat()} (Telephony)" in " ".join(
            sent_with.split()
        )
        await pilot.press("m")
        await type_text(pilot, "Funding decision due from the ICB")
        await pilot.press("tab")
        await type_text(pilot, "next")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MeetingScreen)
        [saved] = [
            d
            for d in app.service.meetings.get(meeting_id).decisions
            if d.answers_escalation_id == escalation.id
        ]
        assert saved.kind is DecisionKind.MONITOR
        assert saved.data_shows == evidence  # the sender's evidence, kept as it was
        assert saved.reason == "Funding decision due from the ICB"
        assert saved.review_date is not None and saved.review_date > TODAY
