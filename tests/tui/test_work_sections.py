"""The work behind the number on the meeting screen: This week, the Watch list (a note on each
AMBER), the Risk register (a review of each risk due) and 'did it work?' in matters arising."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from domain.keys import SectionKey, Target
from domain.records import Verdict
from tests.db_templates import seeded_demo
from tests.tui.conftest import SAMPLE, TODAY, FrozenClock
from tests.tui.helpers import press, ready, screen_text, settle, type_text
from tui.app import make_app, service_factory_for
from tui.screens.forms import ActionUpdateForm
from tui.screens.meeting import MeetingScreen
from tui.screens.metric_detail import MetricDetailScreen
from tui.screens.work_forms import ExceptionForm, RiskReviewForm, WatchNoteForm
from tui.widgets.field_input import FieldInput


def meeting(app: Any) -> MeetingScreen:
    screen = app.screen
    assert isinstance(screen, MeetingScreen), f"expected the meeting, got {screen!r}"
    return screen


def highlight(screen: MeetingScreen, key: str) -> None:
    screen.table.move_cursor(row=[row.key for row in screen.rows].index(key))


async def to_section(pilot: Any, screen: MeetingScreen, key: str) -> None:
    """Press n until the section `key` is on screen (each one before it lets the meeting on)."""
    for _ in range(len(screen.meeting.sections)):
        if screen.view is not None and screen.view.key == key:
            return
        await press(pilot, "n")
    raise AssertionError(f"never reached {key}: {screen_text(pilot.app)}")


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's history (register, verdicts, watch-list notes) in a database, seeded once."""
    db = tmp_path_factory.mktemp("seeded") / "chair.db"
    seeded_demo(db, TODAY)  # a copy of the demo seeded once per test process
    return db


def app_on(db: Path, tmp_path: Path, clock: FrozenClock) -> Any:
    factory = service_factory_for(SAMPLE, str(db), TODAY, "spatel")
    return make_app(factory, TODAY, minutes_dir=tmp_path / "minutes", clock=clock)


async def open_meeting(pilot: Any, app: Any, meeting_type: str) -> MeetingScreen:
    """Start a meeting of the type, attendance recorded (no prompt), and show it."""
    meeting_id = app.service.meetings.start(meeting_type).id
    app.service.attendance.record(meeting_id, ("sp", "ao", "jm"))
    screen = MeetingScreen(app.service.meetings.get(meeting_id))
    await app.push_screen(screen)
    await settle(pilot)
    return screen


async def test_this_week_then_the_watch_list_needs_a_note_on_each_amber(
    app_factory: Any,
) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        screen = await open_meeting(pilot, app, "weekly-ops")
        await to_section(pilot, screen, "this-week")
        due = [row.due for row in screen.rows if row.due is not None]
        assert due, "the sample's trackers have something due"
        assert [d.due for d in due] == sorted(d.due for d in due)  # most urgent first
        assert "This week" in screen_text(app) and due[0].what[:20] in screen_text(app)
        assert not screen.check_action("decide", ())  # nothing to decide on a due item

        await press(pilot, "n")
        assert screen.view is not None and screen.view.key == "watch-list"
        items = [row.watch for row in screen.rows if row.watch is not None]
        assert items and all(row.key.kind == "metric" for row in screen.rows)
        assert "✗ note needed" in screen_text(app)
        await press(pilot, "n")  # refused: every AMBER needs its note
        assert screen.view.key == "watch-list"
        refusal = str(screen.query_one("#refusal").render())
        assert f"Watch list: {items[0].title} (AMBER) has no note yet" in refusal

        highlight(screen, Target.metric(items[0].metric_id))
        await press(pilot, "d")
        assert isinstance(app.screen, WatchNoteForm)
        await press(pilot, "ctrl+s")  # nothing chosen: refused beside the field
        assert isinstance(app.screen, WatchNoteForm)
        assert "choose" in str(app.screen.query_one("#kind-error").render())
        await press(pilot, "a")
        await type_text(pilot, "Rota change from Monday")
        await press(pilot, "ctrl+s")
        assert screen.view is not None and screen.view.key == "watch-list"
        noted = app.service.watch.notes_at(screen.meeting.id)[items[0].metric_id]
        assert (noted.kind, noted.note) == ("act", "Rota change from Monday")
        row = next(r for r in screen.rows if r.key == Target.metric(items[0].metric_id))
        assert str(row.cells[-1]) == "✓ act: Rota change from Monday"
        assert "✓ act: Rota" in screen_text(app)

        for item in items[1:]:
            app.service.watch.note(screen.meeting.id, item, "noted", "Keep watching")
        screen.loader.load(screen.section_index)
        await settle(pilot)
        await press(pilot, "n")
        assert screen.view is not None and screen.view.key == SectionKey.of_dashboard("access")


async def test_risk_register_asks_a_review_of_each_risk_due(
    seeded: Path, tmp_path: Path, clock: FrozenClock
) -> None:
    db = tmp_path / "chair.db"
    shutil.copy(seeded, db)
    app = app_on(db, tmp_path, clock)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        screen = await open_meeting(pilot, app, "cqc-readiness")
        screen.enter_section([s.key for s in screen.meeting.sections].index("risk-register"))
        await settle(pilot)
        assert screen.view is not None and screen.view.key == "risk-register"
        due = [u for u in screen.view.unmet if u.target.kind == "risk"]
        assert due, "the seeded register has a risk due review"
        row = next(r for r in screen.rows if r.key == due[0].target)
        assert row.risk is not None and "✗ review needed" in screen_text(app)
        highlight(screen, row.key)
        await press(pilot, "d")
        form = app.screen
        assert isinstance(form, RiskReviewForm)
        await type_text(pilot, "Second line added at 8am")
        form.query_one("#likelihood", FieldInput).set_text("2")
        await press(pilot, "ctrl+s")
        assert app.screen is screen
        reviewed = app.service.risks.get(row.risk.ref)
        assert reviewed.likelihood == 2 and reviewed.last_review == "Second line added at 8am"
        assert reviewed.review_date is not None and reviewed.review_date > TODAY
        assert screen.view.key == "risk-register"
        assert Target.of("risk", row.risk.id) not in [u.target for u in screen.view.unmet]
        shown = next(r for r in screen.rows if r.key == row.key)
        assert str(shown.cells[5]) == "✓ Second line added at 8am"
        assert "✓ Second" in screen_text(app)


async def test_matters_arising_asks_whether_an_action_on_a_metric_worked(
    seeded: Path, tmp_path: Path, clock: FrozenClock
) -> None:
    db = tmp_path / "chair.db"
    shutil.copy(seeded, db)
    app = app_on(db, tmp_path, clock)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        screen = await open_meeting(pilot, app, "weekly-ops")
        screen.enter_section(1)
        await settle(pilot)
        assert screen.view is not None and screen.view.key == "matters-arising"
        row = next(r for r in screen.rows if r.action is not None and r.action.metric_id)
        assert row.action is not None and row.action.id is not None
        then, now = screen.view.context.did_it_work[row.action.id]
        assert then is not None and now is not None
        highlight(screen, row.key)
        await settle(pilot)
        assert "Did it work? When decided: " in str(screen.query_one("#detail").render())

        await press(pilot, "d")
        form = app.screen
        assert isinstance(form, ActionUpdateForm)
        assert f"When decided: {then.display_value}" in str(form.query_one("#judged").render())
        await press(pilot, "x")  # done: the verdict is asked next
        await press(pilot, "ctrl+s")
        assert app.screen is form
        assert "did it work?" in str(form.query_one("#verdict-error").render())
        form.query_one("#verdict").focus()
        await press(pilot, "n")  # no change
        await type_text(pilot, "audit report filed")
        await press(pilot, "tab")
        await type_text(pilot, "search rerun, same count")
        await press(pilot, "ctrl+s")
        assert app.screen is screen
        updates = app.service.actions.get(row.action.id).updates
        assert len(updates) == len(row.action.updates) + 1, updates
        saved = updates[-1]
        assert saved.note == "search rerun, same count"
        assert saved.verdict is Verdict.NO_CHANGE
        assert saved.reading_now is not None and saved.reading_now.metric_id == now.metric_id
        await settle(pilot)
        assert "✓ no change" in screen_text(app)
        minutes = app.service.minutes.markdown(screen.meeting.id)
        assert "### Did it work?" in minutes and "| no change |" in minutes


async def test_the_detail_lists_the_rows_behind_and_x_records_an_exception(
    app_factory: Any,
) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        screen = await open_meeting(pilot, app, "weekly-ops")
        keys = [s.key for s in screen.meeting.sections]
        screen.enter_section(keys.index(SectionKey.of_dashboard("prescribing")))
        await settle(pilot)
        highlight(screen, Target.metric("overdue-monitoring"))
        before = next(
            r.reading for r in screen.rows if r.key == Target.metric("overdue-monitoring")
        )
        assert before is not None and before.excepted == 0
        await press(pilot, "i")
        detail = app.screen
        assert isinstance(detail, MetricDetailScreen)
        await settle(pilot)
        assert detail.behind_rows, "the searches behind the overdue count"
        first = detail.behind_rows[0]
        assert "Rows behind the latest value" in str(detail.query_one("#behind-heading").render())
        await press(pilot, "x")
        form = app.screen
        assert isinstance(form, ExceptionForm)
        await press(pilot, "b")  # already booked
        await type_text(pilot, "Clinic on Tuesday")
        await press(pilot, "tab", "tab")  # how many: 1
        await type_text(pilot, "2w")
        await press(pilot, "ctrl+s")
        assert app.screen is detail
        [saved] = app.service.exceptions.live("overdue-monitoring")
        assert (saved.row_key, saved.reason, saved.count) == (first.key, "already booked", 1)
        assert "already booked" in str(detail.query_one("#behind").get_row_at(0)[1])
        await press(pilot, "q")
        await settle(pilot)
        after = next(r.reading for r in screen.rows if r.key == Target.metric("overdue-monitoring"))
        assert after is not None and after.excepted == 1 and "(1 excepted)" in after.display_value
