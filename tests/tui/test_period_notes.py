"""A note on a period, made in the metric detail (`n`): on the detail, the chart and, once the
section is moved on, in the minutes; a change of process restarts the SPC limits."""

from __future__ import annotations

from typing import Any

from tests.tui.helpers import press, ready, screen_text, settle, type_text
from tui.screens.meeting import MeetingScreen
from tui.screens.metric_detail import MetricDetailScreen


async def test_a_note_made_in_the_detail_shows_and_is_kept(app_factory: Any) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await press(pilot, "down", "down", "s", "escape", "n", "n")  # monthly: Access
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        await press(pilot, "i")
        detail = app.screen
        assert isinstance(detail, MetricDetailScreen) and detail.reading.metric_id == "dna-rate"
        await press(pilot, "n")
        await type_text(pilot, "Flu outbreak closed the clinic")
        await press(pilot, "tab", "backspace")  # the cursor starts on the note; next: change?
        await type_text(pilot, "y")
        await press(pilot, "ctrl+s")
        await settle(pilot)
        assert app.screen is detail, screen_text(app)
        period = detail.reading.history_periods[-1]
        text = screen_text(app)
        flat = " ".join(text.split())
        assert f"Note {period:%b %Y}: Flu outbreak closed the clinic (change of process" in flat
        assert "limits from a noted change of process or recording 1 period ago" in flat
        assert f"notes: {period:%b %y} (change)" in text
        with app.door() as service:
            [kept] = service.notes.of("dna-rate")
        assert kept.change and kept.text == "Flu outbreak closed the clinic"
        # The new baseline has one period: the limits are those of that period alone.
        spc = detail.reading.spc()
        assert spc is not None and spc.baselines[-1].cause == "note"
        await press(pilot, "q")
        await settle(pilot)
        reading = next(r for r in screen.loader.readings["access"] if r.metric_id == "dna-rate")
        assert reading.notes == (kept,)
