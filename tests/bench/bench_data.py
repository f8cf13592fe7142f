"""Benchmark: every dashboard for a PCN (Chair) against hand-written polars and pandas, and warm.

    python -m tests.bench.bench_data [--data DIR] [--repeat 3]

DIR holds a chair.toml and its data (default: a fresh `python -m sample.generate --pcn` set in a
temporary folder). Each variant runs in its own interpreter (imports and a warm-up run before the
clock starts). Chair and polars alternate, one interpreter each per round, for --repeat rounds
(default 5); each round times two runs. The report gives the median over all timed runs of wall
time and of CPU time (a loaded machine inflates wall time, CPU time much less), and the median of
the per-round ratios; peak RSS is the OS's figure for that interpreter, imports included:
  (a) Chair: storage.data.dashboards.compute_all, no cache
  (b) a minimal hand-written polars query doing the same aggregations
  (c) the same in pandas
  (d) Chair with a warm readings cache
Targets: (a)/(b) <= 1.3, (c)/(a) >= 5, (d) < 100 ms.

Like for like: (b) and (c) compute, from the same files, the numbers behind every metric the
chair.toml configures (COVERAGE maps each calculation to them; a calculation missing from it
fails the run), and the run prints both lists. What Chair does on top is printed too (CHAIR_ONLY).
"""

from __future__ import annotations

import argparse
import datetime as dt
import glob
import json
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
THRESHOLDS = REPO / "storage" / "data" / "reference" / "qof_points_thresholds_2026_27.csv"
MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
OVER_14 = [
    "15 to 21 Days",
    "22 to 28 Days",
    "More than 28 Days",
    "15  to 21 Days",
    "22  to 28 Days",
]
POUND, AVERAGE_LIST = 227.95, 10_349

COVERAGE = {
    "gpad.dna_rate": "dna: DNA / (Attended + DNA) per practice-month, + completeness, peer medians",
    "gpad.same_day_share": "same: Same Day / all, + completeness (unknown bands), peer medians",
    "gpad.appointments_per_1000": "per1000: all appointments / list size x 1000",
    "gpad.booked_over_14_days_share": "over: bands over 14 days / all, + peer medians",
    "gpad.unmapped_share": "unmapped: Unmapped / all, + peer medians",
    "cbt.missed_in_queue_share": "CBT004 / CBT001 per practice-month, + days present, medians",
    "cbt.answered_share": "CBT003 / CBT001, + peer medians",
    "cbt.peak_0800_1000_share": "peak: CBT001 in 08:00-09:59 / CBT001, + peer medians",
    "qof.points_vs_trajectory": "qof: points per extract and practice, last year's points and total",
    "qof.value_at_risk": "qof: (max - achieved) points x APDF x £ x CPI per extract",
    "qof.indicators_below_lower": "qof: indicators below the lower threshold per extract",
    "workforce.gp_fte_per_1000": "gpfte: GP FTE / patients x 1000 per month, + peer medians",
    "gpps.overall_good_pct": "gpps: overall experience good % per year, + national median",
    "claims.outstanding_value": "claims: £ expected/draft up to each of 13 month ends",
    "claims.unreconciled_value": "claims: £ claimed - received (>= 0) up to each month end",
    "training.compliance_pct": "training: staff x course pairs in date at each month end",
    "prescribing.overdue_monitoring": "rx: overdue patients of each search's latest run",
    "complaints.open_over_target": "complaints: open past target at each month end",
    "sigevents.learning_overdue": "sigevents: learning not shared within 28 days, 13 month ends",
    "risks.high_overdue_review": "risks: score >= 15, not closed, past review date",
    "measures.value": "measures: value by period_end per configured metric name",
}
"""What (b) and (c) compute for each calculation Chair runs (from the same files)."""
CHAIR_ONLY = (
    "data-quality checks on every file (unknown categories, bad numbers or dates, repeats), "
    "peer medians for every period (not only the latest), the latest QOF extract's per-indicator "
    "outlook (patients needed, recoverability class) for the reading detail, statuses and text"
)


def release(path: str) -> dt.date:
    month, year = re.findall(r"_([A-Za-z]{3})_(\d{2})", Path(path).stem)[-1]
    return dt.date(2000 + int(year), MONTHS.index(month.lower()) + 1, 1)


def practices(data: Path) -> list[tuple[str, int]]:
    sys.path.insert(0, str(REPO))
    from config import load_config

    config = load_config(data / "chair.toml")
    return [(p.code, p.list_size) for p in config.practices]


# ---------------------------------------------------------------- (b) hand-written polars


def polars_way(data: Path, today: dt.date, only_gpad: bool = False) -> dict[str, Any]:
    """(b): every calculation by hand in polars (`only_gpad`: the GPAD ones, the access
    dashboard's)."""
    import polars as pl

    out: dict[str, Any] = {}
    members = practices(data)
    root = data / "data"

    def series_and_peers(frame: pl.DataFrame, period: str, name: str, value: pl.Expr) -> None:
        frame = frame.with_columns(value.alias("v"))
        latest = frame.filter(pl.col(period) == frame[period].max())
        medians = {k: latest.group_by(k).agg(pl.col("v").median()) for k in ("pcn", "icb")}
        for code, _ in members:
            own = frame.filter(pl.col("practice") == code).sort(period).tail(13)
            out[(code, name)] = (own["v"].to_list(), medians["pcn"].height, latest["v"].median())

    c = pl.col("COUNT_OF_APPOINTMENTS")
    band, status = pl.col("TIME_BETWEEN_BOOK_AND_APPT"), pl.col("APPT_STATUS")
    scans = [
        pl.scan_csv(
            f, infer_schema=False, schema_overrides={"COUNT_OF_APPOINTMENTS": pl.Int64}
        ).with_columns(pl.lit(release(f)).alias("release"))
        for f in sorted(glob.glob(str(root / "gpad" / "Practice_Level_Crosstab*.csv")))
    ]
    gpad = (
        pl.concat(scans).group_by("release", "APPOINTMENT_MONTH_START_DATE", "GP_CODE")
        .agg(pl.col("PCN_CODE").first().alias("pcn"), pl.col("SUB_ICB_LOCATION_CODE").first().alias("icb"),
             c.sum().alias("total"), c.filter(status == "Attended").sum().alias("attended"),
             c.filter(status == "DNA").sum().alias("dna"), c.filter(band == "Same Day").sum().alias("same"),
             c.filter(band.is_in(OVER_14)).sum().alias("over"),
             c.filter(band.str.starts_with("Unknown")).sum().alias("band_unknown"),
             c.filter(pl.col("NATIONAL_CATEGORY") == "Unmapped").sum().alias("unmapped"))
        .with_columns(pl.col("APPOINTMENT_MONTH_START_DATE").str.to_date("%d%b%Y").alias("month"))
        .rename({"GP_CODE": "practice"}).sort("release").unique(["month", "practice"], keep="last")
        .collect()
    )  # fmt: skip
    series_and_peers(
        gpad, "month", "dna", pl.col("dna") / (pl.col("attended") + pl.col("dna")) * 100
    )
    for name in ("same", "over", "unmapped"):
        series_and_peers(gpad, "month", name, pl.col(name) / pl.col("total") * 100)
    gpad = gpad.with_columns(
        ((pl.col("attended") + pl.col("dna")) / pl.col("total")).alias("status_known"),
        (1 - pl.col("band_unknown") / pl.col("total")).alias("band_known"),
    )
    for code, size in members:
        own = gpad.filter(pl.col("practice") == code).sort("month").tail(13)
        out[(code, "per1000")] = (own["total"] / size * 1000).to_list()
        out[(code, "completeness")] = (own["status_known"][-1], own["band_known"][-1])
    if only_gpad:
        return out

    value, ind = pl.col("Value").cast(pl.Float64), pl.col("Indicator")
    cbt = (
        pl.scan_csv(str(root / "cbt" / "*.csv"), infer_schema=False)
        .filter(pl.col("PRACTICE_CODE") != "Unassigned")
        .with_columns(pl.col("Date").str.to_date("%d%b%Y").dt.truncate("1mo").alias("month"))
        .group_by("month", pl.col("PRACTICE_CODE").alias("practice"))
        .agg(pl.col("PCN_CODE").first().alias("pcn"), pl.col("SUB_ICB_LOCATION_CODE").first().alias("icb"),
             *[value.filter(ind == k).sum().alias(k) for k in ("CBT001", "CBT003", "CBT004")],
             value.filter((ind == "CBT001") & pl.col("Time_Category").str.starts_with("08")).sum().alias("peak"),
             pl.col("Date").n_unique().alias("days"))
        .collect()
    )  # fmt: skip
    for code, _ in members:
        own = cbt.filter(pl.col("practice") == code).sort("month").tail(1)
        out[(code, "cbt days")] = (own["days"] / own["month"].dt.month_end().dt.day()).to_list()
    for name in ("CBT003", "CBT004", "peak"):
        series_and_peers(cbt, "month", name, pl.col(name) / pl.col("CBT001") * 100)

    wf_files = sorted(glob.glob(str(root / "workforce" / "*Practice Level - Detailed.csv")))
    workforce = pl.concat([
        pl.read_csv(f, columns=["PRAC_CODE", "PCN_CODE", "SUB_ICB_CODE", "TOTAL_PATIENTS", "TOTAL_GP_FTE"],
                    null_values="NA", schema_overrides={"TOTAL_GP_FTE": pl.Float64, "TOTAL_PATIENTS": pl.Float64})
        .with_columns(pl.lit(re.search(r"([A-Za-z]+) (\d{4}) Practice", f).group(0)).alias("period"))  # type: ignore[union-attr]
        for f in wf_files
    ]).rename({"PRAC_CODE": "practice", "PCN_CODE": "pcn", "SUB_ICB_CODE": "icb"})  # fmt: skip
    workforce = workforce.with_columns(pl.col("period").str.to_date("%B %Y Practice"))
    series_and_peers(
        workforce, "period", "gpfte", pl.col("TOTAL_GP_FTE") / pl.col("TOTAL_PATIENTS") * 1000
    )

    gpps = []
    for f in sorted(glob.glob(str(root / "gpps" / "GPPS_*.csv"))):
        frame = pl.read_csv(f, infer_schema=False)
        code, col = (
            ("ad_practicecode", "overallexp.pcteval")
            if "ad_practicecode" in frame.columns
            else ("Practice_Code", "Q28_12pct")
        )
        v = pl.col(col).cast(pl.Float64)
        gpps.append(frame.select(pl.col(code).alias("practice"), pl.when(v >= 0).then(v * 100 if code.startswith("ad") else v).alias("good"),
                                 pl.lit(int(re.search(r"GPPS_(\d{4})", f).group(1))).alias("year"), pl.lit(None, pl.String).alias("pcn"),  # type: ignore[union-attr]
                                 pl.lit(None, pl.String).alias("icb")))  # fmt: skip
    series_and_peers(pl.concat(gpps), "year", "gpps", pl.col("good"))

    rules = pl.read_csv(THRESHOLDS)
    m = pl.col("VALUE").cast(pl.Float64)
    extracts = sorted(glob.glob(str(root / "qof" / "in-year" / "*" / "ACHIEVEMENT_2627.csv")))
    ach = (pl.scan_csv(extracts, infer_schema=False, include_file_paths="file").collect()
           .group_by("file", "PRACTICE_CODE", "INDICATOR_CODE")
           .agg(*[m.filter(pl.col("MEASURE") == k).sum().alias(k) for k in ("NUMERATOR", "DENOMINATOR", "PCAS")])
           .join(rules, on="INDICATOR_CODE"))  # fmt: skip
    prev = pl.read_csv(root / "qof" / "PREVALENCE_2526.csv")
    whole = prev.group_by("PRACTICE_CODE").agg(pl.col("PRACTICE_LIST_SIZE").max().alias("list"))
    national = (
        prev.group_by("GROUP_CODE")
        .agg(pl.col("REGISTER").sum() / whole["list"].sum() * 100)
        .rename({"REGISTER": "nat"})
    )
    own = prev.join(whole, on="PRACTICE_CODE").select(
        "PRACTICE_CODE", "GROUP_CODE", (pl.col("REGISTER") / pl.col("list") * 100).alias("own")
    )
    d = pl.col("NUMERATOR") / pl.col("DENOMINATOR") * 100
    lo, hi, pts = pl.col("LOWER_THRESHOLD"), pl.col("UPPER_THRESHOLD"), pl.col("POINTS")
    qof = (ach.join(national, on="GROUP_CODE", how="left").join(own, on=["PRACTICE_CODE", "GROUP_CODE"], how="left")
           .with_columns(d.alias("d"), pl.when(pl.col("PREVALENCE_ADJUSTED") == "Y").then(pl.col("own") / pl.col("nat")).otherwise(1.0).fill_null(1.0).alias("apdf"))
           .with_columns(pl.when(pl.col("d") <= lo).then(0.0).when(pl.col("d") >= hi).then(pts).otherwise((pl.col("d") - lo) / (hi - lo) * pts).alias("points"))
           .group_by("file", "PRACTICE_CODE").agg(pl.col("points").sum(), ((pts - pl.col("points")) * pl.col("apdf")).sum().alias("gap"), (pl.col("d") < lo).sum().alias("below"))
           .sort("file"))  # fmt: skip
    last_year = pl.read_csv(root / "qof" / "ACHIEVEMENT_2526.csv", infer_schema=False)
    last_points = (
        last_year.filter(pl.col("MEASURE") == "ACHIEVED_POINTS")
        .group_by("PRACTICE_CODE")
        .agg(pl.col("VALUE").cast(pl.Float64).sum().alias("points"))
    )
    mapping = pl.read_csv(root / "qof" / "MAPPING_INDICATORS_2526.csv", infer_schema=False)
    last_total = mapping["INDICATOR_POINT_VALUE"].cast(pl.Float64).sum()
    for code, size in members:
        row = qof.filter(pl.col("PRACTICE_CODE") == code)
        mine = last_points.filter(pl.col("PRACTICE_CODE") == code)["points"]
        out[(code, "trajectory")] = (mine.sum() / last_total * rules["POINTS"].sum(), last_total)
        out[(code, "qof")] = (
            row["points"].to_list(),
            (row["gap"] * POUND * size / AVERAGE_LIST).to_list(),
            row["below"].to_list(),
        )

    ends = [today] + [today.replace(day=1) - dt.timedelta(days=31 * i) for i in range(12)]
    claims = pl.read_excel(
        root / "trackers" / "claims.xlsx", infer_schema_length=None
    ).with_columns(pl.col("claim_month").str.to_date("%Y-%m"))
    claims = claims.filter(pl.col("claim_month") <= today)
    out["claims"] = [(claims.filter((pl.col("claim_month") <= e) & pl.col("status").is_in(["expected", "draft"]))["expected_amount"].sum(),
                      claims.filter((pl.col("claim_month") <= e) & pl.col("status").is_in(["submitted", "approved", "paid", "queried"]))
                      .select((pl.col("claimed_amount").fill_null(0) - pl.col("received_amount").fill_null(0)).clip(0).sum()).item()) for e in ends]  # fmt: skip

    def uk(c: str) -> pl.Expr:
        return pl.coalesce(
            pl.col(c).str.to_date("%d/%m/%Y", strict=False),
            pl.col(c).str.to_date("%Y-%m-%d", strict=False),
        )

    training = pl.read_csv(root / "trackers" / "training.csv", infer_schema=False).with_columns(
        uk("completed_date"), uk("expires_date")
    )
    pairs = training.select("staff_name", "course").unique().height
    out["training"] = [
        training.filter(
            (pl.col("completed_date") <= e)
            & (pl.col("expires_date").is_null() | (pl.col("expires_date") >= e))
        )
        .select("staff_name", "course")
        .unique()
        .height
        / pairs
        for e in ends
    ]
    rx = pl.read_csv(root / "trackers" / "prescribing_searches.csv", try_parse_dates=True)
    out["rx"] = [
        rx.filter(pl.col("run_date") <= d)
        .sort("run_date")
        .unique("search_name", keep="last")["overdue"]
        .sum()
        for d in rx["run_date"].unique()
    ]
    cx = pl.read_csv(root / "trackers" / "complaints.csv", infer_schema=False).with_columns(
        uk("received_date"), uk("target_date"), uk("closed_date")
    )
    out["complaints"] = [cx.filter((pl.col("received_date") <= e) & (pl.col("closed_date").is_null() | (pl.col("closed_date") > e)) & (pl.col("target_date") < e)).height for e in ends]  # fmt: skip
    se = pl.read_csv(root / "trackers" / "significant_events.csv", infer_schema=False).with_columns(
        uk("reported_date"), uk("learning_shared_date")
    )
    reported, shared = pl.col("reported_date"), pl.col("learning_shared_date")
    out["sigevents"] = [
        (
            se.filter((reported <= e - dt.timedelta(days=28)) & (shared.is_null() | (shared > e))).height,
            se.filter(reported.is_between(e - dt.timedelta(days=393), e - dt.timedelta(days=28), closed="right")).height,
        )
        for e in ends
    ]  # fmt: skip
    risks = pl.read_csv(root / "trackers" / "risk_register.csv", infer_schema=False).with_columns(
        uk("review_date"), pl.col("likelihood", "impact").cast(pl.Float64)
    )
    high = risks.filter(
        (pl.col("likelihood") * pl.col("impact") >= 15)
        & (pl.col("status").fill_null("").str.to_lowercase() != "closed")
    )
    out["risks"] = [high.filter(pl.col("review_date") < e).height for e in ends]
    measures = pl.read_csv(root / "measures.csv", infer_schema=False).with_columns(
        uk("period_end"), pl.col("value").cast(pl.Float64)
    )
    for name in measures["metric"].unique().to_list():
        rows = measures.filter((pl.col("metric") == name) & (pl.col("period_end") <= today))
        out[("measures", name)] = (
            rows.unique("period_end", keep="last").sort("period_end")["value"].to_list()
        )
    return out


# ---------------------------------------------------------------- (c) pandas


def pandas_way(data: Path, today: dt.date) -> dict[str, Any]:
    import pandas as pd

    out: dict[str, Any] = {}
    members = practices(data)
    root = data / "data"

    def series_and_peers(frame: pd.DataFrame, period: str, name: str, value: pd.Series) -> None:
        frame = frame.assign(v=value)
        latest = frame[frame[period] == frame[period].max()]
        medians = {k: latest.groupby(k)["v"].median() for k in ("pcn", "icb")}
        for code, _ in members:
            own = frame[frame["practice"] == code].sort_values(period).tail(13)
            out[(code, name)] = (own["v"].tolist(), len(medians["pcn"]), latest["v"].median())

    parts = []
    for f in sorted(glob.glob(str(root / "gpad" / "Practice_Level_Crosstab*.csv"))):
        frame = pd.read_csv(f, dtype=str)
        frame["COUNT_OF_APPOINTMENTS"] = pd.to_numeric(frame["COUNT_OF_APPOINTMENTS"])
        frame["release"] = release(f)
        parts.append(frame)
    raw = pd.concat(parts, ignore_index=True)
    raw["month"] = pd.to_datetime(raw["APPOINTMENT_MONTH_START_DATE"], format="%d%b%Y")
    band = raw["TIME_BETWEEN_BOOK_AND_APPT"].str.replace(r"\s+", " ", regex=True)
    n = raw["COUNT_OF_APPOINTMENTS"]
    raw = raw.assign(
        total=n, attended=n.where(raw["APPT_STATUS"] == "Attended", 0), dna=n.where(raw["APPT_STATUS"] == "DNA", 0),
        same=n.where(band == "Same Day", 0), over=n.where(band.isin(OVER_14), 0),
        band_unknown=n.where(band.str.startswith("Unknown"), 0),
        unmapped=n.where(raw["NATIONAL_CATEGORY"] == "Unmapped", 0),
    )  # fmt: skip
    keys = ["release", "month", "GP_CODE"]
    gpad = raw.groupby(keys).agg(pcn=("PCN_CODE", "first"), icb=("SUB_ICB_LOCATION_CODE", "first"),
                                 **{k: (k, "sum") for k in ("total", "attended", "dna", "same", "over", "band_unknown", "unmapped")}).reset_index()  # fmt: skip
    gpad = (
        gpad.sort_values("release")
        .drop_duplicates(["month", "GP_CODE"], keep="last")
        .rename(columns={"GP_CODE": "practice"})
    )
    series_and_peers(gpad, "month", "dna", gpad["dna"] / (gpad["attended"] + gpad["dna"]) * 100)
    for name in ("same", "over", "unmapped"):
        series_and_peers(gpad, "month", name, gpad[name] / gpad["total"] * 100)
    gpad["status_known"] = (gpad["attended"] + gpad["dna"]) / gpad["total"]
    gpad["band_known"] = 1 - gpad["band_unknown"] / gpad["total"]
    for code, size in members:
        own = gpad[gpad["practice"] == code].sort_values("month").tail(13)
        out[(code, "per1000")] = (own["total"] / size * 1000).tolist()
        out[(code, "completeness")] = (own["status_known"].iloc[-1], own["band_known"].iloc[-1])

    cbt = pd.concat(
        [pd.read_csv(f, dtype=str) for f in sorted(glob.glob(str(root / "cbt" / "*.csv")))],
        ignore_index=True,
    )
    cbt = cbt[cbt["PRACTICE_CODE"] != "Unassigned"]
    cbt = cbt.assign(
        month=pd.to_datetime(cbt["Date"], format="%d%b%Y").dt.to_period("M"),
        v=pd.to_numeric(cbt["Value"]),
    )
    for k in ("CBT001", "CBT003", "CBT004"):
        cbt[k] = cbt["v"].where(cbt["Indicator"] == k, 0)
    cbt["peak"] = cbt["CBT001"].where(cbt["Time_Category"].str.startswith("08"), 0)
    cbt = cbt.groupby(["month", "PRACTICE_CODE"]).agg(pcn=("PCN_CODE", "first"), icb=("SUB_ICB_LOCATION_CODE", "first"),
                                                       days=("Date", "nunique"), **{k: (k, "sum") for k in ("CBT001", "CBT003", "CBT004", "peak")}).reset_index()  # fmt: skip
    cbt = cbt.rename(columns={"PRACTICE_CODE": "practice"})
    for code, _ in members:
        own = cbt[cbt["practice"] == code].sort_values("month").tail(1)
        out[(code, "cbt days")] = (own["days"] / own["month"].dt.days_in_month).tolist()
    for name in ("CBT003", "CBT004", "peak"):
        series_and_peers(cbt, "month", name, cbt[name] / cbt["CBT001"] * 100)

    wf = []
    for f in sorted(glob.glob(str(root / "workforce" / "*Practice Level - Detailed.csv"))):
        frame = pd.read_csv(
            f,
            usecols=["PRAC_CODE", "PCN_CODE", "SUB_ICB_CODE", "TOTAL_PATIENTS", "TOTAL_GP_FTE"],
            na_values="NA",
            encoding="utf-8-sig",
        )
        frame["period"] = pd.to_datetime(
            re.search(r"([A-Za-z]+ \d{4}) Practice", f).group(1), format="%B %Y"
        )  # type: ignore[union-attr]
        wf.append(frame)
    workforce = pd.concat(wf).rename(
        columns={"PRAC_CODE": "practice", "PCN_CODE": "pcn", "SUB_ICB_CODE": "icb"}
    )
    series_and_peers(
        workforce, "period", "gpfte", workforce["TOTAL_GP_FTE"] / workforce["TOTAL_PATIENTS"] * 1000
    )

    gpps = []
    for f in sorted(glob.glob(str(root / "gpps" / "GPPS_*.csv"))):
        frame = pd.read_csv(f)
        code, col = (
            ("ad_practicecode", "overallexp.pcteval")
            if "ad_practicecode" in frame.columns
            else ("Practice_Code", "Q28_12pct")
        )
        good = frame[col].where(frame[col] >= 0) * (100 if code.startswith("ad") else 1)
        gpps.append(pd.DataFrame({"practice": frame[code], "good": good, "pcn": None, "icb": None,
                                  "year": int(re.search(r"GPPS_(\d{4})", f).group(1))}))  # type: ignore[union-attr]  # fmt: skip
    allg = pd.concat(gpps)
    series_and_peers(allg, "year", "gpps", allg["good"])

    rules = pd.read_csv(THRESHOLDS)
    extracts = sorted(glob.glob(str(root / "qof" / "in-year" / "*" / "ACHIEVEMENT_2627.csv")))
    ach = pd.concat([pd.read_csv(f).assign(file=f) for f in extracts])
    ach = ach.pivot_table(
        index=["file", "PRACTICE_CODE", "INDICATOR_CODE"],
        columns="MEASURE",
        values="VALUE",
        aggfunc="sum",
    ).reset_index()
    ach = ach.merge(rules, on="INDICATOR_CODE")
    prev = pd.read_csv(root / "qof" / "PREVALENCE_2526.csv")
    whole = prev.groupby("PRACTICE_CODE")["PRACTICE_LIST_SIZE"].max().rename("list")
    national = (prev.groupby("GROUP_CODE")["REGISTER"].sum() / whole.sum() * 100).rename("nat")
    prev = prev.join(whole, on="PRACTICE_CODE").assign(
        own=lambda x: x["REGISTER"] / x["list"] * 100
    )
    q = ach.join(national, on="GROUP_CODE").merge(
        prev[["PRACTICE_CODE", "GROUP_CODE", "own"]], on=["PRACTICE_CODE", "GROUP_CODE"], how="left"
    )
    q["d"] = q["NUMERATOR"] / q["DENOMINATOR"] * 100
    q["apdf"] = (q["own"] / q["nat"]).where(q["PREVALENCE_ADJUSTED"] == "Y", 1.0).fillna(1.0)
    span = (q["d"] - q["LOWER_THRESHOLD"]) / (q["UPPER_THRESHOLD"] - q["LOWER_THRESHOLD"])
    q["points"] = span.clip(0, 1) * q["POINTS"]
    q["gap"] = (q["POINTS"] - q["points"]) * q["apdf"]
    q["below"] = q["d"] < q["LOWER_THRESHOLD"]
    qof = q.groupby(["PRACTICE_CODE", "file"])[["points", "gap", "below"]].sum().reset_index()
    last_year = pd.read_csv(root / "qof" / "ACHIEVEMENT_2526.csv")
    last_points = (
        last_year[last_year["MEASURE"] == "ACHIEVED_POINTS"].groupby("PRACTICE_CODE")["VALUE"].sum()
    )
    mapping = pd.read_csv(root / "qof" / "MAPPING_INDICATORS_2526.csv")
    last_total = mapping["INDICATOR_POINT_VALUE"].sum()
    for code, size in members:
        row = qof[qof["PRACTICE_CODE"] == code].sort_values("file")
        mine = last_points.get(code, 0.0)
        out[(code, "trajectory")] = (mine / last_total * rules["POINTS"].sum(), last_total)
        out[(code, "qof")] = (
            row["points"].tolist(),
            (row["gap"] * POUND * size / AVERAGE_LIST).tolist(),
            row["below"].tolist(),
        )

    ends = [pd.Timestamp(today)] + [
        pd.Timestamp(today.replace(day=1) - dt.timedelta(days=31 * i)) for i in range(12)
    ]
    claims = pd.read_excel(root / "trackers" / "claims.xlsx", dtype={"claim_month": str})
    claims["claim_month"] = pd.to_datetime(claims["claim_month"], format="%Y-%m")
    short = (claims["claimed_amount"].fillna(0) - claims["received_amount"].fillna(0)).clip(lower=0)
    out["claims"] = [(claims.loc[(claims["claim_month"] <= e) & claims["status"].isin(["expected", "draft"]), "expected_amount"].sum(),
                      short[(claims["claim_month"] <= e) & claims["status"].isin(["submitted", "approved", "paid", "queried"])].sum()) for e in ends]  # fmt: skip

    def uk(s: pd.Series) -> pd.Series:
        return pd.to_datetime(s, format="%d/%m/%Y", errors="coerce").fillna(
            pd.to_datetime(s, format="%Y-%m-%d", errors="coerce")
        )

    tr = pd.read_csv(root / "trackers" / "training.csv", dtype=str)
    tr["completed_date"], tr["expires_date"] = uk(tr["completed_date"]), uk(tr["expires_date"])
    pairs = len(tr[["staff_name", "course"]].drop_duplicates())
    out["training"] = [
        len(
            tr[
                (tr["completed_date"] <= e)
                & (tr["expires_date"].isna() | (tr["expires_date"] >= e))
            ][["staff_name", "course"]].drop_duplicates()
        )
        / pairs
        for e in ends
    ]
    rx = pd.read_csv(root / "trackers" / "prescribing_searches.csv", parse_dates=["run_date"])
    out["rx"] = [
        rx[rx["run_date"] <= d]
        .sort_values("run_date")
        .drop_duplicates("search_name", keep="last")["overdue"]
        .sum()
        for d in rx["run_date"].unique()
    ]
    cx = pd.read_csv(root / "trackers" / "complaints.csv", dtype=str)
    for c in ("received_date", "target_date", "closed_date"):
        cx[c] = uk(cx[c])
    out["complaints"] = [len(cx[(cx["received_date"] <= e) & (cx["closed_date"].isna() | (cx["closed_date"] > e)) & (cx["target_date"] < e)]) for e in ends]  # fmt: skip
    se = pd.read_csv(root / "trackers" / "significant_events.csv", dtype=str)
    for c in ("reported_date", "learning_shared_date"):
        se[c] = uk(se[c])
    late = pd.Timedelta(days=28)
    out["sigevents"] = [
        (
            len(se[(se["reported_date"] <= e - late) & (se["learning_shared_date"].isna() | (se["learning_shared_date"] > e))]),
            len(se[(se["reported_date"] <= e - late) & (se["reported_date"] > e - late - pd.Timedelta(days=365))]),
        )
        for e in ends
    ]  # fmt: skip
    risks = pd.read_csv(root / "trackers" / "risk_register.csv", dtype=str)
    risks["review_date"] = uk(risks["review_date"])
    score = pd.to_numeric(risks["likelihood"]) * pd.to_numeric(risks["impact"])
    high = risks[(score >= 15) & (risks["status"].fillna("").str.lower() != "closed")]
    out["risks"] = [len(high[high["review_date"] < e]) for e in ends]
    measures = pd.read_csv(root / "measures.csv", dtype={"value": float})
    measures["period_end"] = uk(measures["period_end"])
    for name, rows in measures[measures["period_end"] <= pd.Timestamp(today)].groupby("metric"):
        kept = rows.drop_duplicates("period_end", keep="last").sort_values("period_end")
        out[("measures", name)] = kept["value"].tolist()
    return out


# ---------------------------------------------------------------- runner


def chair_way(data: Path, today: dt.date, cache: Path | None = None) -> Any:
    sys.path.insert(0, str(REPO))
    from config import load_config
    from storage.data.dashboards import compute_all

    return compute_all(load_config(data / "chair.toml"), today, cache_dir=cache)


def child(variant: str, data: Path, today: dt.date, repeat: int) -> dict[str, float]:
    """Run one variant in this interpreter: imports and one warm-up run, then `repeat` timed runs."""
    sys.path.insert(0, str(REPO))
    import polars  # noqa: F401

    import config  # noqa: F401

    if variant == "pandas":
        import pandas  # noqa: F401
    else:
        import fastexcel  # noqa: F401

        import storage.data.dashboards  # noqa: F401
        import storage.data.readers.compute  # noqa: F401
    cache = Path(tempfile.mkdtemp(prefix="chair-bench-cache-")) if variant == "warm" else None
    runs: dict[str, Callable[[], Any]] = {
        "chair": lambda: chair_way(data, today),
        "polars": lambda: polars_way(data, today),
        "pandas": lambda: pandas_way(data, today),
        "warm": lambda: chair_way(data, today, cache),
    }
    if variant != "pandas":  # warm-up, not timed: lazy imports, the OS file cache, (d) the cache
        runs[variant]()
    base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    times, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        runs[variant]()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": times, "cpu": cpu, "peak_mb": peak, "after_imports_mb": base_rss}


def describe(data: Path) -> bool:
    """Print what each side computes; False when Chair runs a calculation (b) and (c) do not."""
    sys.path.insert(0, str(REPO))
    from config import load_config

    config = load_config(data / "chair.toml")
    calculations = sorted({m.calculation for m in config.metrics})
    missing = [c for c in calculations if c not in COVERAGE]
    print(f"(a) Chair: {len(config.metrics)} metrics x {len(config.practices)} practices "
          f"({len(config.dashboards)} dashboards), every source read once")  # fmt: skip
    print("(b) polars and (c) pandas compute, for the same calculations:")
    for calculation in calculations:
        print(f"    {calculation:32} {COVERAGE.get(calculation, 'NOT COVERED')}")
    print(f"(a) only: {CHAIR_ONLY}")
    if missing:
        print(f"(b)/(c) do not cover {', '.join(missing)}: add them to the baselines")
    return not missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data", type=Path, help="folder with chair.toml and data/ (default: generate)"
    )
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--today", default="2026-11-26")
    parser.add_argument(
        "--variant", choices=["chair", "polars", "pandas", "warm"], help=argparse.SUPPRESS
    )
    args = parser.parse_args(argv)
    today = dt.date.fromisoformat(args.today)
    if args.variant:
        print(json.dumps(child(args.variant, args.data, today, args.repeat)))
        return 0
    data = args.data
    if data is None:
        data = Path(tempfile.mkdtemp(prefix="chair-bench-"))
        print(f"generating a PCN-scale set in {data} ...", flush=True)
        subprocess.run(
            [sys.executable, "-m", "sample.generate", "--pcn", "--out", str(data)],
            cwd=REPO,
            check=True,
        )
    size = sum(p.stat().st_size for p in (data / "data").rglob("*") if p.is_file()) / 1e6
    print(f"data: {data} ({size:,.0f} MB), medians of {args.repeat} alternating rounds")
    if not describe(data):
        return 1
    runs: dict[str, list[dict[str, Any]]] = {}
    # Chair and hand-written polars alternate, round after round, so that a busy machine slows
    # both alike. pandas and the warm cache run once.
    plan = [v for _ in range(args.repeat) for v in ("chair", "polars")] + ["pandas", "warm"]
    for variant in plan:
        done = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--variant", variant, "--data", str(data),
             "--repeat", "1" if variant == "pandas" else "2", "--today", args.today],
            cwd=REPO, capture_output=True, text=True, check=False,
        )  # fmt: skip
        if done.returncode:
            print(f"{variant} failed:\n{done.stderr[-3000:]}")
            return 1
        runs.setdefault(variant, []).append(json.loads(done.stdout.strip().splitlines()[-1]))
    results: dict[str, dict[str, float]] = {}
    for variant, rounds in runs.items():
        wall = [t for r in rounds for t in r["seconds"]]
        cpu = [t for r in rounds for t in r["cpu"]]
        results[variant] = {
            "seconds": statistics.median(wall), "cpu": statistics.median(cpu),
            "min": min(wall), "max": max(wall),
            "peak_mb": max(r["peak_mb"] for r in rounds),
            "after_imports_mb": max(r["after_imports_mb"] for r in rounds),
        }  # fmt: skip
    for variant, r in results.items():
        print(f"  {variant:7} median {r['seconds'] * 1000:8.1f} ms wall (range {r['min'] * 1000:.0f}-"
              f"{r['max'] * 1000:.0f}), {r['cpu'] * 1000:8.1f} ms CPU; peak RSS {r['peak_mb']:5.0f} MB "
              f"(after imports {r['after_imports_mb']:.0f} MB)")  # fmt: skip
    paired = [
        statistics.median(c["seconds"]) / statistics.median(p["seconds"])
        for c, p in zip(runs["chair"], runs["polars"], strict=True)
    ]
    print("  (a)/(b) per round: " + ", ".join(f"{x:.2f}" for x in paired))
    a, b = results["chair"]["seconds"], results["polars"]["seconds"]
    c, d = results["pandas"]["seconds"], results["warm"]["seconds"]
    checks = [
        (
            f"(a)/(b) chair / hand-written polars = {a / b:.2f} median wall "
            f"(median of rounds {statistics.median(paired):.2f}; CPU time "
            f"{results['chair']['cpu'] / results['polars']['cpu']:.2f})",
            a / b <= 1.3,
            "<= 1.3",
        ),
        (f"(c)/(a) pandas / chair = {c / a:.2f}", c / a >= 5, ">= 5"),
        (f"(d) warm cache = {d * 1000:.1f} ms", d < 0.1, "< 100 ms"),
    ]
    for text, ok, target in checks:
        print(f"  {'PASS' if ok else 'MISS'}  {text} (target {target})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
