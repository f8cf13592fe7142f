"""Every text field of every form keeps a draft (issue 19): the attendance marks (not only the
guests) and the export prompt's file name come back after the app went away with them typed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from domain.drafts import Draft
from tests.tui.drafts import attendance_resumed, service_on, wait_for_draft
from tests.tui.helpers import press, ready, settle, type_text
from tui.screens.attendance import APOLOGIES, PRESENT, AttendanceScreen, PeopleToggles
from tui.screens.forms import TextPrompt
from tui.screens.minutes import MinutesScreen


def _marks(draft: Draft) -> dict[str, str]:
    """The attendance marks a draft keeps, person id to mark."""
    people = draft.fields.get("people", "")
    return dict(part.split(":", 1) for part in people.split(",") if ":" in part)


async def test_attendance_marks_come_back_after_a_dropped_connection(
    app_factory: Callable[..., Any], tmp_path: Path
) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await press(pilot, "down", "s")  # the weekly meeting: attendance first
        form = app.screen
        assert isinstance(form, AttendanceScreen)
        await settle(pilot)  # the last meeting's attendance is the starting point
        people = form.query_one(PeopleToggles)
        first, second = people.people[0].id, people.people[1].id
        before = dict(form.states)
        await press(pilot, "a", "b", "b")  # the first one step on, the second two
        marked = dict(form.states)
        assert marked != before
        meeting_id = app.screen_stack[-2].meeting.id
        shown = {p: m for p, m in marked.items() if m in (PRESENT, APOLOGIES)}
        await wait_for_draft(app.service, meeting_id, lambda d: _marks(d) == shown)
        # The app goes away with the form open (a crash, a dropped connection).
    with service_on(tmp_path) as service:
        [draft] = [d for d in service.drafts.of(meeting_id) if d.has_text]
        assert draft.item_key == "attendance"
        kept = _marks(draft)
        assert kept == shown
        assert service.attendance.default(meeting_id).present != tuple(kept)  # not recorded

    async with attendance_resumed(app_factory) as (pilot, form):
        await settle(pilot)  # the last meeting's default, read late, leaves the draft's marks
        assert {p: m for p, m in form.states.items() if m != "—"} == kept
        assert form.states.get(first, "—") == marked.get(first, "—")
        assert form.states.get(second, "—") == marked.get(second, "—")
    with service_on(tmp_path) as service:
        recorded = service.attendance.default(meeting_id)
        assert set(recorded.present) == {p for p, m in kept.items() if m == PRESENT}
        assert set(recorded.apologies) == {p for p, m in kept.items() if m == APOLOGIES}
        assert [d for d in service.drafts.of(meeting_id) if d.has_text] == []  # saved: gone


async def test_an_attendance_opened_and_saved_untouched_keeps_no_draft(
    app_factory: Callable[..., Any], tmp_path: Path
) -> None:
    """The starting point filled in (not typed) is no draft."""
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await press(pilot, "down", "s")
        form = app.screen
        assert isinstance(form, AttendanceScreen)
        await settle(pilot)
        assert form.draft._typed_fields() == {}
        meeting_id = app.screen_stack[-2].meeting.id
    with service_on(tmp_path) as service:
        assert [d for d in service.drafts.of(meeting_id) if d.has_text] == []


async def test_the_export_name_typed_comes_back(
    app_factory: Callable[..., Any], tmp_path: Path
) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await press(pilot, "down", "s", "escape", "m")  # the weekly meeting's minutes so far
        assert isinstance(app.screen, MinutesScreen)
        await press(pilot, "e")
        prompt = app.screen
        assert isinstance(prompt, TextPrompt)
        offered = prompt.value("text")
        await pilot.press(*["backspace"] * 3)  # ".md" off
        await type_text(pilot, "-draft.txt")
        typed = offered[:-3] + "-draft.txt"
        await wait_for_draft(app.service, None, lambda d: d.fields == {"text": typed})
    with service_on(tmp_path) as service:
        [draft] = [d for d in service.drafts.of(None) if d.has_text]
        assert draft.item_key.startswith("export:") and draft.fields == {"text": typed}

    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await press(pilot, "r", "escape", "m", "e")
        prompt = app.screen
        assert isinstance(prompt, TextPrompt)
        assert prompt.value("text") == typed
        await press(pilot, "enter")
        assert not isinstance(app.screen, TextPrompt)
        assert Path(typed).read_text().startswith("# Weekly operations meeting")
    with service_on(tmp_path) as service:
        assert [d for d in service.drafts.of(None) if d.has_text] == []  # written: gone
