"""A letter picker with nothing chosen, given words meant for the field after it: the words land
in that field whole, and nothing is chosen for the person (before, "Business case" lost "Busi"
and its n chose "no change")."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Input

from tui.widgets.letter_picker import LetterPicker

VERDICTS = [("w", "worked", "worked"), ("n", "no change", "no change"), ("t", "too early", "early")]


class PickerThenText(App[None]):
    def compose(self) -> ComposeResult:
        yield LetterPicker(VERDICTS, id="verdict")
        yield Input(id="evidence")


async def test_words_typed_at_an_empty_picker_go_to_the_text_after_it() -> None:
    app = PickerThenText()
    async with app.run_test() as pilot:
        picker = app.query_one(LetterPicker)
        picker.focus()
        await pilot.pause()
        await pilot.press(*"Business", "space", *"case", "space", "2")
        await pilot.pause()
        assert app.query_one("#evidence", Input).value == "Business case 2"
        assert picker.value is None  # still to choose: the save asks for it


async def test_a_letter_of_an_option_chooses_it_and_a_chosen_picker_keeps_its_choice() -> None:
    app = PickerThenText()
    async with app.run_test() as pilot:
        picker = app.query_one(LetterPicker)
        picker.focus()
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert picker.value == "no change"
        picker.focus()
        await pilot.press("B", "z")  # chosen already: neither starts words elsewhere
        await pilot.pause()
        assert picker.value == "no change"
        assert app.query_one("#evidence", Input).value == ""


async def test_words_starting_with_a_lower_case_non_option_letter_are_kept_whole() -> None:
    app = PickerThenText()
    async with app.run_test() as pilot:
        app.query_one(LetterPicker).focus()
        await pilot.pause()
        await pilot.press(*"rang")  # r is no verdict: the words start here
        await pilot.pause()
        assert app.query_one("#evidence", Input).value == "rang"
        assert app.query_one(LetterPicker).value is None
