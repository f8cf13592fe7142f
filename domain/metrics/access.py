"""Access in more depth: the mix behind the appointments (clinician type, mode, booked ahead),
demand against capacity, and session utilisation.

The mix metrics read the GPAD "monthly" frame (columns gp, other_staff, face_to_face,
telephone, video, home_visit, within_14 beside the totals). Demand and utilisation join a second
source: the metric's params name it (`appointments_source`, `online_source`,
`sessions_source`) and its tables arrive as `<param>:<table>`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import polars as pl

from domain.dates import month_end
from domain.detail import Detail, Fact
from domain.metrics.base import (
    MetricDataError,
    Params,
    PracticeContext,
    RatioSpec,
    SourceFrames,
    for_practice,
    month_ends,
    peer_medians,
    practice_ratios,
    ratio_reading,
    year_earlier,
)
from domain.readings import DetailTable, PeerContext, Series

MODES = {
    "face-to-face": ("face_to_face", "Face-to-face"),
    "telephone": ("telephone", "Telephone"),
    "video": ("video", "Video/online"),
    "home-visit": ("home_visit", "Home visit"),
}
"""params `mode` -> (the reader's column, the words shown)."""
KNOWN_MODE = sum((pl.col(c) for c, _ in MODES.values()), pl.lit(0)) / pl.col("total")
KNOWN_HCP = (pl.col("gp") + pl.col("other_staff")) / pl.col("total")
KNOWN_BAND = 1 - pl.col("band_unknown") / pl.col("total")
MIX = {
    "gp": RatioSpec(pl.col("gp"), pl.col("total"), completeness=KNOWN_HCP),
    "prebooked": RatioSpec(
        pl.col("within_14") + pl.col("over_14"), pl.col("total"), completeness=KNOWN_BAND
    ),
    **{
        c: RatioSpec(pl.col(c), pl.col("total"), completeness=KNOWN_MODE) for c, _ in MODES.values()
    },
}
"""Every mix share, computed together for all practices (with peers) when first asked for."""


def _mix(frames: SourceFrames, practice: PracticeContext, key: str) -> Series:
    series = ratio_reading(frames, practice_ratios(frames, key, "monthly", MIX), practice)
    series = replace(series, detail=series.detail.plus(*year_earlier(series)))
    return replace(series, tables=(mix_table(frames, practice),))


def mix_table(frames: SourceFrames, practice: PracticeContext) -> DetailTable:
    """Shares of the latest month's appointments by clinician type, mode and booking, beside
    the same month a year earlier where the data has it."""
    rows = month_ends(for_practice(frames.table("monthly"), practice)).sort("period")
    latest: dt.date = rows["period"][-1]
    earlier = month_end(latest.replace(day=1, year=latest.year - 1))
    months = [latest] + ([earlier] if earlier in rows["period"].to_list() else [])
    parts = [
        ("GP", "gp"), ("Other practice staff", "other_staff"),
        *[(words, column) for column, words in MODES.values()],
        ("Booked same day", "same_day"), ("Pre-booked (1 day or more)", None),
    ]  # fmt: skip
    cells: list[list[str]] = [[words] for words, _ in parts]
    for month in months:
        row = rows.filter(pl.col("period") == month).row(0, named=True)
        total = row["total"] or 0
        for index, (_, column) in enumerate(parts):
            count = row["within_14"] + row["over_14"] if column is None else row[column]
            cells[index].append(f"{count / total * 100:.1f}%" if total else "—")
    headers = ("Share of appointments", *(f"{m:%b %Y}" for m in months))
    note = "" if len(months) > 1 else "No month a year earlier in the data."
    return DetailTable("The mix", headers, tuple(tuple(c) for c in cells), note)


def gp_share(
    frames: SourceFrames, params: Params, practice: PracticeContext, today: dt.date
) -> Series:
    """GP share %: appointments with HCP_TYPE "GP" / all appointments x 100, per month.

    The rest are "Other Practice staff" and "Unknown". Completeness: share with a known type.
    """
    return _mix(frames, practice, "gp")


def mode_share(
    frames: SourceFrames, params: Params, practice: PracticeContext, today: dt.date
) -> Series:
    """Mode share %: appointments of the APPT_MODE named by params `mode` (face-to-face,
    telephone, video, home-visit) / all appointments x 100, per month.

    Completeness: share of appointments with a known mode (not "Unknown").
    """
    mode = str(params.get("mode", "face-to-face"))
    if mode not in MODES:
        raise MetricDataError(f"params mode '{mode}' is not one of {', '.join(MODES)}")
    return _mix(frames, practice, MODES[mode][0])


def prebooked_share(
    frames: SourceFrames, params: Params, practice: PracticeContext, today: dt.date
) -> Series:
    """Pre-booked share %: appointments booked 1 day or more ahead / all appointments x 100
    (the same-day share is its counterpart; unknown bands count in neither)."""
    return _mix(frames, practice, "prebooked")


def _monthly_calls(frames: SourceFrames, practice: PracticeContext) -> pl.DataFrame:
    rows = for_practice(frames.table("monthly"), practice)
    return rows.select("month", pl.col("CBT001").alias("calls"), "days", "working_days")


def demand_per_appointment(
    frames: SourceFrames, params: Params, practice: PracticeContext, today: dt.date
) -> Series:
    """Demand per appointment: (CBT001 inbound calls + online consultation requests) /
    appointments in the month (GPAD, every status), for months in both sources. Peer medians:
    CBT001 / appointments of every practice in both national files in the practice's latest
    month (marked calls only where the practice's own figure adds its online requests, which no
    national file has for the others).

    params `appointments_source` names the GPAD source; `online_source` and `online_metric`
    (optional) name a measures file and its metric holding the month's online consultation
    requests; without them demand is calls only.
    """
    calls = _monthly_calls(frames, practice)
    if "appointments_source:monthly" not in frames.tables:
        raise MetricDataError(
            "demand per appointment needs params appointments_source = the GPAD source's id"
        )
    appointments = for_practice(frames.table("appointments_source:monthly"), practice).select(
        "month", pl.col("total").alias("appointments")
    )
    online = _online(frames, params)
    joined = calls.join(appointments, on="month", how="inner")
    if online is not None:
        joined = joined.join(online, on="month", how="left")
    else:
        joined = joined.with_columns(pl.lit(None, pl.Float64).alias("online"))
    if joined.height == 0:
        raise MetricDataError("no month has both telephony and appointments data")
    joined = month_ends(joined).sort("period")
    demand = pl.col("calls") + pl.col("online").fill_null(0)
    values = joined.select(demand.alias("n"), pl.col("appointments").alias("d"))
    last = joined.row(-1, named=True)
    what = f"{last['calls']:,.0f} inbound calls"
    if online is not None:
        what += (
            f" + {last['online']:,.0f} online consultation requests"
            if last["online"] is not None
            else " (no online consultation count for the month)"
        )
    else:
        what += " (calls only: no online consultation source)"
    detail = Detail.of(
        Fact("demand", what),
        Fact("capacity", f"{last['appointments']:,.0f} appointments (every status)"),
    )
    numerators = tuple(float(v) for v in values["n"].to_list())
    denominators = tuple(float(v) for v in values["d"].to_list())
    peer = _calls_per_appointment_peers(frames, practice, last["month"], online is not None)
    if peer is not None and peer.basis and last["appointments"]:
        ratio = f"{last['calls'] / last['appointments']:,.2f} (what the peers' medians compare)"
        detail = detail.plus(Fact("calls per appointment", ratio))
    series = Series(
        periods=tuple(joined["period"].to_list()),
        values=tuple(n / d if d else None for n, d in zip(numerators, denominators, strict=True)),
        numerators=numerators, denominators=denominators, as_of=last["period"],
        source_file=frames.source_file, detail=detail, peer=peer,
    )  # fmt: skip
    return replace(series, detail=detail.plus(*year_earlier(series)))


def _calls_per_appointment_peers(
    frames: SourceFrames, practice: PracticeContext, month: dt.date, online: bool
) -> PeerContext | None:
    """Medians of CBT001 / appointments over the practices in both national files in `month`
    (PCN and sub-ICB codes from the telephony file)."""
    calls = frames.table("monthly").filter(pl.col("month") == month)
    appointments = frames.table("appointments_source:monthly").filter(pl.col("month") == month)
    both = calls.select("practice", "pcn", "icb", "CBT001").join(
        appointments.select("practice", "total"), on="practice", how="inner"
    )
    values = both.select(
        "practice", "pcn", "icb",
        pl.when(pl.col("total") > 0).then(pl.col("CBT001") / pl.col("total")).alias("value"),
    )  # fmt: skip
    mine = values.filter(pl.col("practice") == practice.code)
    pcn = mine["pcn"][0] if mine.height else None
    icb = mine["icb"][0] if mine.height else None
    peer = peer_medians(values, practice, pcn, icb)
    if peer is None or not online:
        return peer
    return replace(peer, basis="calls only: the other practices' online requests are in no file")


def _online(frames: SourceFrames, params: Params) -> pl.DataFrame | None:
    rows = frames.tables.get("online_source:rows")
    name = params.get("online_metric")
    if rows is None or not name:
        return None
    chosen = rows.filter((pl.col("metric") == str(name)) & pl.col("period_end").is_not_null())
    return (
        chosen.unique("period_end", keep="last")
        .select(
            pl.col("period_end").dt.truncate("1mo").alias("month"), pl.col("value").alias("online")
        )
        .group_by("month")
        .agg(pl.col("online").sum())
    )


def session_utilisation(
    frames: SourceFrames, params: Params, practice: PracticeContext, today: dt.date
) -> Series:
    """Session utilisation %: appointments in the month (GPAD, every status) / slots offered in
    the month's sessions (the `sessions` tracker: date, clinician or role, slots offered) x 100.

    No national file holds the slots a practice offers: params `sessions_source` names the
    tracker; without it the reading is NO DATA and says so.
    """
    sessions = frames.tables.get("sessions_source:rows")
    if sessions is None:
        raise MetricDataError(
            "no sessions tracker: slots offered per session are in no national file; add a "
            "`sessions` source (date, clinician or role, slots offered) and name it in params "
            "sessions_source"
        )
    offered = (
        sessions.filter(pl.col("date").is_not_null() & (pl.col("date") <= today))
        .group_by(pl.col("date").dt.truncate("1mo").alias("month"))
        .agg(pl.col("slots_offered").sum().alias("offered"))
    )
    used = for_practice(frames.table("monthly"), practice).select("month", "total")
    joined = month_ends(used.join(offered, on="month", how="inner")).sort("period")
    if joined.height == 0:
        raise MetricDataError("no month has both appointments and sessions in the tracker")
    numerators = tuple(float(v) for v in joined["total"].to_list())
    denominators = tuple(float(v) for v in joined["offered"].to_list())
    return Series(
        periods=tuple(joined["period"].to_list()),
        values=tuple(n / d * 100 if d else None for n, d in zip(numerators, denominators, strict=True)),
        numerators=numerators, denominators=denominators, as_of=joined["period"][-1],
        source_file=frames.source_file,
    )  # fmt: skip
