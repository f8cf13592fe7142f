"""Snapshots of Home, the meeting and the decision form: fixed size, pinned date, frozen clock."""

from __future__ import annotations

from typing import Any

import pytest

from tests.tui.helpers import press, ready, to_weekly_telephony

SIZE = (100, 32)


def test_home(snap_compare: Any, app_factory: Any) -> None:
    assert snap_compare(app_factory(), terminal_size=SIZE, run_before=ready)


def test_meeting_telephony(snap_compare: Any, app_factory: Any) -> None:
    async def walk(pilot: Any) -> None:
        await ready(pilot)
        await to_weekly_telephony(pilot, "n")  # weekly ops, refused at Telephony

    assert snap_compare(app_factory(), terminal_size=SIZE, run_before=walk)


def test_decision_form(snap_compare: Any, app_factory: Any) -> None:
    async def walk(pilot: Any) -> None:
        await ready(pilot)
        await to_weekly_telephony(pilot, "d", "a")

    assert snap_compare(app_factory(), terminal_size=SIZE, run_before=walk)


async def _to_qof(pilot: Any) -> None:
    """Monthly management, attendance later, to the QOF section (nothing due before it)."""
    await ready(pilot)
    await press(pilot, "down", "down", "s", "escape", "n", "n", "n")


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_qof_section_with_its_indicator_table(
    snap_compare: Any, app_factory: Any, size: tuple[int, int]
) -> None:
    async def walk(pilot: Any) -> None:
        await _to_qof(pilot)
        await press(pilot, "down", "down", "down")  # the first indicator

    assert snap_compare(app_factory(), terminal_size=size, run_before=walk)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_metric_detail(snap_compare: Any, app_factory: Any, size: tuple[int, int]) -> None:
    async def walk(pilot: Any) -> None:
        await ready(pilot)
        await press(pilot, "down", "down", "s", "escape", "n", "n", "i")  # Access: DNA rate

    assert snap_compare(app_factory(), terminal_size=size, run_before=walk)
