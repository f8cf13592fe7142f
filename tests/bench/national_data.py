"""A national-size telephony set for tests/bench/bench_national.py's daily-huddle run.

    .venv/bin/python -m tests.bench.national_data --out DIR [--national-extra 6300]

Writes the PCN benchmark set (8 practices, one year, 100 practices outside the PCN: every source
the config names), then replaces its telephony with daily 'By Day and Time' files for the PCN
and `--national-extra` practices outside it (about England's count), streamed to disk file by
file. The first section of the daily huddle is Telephony: it reads these files only.
"""

from __future__ import annotations

import argparse
import csv
import shutil
import sys
import time
from pathlib import Path

PRACTICES, YEARS, SMALL_EXTRA = 8, 1, 100


def write_national_cbt(folder: Path, national_extra: int) -> list[Path]:
    from sample.gen import cbt, pcn
    from sample.gen.common import mon_yy

    world = pcn.pcn_world(PRACTICES, YEARS, national_extra)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    paths = []
    for month in world.months:
        path = folder / f"CBT_By_Day_and_Time_{mon_yy(month)}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(cbt.HEADER)
            writer.writerows(cbt.iter_month_rows(world, month, daily=True))
        paths.append(path)
        print(f"  {path.name}: {path.stat().st_size / 1e6:,.0f} MB", file=sys.stderr)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--national-extra", type=int, default=6300)
    args = parser.parse_args(argv)
    from sample.generate import main as generate

    start = time.perf_counter()
    generate(["--pcn", "--out", str(args.out), "--practices", str(PRACTICES), "--years",
              str(YEARS), "--national-extra", str(SMALL_EXTRA)])  # fmt: skip
    paths = write_national_cbt(args.out / "data" / "cbt", args.national_extra)
    size = sum(p.stat().st_size for p in paths) / 1e9
    print(f"national telephony: {len(paths)} files, {size:.1f} GB, "
          f"{time.perf_counter() - start:.0f} s", file=sys.stderr)  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
