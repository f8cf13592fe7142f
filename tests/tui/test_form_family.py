"""One form family: every form kind shows a refusal from the service beside the field it names
(the cursor moved there, the words kept), or on the form's own line; and forms that kept no
draft before (attendance, the previous minutes refused) keep what was typed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.widget import Widget
from textual.widgets import Input, Static, TextArea

from config.load import load_config
from domain.keys import SectionKey
from domain.records import DecisionKind
from storage.errors import InvalidEntry, Problem, UserError
from storage.service.attendance import Attendance
from tests.tui.conftest import SAMPLE, TODAY
from tests.tui.drafts import attendance_resumed, service_on, wait_for_draft
from tests.tui.helpers import press, ready, settle, type_text
from tests.tui.test_meeting_sees import close_a_previous_meeting
from tui.screens.attendance import AttendanceScreen
from tui.screens.decision import DecisionForm, DecisionSubject
from tui.screens.form_base import TypingForm
from tui.screens.forms import AcknowledgeForm, ActionForm
from tui.screens.meeting import MeetingScreen
from tui.screens.previous_minutes import PreviousMinutesScreen
from tui.screens.review.dialogs import EvidenceDialog, RescheduleDialog
from tui.screens.work_forms import WatchNoteForm
from tui.widgets.letter_picker import LetterPicker

CONFIG = load_config(SAMPLE)
PEOPLE = list(CONFIG.people)


class Host(App[None]):
    """Just the form, over an empty screen."""

    def __init__(self, form: TypingForm[Any, Any]) -> None:
        super().__init__()
        self.form = form
        self.closed_with: list[object] = []

    def on_mount(self) -> None:
        self.push_screen(self.form, self.closed_with.append)


class Refusing:
    """A save that refuses as the service does: first with `error`, then it saves."""

    def __init__(self, error: Exception) -> None:
        self.error = error
        self.given: list[object] = []

    def __call__(self, value: object) -> object:
        self.given.append(value)
        if len(self.given) == 1:
            raise self.error
        return value


def refused(field: str) -> Refusing:
    return Refusing(InvalidEntry([Problem(field, "the service says no")]))


def decision_form(save: Refusing) -> DecisionForm:
    subject = DecisionSubject(
        section_key=SectionKey("aob"),
        title="New phone contract",
        meeting_date=TODAY,
        people=PEOPLE,
        meeting_types=list(CONFIG.meeting_types),
        breach=False,
    )
    return DecisionForm(subject, save, DecisionKind.ACT)  # type: ignore[arg-type]


# Each form kind: the form, how to fill it (field id -> words), the service's name for the
# refused field, and the form's field it must land beside.
KINDS: dict[str, tuple[Callable[[Refusing], TypingForm[Any, Any]], dict[str, str], str, str]] = {
    "modal form": (
        lambda save: ActionForm("Telephony", PEOPLE, TODAY, None, save),  # type: ignore[arg-type]
        {"description": "Ring the network", "owner-text": "Sam", "due": "+1w"},
        "action.due",
        "due",
    ),
    "acknowledge form": (
        lambda save: AcknowledgeForm("Telephony", PEOPLE, TODAY, None, save),  # type: ignore[arg-type]
        {"owner-text": "Sam", "reason": "New lines from Monday", "expires": "+4w"},
        "reason",
        "reason",
    ),
    "decision form": (
        decision_form,
        {
            "reason": "Cheaper and the lines stay",
            "action_description": "Sign it",
            "action_owner-text": "Sam",
            "action_due": "+2w",
        },
        "actions[0].due",
        "action_due",
    ),
    "watch note": (
        lambda save: WatchNoteForm(_watch_item(), save),  # type: ignore[arg-type]
        {"kind": "n", "note": "Keep watching monthly"},
        "note",
        "note",
    ),
    "review dialog": (
        lambda save: RescheduleDialog("New date", save, TODAY, None),  # type: ignore[arg-type]
        {"due": "+3w", "note": "locum found"},
        "new_due",
        "form",  # the service's field the dialog does not name: on the dialog's line
    ),
    "review evidence": (
        lambda save: EvidenceDialog("Done", save),  # type: ignore[arg-type]
        {"evidence": "rota filled to March"},
        "actions.evidence",
        "evidence",
    ),
    "attendance": (
        lambda save: AttendanceScreen(PEOPLE, Attendance(), "Attendance", save),  # type: ignore[arg-type]
        {"guests": "Dr Locum"},
        "guests",
        "guests",
    ),
    "previous minutes": (
        lambda save: PreviousMinutesScreen("# Minutes", "2026-11-29", save),  # type: ignore[arg-type]
        {"amendments": "Item 3: the DNA rate was 4%"},
        "amendments",
        "amendments",
    ),
}


def _watch_item() -> Any:
    from domain.watch import WatchItem

    return WatchItem("access-dna", "DNA rate", "access", "4.1%", 3, None)


def fill(form: TypingForm[Any, Any], words: dict[str, str]) -> None:
    for name, text in words.items():
        widget = form.query_one(f"#{name}")
        if isinstance(widget, TextArea):
            widget.load_text(text)
        elif isinstance(widget, LetterPicker):
            widget.value = next(v for k, _label, v in widget.options if k == text)
        else:
            assert isinstance(widget, Input)
            widget.value = text


def error_text(form: Widget, name: str) -> str:
    return str(form.query_one(f"#{name}-error", Static).render())


@pytest.mark.parametrize("kind", list(KINDS))
async def test_a_refusal_lands_beside_its_field(kind: str) -> None:
    build, words, service_field, field = KINDS[kind]
    save = refused(service_field)
    form = build(save)
    host = Host(form)
    async with host.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        fill(form, words)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert len(save.given) == 1, "the form's own check let it through to the service"
        assert host.screen is form and form.saving is False  # refused: the form stays
        assert "the service says no" in error_text(form, field)
        if field != "form":
            assert "the service says no" not in error_text(form, "form")
            focused = host.focused
            assert focused is not None and (focused.id or "").startswith(field), focused
        for name, text in words.items():  # the words typed are all still there
            widget = form.query_one(f"#{name}")
            if isinstance(widget, TextArea | Input):
                value = widget.text if isinstance(widget, TextArea) else widget.value
                assert text in value, (name, value)
        # Saved the second time: the problem has gone with the form, which closes with it.
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert host.screen is not form
        assert host.closed_with == [save.given[-1]]


async def test_a_refusal_in_words_goes_on_the_form_line() -> None:
    save = Refusing(UserError("another chair approved them at 10:02"))
    form = PreviousMinutesScreen("# Minutes", "2026-11-29", save)  # type: ignore[arg-type]
    host = Host(form)
    async with host.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await type_text(pilot, "Item 3")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert host.screen is form
        assert "another chair approved them" in error_text(form, "form")
        assert form.value("amendments") == "Item 3"


async def test_attendance_guests_come_back_after_a_dropped_connection(
    app_factory: Callable[..., Any], tmp_path: Path
) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await press(pilot, "down", "s")  # the weekly meeting: attendance first
        assert isinstance(app.screen, AttendanceScreen)
        await pilot.press("tab")
        await type_text(pilot, "Dr Locum")
        meeting_id = app.screen_stack[-2].meeting.id
        await wait_for_draft(
            app.service, meeting_id, lambda d: d.fields.get("guests") == "Dr Locum"
        )
        # The app goes away with the form open (a crash, a dropped connection).
    with service_on(tmp_path) as service:
        [draft] = [d for d in service.drafts.of(meeting_id) if d.has_text]
        assert draft.item_key == "attendance" and draft.fields["guests"] == "Dr Locum"
        assert service.attendance.default(meeting_id).guests == ()  # nothing recorded

    async with attendance_resumed(app_factory) as (_pilot, form):
        assert form.value("guests") == "Dr Locum"
    with service_on(tmp_path) as service:
        assert service.attendance.default(meeting_id).guests == ("Dr Locum",)
        assert [d for d in service.drafts.of(meeting_id) if d.has_text] == []  # saved: gone


async def test_a_refused_approval_keeps_the_amendments(
    app_factory: Callable[..., Any], tmp_path: Path
) -> None:
    """The service refuses the amendments (an NHS number in them): the refusal is said under
    the amendments, which stay typed; put right, they are approved."""
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        close_a_previous_meeting(app)
        await press(pilot, "down", "down", "s", "escape")  # the monthly meeting's first section
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        meeting_id = screen.meeting.id
        await press(pilot, "d")
        form = app.screen
        assert isinstance(form, PreviousMinutesScreen)
        await type_text(pilot, "Item 3 was about 943 476 5919")
        await press(pilot, "ctrl+s")
        assert app.screen is form
        assert "NHS number" in error_text(form, "amendments"), error_text(form, "amendments")
        assert form.value("amendments") == "Item 3 was about 943 476 5919"
        assert app.focused is form.query_one("#amendments")
        form.query_one("#amendments", TextArea).load_text("Item 3: the DNA rate was 4%")
        await press(pilot, "ctrl+s")
        assert app.screen is screen
    with service_on(tmp_path) as service:
        previous_id = service.meetings.get(meeting_id).previous_meeting_id
        assert previous_id is not None
        assert service.minutes.amendments_of(previous_id) == "Item 3: the DNA rate was 4%"
