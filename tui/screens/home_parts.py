"""Home's parts: what it asks (which practice of several, which meeting to resume) and a
meeting opened from it (started or read in Home's worker, its first section built there too)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from tui.messages import EntryRefused, MeetingOpened

if TYPE_CHECKING:
    from textual.app import App

    from config.models import ChairConfig
    from domain.records import Meeting
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


def start_meeting(app: ChairApp, type_id: str) -> MeetingOpened | EntryRefused:
    """(In a worker.) A new meeting of `type_id`, or why it may not start."""
    from storage.errors import UserError

    try:
        with app.door() as service:
            meeting = service.meetings.start(type_id)
    except UserError as error:
        return EntryRefused(str(error))
    return opened(app, meeting)


def read_meeting(app: ChairApp, meeting_id: int) -> MeetingOpened:
    """(In a worker.) The meeting read afresh: its saved section, row and clock are where it
    resumes."""
    with app.door() as service:
        meeting = service.meetings.get(meeting_id)
    return opened(app, meeting)


def opened(app: ChairApp, meeting: Meeting) -> MeetingOpened:
    """(In the worker that read `meeting`.) Its section built here too when it can be: the
    meeting screen's first frame shows its rows (tui.screens.meeting.loading)."""
    from tui.screens.meeting.loading import first_view

    first = None
    if app.config is not None:
        variables = app.theme_variables or app.get_css_variables()
        try:
            first = first_view(app.door, app.config, meeting, variables)
        except Exception:  # only a head start: the screen reads the section itself
            first = None
    return MeetingOpened(meeting, first)
