"""The forms' typing rules on the Pilot: pre-filled text kept and undoable, only visible fields
take Tab, the focused row marked, people by initials / first name / login, refused early.

(The same rules at full typing speed in a real terminal: tests/tui/test_typing_e2e.py.)
"""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
from textual import events
from textual.containers import VerticalScroll
from textual.widgets import Label

from config import load_config
from domain.keys import SectionKey
from storage.service.chair import ChairService
from tests.tui.conftest import SAMPLE, TODAY
from tests.tui.helpers import press, ready, settle, to_weekly_telephony, type_text
from tests.tui.notices import notices
from tui.screens.decision import DecisionForm
from tui.screens.meeting import MeetingScreen
from tui.widgets.field_input import FieldInput
from tui.widgets.letter_picker import LetterPicker
from tui.widgets.person_input import PersonInput, match_people

PEOPLE = load_config(SAMPLE).people


@pytest.mark.parametrize(
    ("typed", "person"),
    [
        ("jm", "jm"),  # initials (and id)
        ("JO", "jm"),  # first name, any case
        ("jmorgan", "jm"),  # login
        ("ada", "ao"),  # first name after a title (Dr Ada Okafor)
        ("ao", "ao"),  # initials without the title
        ("okaf", "ao"),  # part of a surname
        ("nurse", "rk"),  # role
        ("  Tom   Baker ", "tb"),  # spaces do not matter
    ],
)
def test_people_by_initials_first_name_or_login(typed: str, person: str) -> None:
    assert [p.id for p in match_people(PEOPLE, typed)] == [person]


def test_an_ambiguous_start_matches_several() -> None:
    assert {p.id for p in match_people(PEOPLE, "l")} >= {"lc", "tb"}  # Lee; clinical


async def open_telephony_decision(pilot: Any) -> DecisionForm:
    await ready(pilot)
    # Weekly ops (attendance later): the Telephony breach.
    await to_weekly_telephony(pilot, "d")
    form = pilot.app.screen
    assert isinstance(form, DecisionForm)
    return form


async def test_prefilled_text_is_kept_and_undone(app_factory: Any) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 32)) as pilot:
        form = await open_telephony_decision(pilot)
        assert isinstance(app.focused, LetterPicker)
        await press(pilot, "a")
        field = form.query_one("#data_shows", FieldInput)
        prefilled = field.value
        assert prefilled.startswith("Calls missed in queue")
        # The letter moved on to the first field still empty (the reason); what the data shows
        # is kept, one shift+tab back, the cursor at its end.
        assert app.focused is form.query_one("#reason", FieldInput)
        await press(pilot, "shift+tab")
        assert app.focused is field
        assert field.selection.is_empty and field.cursor_position == len(prefilled)
        await type_text(pilot, " X")
        assert field.value == prefilled + " X"  # typed on the end, nothing replaced
        await press(pilot, "ctrl+z")
        assert field.value == prefilled + " "
        await press(pilot, "ctrl+z")
        assert field.value == prefilled
        await press(pilot, "ctrl+y")
        assert field.value == prefilled + " "


async def test_only_visible_fields_take_tab_and_the_focused_row_is_marked(
    app_factory: Any,
) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 32)) as pilot:
        form = await open_telephony_decision(pilot)
        await press(pilot, "c")  # accept on a breach: data shows, reason and its owner only
        chain = form.focus_chain
        assert not any(isinstance(w, VerticalScroll) for w in chain)  # no invisible stop
        in_full = ["cause", "risk_areas", "risk", "success_target", "success_by", "success_metric"]
        owner = ["escalation_owner-text"]  # a decision on a breach names its owner
        assert [w.id for w in form.fields_in_order()] == [
            "kind", "data_shows", "reason", *owner, *in_full
        ]  # fmt: skip
        assert app.focused is not None and app.focused.id == "reason"  # the first empty one
        labels = {str(label.content).strip() for label in form.query(Label)}
        assert "▸ Reason" in labels and "What the data shows" in labels
        assert form.query_one("#reason-row").has_class("-focused")
        await press(pilot, "shift+tab", "shift+tab")
        assert isinstance(app.focused, LetterPicker)
        assert "Owner" in labels
        await press(pilot, "a")  # act shows its action fields, in order
        assert [w.id for w in form.focus_chain] == [
            "kind",
            "data_shows",
            "reason",
            "action_description",
            "action_owner-text",
            "action_due",
            *in_full,
        ]


async def test_a_letter_typed_in_a_text_field_is_text(app_factory: Any) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 32)) as pilot:
        form = await open_telephony_decision(pilot)
        await press(pilot, "m")  # the cursor goes to the reason, the first empty field
        await type_text(pilot, "rota gaps")  # r, a, g...: letters of other kinds
        assert form.query_one(LetterPicker).value.value == "monitor"
        assert form.query_one("#reason", FieldInput).value == "rota gaps"


async def test_save_waits_for_keys_still_queued_for_an_earlier_field(
    app_factory: Any, tmp_path: Any
) -> None:
    """Each field handles its keys in its own queue: at full speed the reason may still hold
    keys when the review date has handled its own and ctrl+s. Held here, the reason's keys (and
    the save's message through it) wait; the save must wait with them, then keep every word."""
    app = app_factory()
    async with app.run_test(size=(100, 32)) as pilot:
        form = await open_telephony_decision(pilot)
        await press(pilot, "m")  # monitor; into the reason (the first empty field)
        reason = form.query_one("#reason", FieldInput)
        assert app.focused is reason
        held: list[Any] = []
        post = reason.post_message
        reason.post_message = held.append  # type: ignore[method-assign]
        try:
            await type_text(pilot, "rota gaps")
            await press(pilot, "tab")
            await type_text(pilot, "+7d")
            await press(pilot, "tab")
            await type_text(pilot, "jo")  # a decision on a breach names its owner
            await press(pilot, "ctrl+s")
            waiting = app.screen is form  # not saved while the reason's keys are unread
        finally:
            reason.post_message = post  # type: ignore[method-assign]
            for message in held:
                post(message)
        assert waiting
        await settle(pilot)
        assert isinstance(app.screen, MeetingScreen)  # saved once the reason had its keys
    with sqlite3.connect(tmp_path / "chair.db") as connection:
        saved = connection.execute(
            "SELECT kind, reason, review_date, escalation_owner_id FROM decisions "
            "WHERE section_key = ?",
            (str(SectionKey.of_dashboard("telephony")),),
        ).fetchall()
    assert saved == [("monitor", "rota gaps", "2026-12-03", "jm")]


async def test_a_reader_is_told_why_before_any_form_opens(app_factory: Any, tmp_path: Any) -> None:
    chair = ChairService(load_config(SAMPLE), str(tmp_path / "chair.db"), TODAY, "spatel")
    huddle = chair.meetings.start("daily-huddle")
    app = app_factory("jmorgan")  # not a chair
    # Every notice as it is given: the toasts on screen go after 5 s, which a loaded machine
    # can take between the first notice and the last key.
    told = notices(app)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await press(pilot, "r")
        assert isinstance(app.screen, MeetingScreen)
        await press(pilot, "o")
        assert isinstance(app.screen, MeetingScreen)  # no form to fill in vain
        # The huddle opens on This week (nothing to decide): the chair moves on to Telephony.
        assert chair.sections.move_on(huddle.id).unmet == []
        await press(pilot, "q", "r", "d")
        assert isinstance(app.screen, MeetingScreen)
        said = told.messages
        # Not even attendance, which a new meeting opens with for its chair.
        assert sum("jmorgan may not record attendance" in m for m in said) == 1
        assert (
            said.count(
                "jmorgan may not add AOB items: only chairs in the roster registered in the "
                "database may (you can read everything)"
            )
            == 1
        )
        assert sum("jmorgan may not record decisions" in m for m in said) == 1
    chair.close()


async def test_tab_after_a_kind_letter_in_one_burst_reaches_the_fields_it_showed(
    app_factory: Any,
) -> None:
    """The kind letter, its words, tab and the next words straight onto the app's queue (as a
    terminal delivers a burst; Pilot.press waits for each key): the fields the letter showed
    have not been laid out when tab is read, and tab goes by the form's order of fields."""
    app = app_factory()
    async with app.run_test(size=(100, 32)) as pilot:
        form = await open_telephony_decision(pilot)
        await press(pilot, "a")  # act: its action fields shown and laid out
        await press(pilot, "shift+tab", "shift+tab")  # back on the kind
        burst = ["m", *"settling", "tab", *"2w", "tab", *"jo", "tab", *"later"]
        for key in burst:
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        await settle(pilot)
        assert form.query_one("#reason", FieldInput).value == "settling"
        assert form.query_one("#review_date", FieldInput).value == "2w"
        assert form.query_one("#escalation_owner", PersonInput).person_id == "jm"
        assert form.query_one("#cause", FieldInput).value == "later"
