"""Data caveats on the meeting screen, acknowledging a breach, and the risk register (palette)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from config.load import load_config
from domain.gate import evaluate_gate
from domain.keys import SectionKey, Target
from domain.status import Status
from sample.history import seed_history
from storage.service.chair import ChairService
from tests.tui.conftest import SAMPLE, TODAY, FrozenClock
from tests.tui.helpers import press, ready, screen_text, settle, to_weekly_telephony, type_text
from tests.tui.notices import notices
from tui.app import make_app, service_factory_for
from tui.screens.forms import AcknowledgeForm
from tui.screens.meeting import MeetingScreen
from tui.widgets.person_input import PersonInput


def meeting(app: Any) -> MeetingScreen:
    screen = app.screen
    assert isinstance(screen, MeetingScreen), f"expected the meeting, got {screen!r}"
    return screen


def highlight(screen: MeetingScreen, key: str) -> None:
    screen.table.move_cursor(row=[row.key for row in screen.rows].index(key))


async def test_data_problem_is_marked_and_explained(app_factory: Any) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await press(pilot, "down", "down", "s", "escape")
        screen = meeting(app)
        assert screen.meeting.meeting_type == "monthly-management"
        keys = [section.key for section in screen.meeting.sections]
        screen.enter_section(keys.index(SectionKey.of_dashboard("compliance")))
        await settle(pilot)
        row = next(r for r in screen.rows if r.key == Target.metric("complaints-over-target"))
        reading = row.reading
        assert reading is not None and reading.detail.data_problem
        status = row.cells[2]
        assert reading.status.word in status.plain and "⚠" in status.plain  # type: ignore[union-attr]
        highlight(screen, Target.metric("complaints-over-target"))
        await settle(pilot)
        text = screen_text(app)
        assert "⚠" in text
        detail = str(screen.query_one("#detail").render())
        assert "data problem: " + reading.detail.data_problem[:20] in detail
        if reading.completeness is not None and reading.completeness < 1:
            assert f"completeness {reading.completeness:.0%}" in detail

        screen.enter_section(keys.index(SectionKey.of_dashboard("qof")))
        await settle(pilot)
        provisional = [r for r in screen.rows if r.reading and r.reading.detail.provisional]
        assert provisional, "the sample QOF year is provisional"
        highlight(screen, provisional[0].key)
        await settle(pilot)
        assert "provisional: " in str(screen.query_one("#detail").render())


async def palette(pilot: Any, command: str) -> None:
    """Run a command by name from the command palette (ctrl+p)."""
    await press(pilot, "ctrl+p")
    await type_text(pilot, command)
    await settle(pilot)
    # The palette searches in its own task: wait until it highlights the command (enter
    # before then runs nothing), not for a fixed time.
    for _ in range(600):
        if command in palette_choice(pilot.app):
            break
        await pilot.pause(0.05)
    assert command in palette_choice(pilot.app), palette_choice(pilot.app)
    await press(pilot, "enter")


def palette_choice(app: Any) -> str:
    """The command the open palette would run on enter ('' while it has none)."""
    from textual.command import CommandList

    try:
        results = app.screen.query_one(CommandList)
    except Exception:  # not the palette
        return ""
    index = results.highlighted
    if index is None or index >= results.option_count:
        return ""
    return str(results.get_option_at_index(index).prompt)


async def test_acknowledge_a_breach_on_its_key(app_factory: Any) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await to_weekly_telephony(pilot)
        screen = meeting(app)
        assert screen.view is not None and screen.view.key == SectionKey.of_dashboard("telephony")
        target = Target.metric("missed-in-queue")
        assert any(u.target == target for u in screen.view.unmet)
        highlight(screen, target)
        await settle(pilot)
        row = screen.current_row()
        assert row is not None and row.breach and row.reading is not None
        assert row.reading.status is Status.RED
        assert screen.check_action("acknowledge", ()) is True
        await press(pilot, "question_mark")  # help lists the key and the palette-only commands
        text = screen_text(app)
        assert "Acknowledge the highlighted breach" in text
        assert "Add to risk register" in text and "Attendance" in text
        await press(pilot, "escape")
        assert app.screen is screen

        await press(pilot, "c")
        form = app.screen
        assert isinstance(form, AcknowledgeForm)
        # Nothing filled in: an error beside each field, never a crash.
        await press(pilot, "ctrl+s")
        text = screen_text(app)
        assert "pick one person" in text and "say why" in text
        owner = form.query_one("#owner", PersonInput).input
        owner.focus()
        await type_text(pilot, "lee")
        await press(pilot, "tab")
        await type_text(pilot, "new phone system goes live next week")
        await press(pilot, "tab")
        await type_text(pilot, "2026-12-24")
        await press(pilot, "ctrl+s")
        assert app.screen is screen

        row = next(r for r in screen.rows if r.key == target)
        assert row.breach, "an acknowledged breach stays visible"
        assert row.acknowledged == "acknowledged until 2026-12-24 (Lee Chen)"
        highlight(screen, target)
        await settle(pilot)
        assert "acknowledged until 2026-12-24 (Lee Chen)" in str(
            screen.query_one("#detail").render()
        )
        acks = app.service.acknowledgements.find(screen.meeting.id, "missed-in-queue")
        assert [(a.owner_id, a.expires.isoformat()) for a in acks] == [("lc", "2026-12-24")]
        assert not any(u.target == target for u in screen.view.unmet)
        unmet = evaluate_gate(
            app.service.sections.state(
                screen.meeting.id, screen.section_index, screen.view.readings
            ).context
        )
        assert not any(u.target == target for u in unmet)
        assert screen.view.unmet == []  # the acknowledged breach was Telephony's only one
        await press(pilot, "n")
        assert screen.view.key == SectionKey.of_dashboard("prescribing")
        assert screen.meeting.current_section == screen.section_index


async def test_add_an_escalation_to_the_risk_register(tmp_path: Path, clock: FrozenClock) -> None:
    # A copy of the sample practice: the committed risk register is never written to.
    practice = tmp_path / "practice"
    practice.mkdir()
    shutil.copy(SAMPLE, practice / "chair.toml")
    shutil.copytree(SAMPLE.parent / "data", practice / "data")
    register = practice / "data" / "trackers" / "risk_register.csv"
    committed = (SAMPLE.parent / "data" / "trackers" / "risk_register.csv").read_bytes()
    db = str(tmp_path / "chair.db")
    config = load_config(practice / "chair.toml")
    assert seed_history(lambda day, login: ChairService(config, db, day, login), config, TODAY)

    factory = service_factory_for(practice / "chair.toml", db, TODAY, "spatel")
    app = make_app(factory, TODAY, minutes_dir=tmp_path / "minutes", clock=clock)
    given = notices(app)  # each notice as given (a toast goes after 5 s)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert app.service is not None
        risks_before = app.service.risks.all()
        meeting_id = app.service.meetings.start("partners").id
        app.service.attendance.record(meeting_id, ("sp", "ao"))  # so no attendance prompt
        screen = MeetingScreen(app.service.meetings.get(meeting_id))
        await app.push_screen(screen)
        await settle(pilot)
        keys = [section.key for section in screen.meeting.sections]
        screen.enter_section(keys.index("escalations-in"))
        await settle(pilot)
        assert screen.view is not None and screen.view.kind == "escalations-in"
        row = screen.current_row()
        assert row is not None and row.escalation is not None, "the demo leaves one waiting"
        assert screen.check_action("acknowledge", ()) is False
        assert screen.check_action("add_to_risk_register", ()) is True
        await palette(pilot, "Add to risk register")
        after = app.service.risks.all()
        assert len(after) == len(risks_before) + 1
        new = next(r for r in after if r not in risks_before)
        assert f"Added to the risk register as {new.ref}" in given
        assert register.read_bytes() == committed  # the practice's file is only read

        # A second time: the service's one-line refusal, as a notification, never a crash.
        await palette(pilot, "Add to risk register")
        assert len(app.service.risks.all()) == len(after)
        assert any(n.severity == "error" for n in given.given)
        assert isinstance(app.screen, MeetingScreen)
    assert (SAMPLE.parent / "data" / "trackers" / "risk_register.csv").read_bytes() == committed
