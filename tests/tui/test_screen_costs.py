"""What keeps a screen cheap to open: the footer rebuilds only when its keys change, and a
modal draws the dimmed screen beneath once, not at each of its first layouts."""

from __future__ import annotations

from typing import Any

from textual._context import visible_screen_stack
from textual.widgets._footer import FooterKey

from tests.tui.helpers import press, ready, settle
from tui.screens.help import HelpScreen
from tui.screens.meeting import MeetingScreen
from tui.widgets.drawn import Drawn
from tui.widgets.keys_footer import KeysFooter


def footer_keys(screen: Any) -> list[FooterKey]:
    return list(screen.query_one(KeysFooter).query(FooterKey))


async def test_the_footer_is_rebuilt_only_when_its_keys_change(app_factory: Any) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await press(pilot, "s", "escape")  # the daily huddle, on telephony
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        before = footer_keys(screen)
        assert "Next" in [key.description for key in before]
        for _ in range(3):  # the same keys: the same widgets stay
            screen.refresh_bindings()
            await settle(pilot)
        assert footer_keys(screen) == before
        screen.end.closed = True  # a closed meeting allows only leave and minutes: rebuilt
        screen.refresh_bindings()
        await settle(pilot)
        shown = [key.description for key in footer_keys(screen)]
        assert "Next" not in shown and "Leave" in shown


async def test_a_modal_draws_the_screen_beneath_once_as_it_opens(app_factory: Any) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await press(pilot, "s", "escape", "question_mark")
        form = app.screen
        assert isinstance(form, HelpScreen)
        beneath = app.screen_stack[-2]
        assert isinstance(beneath, MeetingScreen)

        def render() -> object:
            # As the compositor renders the form: the screens visible below it are known.
            token = visible_screen_stack.set([beneath])
            try:
                return form.render()
            finally:
                visible_screen_stack.reset(token)

        first = render()
        assert render() is first  # kept: the meeting is not drawn and tinted again
        assert form._backdrop is not None
        form._backdrop = (0.0, form._backdrop[1])  # older than a second: drawn again
        assert render() is not first


async def test_the_help_table_is_drawn_once_per_width_laid_out(app_factory: Any) -> None:
    """Its forty keys' table is drawn as lines once per width, not at each question the
    layout asks (its width, its height) and again to paint."""
    app = app_factory()
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await press(pilot, "s", "escape", "question_mark")
        form = app.screen
        assert isinstance(form, HelpScreen)
        table = form.query_one(Drawn)
        # Laid out without, then with the scrollbar: two widths, each drawn once.
        assert table.content_size.width in table._drawn and len(table._drawn) <= 2
        lines = table.text_at(table.content_size.width).plain.splitlines()
        assert "Keys: Meeting" in lines[0] and len(lines) == table.content_size.height
        assert any("Move to the next section" in line for line in lines)
        assert all(len(line) <= table.content_size.width for line in lines)


async def test_a_field_is_styled_once_as_it_mounts_not_as_it_is_made(app_factory: Any) -> None:
    """Input's constructor sets its value and so its -valid class: styling the new field
    there and then cost ~2 ms a field (a decision form has fifteen)."""
    from tui.widgets.field_input import FieldInput

    app = app_factory()
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        styled: list[object] = []
        original = app.update_styles

        def counted(node: Any, animate: bool = True) -> None:
            styled.append(node)
            original(node, animate)

        app.update_styles = counted  # type: ignore[method-assign]
        field = FieldInput("pre-filled")
        assert "-valid" in field.classes and styled == []
        await app.screen.mount(field)
        await settle(pilot)
        assert field.styles.height is not None and "-valid" in field.classes
        field.add_class("-shown")  # once mounted, a class change restyles as before
        assert styled and styled[-1] is field


def test_the_backdrop_tints_as_textual_does_each_style_once() -> None:
    from rich.segment import Segment
    from rich.style import Style
    from textual.color import Color
    from textual.renderables.background_screen import BackgroundScreen

    from tui.screens.backdrop import tinted

    red = Style(color="red", bgcolor="#102030")
    segments = [
        Segment("a", red),
        Segment("b", None),
        Segment("c", Style(bold=True, link="https://example.org")),
        Segment("d", red),
        Segment("", None, [(1,)]),  # a control segment passes as it is
    ] * 50
    for color in (Color(0, 0, 0, 0.6), Color(10, 20, 30, 0.0)):
        assert list(tinted(segments, color)) == list(
            BackgroundScreen.process_segments(segments, color)
        )
