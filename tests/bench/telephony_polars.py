"""Hand-written polars for the Telephony dashboard's readings, for tests/bench/bench_national.py:
what a competent analyst would write to get the same numbers from the same daily CBT files.

For one practice: missed in queue %, answered %, 08:00-09:59 share % (each per month, with
completeness from the working days present and PCN / ICB / national medians at the latest month),
missed calls in the worst weekday-band % (per month, with its medians and the latest month's
weekday x band grids of calls and missed calls a day), and inbound calls per 1,000 patients
(scaled up for working days missing; with `lists`, the workforce files, its medians over each
practice's TOTAL_PATIENTS from the latest file at or before the month, else the earliest).
"""

from __future__ import annotations

import datetime as dt
import glob
import re
from pathlib import Path
from typing import Any

import polars as pl

from domain.calendar import holidays_between, working_days
from domain.dates import month_end

SHARES = {"missed": "CBT004", "answered": "CBT003", "peak": "peak"}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip


def _medians(frame: pl.DataFrame, period: dt.date, pcn: str, icb: str) -> tuple[Any, ...]:
    latest = frame.filter((pl.col("month") == period) & pl.col("value").is_finite())
    pcn_rows, icb_rows = latest.filter(pl.col("pcn") == pcn), latest.filter(pl.col("icb") == icb)
    return (
        pcn_rows["value"].median() if pcn_rows.height > 1 else None,
        icb_rows["value"].median() if icb_rows.height > 1 else None,
        latest["value"].median(),
    )


def _list_sizes(lists: str, period: dt.date) -> pl.DataFrame:
    """practice, TOTAL_PATIENTS: each practice's latest list size at or before `period`'s month
    end (a workforce file per month, the month in its name), else its earliest."""
    months = {m.lower(): i for i, m in enumerate(MONTHS, start=1)}
    frames = []
    for name in sorted(glob.glob(lists)):
        path = Path(name)
        words = re.search(r"(" + "|".join(MONTHS) + r")\s+(\d{4})", path.stem, re.IGNORECASE)
        if words is None:
            continue
        end = month_end(dt.date(int(words.group(2)), months[words.group(1).lower()], 1))
        frame = pl.read_csv(path, infer_schema=False, columns=["PRAC_CODE", "TOTAL_PATIENTS"])
        frames.append(frame.with_columns(pl.lit(end).alias("end")))
    sizes = (
        pl.concat(frames)
        .filter(pl.col("TOTAL_PATIENTS") != "NA")
        .select(pl.col("PRAC_CODE").alias("practice"),
                pl.col("TOTAL_PATIENTS").cast(pl.Float64), "end")
        .sort("end")
    )  # fmt: skip
    before = sizes.filter(pl.col("end") <= month_end(period)).group_by("practice").last()
    after = sizes.group_by("practice").first().join(before, on="practice", how="anti")
    return pl.concat([before, after]).select("practice", "TOTAL_PATIENTS")


def telephony_readings(
    files: str, code: str, list_size: int, lists: str | None = None
) -> dict[str, Any]:
    """Every Telephony reading for practice `code` from the CBT files matching `files`."""
    value, indicator = pl.col("Value").cast(pl.Float64), pl.col("Indicator")

    def pick(name: str) -> pl.Expr:
        return pl.when(indicator == name).then(value).otherwise(0.0).sum().alias(name)

    # One pass over the text: (date, practice, band) with the three indicators side by side.
    cells = (
        pl.scan_csv(files, infer_schema=False)
        .filter(pl.col("PRACTICE_CODE") != "Unassigned")
        .group_by("Date", "PRACTICE_CODE", "Time_Category")
        .agg(pl.col("PCN_CODE").first(), pl.col("SUB_ICB_LOCATION_CODE").first(),
             pick("CBT001"), pick("CBT003"), pick("CBT004"))
        .collect()
    )  # fmt: skip
    dates = cells.select(pl.col("Date").unique())
    dates = dates.with_columns(pl.col("Date").str.to_date("%d%b%Y").alias("date"))
    first, last = dates["date"].min(), dates["date"].max()
    holidays = holidays_between(first.year, last.year)  # type: ignore[union-attr]
    cells = cells.join(dates, on="Date").rename(
        {"PRACTICE_CODE": "practice", "PCN_CODE": "pcn", "SUB_ICB_LOCATION_CODE": "icb"}
    )
    cells = cells.with_columns(
        pl.col("date").dt.truncate("1mo").alias("month"),
        pl.col("date").dt.weekday().alias("weekday"),
        pl.col("Time_Category").str.replace_all(" ", "").alias("band"),
    )
    working = pl.col("date").filter(pl.col("date").dt.is_business_day(holidays=holidays))
    monthly = cells.group_by("month", "practice").agg(
        pl.col("pcn").first(), pl.col("icb").first(),
        pl.col("CBT001").sum(), pl.col("CBT003").sum(), pl.col("CBT004").sum(),
        pl.col("CBT001").filter(pl.col("band").str.starts_with("08")).sum().alias("peak"),
        working.n_unique().alias("working_days"),
    )  # fmt: skip
    out: dict[str, Any] = {}
    own = monthly.filter(pl.col("practice") == code).sort("month")
    period: dt.date = own["month"][-1]
    pcn, icb = own["pcn"][-1], own["icb"][-1]
    wanted = {m: working_days(m, month_end(m)) for m in own["month"].to_list()}
    for name, column in SHARES.items():
        shares = monthly.with_columns((pl.col(column) / pl.col("CBT001") * 100).alias("value"))
        mine = shares.filter(pl.col("practice") == code).sort("month")
        out[name] = mine["value"].to_list()
        out[f"{name} peers"] = _medians(shares, period, pcn, icb)
    out["completeness"] = min(1.0, own["working_days"][-1] / wanted[period])
    factors = [
        max(1.0, wanted[m] / present) if present else 1.0
        for m, present in zip(own["month"].to_list(), own["working_days"].to_list(), strict=True)
    ]
    out["calls per 1000"] = [
        calls * factor / list_size * 1000
        for calls, factor in zip(own["CBT001"].to_list(), factors, strict=True)
    ]
    if lists is not None:
        latest = monthly.filter(pl.col("month") == period).join(
            _list_sizes(lists, period), on="practice"
        )
        days = pl.col("working_days")
        factor = pl.when(days > 0).then(pl.max_horizontal(pl.lit(1.0), wanted[period] / days))
        calls = latest.with_columns(
            (pl.col("CBT001") * factor.otherwise(1.0) / pl.col("TOTAL_PATIENTS") * 1000).alias(
                "value"
            )
        )
        out["calls per 1000 peers"] = _medians(calls, period, pcn, icb)

    # The weekday x band grid: a cell's calls per day of that weekday present in the month.
    days = cells.group_by("practice", "month", "weekday").agg(pl.col("date").n_unique().alias("n"))
    grid = (
        cells.group_by("practice", "month", "weekday", "band")
        .agg(pl.col("pcn").first(), pl.col("icb").first(), pl.col("CBT001").sum(),
             pl.col("CBT004").sum())
        .join(days, on=["practice", "month", "weekday"])
        .with_columns(pl.col("CBT001") / pl.col("n"), pl.col("CBT004") / pl.col("n"))
    )  # fmt: skip
    week = grid.group_by("practice", "month").agg(
        pl.col("CBT004").sum().alias("week"), pl.col("pcn").first(), pl.col("icb").first()
    )
    worst = (
        grid.filter(pl.col("weekday") <= 5)
        .group_by("practice", "month")
        .agg(pl.col("CBT004").max().alias("worst"))
    )
    shares = week.join(worst, on=["practice", "month"]).with_columns(
        (pl.col("worst") / pl.col("week") * 100).alias("value")
    )
    out["worst cell"] = shares.filter(pl.col("practice") == code).sort("month")["value"].to_list()
    out["worst cell peers"] = _medians(shares, period, pcn, icb)
    latest = grid.filter(
        (pl.col("practice") == code) & (pl.col("month") == period) & (pl.col("weekday") <= 5)
    )
    out["grid"] = sorted(latest.select("band", "weekday", "CBT001", "CBT004").iter_rows())
    return out


def chair_readings(data: Path, today: dt.date) -> dict[str, Any]:
    """Chair's Telephony readings from the same files (to check that the two agree)."""
    from config.load import load_config
    from storage.data.dashboards import compute_dashboard

    config = load_config(data / "chair.toml")
    return {r.metric_id: r for r in compute_dashboard(config, "telephony", today)}


def agree(data: Path, today: dt.date) -> list[str]:
    """Where Chair's readings and the hand-written ones differ (empty: the same numbers)."""
    from config.load import load_config

    config = load_config(data / "chair.toml")
    practice = config.practices[0]
    source = config.source_path("telephony")
    lists = str(config.source_path("workforce")) if "workforce" in config.sources else None
    mine = telephony_readings(str(source), practice.code, practice.list_size, lists)
    chair = chair_readings(data, today)
    wrong = []

    def same(a: Any, b: Any) -> bool:
        if a is None or b is None:
            return a is None and b is None
        return abs(float(a) - float(b)) < 1e-6

    pairs = {"missed": "missed-in-queue", "answered": "calls-answered",
             "peak": "peak-0800-1000", "worst cell": "missed-worst-cell",
             "calls per 1000": "calls-per-1000"}  # fmt: skip
    for name, metric in pairs.items():
        reading = chair[metric]
        tail = mine[name][-len(reading.trend) :]
        if not all(same(a, b) for a, b in zip(tail, reading.trend, strict=True)):
            wrong.append(f"{metric}: {reading.trend} != {tail}")
        peers = mine.get(f"{name} peers")
        if peers is not None and reading.peer is not None:
            theirs = (
                reading.peer.pcn_median,
                reading.peer.icb_median,
                reading.peer.national_median,
            )
            if not all(same(a, b) for a, b in zip(peers, theirs, strict=True)):
                wrong.append(f"{metric} peers: {theirs} != {peers}")
    return wrong
