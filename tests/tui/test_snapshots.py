"""Snapshots of Home, the meeting and the decision form: fixed size, pinned date, frozen clock."""

from __future__ import annotations

from typing import Any

from tests.tui.helpers import press, ready

SIZE = (100, 32)


def test_home(snap_compare: Any, app_factory: Any) -> None:
    assert snap_compare(app_factory(), terminal_size=SIZE, run_before=ready)


def test_meeting_telephony(snap_compare: Any, app_factory: Any) -> None:
    async def walk(pilot: Any) -> None:
        await ready(pilot)
        await press(pilot, "down", "s", "n", "n", "n", "n")  # weekly ops, refused at Telephony

    assert snap_compare(app_factory(), terminal_size=SIZE, run_before=walk)


def test_decision_form(snap_compare: Any, app_factory: Any) -> None:
    async def walk(pilot: Any) -> None:
        await ready(pilot)
        await press(pilot, "down", "s", "n", "n", "n", "d", "a")

    assert snap_compare(app_factory(), terminal_size=SIZE, run_before=walk)
