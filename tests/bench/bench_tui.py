"""Benchmark (a script, not a test): Chair's start-up and key-to-repaint latency.

    .venv/bin/python tests/bench/bench_tui.py [--runs 7]

1. Start: `chair demo --today 2026-11-26` against a bare Textual app (Header, a Static, Footer),
   each started the same way in a pseudo-terminal (100x32), timed from spawn until its first
   full screen is on the terminal (a marker string from the first frame). Median of N
   interleaved runs, and the ratio; the target is <= 1.3. Also reported: until Home is filled
   in from the database (the service opens in a worker after the first frame).
2. Keys, headless (Pilot): row moves (j / k) and section switches (n / p) from key press until
   the app is idle again with the new state painted. p95; the target is < 50 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import fcntl
import os
import pty
import select
import signal
import statistics
import struct
import sys
import tempfile
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent
TODAY = dt.date(2026, 11, 26)

BARE_APP = """
from textual.app import App
from textual.widgets import Footer, Header, Static

class Bare(App):
    def compose(self):
        yield Header()
        yield Static("bare textual app ready")
        yield Footer()

Bare().run()
"""


def time_to_marker(
    argv: list[str], markers: list[bytes], cwd: Path, timeout: float = 60.0
) -> list[float]:
    """Spawn in a pty; seconds until each marker has appeared in the terminal output."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: a 100x32 terminal
        os.chdir(cwd)
        os.environ["TERM"] = "xterm-256color"
        os.execv(argv[0], argv)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 32, 100, 0, 0))
    start = time.perf_counter()
    seen = b""
    found: list[float] = []
    try:
        while len(found) < len(markers) and time.perf_counter() - start < timeout:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if ready:
                try:
                    seen += os.read(fd, 65536)
                except OSError:
                    break
                while len(found) < len(markers) and markers[len(found)] in seen:
                    found.append(time.perf_counter() - start)
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)
    if len(found) < len(markers):
        raise RuntimeError(f"{argv}: markers not seen; output tail: {seen[-400:]!r}")
    return found


def bench_start(runs: int) -> None:
    with tempfile.TemporaryDirectory() as directory:
        work = Path(directory)
        bare = work / "bare_app.py"
        bare.write_text(BARE_APP)
        chair = [str(BIN / "chair"), "demo", "--today", TODAY.isoformat()]
        bare_cmd = [sys.executable, str(bare)]
        # A warm-up of each so the first measured run is not paying for cold disk caches.
        time_to_marker(bare_cmd, [b"bare textual app ready"], work)
        time_to_marker(chair, [b"Meeting type", b"Riverside Surgery"], work)
        bare_times, first_frame, filled = [], [], []
        for _ in range(runs):
            bare_times.append(time_to_marker(bare_cmd, [b"bare textual app ready"], work)[0])
            frame, home = time_to_marker(chair, [b"Meeting type", b"Riverside Surgery"], work)
            first_frame.append(frame)
            filled.append(home)
    bare_median = statistics.median(bare_times)
    frame_median = statistics.median(first_frame)
    print(f"start, median of {runs} runs in a 100x32 pty:")
    print(f"  bare Textual app, first screen:      {bare_median * 1000:7.0f} ms")
    print(
        f"  chair demo, first full screen:       {frame_median * 1000:7.0f} ms"
        f"   ratio {frame_median / bare_median:.2f} (target <= 1.30)"
    )
    print(
        f"  chair demo, Home filled from the DB: {statistics.median(filled) * 1000:7.0f} ms"
        f"   (service opens in a worker after the first screen)"
    )


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, int(round(0.95 * len(ordered))) - 1)]


async def bench_keys(rounds: int) -> None:
    """Key to repaint: from posting the key event until the first frame written after the
    state changed (the headless driver's `_display`), so Pilot's idle heuristics are not timed."""
    from tests.tui.helpers import press, ready
    from tui.app import make_app, service_factory_for
    from tui.screens.meeting import MeetingScreen

    with tempfile.TemporaryDirectory() as directory:
        factory = service_factory_for(
            ROOT / "sample" / "chair.toml", str(Path(directory) / "bench.db"), TODAY, "spatel"
        )
        app = make_app(factory, TODAY, clock=lambda: 0.0)
        frames: list[float] = []
        original = app._display

        def display(screen: object, renderable: object) -> None:
            if renderable is not None:
                frames.append(time.perf_counter())
            original(screen, renderable)  # type: ignore[arg-type]

        app._display = display  # type: ignore[method-assign]

        async def timed(key: str, changed: object) -> float:
            start = time.perf_counter()
            app.simulate_key(key)
            while not changed():  # type: ignore[operator]
                await asyncio.sleep(0.0002)
            changed_at = time.perf_counter()
            while not frames or frames[-1] < changed_at:
                await asyncio.sleep(0.0002)
            return frames[-1] - start

        async with app.run_test(size=(100, 32)) as pilot:
            await ready(pilot)
            await press(pilot, "down", "s", "escape", "n", "n", "n")  # weekly ops: at Telephony
            screen = app.screen
            assert isinstance(screen, MeetingScreen) and screen.view is not None
            await app.workers.wait_for_complete()
            moves: list[float] = []
            for i in range(rounds):
                key = "j" if (i // 2) % 2 == 0 else "k"
                before = screen.table.cursor_row
                moves.append(await timed(key, lambda b=before: screen.table.cursor_row != b))
                await pilot.pause()
            switches: list[float] = []
            for i in range(rounds // 2):
                key = "p" if i % 2 == 0 else "n"
                want = screen.section_index + (-1 if key == "p" else 1)
                switches.append(
                    await timed(
                        key, lambda w=want: screen.view is not None and screen.view.index == w
                    )
                )
                await app.workers.wait_for_complete()
                await pilot.pause()
    print(
        f"keys, headless 100x32 ({rounds} row moves, {rounds // 2} section switches),"
        " key event to the first frame painted after the change:"
    )
    print(
        f"  row move (j/k):       median {statistics.median(moves) * 1000:6.1f} ms"
        f"   p95 {p95(moves) * 1000:6.1f} ms (target < 50)"
    )
    print(
        f"  section switch (n/p): median {statistics.median(switches) * 1000:6.1f} ms"
        f"   p95 {p95(switches) * 1000:6.1f} ms (target < 50)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--keys", type=int, default=60)
    parser.add_argument("--skip-start", action="store_true")
    args = parser.parse_args()
    if not args.skip_start:
        bench_start(args.runs)
    asyncio.run(bench_keys(args.keys))


if __name__ == "__main__":
    main()
