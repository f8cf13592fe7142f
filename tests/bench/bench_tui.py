"""Benchmark (a script, not a test): Chair on the path the user takes, in a real terminal.

    .venv/bin/python tests/bench/bench_tui.py [--runs 7] [--data DIR] [--keys 60] [--against BIN]

Every Chair process runs in a pseudo-terminal (100x32) with its own empty cache folder
($XDG_CACHE_HOME), started the way a user starts it; times run from spawn (or key) until the
text that says the screen is filled has reached the terminal. Each ratio is against a
baseline measured in the same run, interleaved run by run, so a busy machine slows both.

1. Usable Home. A bare Textual app (Header, a Static, Footer) until its first screen, against
   `chair demo --db FILE` on an existing database and a fresh `chair demo` (a new throw-away
   database each time), until Home is usable: the meeting list and the action counts filled
   in (not the skeleton frame). Targets: existing <= 1.3x the bare app, fresh <= 1.5x; and
   an existing database whose last run ended by a dropped connection (its terminal closed:
   SIGHUP, as an SSH drop) <= 1.3x, each run itself dropped so the next starts after one.
2. Reopening a meeting. `chair --config DIR/chair.toml`, a daily huddle started and left once
   (which also fills the readings cache); then each run: Home usable, `r`, until the first
   section's rows are on screen. Target: < 300 ms on unchanged files. DIR defaults to the
   sample practice; give a national-scale set (`python -m sample.generate --pcn
   --national-extra 6300 --out DIR`) to measure at that scale.
3. Keys: row moves (j / k) and section switches (n / p), p95 as the machine is and while two
   more processes keep both cores busy. Target: < 50 ms. First in a pty, `chair` on the sample
   practice, from the key written until the chart caption of the row now highlighted is in the
   output (the chart is painted last); then headless (Pilot), from the key event until the first
   frame painted after the screen took the change (marked inside the app as it happens).
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
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
BIN = Path(os.environ.get("CHAIR_BENCH_BIN") or Path(sys.executable).parent)
"""Where the `chair` started is: this environment's, or $CHAIR_BENCH_BIN's (another build of
Chair, e.g. main's, to compare against in the same conditions)."""
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

HOME_FILLED = b"Actions: "
"""On Home only once the meeting list and the action counts are filled in."""


class Terminal:
    """One process in a 100x32 pseudo-terminal: wait for text, send keys, time both."""

    def __init__(self, argv: list[str], cwd: Path, env: dict[str, str]) -> None:
        self.start = time.perf_counter()
        pid, fd = pty.fork()
        if pid == 0:  # the child
            os.chdir(cwd)
            # As installed: compiled modules cached (pip compiles them at install; an editable
            # install writes them on the first run unless PYTHONDONTWRITEBYTECODE is set).
            os.environ.update(env, TERM="xterm-256color", PYTHONDONTWRITEBYTECODE="")
            os.execv(argv[0], argv)
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 32, 100, 0, 0))
        self.pid, self.fd = pid, fd
        self.seen = b""

    def wait_for(self, marker: bytes, timeout: float = 120.0, after: int = 0) -> float:
        """Seconds since spawn until `marker` is in the output (after byte `after`); waits
        `timeout` seconds from the call at most."""
        deadline = time.perf_counter() + timeout
        while marker not in self.seen[after:]:
            if time.perf_counter() > deadline:
                raise RuntimeError(f"{marker!r} not seen; output tail: {self.seen[-600:]!r}")
            ready, _, _ = select.select([self.fd], [], [], 0.02)
            if ready:
                try:
                    self.seen += os.read(self.fd, 65536)
                except OSError:
                    break
        return time.perf_counter() - self.start

    def send(self, keys: str) -> tuple[float, int]:
        """Send keys; the time sent and where the output stood."""
        os.write(self.fd, keys.encode())
        return time.perf_counter() - self.start, len(self.seen)

    def cpu_seconds(self) -> float:
        """CPU time the process has used so far (all its threads; 10 ms resolution)."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def hang_up(self, timeout: float = 10.0) -> None:
        """Drop the terminal as a lost SSH connection does: the master side closes, the kernel
        sends SIGHUP, writes to the terminal fail; wait for the process to end (else kill)."""
        os.close(self.fd)
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            done, _ = os.waitpid(self.pid, os.WNOHANG)
            if done:
                return
            time.sleep(0.02)
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)

    def close(self, quit_keys: str | None = None) -> None:
        if quit_keys:  # leave cleanly (Chair keeps its Home for the next start)
            os.write(self.fd, quit_keys.encode())
            deadline = time.perf_counter() + 30
            while time.perf_counter() < deadline:
                done, _ = os.waitpid(self.pid, os.WNOHANG)
                if done:
                    os.close(self.fd)
                    return
                ready, _, _ = select.select([self.fd], [], [], 0.05)
                if ready:
                    with suppress(OSError):
                        self.seen += os.read(self.fd, 65536)
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        os.close(self.fd)


def ratio_line(name: str, times: list[float], base: list[float], target: float) -> str:
    paired = statistics.median(t / b for t, b in zip(times, base, strict=True))
    verdict = "PASS" if paired <= target else "MISS"
    return (
        f"  {name:38} {statistics.median(times) * 1000:7.0f} ms   ratio {paired:.2f}"
        f" (median of per-run ratios; target <= {target:.2f}) {verdict}"
    )


def bench_start(runs: int, against: Path | None = None) -> None:
    """Usable Home for this build of Chair, and (`against`: another build's bin folder, e.g.
    main's) for that one too, every run of each interleaved with the same bare app's."""
    builds = [("", BIN)] + ([(" [against]", against)] if against else [])
    with tempfile.TemporaryDirectory() as directory:
        work = Path(directory)
        env = {"XDG_CACHE_HOME": str(work / "cache")}
        bare = work / "bare_app.py"
        bare.write_text(BARE_APP)
        bare_cmd = [sys.executable, str(bare)]
        kinds: list[tuple[str, list[str], str | None, dict[str, str]]] = []
        for label, folder in builds:
            chair = [str(folder / "chair"), "demo", "--today", TODAY.isoformat()]
            tag = "b" if label else "a"
            # Each build its own cache folder (their kept demo Homes would replace each other).
            own = {"XDG_CACHE_HOME": str(work / f"cache-{tag}")}
            kinds += [
                (f"chair demo --db EXISTING, Home usable{label}", [*chair, "--db", str(work / f"existing-{tag}.db")], "q", own),
                (f"fresh chair demo, Home usable{label}", chair, None, own),
                (f"--db FILE after a dropped connection{label}", [*chair, "--db", str(work / f"hung-up-{tag}.db")], "", own),
            ]  # fmt: skip
        # Once each, not timed: the OS file cache, the demo database built once, an existing
        # database left cleanly (as a user leaves it: q), another left by a dropped connection.
        terminal = Terminal(bare_cmd, work, env)
        terminal.wait_for(b"bare textual app")
        terminal.close()
        for _, argv, quit_keys, own in kinds:
            terminal = Terminal(argv, work, own)
            terminal.wait_for(HOME_FILLED)
            if quit_keys == "":
                time.sleep(1.0)
                terminal.hang_up()
            else:
                terminal.close(quit_keys or "q")
        bare_times: list[float] = []
        skeleton: list[float] = []
        times: dict[str, list[float]] = {name: [] for name, _, _, _ in kinds}
        for _ in range(runs):
            terminal = Terminal(bare_cmd, work, env)
            bare_times.append(terminal.wait_for(b"bare textual app ready"))
            terminal.close()
            for name, argv, quit_keys, own in kinds:
                terminal = Terminal(argv, work, own)
                skeleton.append(terminal.wait_for(b"Meeting type"))
                times[name].append(terminal.wait_for(HOME_FILLED))
                if quit_keys == "":  # dropped again: the next run starts after a SIGHUP too
                    time.sleep(1.0)
                    terminal.hang_up()
                else:
                    terminal.close()
    print(f"usable Home, median of {runs} interleaved runs in a 100x32 pty ({load_line()}):")
    print(f"  {'bare Textual app, first screen':38} {statistics.median(bare_times) * 1000:7.0f} ms")
    for name, _, _, _ in kinds:
        target = 1.5 if name.startswith("fresh") else 1.3
        print(ratio_line(name, times[name], bare_times, target))
    if against:
        print(f"  ([against] = the chair in {against})")
    print(f"  (first frame with the Home skeleton: {statistics.median(skeleton) * 1000:.0f} ms)")


def first_metric(config_path: Path, meeting_type: str) -> tuple[str, str, str]:
    """The first section's dashboard, its first metric's title (text to wait for) and the
    first practice's code when there are several (else Home would ask which)."""
    from config.load import load_config

    config = load_config(config_path)
    kind = config.meeting_type(meeting_type)
    assert kind is not None, meeting_type
    section = next(s for s in kind.sections if s.dashboard)
    metric = config.metrics_for(section.dashboard or "")[0]
    several = len(config.practices) > 1
    return section.dashboard or "", metric.title[:20], config.practices[0].code if several else ""


@contextmanager
def as_chair(config: Path) -> Iterator[Path]:
    """chair.toml, or beside it a copy in which its first chair's login is this OS login (the
    app knows who you are by your login; only a chair starts meetings). Removed afterwards."""
    import pwd
    import tomllib

    login = pwd.getpwuid(os.geteuid()).pw_name
    text = config.read_text(encoding="utf-8")
    people = tomllib.loads(text).get("people", [])
    chair = next((p for p in people if p.get("chair")), None)
    if config.parent == ROOT / "sample" or chair is None or chair.get("login") == login:
        yield config  # the sample practice runs as its chair anyway
        return
    copy = config.with_name(f".bench-{login}.toml")
    copy.write_text(text.replace(f'login = "{chair["login"]}"', f'login = "{login}"', 1))
    try:
        yield copy
    finally:
        copy.unlink()


def bench_reopen(runs: int, data: Path | None, settle: float = 3.0) -> None:
    with as_chair((data / "chair.toml") if data else ROOT / "sample" / "chair.toml") as config:
        reopen(runs, config, settle)


def reopen(runs: int, config: Path, settle: float) -> None:
    dashboard, marker, practice = first_metric(config, "daily-huddle")
    with tempfile.TemporaryDirectory() as directory:
        work = Path(directory)
        env = {"XDG_CACHE_HOME": str(work / "cache")}
        argv = [str(BIN / "chair"), "--config", str(config), "--db", str(work / "reopen.db")]
        argv += ["--today", TODAY.isoformat()] + (["--practice", practice] if practice else [])
        # Start a daily huddle (the first meeting type) and leave it: the cold open.
        terminal = Terminal(argv, work, env)
        terminal.wait_for(HOME_FILLED)
        sent, at = terminal.send("s")
        cold = terminal.wait_for(marker.encode(), timeout=900, after=at) - sent
        terminal.send("\x1b")  # attendance: later (alone, or with the next key it is Alt+key)
        time.sleep(1.0)
        terminal.close("qq")
        times, cpu = [], []
        for _ in range(runs):
            terminal = Terminal(argv, work, env)
            terminal.wait_for(b"In progress (r to resume)")
            terminal.wait_for(HOME_FILLED)
            time.sleep(settle)  # the service has opened behind Home by now
            used = terminal.cpu_seconds()
            sent, at = terminal.send("r")
            times.append(terminal.wait_for(marker.encode(), after=at) - sent)
            cpu.append(terminal.cpu_seconds() - used)
            terminal.close("qq")
    size = sum(p.stat().st_size for p in config.parent.rglob("*") if p.is_file()) / 1e6
    median = statistics.median(times)
    print(
        f"reopening a meeting ({config.parent.name or config}, {size:,.0f} MB of files; first "
        f"section '{dashboard}'), `r` on Home (pressed {settle:.0f} s after Home is up) until"
        f" the section's rows are on screen, {runs} runs:"
    )
    print(f"  first open, cold (no readings cached):   {cold * 1000:7.0f} ms")
    print(
        f"  reopen on unchanged files:                {median * 1000:7.0f} ms median,"
        f" {max(times) * 1000:.0f} ms worst (target < 300) {'PASS' if median < 0.3 else 'MISS'}"
    )
    print(
        f"  CPU time the app used for it:             {statistics.median(cpu) * 1000:7.0f} ms"
        " median (what a quiet machine's wall time approaches)"
    )


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, int(round(0.95 * len(ordered))) - 1)]


@contextmanager
def both_cores_busy() -> Iterator[None]:
    """Two processes spinning, one per core (the machine is shared: this adds to it)."""
    burners = [
        subprocess.Popen([sys.executable, "-c", "while True: pass"])
        for _ in range(os.cpu_count() or 2)
    ]
    try:
        time.sleep(0.5)
        yield
    finally:
        for burner in burners:
            burner.kill()
            burner.wait()


async def bench_keys(rounds: int) -> tuple[list[float], list[float]]:
    """Key to repaint: from posting the key event until the first frame written after the
    screen took the change (the headless driver's `_display`), so Pilot's idle heuristics are
    not timed. The change is marked inside the app as it happens (the section panel's methods are
    wrapped), not found by polling: a poll runs only when the app yields, which can be after the
    frame that showed the change, and would then time the frame after it."""
    from tests.tui.helpers import press, ready
    from tui.app import make_app, service_factory_for
    from tui.screens.meeting import MeetingScreen

    with tempfile.TemporaryDirectory() as directory:
        os.environ["XDG_CACHE_HOME"] = str(Path(directory) / "cache")
        factory = service_factory_for(
            ROOT / "sample" / "chair.toml", str(Path(directory) / "bench.db"), TODAY, "spatel"
        )
        app = make_app(factory, TODAY, clock=lambda: 0.0)
        frames: list[float] = []
        changed: list[float] = []
        original = app._display

        def display(screen: object, renderable: object) -> None:
            if renderable is not None:
                frames.append(time.perf_counter())
            original(screen, renderable)  # type: ignore[arg-type]

        app._display = display  # type: ignore[method-assign]

        def marking(method: Any) -> Any:
            def marked(*arguments: Any) -> Any:
                result = method(*arguments)
                changed.append(time.perf_counter())
                return result

            return marked

        async def timed(key: str) -> float:
            changed.clear()
            start = time.perf_counter()
            app.simulate_key(key)
            while not changed:
                await asyncio.sleep(0.0002)
            while not frames or frames[-1] < changed[-1]:
                await asyncio.sleep(0.0002)
            return next(f for f in frames if f >= changed[-1]) - start

        async with app.run_test(size=(100, 32)) as pilot:
            await ready(pilot)
            # The daily huddle: This week, then Telephony (the weekly meeting's Watch list
            # holds `n` until each AMBER has its note).
            await press(pilot, "s", "escape", "n")
            screen = app.screen
            assert isinstance(screen, MeetingScreen) and screen.view is not None
            await app.workers.wait_for_complete()
            painter = screen.panel
            painter.row_highlighted = marking(painter.row_highlighted)  # type: ignore[method-assign]
            painter.paint = marking(painter.paint)  # type: ignore[method-assign]
            moves: list[float] = []
            for i in range(rounds):
                moves.append(await timed("j" if (i // 2) % 2 == 0 else "k"))
                await pilot.pause()
            switches: list[float] = []
            for i in range(rounds // 2):
                want = screen.section_index + (-1 if i % 2 == 0 else 1)
                switches.append(await timed("p" if i % 2 == 0 else "n"))
                assert screen.view is not None and screen.view.index == want
                await app.workers.wait_for_complete()
                await pilot.pause()
    return moves, switches


TELEPHONY = (b"Calls missed in queue, 13", b"Calls answered, 13")
"""Chart captions of the daily huddle's Telephony rows 1 and 2 (the chart is painted last)."""
ACCESS = b"DNA rate, 13"
"""The chart caption of Access's first row."""


def keys_in_a_terminal(rounds: int) -> tuple[list[float], list[float]]:
    """Row moves and section switches in `chair` on the sample practice in a 100x32 pty, from the key written
    until the chart caption of the row now highlighted is in the output: the chart is the last
    thing a move or a switch paints, so the screen is filled by then. The daily huddle's
    Telephony rows 1 and 2 (j / k), then Access and Telephony (n / p), each key 0.3 s after
    the last was shown."""
    with tempfile.TemporaryDirectory() as directory:
        work = Path(directory)
        env = {"XDG_CACHE_HOME": str(work / "cache")}
        config = ROOT / "sample" / "chair.toml"  # a new database: nothing to approve first
        argv = [str(BIN / "chair"), "--config", str(config), "--db", str(work / "keys.db")]
        terminal = Terminal([*argv, "--today", TODAY.isoformat()], work, env)
        terminal.wait_for(HOME_FILLED)
        time.sleep(1.0)  # the database opened behind Home
        _, at = terminal.send("s")  # the daily huddle (Home's first meeting)
        terminal.wait_for(b"escape later", after=at)  # the attendance form
        _, at = terminal.send("\x1b")  # attendance later
        terminal.wait_for(b"This week", after=at)
        time.sleep(1.0)  # the section's write and prefetch are done
        _, at = terminal.send("n")
        terminal.wait_for(TELEPHONY[0], after=at)

        def timed(key: str, marker: bytes) -> float:
            time.sleep(0.3)
            sent, at = terminal.send(key)
            return terminal.wait_for(marker, after=at) - sent

        moves = [timed("jk"[i % 2], TELEPHONY[(i + 1) % 2]) for i in range(rounds)]
        switches = [timed("np"[i % 2], (ACCESS, TELEPHONY[0])[i % 2]) for i in range(rounds // 2)]
        terminal.close()
    return moves, switches


def report_keys(label: str, moves: list[float], switches: list[float]) -> None:
    print(f"    {label}:")
    print(
        f"      row move (j/k):       median {statistics.median(moves) * 1000:6.1f} ms"
        f"   p95 {p95(moves) * 1000:6.1f} ms (target < 50)"
        f" {'PASS' if p95(moves) < 0.05 else 'MISS'}"
    )
    print(
        f"      section switch (n/p): median {statistics.median(switches) * 1000:6.1f} ms"
        f"   p95 {p95(switches) * 1000:6.1f} ms (target < 50)"
        f" {'PASS' if p95(switches) < 0.05 else 'MISS'}"
    )


def load_line() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} cores"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--keys", type=int, default=60)
    parser.add_argument("--data", type=Path, help="chair.toml folder for the reopen benchmark")
    parser.add_argument("--skip-start", action="store_true")
    parser.add_argument(
        "--against", type=Path, help="another build's bin folder: its usable Home, interleaved"
    )
    parser.add_argument("--skip-reopen", action="store_true")
    parser.add_argument("--skip-keys", action="store_true")
    args = parser.parse_args()
    print(f"machine: {load_line()} at the start")
    if not args.skip_start:
        bench_start(args.runs, args.against)
    if not args.skip_reopen:
        bench_reopen(args.runs, args.data)
    if not args.skip_keys:
        print(
            f"keys ({args.keys} row moves, {args.keys // 2} section switches), from the key until"
            " the screen shows the change (p95 target < 50 ms):"
        )
        print("  in a 100x32 pty, `chair` on the sample, until the row's chart caption is written:")
        report_keys(f"as the machine is ({load_line()})", *keys_in_a_terminal(args.keys))
        with both_cores_busy():
            loaded = keys_in_a_terminal(args.keys)
            report_keys(f"with {os.cpu_count()} more processes spinning ({load_line()})", *loaded)
        print("  headless (Pilot), until the first frame painted after the change:")
        report_keys(f"as the machine is ({load_line()})", *asyncio.run(bench_keys(args.keys)))
        with both_cores_busy():
            loaded = asyncio.run(bench_keys(args.keys))
            report_keys(f"with {os.cpu_count()} more processes spinning ({load_line()})", *loaded)


if __name__ == "__main__":
    main()
