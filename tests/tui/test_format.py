"""Status words render under every theme (a translucent theme colour once crashed NO DATA)."""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from rich.style import Style

from domain.status import Status
from tests.tui.conftest import TODAY
from tui.app import ChairApp, make_app
from tui.format import colour, status_text, styled


def _never_opened() -> object:
    raise AssertionError("these tests need no service")


def render(text: object) -> str:
    console = Console(file=io.StringIO(), force_terminal=True, color_system="truecolor", width=40)
    console.print(text)
    output = console.file.getvalue()  # type: ignore[attr-defined]
    assert isinstance(output, str)
    return output


def test_a_translucent_colour_is_blended_to_an_opaque_one() -> None:
    variables = {"foreground-muted": "#E0E0E099", "background": "#121212"}
    assert colour("foreground-muted", variables) == "#8D8D8D"
    assert colour("text-muted", {"text-muted": "auto 60%"}) == ""
    assert colour("missing", variables) == ""


@pytest.mark.parametrize("no_color", [False, True], ids=["colour", "NO_COLOR"])
async def test_every_status_renders_under_every_theme(
    no_color: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    else:
        monkeypatch.delenv("NO_COLOR", raising=False)
    app: ChairApp = make_app(_never_opened, TODAY)  # type: ignore[arg-type]
    app.on_mount = lambda: None  # type: ignore[method-assign]  # keep the service closed
    async with app.run_test(size=(80, 24)):
        assert app.theme == "textual-dark"  # the default theme first
        themes = [app.theme, *sorted(set(app.available_themes) - {app.theme})]
        for theme in themes:
            app.theme = theme
            variables = app.get_css_variables()
            for status in Status:
                text = status_text(status, variables)
                Style.parse(str(text.style))  # what failed: Rich could not parse the colour
                assert status.label in render(text), (theme, status)
                render(status_text(status, variables, bold=True))
            render(styled("x", "foreground-muted", variables, bold=True))


def test_the_meeting_clock_has_one_format() -> None:
    from tui.format import clock_pair

    assert clock_pair(91, 90 * 60) == "0:01:31 / 1:30:00"  # not "1:31 / 1:30:00"
    assert clock_pair(91, 15 * 60) == "1:31 / 15:00"
    assert clock_pair(3700, 15 * 60) == "1:01:40 / 0:15:00"
