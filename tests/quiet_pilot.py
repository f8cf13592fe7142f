"""A Pilot that waits for the app to have nothing left to do, not for the clock.

Textual's Pilot presses a key and then waits until the process looks idle (twice per key: sleeps
of 20 ms until less than 1 ms of CPU went by in one), and `pilot.pause()` does the same. On a
quiet machine that is most of a TUI test's time asleep; on a loaded one a process waiting for a
core looks idle too, so the wait can end before the key was handled.

`until_quiet` waits on the events themselves instead: the key sent by the driver reaching the
app, every message queued on any of the app's message pumps (the app, its screens, their widgets)
handled, and every worker ended (or one second gone, as Textual's wait: a worker the test itself
keeps waiting), until one whole round finds nothing to do. Timers are not waited
for (nor were they: a timer still ahead is not work to do now); a test that needs one to fire
waits for what it does, with `pilot.pause(seconds)`. Textual's clock-based wait comes back with
CHAIR_TEST_IDLE_BY_CLOCK=1. Registered for every test by an autouse fixture in tests/conftest.py.
"""

from __future__ import annotations

import asyncio
import os
from time import monotonic
from typing import Any

import textual.app
import textual.pilot
from textual._context import active_app
from textual._wait import wait_for_idle
from textual.worker import WorkerState

LIMIT = 30.0
"""Seconds at most (as Pilot's own wait for the screen): an app forever busy is a failure to
see, not a test waiting forever."""

CLEAR_ROUNDS = 3
"""Event-loop turns in a row with nothing to do: a key sent by the driver reaches the app's
queue two turns after it was sent (a task scheduled from the driver's call)."""

_UNDONE = (WorkerState.PENDING, WorkerState.RUNNING)


def _waiting_for_a_message(pump: Any, queue: Any) -> bool:
    """Nothing queued, and the pump's task parked on its queue (not inside a handler)."""
    if queue.qsize():
        return False
    task = pump._task
    if task is None or task.done():
        return True
    return task._fut_waiter is not None and task._fut_waiter in queue.ready_event._waiters


def _busy_pumps(app: Any) -> list[Any]:
    """The app's running message pumps with a message queued or still being handled."""
    busy = []
    for pump in (app, *app._registry):
        if not pump._running or pump._closing or pump._closed:
            continue
        queue = pump._message_queue
        if not _waiting_for_a_message(pump, queue):
            busy.append(pump)
    return busy


async def _handled(app: Any, pumps: list[Any], timeout: float) -> None:
    """Until each pump has handled what it holds now (a callback queued behind it)."""
    left = 0
    done = asyncio.Event()

    def one_done() -> None:
        nonlocal left
        left -= 1
        if left == 0:
            done.set()

    for pump in pumps:
        if pump.call_later(one_done):
            left += 1
    if not left:
        return
    waits = [asyncio.ensure_future(done.wait()), asyncio.ensure_future(app._exception_event.wait())]
    _, pending = await asyncio.wait(waits, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
    for wait in pending:
        wait.cancel()


async def until_quiet(min_sleep: float = 0, max_sleep: float = 1) -> None:
    """In place of Textual's wait_for_idle: until the active app has nothing left to do now."""
    app = active_app.get(None)
    if app is None or os.environ.get("CHAIR_TEST_IDLE_BY_CLOCK") == "1":
        await wait_for_idle(min_sleep, max_sleep)
        return
    deadline = monotonic() + LIMIT
    clear = 0
    while clear < CLEAR_ROUNDS and monotonic() < deadline:
        await asyncio.sleep(0)
        if app._exception is not None:
            return
        undone = [worker for worker in app.workers if worker.state in _UNDONE]
        if undone:
            clear = 0
            tasks = [worker._task for worker in undone if worker._task is not None]
            if tasks:  # asyncio.wait never cancels them; Worker.wait would, if cut short
                _, running = await asyncio.wait(tasks, timeout=max_sleep)
                if running:
                    return  # a worker kept waiting (by the test, or on a lock), as Textual's wait
            else:
                await asyncio.sleep(0.001)  # not started yet
            continue
        busy = _busy_pumps(app)
        if busy:
            await _handled(app, busy, deadline - monotonic())
            clear = 0
            continue
        clear += 1


def install(monkeypatch: Any) -> None:
    """Pilot's key presses and pauses wait with until_quiet for the test."""
    monkeypatch.setattr(textual.app, "wait_for_idle", until_quiet)
    monkeypatch.setattr(textual.pilot, "wait_for_idle", until_quiet)
