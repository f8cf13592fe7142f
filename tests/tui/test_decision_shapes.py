"""The decision form's shapes on screen: a patient-experience decision in six parts (the first
two filled from the readings), and an investment offered at a strategic meeting only."""

from __future__ import annotations

from typing import Any

from domain.keys import SectionKey
from domain.records import DecisionKind
from tests.tui.helpers import press, ready, settle, type_text
from tui.screens.decision import DecisionForm
from tui.screens.meeting import MeetingScreen
from tui.widgets.field_input import FieldInput
from tui.widgets.letter_picker import LetterPicker


async def open_meeting(app: Any, pilot: Any, type_id: str, section: str) -> MeetingScreen:
    await ready(pilot)
    meeting_id = app.service.meetings.start(type_id).id
    app.service.attendance.record(meeting_id, ("sp", "jm"))  # so no attendance prompt
    screen = MeetingScreen(app.service.meetings.get(meeting_id))
    await app.push_screen(screen)
    await settle(pilot)
    keys = [s.key for s in screen.meeting.sections]
    screen.enter_section(keys.index(section))
    await settle(pilot)
    return screen


async def test_an_experience_decision_opens_in_six_parts(app_factory: Any) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await open_meeting(
            app, pilot, "monthly-management", SectionKey.of_dashboard("experience")
        )
        await press(pilot, "d")
        form = app.screen
        assert isinstance(form, DecisionForm)
        said = form.query_one("#exp_patients_say", FieldInput).value
        assert "GPPS: good overall experience" in said and "Friends and Family" in said
        for _ in range(600):  # telephony is not on this agenda: computed in the form's worker
            if form.query_one("#exp_data_shows", FieldInput).value:
                break
            await pilot.pause(0.1)
        shows = form.query_one("#exp_data_shows", FieldInput).value
        assert "Calls missed in queue" in shows  # a linked dashboard (telephony)
        assert [k for k, _label, _kind in form.query_one(LetterPicker).options] == list("amecqd")
        await press(pilot, "m")  # the cursor goes to the reason, the first empty field
        await type_text(pilot, "survey in spring")
        await press(pilot, "tab")
        await type_text(pilot, "+28d")
        await press(pilot, "ctrl+s")  # the four parts left to answer are refused by name
        await settle(pilot)
        assert app.screen is form
        error = str(form.query_one("#exp_in_control-error").render())
        assert "does not say: What is within our control" in error
        for name, text in [
            ("exp_in_control", "phone rota"),
            ("exp_constrained", "ICB contract"),
            ("exp_will_change", "a call-back"),
            ("exp_measure", "GPPS 75%"),
        ]:
            form.query_one(f"#{name}", FieldInput).set_text(text)
        await press(pilot, "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MeetingScreen)
        decision = screen.current_row().decision
        assert decision is not None and decision.experience is not None
        assert decision.experience.will_change == "a call-back"


async def test_an_investment_is_offered_in_a_strategic_meeting_only(app_factory: Any) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await open_meeting(app, pilot, "partners", "aob")
        await press(pilot, "o")
        await type_text(pilot, "Second clinical pharmacist")
        await press(pilot, "enter")
        await settle(pilot)
        await press(pilot, "d", "i")
        form = app.screen
        assert isinstance(form, DecisionForm)
        assert form.query_one(LetterPicker).value is DecisionKind.INVESTMENT
        answers = ["Medication reviews wait", "ARRS", "GP each session", "30 reviews a week",
                   "missed monitoring", "reviews done within 4 weeks"]  # fmt: skip
        await press(pilot, "tab")  # from the reason (the first empty field): then the date
        assert app.focused is not None and app.focused.id == "review_date"
        await type_text(pilot, "+90d")
        for text in answers:
            await press(pilot, "tab")
            await type_text(pilot, text)
        await press(pilot, "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MeetingScreen)
        decision = screen.current_row().decision
        assert decision is not None and decision.kind is DecisionKind.INVESTMENT
        assert decision.investment is not None and decision.investment.income == "ARRS"
        assert decision.actions[0].description.startswith("Review the investment")
    weekly = app_factory()
    async with weekly.run_test(size=(100, 32)) as pilot:
        await open_meeting(weekly, pilot, "weekly-ops", "aob")
        await press(pilot, "o")
        await type_text(pilot, "Car park")
        await press(pilot, "enter")
        await settle(pilot)
        await press(pilot, "d")
        form = weekly.screen
        assert isinstance(form, DecisionForm)
        assert "i" not in [k for k, _label, _kind in form.query_one(LetterPicker).options]
