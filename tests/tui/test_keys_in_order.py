"""Keys typed at full speed act in the order typed (issue 19's known losses):

- a field's editing keys (backspace, the arrows) act between the letters around them, and the
  save waits behind them (they ran once bubbled up to the app, after the later letters);
- escape typed straight before a key is escape, then that key: the terminal's bytes (ESC, `n`)
  were read as alt+n, or as "^" when another ESC followed.
"""

from __future__ import annotations

from typing import Any

from textual import events

from tests.tui.helpers import settle
from tests.tui.test_form_family import Host
from tests.tui.test_keys_while_loading import weekly_meeting
from tui.screens.forms import TextPrompt
from tui.screens.previous_minutes import PreviousMinutesScreen
from tui.terminal_keys import EscapeFirstParser, split_alt


def typed(text: str) -> list[str]:
    """The key names of `text` (as the terminal sends them)."""
    return ["space" if c == " " else c for c in text]


CHARACTERS = {"space": " ", "alt+n": "n"}


def burst(pilot: Any, *keys: str) -> None:
    """Keys read back to back, as typed at full speed in a terminal (with their characters)."""
    app = pilot.app
    for key in keys:
        event = events.Key(key, key if len(key) == 1 else CHARACTERS.get(key))
        event.set_sender(app)
        app._driver.send_message(event)


class Saves:
    def __init__(self) -> None:
        self.given: list[str] = []

    def __call__(self, value: str) -> str:
        self.given.append(value)
        return value


async def test_backspace_in_the_amendments_acts_where_it_was_typed() -> None:
    save = Saves()
    form = PreviousMinutesScreen("# Minutes", "2026-11-29", save)
    host = Host(form)
    async with host.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        burst(
            pilot,
            *typed("Item 4: the rota gapx"),
            "backspace",
            *typed(" is on Mondayz"),
            "backspace",
            "backspace",
            *typed("ys"),
            "ctrl+s",
        )
        await settle(pilot)
        assert save.given == ["Item 4: the rota gap is on Mondays"]
        assert host.closed_with == ["Item 4: the rota gap is on Mondays"]


async def test_a_fields_arrows_and_backspace_act_between_its_letters() -> None:
    save = Saves()
    form: TextPrompt[str] = TextPrompt("Any other business", "Title", save)
    host = Host(form)
    async with host.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        burst(pilot, *typed("Car pakx"), "backspace", "left", "r", "end", *typed(" lighting"))
        burst(pilot, "enter")
        await settle(pilot)
        assert save.given == ["Car park lighting"]


async def test_escape_then_a_letter_closes_the_form_and_the_letter_acts_beneath(
    app_factory: Any,
) -> None:
    """`o`, a title, escape and `n` at once: the terminal's ESC n came as alt+n."""
    app = app_factory()
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await weekly_meeting(pilot)
        burst(pilot, "o", *typed("Car park"), "alt+n")
        await settle(pilot)
        assert app.screen is screen, app.screen
        assert screen.section_index == 1 and screen.meeting.current_section == 1
        assert app.service is not None
        assert app.service.meetings.get(screen.meeting.id).aob == ()


def parsed(*reads: str) -> list[str]:
    """The keys Chair's parser gives for the terminal's bytes, read in these chunks."""
    parser = EscapeFirstParser()
    found = [e for chunk in reads for e in parser.feed(chunk)]
    if parser._timeout_time is not None:  # the last ESC's wait runs out
        parser._timeout_time = 0.0
        found += parser.tick()
    return [e.key for e in found if isinstance(e, events.Key)]


def test_escape_straight_before_a_key_is_escape_then_the_key() -> None:
    assert parsed("\x1bnwed\r") == ["escape", "n", "w", "e", "d", "enter"]
    # Another ESC after it made the first a "^" (Textual's parser): both are escape.
    assert parsed("\x1bok\x1b") == ["escape", "o", "k", "escape"]
    assert parsed("\x1b\x1bq") == ["escape", "escape", "q"]
    # The terminal's own sequences are untouched: arrows and a long tail.
    assert parsed("ab\x1b[A\x1b[Bx") == ["a", "b", "up", "down", "x"]
    assert parsed("\x1b" + "x" * 40) == ["escape"] + ["x"] * 40
    # ESC at the end of one read and the key in the next: alt+n, split by the app.
    assert parsed("\x1b", "n") == ["alt+n"]


def test_alt_and_a_key_is_split_into_escape_and_the_key() -> None:
    split = split_alt(events.Key("alt+n", "n"))
    assert split is not None and [(k.key, k.character) for k in split] == [
        ("escape", "\x1b"),
        ("n", "n"),
    ]
    split = split_alt(events.Key("alt+full_stop", "."))
    assert split is not None and [k.key for k in split] == ["escape", "full_stop"]
    assert split_alt(events.Key("alt+left", None)) is None
    assert split_alt(events.Key("n", "n")) is None


async def test_words_typed_straight_after_ctrl_p_land_in_the_palette(app_factory: Any) -> None:
    """The palette (Textual's) opens a little after ctrl+p: the words typed at once wait for
    its search box (they were lost)."""
    from textual.command import CommandInput, CommandPalette

    app = app_factory()
    async with app.run_test(size=(100, 32)) as pilot:
        await weekly_meeting(pilot)
        burst(pilot, "ctrl+p", *"abandon")
        # (Not settle: the palette cancels its search worker at each letter, by design.)
        for _ in range(400):
            await pilot.pause(0.05)
            screen = app.screen
            inputs = screen.query(CommandInput) if isinstance(screen, CommandPalette) else []
            if inputs and inputs.first().value == "abandon":
                break
        assert isinstance(app.screen, CommandPalette)
        assert app.screen.query_one(CommandInput).value == "abandon"


async def test_keys_typed_after_a_refused_save_are_not_used_and_the_form_says_so(
    app_factory: Any,
) -> None:
    """`o C-s j d n` in the meeting: the AOB form refuses a save with no title, and the `j d n`
    typed for the screen beneath neither end up in the words nor act there: the form stays,
    empty, and names them. (They ended the words of a note, or chose for the person.)"""
    app = app_factory()
    async with app.run_test(size=(100, 32)) as pilot:
        meeting = await weekly_meeting(pilot)
        burst(pilot, "o", "ctrl+s", "j", "d", "space", "n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, TextPrompt), form
        assert form.value("text") == ""
        said = str(form.query_one("#form-error").render())
        assert "keys typed after saving were not used: jd n" in said, said
        assert meeting.section_index == 0  # the n did not move the meeting on
        # The keys typed once the refusal is on screen are the form's again.
        burst(pilot, *typed("Car park lighting"), "ctrl+s")
        await settle(pilot)
        assert app.screen is meeting
        aob = app.service.meetings.get(meeting.meeting.id).aob
        assert [item.title for item in aob] == ["Car park lighting"]
