"""Driving a Pilot: press keys and wait for every worker (never sleep)."""

from __future__ import annotations

from typing import Any

from tests.tui.screen_text import screen_text

__all__ = [
    "ready",
    "press",
    "settle",
    "type_text",
    "screen_text",
    "past_the_watch_list",
    "to_weekly_telephony",
]


async def settle(pilot: Any) -> None:
    """Every worker done, and no key still held for a screen opening or a form closing (keys
    after a saved entry wait for the section to show it: tui.key_hold)."""
    app = pilot.app
    hold = getattr(app, "key_hold", None)
    for _ in range(250):
        for _ in range(4):
            await app.workers.wait_for_complete()
            await pilot.pause()
        if hold is None or not hold.holding:
            return
        await pilot.pause(0.02)


async def ready(pilot: Any) -> None:
    """Wait until the service has opened and Home shows the meeting types."""
    app = pilot.app
    await settle(pilot)
    while app.service is None or app.screen.query_one("#meeting-types").row_count == 0:
        await pilot.pause(0.02)
    await settle(pilot)


async def press(pilot: Any, *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


async def type_text(pilot: Any, text: str) -> None:
    await pilot.press(*[("space" if ch == " " else ch) for ch in text])


async def past_the_watch_list(pilot: Any) -> None:
    """On a weekly operations meeting's Watch list: note every AMBER on it (through the
    service, as the chair would with `d`), show the section again, and move on (`n`)."""
    app = pilot.app
    screen = app.screen
    service = app.service
    for item in service.watch.items():
        service.watch.note(screen.meeting.id, item, "noted", "Keep watching")
    screen.loader.load(screen.section_index)
    await settle(pilot)
    await press(pilot, "n")


async def to_weekly_telephony(pilot: Any, *then: str) -> None:
    """From Home: start the weekly operations meeting (no attendance) and go to Telephony,
    its first section with a breach; then press `then`."""
    await press(pilot, "down", "s", "escape", "n", "n", "n")  # Previous minutes .. Watch list
    await past_the_watch_list(pilot)  # Access
    await press(pilot, "n", *then)  # Telephony
