"""The decision form builds only the parts its kind shows (issue 24: the form opened with the
fields of every kind, 76 widgets, most hidden); a letter builds the rest in place, and a draft
brings back every field it holds, a hidden kind's too."""

from __future__ import annotations

from typing import Any

from tests.tui.helpers import press, settle, type_text
from tests.tui.test_forms_typing import open_telephony_decision
from tui.screens.decision import DecisionForm
from tui.screens.form_parts import restore_fields, typed_fields
from tui.widgets.field_input import FieldInput
from tui.widgets.letter_picker import LetterPicker


async def test_a_form_opens_with_the_parts_its_kind_shows_and_a_letter_builds_more(
    app_factory: Any,
) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 32)) as pilot:
        form = await open_telephony_decision(pilot)
        # No kind yet: what the data shows and the reason, nothing hidden behind them.
        assert [f.id for f in form.query(FieldInput)] == ["data_shows", "reason"]
        assert form.parts.built == {}
        await press(pilot, "a")  # act: its action and the decision in full
        await type_text(pilot, "rota gaps")
        await press(pilot, "tab")
        await type_text(pilot, "call rota")
        assert form.query_one("#action_description", FieldInput).value == "call rota"
        assert set(form.parts.built) == {"action", "in_full"}
        ids = [f.id for f in form.fields_in_order()]
        assert ids.index("reason") < ids.index("action_description") < ids.index("cause")
        for _ in range(3):
            await press(pilot, "shift+tab")
        assert isinstance(app.focused, LetterPicker)
        await press(pilot, "m")  # monitor: its review date, built in its place
        ids = [f.id for f in form.fields_in_order()]
        assert ids[ids.index("reason") + 1] == "review_date"
        assert "action_description" not in ids  # hidden, kept
        kept = typed_fields(form)
        assert kept["action_description"] == "call rota" and kept["kind"] == "m"
        await press(pilot, "escape")

        # The same draft put back into a new form: the hidden act part is built for it. (The
        # app itself may already have put it back as the form opened, or not yet: that depends
        # on whether the meeting's drafts had been read by then; not asserted either way.)
        await press(pilot, "d")
        again = app.screen
        assert isinstance(again, DecisionForm) and again is not form
        restore_fields(again, kept)
        await settle(pilot)
        assert again.query_one(LetterPicker).value.key == "m"
        assert again.query_one("#reason", FieldInput).value == "rota gaps"
        assert again.query_one("#action_description", FieldInput).value == "call rota"
        assert not again.query_one("#action_description-row").display  # monitor hides it
        again.set_focus(again.query_one(LetterPicker))
        await press(pilot, "a")
        assert again.query_one("#action_description-row").display
        assert app.focused is again.query_one("#action_owner-text")  # the first empty one
