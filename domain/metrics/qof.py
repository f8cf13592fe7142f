"""QOF metrics: points against the year's trajectory, £ still at stake, indicators below LT.

The reader gives long ACHIEVEMENT rows pivoted to one row per year x practice x indicator
(numerator, denominator, pcas, register, achieved_points), PREVALENCE rows and MAPPING rows.
In the published QOF achievement files DENOMINATOR already excludes personalised care
adjustments, so achievement is D = NUMERATOR / DENOMINATOR x 100 and the cohort before PCAs is
DENOMINATOR + PCAS (PCA rate = PCAS / (DENOMINATOR + PCAS)). That is the default. A file whose
DENOMINATOR counts the cohort before PCAs (D = NUMERATOR / (DENOMINATOR - PCAS)) can be read with
the source setting qof_denominator = "before_pcas".
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

import polars as pl

from domain.detail import Detail, Fact
from domain.metrics.base import MetricDataError, Params, PracticeContext, SourceFrames
from domain.qof import (
    IndicatorOutlook,
    QofYear,
    apdf_for,
    has_ended,
    next_year,
    outlook,
    previous_year,
    year_end,
    year_fraction,
    year_start,
)
from domain.readings import Series

MIN_PRACTICES_FOR_NATIONAL = 30
"""A PREVALENCE file with fewer practices is not national: the shipped prevalence table is used."""


def _year(frames: SourceFrames) -> QofYear:
    if frames.qof is None or not frames.qof.rules:
        year = frames.qof.year if frames.qof else "the configured year"
        raise MetricDataError(f"no QOF points and thresholds table for {year}")
    return frames.qof


def prevalences(
    frames: SourceFrames, practice: PracticeContext, year: QofYear
) -> tuple[dict[str, float], dict[str, float], str]:
    """(practice %, national %, basis) per group code: register / whole list x 100."""
    own: dict[str, float] = {}
    national, basis, rows = _national(frames, year)
    if rows is not None:
        mine = rows.filter(pl.col("practice") == practice.code)
        if mine.height:
            whole_list = float(mine["list_size"].max() or practice.list_size)  # type: ignore[arg-type]
            own = {
                g: r / whole_list * 100
                for g, r in mine.select("group", "register").iter_rows()
                if r is not None
            }
    return own, national, basis


def _national(
    frames: SourceFrames, year: QofYear
) -> tuple[dict[str, float], str, pl.DataFrame | None]:
    """National prevalence % per group (from a national PREVALENCE file, else the shipped table),
    its basis, and the latest year's PREVALENCE rows; computed once per source."""
    cached = frames.memo.get("qof national")
    if isinstance(cached, tuple):
        return cached
    national: dict[str, float] = dict(year.national_prevalence)
    basis = "shipped national prevalence table"
    rows = None
    prevalence = frames.tables.get("prevalence")
    if prevalence is not None and prevalence.height:
        latest = str(prevalence["year"].max())
        rows = prevalence.filter(pl.col("year") == latest)
        lists = rows.group_by("practice").agg(pl.col("list_size").max().alias("whole"))
        if lists.height >= MIN_PRACTICES_FOR_NATIONAL:
            sums = rows.group_by("group").agg(pl.col("register").sum())
            whole = float(lists["whole"].sum() or 0)
            if whole:
                national = {g: r / whole * 100 for g, r in sums.iter_rows() if r is not None}
                basis = f"PREVALENCE file {latest} ({lists.height:,} practices)"
    frames.memo["qof national"] = (national, basis, rows)
    return national, basis, rows


@dataclass(frozen=True)
class Totals:
    """One extract's sums over the indicators assessed (computed in one polars query)."""

    points: float
    at_stake: float
    payment_max: float
    below: int
    assessed: int
    max_points: float = 0.0
    """The points available over the indicators assessed (those present in the data)."""


@dataclass(frozen=True)
class History:
    """Per extract (oldest first): its date and totals; every indicator's outlook at the latest."""

    totals: list[tuple[dt.date, Totals]]
    latest: list[IndicatorOutlook]


def outlooks(
    frames: SourceFrames, practice: PracticeContext, today: dt.date
) -> list[IndicatorOutlook]:
    """Every indicator of the configured year at the latest extract on or before `today`,
    largest £ at stake first."""
    return list(history(frames, practice, today).latest)


def history(frames: SourceFrames, practice: PracticeContext, today: dt.date) -> History:
    """Totals for each extract of the configured year up to `today`, oldest first, and the
    outlooks at the latest. An undated file counts as of its save date, at most 31 March and
    `today`."""
    key = ("qof history", practice, today)
    cached = frames.memo.get(key)
    if not isinstance(cached, History):
        cached = _history(frames, practice, today)
        frames.memo[key] = cached
    return cached


def _rules(frames: SourceFrames, year: QofYear) -> pl.DataFrame:
    """The year's rules as a frame (indicator, group, max points, thresholds), in rule order."""
    cached = frames.memo.get(("qof rules", year.year))
    if isinstance(cached, pl.DataFrame):
        return cached
    rules = list(year.rules.values())
    frame = pl.DataFrame(
        {
            "indicator": [r.code for r in rules], "group": [r.group_code for r in rules],
            "max_points": [r.points for r in rules], "lower": [r.lower for r in rules],
            "upper": [r.upper for r in rules],
        },
        schema={"indicator": pl.String, "group": pl.String, "max_points": pl.Float64,
                "lower": pl.Float64, "upper": pl.Float64},
    )  # fmt: skip
    frames.memo[("qof rules", year.year)] = frame
    return frame


def _history(frames: SourceFrames, practice: PracticeContext, today: dt.date) -> History:
    year = _year(frames)
    key = ("qof achievement", year.year)
    rows = frames.memo.get(key)
    if not isinstance(rows, pl.DataFrame):  # the year's rows, shared by a PCN's practices
        rows = frames.table("achievement").filter(pl.col("year") == year.year)
        frames.memo[key] = rows
    # one filter per practice asked for: cheaper than splitting the national file by practice
    mine = rows.filter(pl.col("practice") == practice.code)
    if mine.height == 0:
        raise MetricDataError(f"no {year.year} achievement for practice {practice.code}")
    undated = min(frames.file_date or year_end(year.year), year_end(year.year), today)
    dated = mine.with_columns(pl.col("as_at").fill_null(undated)).filter(pl.col("as_at") <= today)
    if dated.height == 0:
        raise MetricDataError(f"no {year.year} achievement extract dated on or before {today}")
    own, national, _ = prevalences(frames, practice, year)
    if not own:  # fall back to register counts in the achievement file against the list size
        for code, register in dated.select("indicator", "register").iter_rows():
            group = code.rstrip("0123456789")
            if register and group not in own:
                own[group] = register / practice.list_size * 100
    before_pcas = frames.settings.get("qof_denominator") == "before_pcas"
    apdf = {
        code: apdf_for(rule, own.get(rule.group_code), national.get(rule.group_code))
        for code, rule in year.rules.items()
    }
    rules = _rules(frames, year).with_columns(
        pl.Series("apdf", [apdf[c] for c in year.rules], dtype=pl.Float64)
    )
    pcas = pl.col("pcas").fill_null(0.0).cast(pl.Float64)
    cohort = pl.col("denominator").cast(pl.Float64) + (0.0 if before_pcas else pcas)
    eligible = cohort - pcas
    d = pl.col("achievement")
    lower, upper, most = pl.col("lower"), pl.col("upper"), pl.col("max_points")
    cpi = practice.list_size / year.national_average_list_size
    # payment = points x £/point x CPI x APDF, multiplied in that order (as domain.qof.payment)
    pay = pl.lit(year.pound_per_point) * cpi * pl.col("apdf")
    scored = (
        dated.lazy()
        .join(rules.lazy(), on="indicator", how="inner")
        .filter(pl.col("numerator").is_not_null() & pl.col("denominator").is_not_null())
        .with_columns(
            pl.when(eligible > 0).then(pl.col("numerator") / eligible * 100).alias("achievement")
        )
        .with_columns(
            pl.when(d.is_null() | (d <= lower)).then(0.0).when(d >= upper).then(most)
            .otherwise((d - lower) / (upper - lower) * most).alias("points"),
        )
        .with_columns((pl.col("points") * pay).alias("now"), (most * pay).alias("best"))
        .group_by("as_at")
        .agg(
            pl.col("points").sum(), (pl.col("best") - pl.col("now")).sum().alias("at_stake"),
            pl.col("best").sum(), (d.is_not_null() & (d < lower)).sum().alias("below"),
            pl.len().alias("assessed"), most.sum().alias("max_points"),
        )
        .sort("as_at")
        .collect()
    )  # fmt: skip
    if scored.height == 0:
        raise MetricDataError(f"no {year.year} indicators in the file match the thresholds table")
    totals = [
        (as_at, Totals(points, at_stake, best, int(below), int(assessed), most_points))
        for as_at, points, at_stake, best, below, assessed, most_points in scored.iter_rows()
    ]
    last = dated.filter(  # in file order, as the outlook table lists ties
        (pl.col("as_at") == totals[-1][0]) & pl.col("indicator").is_in(list(year.rules))
        & pl.col("numerator").is_not_null() & pl.col("denominator").is_not_null()
    )  # fmt: skip
    found = [
        outlook(
            year.rules[code], numerator, denominator if before_pcas else denominator + (pc or 0.0),
            pc or 0.0, year, practice.list_size, apdf[code], today,
        )
        for code, numerator, denominator, pc in last.select(
            "indicator", "numerator", "denominator", "pcas"
        ).iter_rows()
    ]  # fmt: skip
    return History(totals, sorted(found, key=lambda o: -o.at_stake))


Value = tuple[float, float | None, float | None]


def _series(
    frames: SourceFrames,
    days: list[dt.date],
    values: list[Value],
    detail: Detail,
    year: QofYear,
    completeness: float | None = None,
) -> Series:
    """One period per extract: (value, numerator, denominator); the year's notes in the detail."""
    if year.provisional:
        detail = detail.plus(Fact.provisional(year.provisional))
    if year.notes:  # the first of the year's notes
        detail = detail.plus(Fact("note", year.notes[0]))
    return Series(
        periods=tuple(days), values=tuple(v for v, _, _ in values),
        numerators=tuple(n for _, n, _ in values), denominators=tuple(d for _, _, d in values),
        as_of=days[-1], source_file=frames.source_file, completeness=completeness,
        detail=detail,
    )  # fmt: skip


def _money(value: float) -> str:
    return f"£{value:,.0f}"


def final_result(
    frames: SourceFrames, practice: PracticeContext, today: dt.date, year: QofYear
) -> Series | None:
    """For a QOF year that has ended: NO DATA for this year's figures, with the reason and the
    ended year's final result in the detail (never a breach of a trajectory that is over).
    None while the year is running."""
    if not has_ended(year.year, today):
        return None
    as_at, totals = history(frames, practice, today).totals[-1]
    maximum = totals.max_points or year.max_points
    result = (
        f"{year.year} final: {totals.points:.0f} of {maximum:.0f} points on the "
        f"{totals.assessed} indicator{'s' if totals.assessed != 1 else ''} in the file "
        f"(extract of {as_at:%d %b %Y})"
    )
    problem = (
        f"no {next_year(year.year)} extract yet: the file is {year.year}'s, a year that ended "
        f"on {year_end(year.year):%d %b %Y}"
    )
    return Series(
        problem=problem, source_file=frames.source_file, detail=Detail.of(Fact.final_result(result))
    )


def points_vs_trajectory(
    frames: SourceFrames, params: Params, practice: PracticeContext, today: dt.date
) -> Series:
    """Points now minus points expected by now, per extract: achieved points (computed from the
    extract's achievement and this year's thresholds, summed over indicators) minus T x (share
    of the QOF year, 1 April to 31 March, elapsed at the extract's date). T is last year's
    achieved share of its available points x this year's maximum when last year's file is
    present, else this year's maximum. Numerator: points achieved; denominator: expected."""
    year = _year(frames)
    ended = final_result(frames, practice, today, year)
    if ended is not None:
        return ended
    found = history(frames, practice, today).totals
    maximum = found[-1][1].max_points or year.max_points
    share, basis = 1.0, f"straight line to the maximum {maximum:.0f} points"
    last_points = _previous_points(frames, year, practice)
    last_total = _previous_total(frames, year)
    if last_points and last_total:
        share = min(1.0, last_points / last_total)
        basis = (f"straight line to last year's {last_points:.0f}/{last_total:.0f} points "
                 f"scaled to this year's {maximum:.0f}")  # fmt: skip
    values: list[Value] = []
    for as_at, totals in found:
        achieved = totals.points
        # over the indicators present in this extract: a missing one is not lost points
        expected = year_fraction(as_at, year.year) * share * (totals.max_points or maximum)
        values.append((achieved - expected, achieved, expected))
    as_at, (_, now, by_then) = found[-1][0], values[-1]
    detail = Detail.of(
        Fact("indicators", indicators_present(found[-1][1], year)),
        Fact("achieved points", f"{now or 0:.1f} of {maximum:.0f} at {as_at:%d %b %Y}"),
        Fact("expected by then", f"{by_then or 0:.1f} ({year_fraction(as_at, year.year):.0%} "
             f"of the year, {year_start(year.year):%d %b %Y} to 31 Mar)"),
        Fact("trajectory", basis),
    )  # fmt: skip
    return _series(frames, [day for day, _ in found], values, detail, year)


def indicators_present(totals: Totals, year: QofYear) -> str:
    """`N of M indicators in the data`, saying what the figures are computed over."""
    text = f"{totals.assessed} of {len(year.rules)} indicators in the data"
    if totals.assessed < len(year.rules):
        text += " (points, trajectory and £ are over these; the others are not counted as lost)"
    return text


def register_problems(frames: SourceFrames, practice: PracticeContext) -> list[str]:
    """Indicators of the configured year whose denominator plus PCAs exceeds the practice's
    register for the indicator's group (from the register indicators or the PREVALENCE file):
    the cohort cannot be larger than the register, so the data is wrong somewhere."""
    if frames.qof is None or not frames.qof.rules or "achievement" not in frames.tables:
        return []
    year = frames.qof
    rows = frames.tables["achievement"].filter(
        (pl.col("year") == year.year) & (pl.col("practice") == practice.code)
    )
    if rows.height == 0:
        return []
    latest = (
        rows.filter(pl.col("as_at").is_null())
        if rows["as_at"].null_count()
        else rows.filter(pl.col("as_at") == rows["as_at"].max())
    )
    groups = {code: rule.group_code for code, rule in year.rules.items()}
    registers: dict[str, float] = {}
    for code, register in latest.select("indicator", "register").iter_rows():
        group = groups.get(code, code.rstrip("0123456789"))
        if register:
            registers[group] = max(registers.get(group, 0.0), float(register))
    prevalence = frames.tables.get("prevalence")
    if prevalence is not None:
        mine = prevalence.filter(
            (pl.col("practice") == practice.code) & (pl.col("year") == year.year)
        )
        for group, register in mine.select("group", "register").iter_rows():
            if register and group not in registers:
                registers[group] = float(register)
    problems = []
    for code, denominator, pcas in latest.select("indicator", "denominator", "pcas").iter_rows():
        group = groups.get(code)
        register = registers.get(group or "")
        if group is None or not register or denominator is None:
            continue
        before_pcas = frames.settings.get("qof_denominator") == "before_pcas"
        cohort = denominator + (0.0 if before_pcas else pcas or 0.0)
        if cohort > register:
            problems.append(
                f"{code}: denominator {denominator:,.0f} + PCAs {pcas or 0:,.0f} = "
                f"{cohort:,.0f}, above the {group} register of {register:,.0f}"
            )
    return problems


def _previous_points(frames: SourceFrames, year: QofYear, practice: PracticeContext) -> float:
    """Last year's achieved points: its published (undated) file, else its latest extract."""
    last = frames.table("achievement").filter(
        (pl.col("year") == previous_year(year.year)) & (pl.col("practice") == practice.code)
    )
    if last.height == 0:
        return 0.0
    final = last.filter(pl.col("as_at").is_null())
    if final.height == 0:
        final = last.filter(pl.col("as_at") == last["as_at"].max())
    return float(final["achieved_points"].sum() or 0)


def _previous_total(frames: SourceFrames, year: QofYear) -> float | None:
    mapping = frames.tables.get("mapping")
    if mapping is not None:
        rows = mapping.filter(pl.col("year") == previous_year(year.year))
        if rows.height:
            return float(rows["points"].sum() or 0) or None
    text = frames.settings.get("previous_total_points")
    return float(text) if text else None


def value_at_risk(
    frames: SourceFrames, params: Params, practice: PracticeContext, today: dt.date
) -> Series:
    """£ still at stake, per extract: sum over indicators of (payment at the upper threshold -
    payment at the current achievement), payment = points x £/point x CPI x APDF. Numerator: £ at
    stake; denominator: £ available at maximum achievement."""
    year = _year(frames)
    ended = final_result(frames, practice, today, year)
    if ended is not None:
        return ended
    past = history(frames, practice, today)
    values: list[Value] = [(t.at_stake, t.at_stake, t.payment_max) for _, t in past.totals]
    found = past.latest
    by_class: dict[str, float] = defaultdict(float)
    for o in found:
        by_class[o.recoverability] += o.at_stake
    detail = Detail.of(
        Fact("indicators", indicators_present(past.totals[-1][1], year)),
        Fact("£ per point", f"£{year.pound_per_point:,.2f} ({year.year})"),
        Fact("CPI", f"{practice.list_size:,} / {year.national_average_list_size:,} = "
             f"{practice.list_size / year.national_average_list_size:.3f}"),
        Fact("weeks left", f"{found[0].weeks_left:.0f} to 31 Mar {year_end(year.year).year}"),
        *(Fact(cls, _money(v)) for cls, v in sorted(by_class.items(), key=lambda kv: -kv[1]) if v > 0.5),
        Fact("largest", "; ".join(f"{o.code} {_money(o.at_stake)} ({o.patients_needed} patients, {o.recoverability})"
                                  for o in found[:3] if o.at_stake > 0.5)),
    )  # fmt: skip
    return _series(frames, [day for day, _ in past.totals], values, detail, year)


def _below(found: list[IndicatorOutlook]) -> list[IndicatorOutlook]:
    return [o for o in found if o.achievement is not None and o.achievement < o.lower]


def indicators_below_lower(
    frames: SourceFrames, params: Params, practice: PracticeContext, today: dt.date
) -> Series:
    """Indicators below the lower threshold, per extract: count with achievement D < LT (earning
    no points). Denominator: indicators assessed."""
    year = _year(frames)
    ended = final_result(frames, practice, today, year)
    if ended is not None:
        return ended
    past = history(frames, practice, today)
    values: list[Value] = [
        (float(t.below), float(t.below), float(t.assessed)) for _, t in past.totals
    ]
    found = past.latest
    shown = [f"{o.code} {o.achievement:.0f}% (LT {o.lower:.0f}%)" for o in _below(found)]
    detail = Detail.of(Fact("indicators", ", ".join(shown) or "none"))
    missing = len(year.rules) - len(found)
    if missing:
        detail = detail.plus(Fact("not in the file", f"{missing} of {len(year.rules)} indicators"))
    completeness = len(found) / len(year.rules)
    days = [day for day, _ in past.totals]
    return _series(frames, days, values, detail, year, completeness)
