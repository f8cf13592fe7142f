"""What Home asks: which practice (a configuration of several, a PCN's), which meeting to resume."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.app import App

    from config.models import ChairConfig
    from tui.home_view import InProgress
    from tui.shell import ChairApp


def choose_practice(app: ChairApp, chosen: Callable[[ChairConfig], None]) -> None:
    """Ask which practice (an open service, a configuration of several); `chosen` gets the
    configuration as the service has it once the choice is saved (in a worker)."""
    from tui.screens.choice import ChoiceModal

    config = app.config
    assert config is not None
    practices = sorted(config.practices, key=lambda p: p.code)[:9]
    body = (
        "\n".join(f"{i}  {p.code}  {p.name}" for i, p in enumerate(practices, start=1))
        + f"\n\nMeetings of scope PCN belong to {config.pcn_code} whichever is chosen."
    )

    def select(code: str) -> None:
        with app.door() as service:
            service.select_practice(code)
            config = service.config
        app.call_from_thread(chosen, config)

    def picked(choice: str | None) -> None:
        if choice:
            code = practices[int(choice) - 1].code
            app.run_worker(lambda: select(code), thread=True, exit_on_error=False, group="practice")

    app.push_screen(
        ChoiceModal(
            "Which practice?", body, [(str(i), p.code) for i, p in enumerate(practices, start=1)]
        ),
        picked,
    )


def ask_which_meeting(
    app: App[Any], title: str, meetings: Sequence[InProgress], resume: Callable[[int], None]
) -> None:
    """Which meeting in progress to resume: one is offered with `r`, several by number."""
    from tui.screens.choice import ChoiceModal

    if len(meetings) == 1:
        body, choices = meetings[0].line.strip(), [("r", "resume where it stopped")]
    else:
        body, choices = "", [(str(i + 1), m.line.strip()) for i, m in enumerate(meetings[:9])]

    def chosen(choice: str | None) -> None:
        if choice:
            resume(meetings[0 if choice == "r" else int(choice) - 1].meeting_id)

    app.push_screen(ChoiceModal(title, body, choices), chosen)
