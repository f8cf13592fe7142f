"""Benchmark: national-size files on the app's own path, against hand-written polars.

    .venv/bin/python -m tests.bench.national_data --out DIR     # daily telephony, ~6,300 practices
    .venv/bin/python -m tests.bench.bench_national --data DIR [--rounds 3] [--agree]
    (--meeting monthly-management times its first section, Access, against the GPAD polars;
    `python -m sample.generate --pcn --national-extra 6300 --out DIR` makes national GPAD)

Each variant runs in its own interpreter, imports (polars, the readers, the service) done
before the clock starts; Chair and polars alternate round after round, so a busy machine slows
both alike. The operating system's file cache is warm after the first round for both.

(a) Chair, cold: the service as the app opens it (its readings cache folder empty), then
    `service.readings.dashboard(...)` for the meeting's first data section (default: the daily
    huddle's, Telephony): what the meeting screen waits for before that section fills.
(b) hand-written polars computing the same readings from the same files, peer medians
    included: for Telephony tests/bench/telephony_polars.py (missed, answered and peak shares
    with completeness, the worst weekday-band share and its grids, calls per 1,000; `--agree`
    first checks that its numbers equal Chair's); for Access bench_data.py's GPAD part.
(c) `chair check`'s work: every source read and checked (storage.data.dashboards.check_sources).
(d) hand-written polars computing every dashboard's numbers from every source (bench_data (b)).
Targets: (a)/(b) <= 1.0 and (c)/(d) <= 1.3. Peak RSS is the OS's figure for each interpreter.

(e) `--release [gpad|cbt]`: a new month's release. The set without its newest GPAD file
    (`cbt`: its newest telephony file, on a tests.bench.national_data set) is read as last
    month, opened on two days (readings cached, each file's partial aggregates kept, and each
    source kept whole once read unchanged). Then, each round, the
    newest file is added to that set and a new service asks for the same section's readings
    again (the monthly meeting's Access; `cbt`: the daily huddle's Telephony), over a copy of
    last month's cache: timed, with each file's aggregates kept (this build: the new file read,
    the others' aggregates loaded) and with the parts folder left out (the whole source read
    again, as when the cache was per source); the other sources' readings come from the cache.
    Target: < 1.5 s with them. `--skip-whole`: only with them (a whole national source read
    again takes minutes on a busy machine). `--agree` first checks that the readings from the
    kept parts and the new file equal those from every file read again (floats to 1e-9).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]


def first_data_section(data: Path, meeting_type: str = "daily-huddle") -> str:
    from config.load import load_config

    config = load_config(data / "chair.toml")
    kind = config.meeting_type(meeting_type)
    assert kind is not None, f"no meeting type {meeting_type} in {data / 'chair.toml'}"
    return next(s.dashboard for s in kind.sections if s.dashboard)


RELEASES = {"gpad": "monthly-management", "cbt": "daily-huddle"}
"""(e): the folder of data/ a new release is added to -> the meeting whose first section is timed."""


def child(variant: str, data: Path, today: dt.date, meeting: str) -> dict[str, Any]:
    sys.path.insert(0, str(REPO))
    import polars  # noqa: F401

    import storage.data.readers.compute  # noqa: F401  (the readers, imported by (a) on first use)
    from config.load import load_config
    from storage.data.dashboards import check_sources
    from storage.service.chair import ChairService
    from tests.bench.bench_data import polars_way

    config = load_config(data / "chair.toml")
    if variant.startswith("release:"):  # release:<folder>:<last month's work folder, or ''>
        _, folder, kept = variant.split(":", 2)
        return new_release(data, today, kept, folder)
    work = Path(tempfile.mkdtemp(prefix="chair-national-"))
    if variant == "chair":
        chair = next(p for p in config.people if p.chair)
        service = ChairService(
            config, str(work / "c.db"), today, chair.login or "", cache_dir=work / "cache"
        )
        dashboard = first_data_section(data, meeting)
        run: Any = lambda: service.readings.dashboard(dashboard)  # noqa: E731
    elif variant == "polars" and first_data_section(data, meeting) == "telephony":
        from tests.bench.telephony_polars import telephony_readings

        practice, files = config.practices[0], str(config.source_path("telephony"))
        lists = str(config.source_path("workforce")) if "workforce" in config.sources else None
        run = lambda: telephony_readings(files, practice.code, practice.list_size, lists)  # noqa: E731
    elif variant == "polars":
        run = lambda: polars_way(data, today, only_gpad=True)  # noqa: E731
    elif variant == "check":
        run = lambda: check_sources(config, today)  # noqa: E731
    else:
        run = lambda: polars_way(data, today)  # noqa: E731
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start, start_cpu = time.perf_counter(), time.process_time()
    result = run()
    seconds, cpu = time.perf_counter() - start, time.process_time() - start_cpu
    assert result, f"{variant} computed nothing"
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "cpu": cpu, "peak_mb": peak, "after_imports_mb": base}


def release_set(data: Path, folder: str, newest: bool) -> Path:
    """A copy of the set (symlinks) in a new folder, with or without its newest release."""
    work = Path(tempfile.mkdtemp(prefix="chair-release-"))
    copy = work / "set"
    (copy / "data" / folder).mkdir(parents=True)
    shutil.copy2(data / "chair.toml", copy / "chair.toml")
    for entry in (data / "data").iterdir():
        if entry.name != folder:
            (copy / "data" / entry.name).symlink_to(entry.resolve())
    releases = newest_last(data / "data" / folder)
    for file in releases if newest else releases[:-1]:
        (copy / "data" / folder / file.name).symlink_to(file.resolve())
    return work


def readings_of(work: Path, cache: Path, today: dt.date, folder: str) -> Any:
    from config.load import load_config
    from storage.service.chair import ChairService

    config = load_config(work / "set" / "chair.toml")
    chair = next(p for p in config.people if p.chair)
    db = str(cache.parent / "c.db")
    service = ChairService(config, db, today, chair.login or "", cache_dir=cache)
    dashboard = first_data_section(work / "set", RELEASES[folder])
    return lambda: service.readings.dashboard(dashboard)


def new_release(data: Path, today: dt.date, kept: str, folder: str) -> dict[str, Any]:
    """(e): the section's readings once the newest release is added (see the docstring).
    `kept`: 'fill' (last month), else `<last month's folder>:<parts|none>`."""
    if kept == "fill":  # last month: every file read once, readings and aggregates kept
        work = release_set(data, folder, newest=False)
        # opened the day before too: each unchanged source is then kept whole (readers.kept_source)
        readings_of(work, work / "cache", today - dt.timedelta(days=1), folder)()
        readings_of(work, work / "cache", today, folder)()
        return {"work": str(work)}
    from storage.data.readers.parts import finish_writes

    last_month, parts = kept.rsplit(":", 1)
    if parts == "agree":
        return release_agrees(data, today, Path(last_month), folder)
    work, here = Path(last_month), Path(tempfile.mkdtemp(prefix="chair-release-run-"))
    # Last month's cache (readings of the other sources, and each file's aggregates or none)
    # and its set, with the new month's file added to it (and taken away again after).
    ignore = None if parts == "parts" else shutil.ignore_patterns("parts")
    shutil.copytree(work / "cache", here / "cache", ignore=ignore)
    newest = newest_last(data / "data" / folder)[-1]
    added = work / "set" / "data" / folder / newest.name
    added.symlink_to(newest.resolve())
    try:
        run = readings_of(work, here / "cache", today, folder)
        start, start_cpu = time.perf_counter(), time.process_time()
        result = run()
        seconds, cpu = time.perf_counter() - start, time.process_time() - start_cpu
    finally:
        finish_writes()  # the new file's parts, written behind the readings (not timed)
        added.unlink()
        shutil.rmtree(here, ignore_errors=True)
    assert result
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "cpu": cpu, "peak_mb": peak, "after_imports_mb": 0.0}


def release_agrees(data: Path, today: dt.date, work: Path, folder: str) -> dict[str, Any]:
    """`--agree` with `--release`: the section's readings once the newest release is added, from
    last month's kept parts and the new file, against every file read again (nothing kept)."""
    from domain.readings import Reading
    from storage.data.plain import to_plain
    from storage.data.readers.parts import finish_writes

    here = Path(tempfile.mkdtemp(prefix="chair-release-agree-"))
    shutil.copytree(work / "cache", here / "kept")
    newest = newest_last(data / "data" / folder)[-1]
    added = work / "set" / "data" / folder / newest.name
    added.symlink_to(newest.resolve())
    try:
        kept = readings_of(work, here / "kept", today, folder)()
        whole = readings_of(work, here / "none", today, folder)()
    finally:
        finish_writes()
        added.unlink()
        shutil.rmtree(here, ignore_errors=True)
    wrong = [
        f"{a.metric_id}: {a.value} != {b.value}"
        for a, b in zip(kept, whole, strict=True)
        if not _close(to_plain(a, Reading, text_dates=True), to_plain(b, Reading, text_dates=True))
    ]
    return {"wrong": wrong, "readings": len(kept)}


def _close(a: object, b: object) -> bool:
    """Equal, floats to 1e-9 relative (sums added in another order differ in the last bits)."""
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12) or (math.isnan(a) and math.isnan(b))
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(_close(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_close(a[k], b[k]) for k in a)
    return a == b


def newest_last(folder: Path) -> list[Path]:
    return sorted(folder.iterdir(), key=lambda p: (release(p.name), p.name))


def release(name: str) -> tuple[int, int]:
    """(year, month) of a release file named like Practice_Level_Crosstab_Oct_26.csv."""
    stem = Path(name).stem.split("_")
    try:
        month = dt.datetime.strptime(stem[-2], "%b").month
        return 2000 + int(stem[-1]), month
    except (ValueError, IndexError):
        return 0, 0


def run_child(variant: str, data: Path, today: str, meeting: str = "") -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "tests.bench.bench_national", "--variant", variant,
         "--data", str(data), "--today", today, "--meeting", meeting or "daily-huddle"],
        cwd=REPO, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode:
        raise SystemExit(f"{variant} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="chair.toml folder")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--today", default="2026-11-26")
    parser.add_argument("--skip-check", action="store_true")
    parser.add_argument("--meeting", default="daily-huddle", help="whose first section to time")
    parser.add_argument("--agree", action="store_true", help="check the numbers agree first")
    parser.add_argument("--release", nargs="?", const="gpad", choices=sorted(RELEASES),
                        help="(e) only: a new release (of GPAD, or of daily telephony: cbt)")  # fmt: skip
    parser.add_argument("--skip-whole", action="store_true", help="(e): not the whole source")
    parser.add_argument("--variant", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.variant:
        today = dt.date.fromisoformat(args.today)
        print(json.dumps(child(args.variant, args.data, today, args.meeting)))
        return 0
    sys.path.insert(0, str(REPO))
    files = [p for p in (args.data / "data").rglob("*") if p.is_file()]
    gpad = sum(p.stat().st_size for p in files if "gpad" in p.parts) / 1e9
    total = sum(p.stat().st_size for p in files) / 1e9
    print(f"data: {args.data}: {total:.1f} GB of files, {gpad:.1f} GB of them GPAD")
    if args.release:
        whole = not args.skip_whole
        return report_release(args.data, args.today, args.rounds, args.release, whole, args.agree)
    section = first_data_section(args.data, args.meeting)
    print(f"first data section of {args.meeting}: {section}")
    if args.agree and section == "telephony":
        from tests.bench.telephony_polars import agree

        wrong = agree(args.data, dt.date.fromisoformat(args.today))
        print("  numbers agree" if not wrong else "  DIFFER: " + "; ".join(wrong))
    pairs = [("chair", "polars")] + ([] if args.skip_check else [("check", "polars-all")])
    for a, b in pairs:
        results: dict[str, list[dict[str, float]]] = {a: [], b: []}
        for _ in range(args.rounds):
            for variant in (a, b):
                results[variant].append(run_child(variant, args.data, args.today, args.meeting))
        for variant, rounds in results.items():
            wall = [r["seconds"] for r in rounds]
            print(
                f"  {variant:10} median {statistics.median(wall) * 1000:8.0f} ms wall"
                f" (range {min(wall) * 1000:.0f}-{max(wall) * 1000:.0f}),"
                f" {statistics.median(r['cpu'] for r in rounds) * 1000:8.0f} ms CPU;"
                f" peak RSS {max(r['peak_mb'] for r in rounds):6.0f} MB"
                f" (after imports {max(r['after_imports_mb'] for r in rounds):.0f} MB)"
            )
        ratios = [x["seconds"] / y["seconds"] for x, y in zip(results[a], results[b], strict=True)]
        ratio = statistics.median(ratios)
        cpu = statistics.median(r["cpu"] for r in results[a]) / statistics.median(
            r["cpu"] for r in results[b]
        )
        what = f"{section} (first section), cold" if a == "chair" else "chair check"
        target = 1.0 if a == "chair" else 1.3
        print(
            f"  {'PASS' if ratio <= target else 'MISS'}  {what}: {a} / hand-written {b} = "
            f"{ratio:.2f} (median of per-round ratios "
            + ", ".join(f"{r:.2f}" for r in ratios)
            + f"; target <= {target}); CPU time ratio {cpu:.2f}"
        )
    return 0


def report_release(
    data: Path, today: str, rounds: int, folder: str, whole: bool, agree: bool = False
) -> int:
    last_month = run_child(f"release:{folder}:fill", data, today)["work"]
    if agree:  # the readings from kept parts against every file read again (minutes)
        found = run_child(f"release:{folder}:{last_month}:agree", data, today)
        wrong = found["wrong"]
        print(f"  {found['readings']} readings: " + ("numbers agree with every file read "
              "again" if not wrong else "DIFFER: " + "; ".join(wrong)))  # fmt: skip
    runs: dict[str, list[dict[str, Any]]] = {
        f"{last_month}:parts": [],
        **({f"{last_month}:none": []} if whole else {}),
    }
    try:
        for _ in range(rounds):
            for kept, done in runs.items():
                done.append(run_child(f"release:{folder}:{kept}", data, today))
    finally:
        shutil.rmtree(last_month, ignore_errors=True)
    files = newest_last(data / "data" / folder)
    size = sum(f.stat().st_size for f in files) / 1e9
    section = first_data_section(data, RELEASES[folder])
    print(
        f"a new {folder} release ({files[-1].name}, {files[-1].stat().st_size / 1e6:,.0f} MB; "
        f"{len(files)} files, {size:.1f} GB in all), then {RELEASES[folder]}'s first data "
        f"section's readings ({section}; {rounds} rounds, medians, each round's in brackets):"
    )
    labels = {f"{last_month}:parts": "each file's sums kept", f"{last_month}:none": "whole source"}
    for kept, label in labels.items():
        if kept not in runs:
            continue
        wall = statistics.median(r["seconds"] for r in runs[kept])
        cpu = statistics.median(r["cpu"] for r in runs[kept])
        verdict = (" (target < 1500) " + ("PASS" if wall < 1.5 else "MISS")) * ("sums" in label)
        each = ", ".join(f"{r['seconds'] * 1000:.0f}" for r in runs[kept])
        print(
            f"  {label:22} {wall * 1000:8.0f} ms wall ({each}), {cpu * 1000:8.0f} ms CPU{verdict}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
