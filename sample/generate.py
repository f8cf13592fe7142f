"""Seeded generator of the sample practice's data files (and of PCN-scale sets for benchmarks).

python -m sample.generate                 # rewrite sample/data byte for byte
python -m sample.generate --out DIR       # the same files somewhere else
python -m sample.generate --pcn --out DIR [--practices 8 --years 3 --national-extra 100]
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from sample.gen import cbt, claims, gpad, gpps, qof, staff, trackers, workforce
from sample.gen.common import World, add_months, month_range, sample_world

DATA = Path(__file__).resolve().parent / "data"
GENERATED = ("gpad", "cbt", "qof", "workforce", "gpps", "trackers", "measures.csv")


def clear(folder: Path) -> None:
    """Remove what a previous run wrote (only the generator's own names) so no file lingers."""
    for name in GENERATED:
        target = folder / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()


def write_world(world: World, folder: Path, cbt_daily: bool = False) -> list[Path]:
    """Write every source of a world under folder, in the layout sample/chair.toml expects."""
    clear(folder)
    # Workforce is published about two months in arrears: the newest file is for September.
    staff_months = month_range(world.first_month, add_months(world.last_month, -1))
    return [
        *gpad.write(world, folder / "gpad"),
        *cbt.write(world, folder / "cbt", daily=cbt_daily),
        *qof.write(world, folder / "qof"),
        *workforce.write(world, folder / "workforce", staff_months),
        *gpps.write(world, folder / "gpps"),
        claims.write(world, folder / "trackers" / "claims.xlsx"),
        *trackers.write(world, folder),
        *staff.write(world, folder),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sample.generate", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--out", type=Path, help="folder to write (default: sample/data)")
    parser.add_argument("--pcn", action="store_true", help="a PCN-scale set plus its chair.toml")
    parser.add_argument("--practices", type=int, default=8, help="practices in the PCN (--pcn)")
    parser.add_argument("--years", type=int, default=3, help="years of monthly data (--pcn)")
    parser.add_argument(
        "--national-extra", type=int, default=100,
        help="practices outside the PCN in the national-format files (--pcn)",
    )  # fmt: skip
    parser.add_argument("--cbt-daily", action="store_true", help="daily CBT rows (--pcn)")
    args = parser.parse_args(argv)
    if args.pcn:
        from sample.gen import pcn

        if args.out is None:
            parser.error("--pcn needs --out DIR (the committed sample is not PCN-scale)")
        if args.practices < 1 or args.years < 1 or args.national_extra < 0:
            parser.error("--practices and --years must be at least 1, --national-extra at least 0")
        world = pcn.pcn_world(args.practices, args.years, args.national_extra)
        paths = write_world(world, args.out / "data", cbt_daily=args.cbt_daily)
        paths.append(pcn.write_config(world, args.practices, args.out / "chair.toml"))
    else:
        # Daily rows, as the 'By Day and Time' publication has them (the weekday x band grid).
        paths = write_world(sample_world(), args.out or DATA, cbt_daily=True)
    total = sum(p.stat().st_size for p in paths)
    print(f"wrote {len(paths)} files, {total / 1e6:.1f} MB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
