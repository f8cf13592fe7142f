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

import polars as pl

from domain.metrics.base import MetricDataError, Params, PracticeContext, SourceFrames
from domain.qof import (
    IndicatorOutlook,
    QofYear,
    apdf_for,
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


def outlooks(
    frames: SourceFrames, practice: PracticeContext, today: dt.date
) -> list[IndicatorOutlook]:
    """Every indicator of the configured year that the achievement file has for the practice."""
    key = ("qof outlooks", practice, today)
    cached = frames.memo.get(key)
    if not isinstance(cached, list):
        cached = _outlooks(frames, practice, today)
        frames.memo[key] = cached
    return list(cached)


def _outlooks(
    frames: SourceFrames, practice: PracticeContext, today: dt.date
) -> list[IndicatorOutlook]:
    year = _year(frames)
    achievement = frames.table("achievement").filter(
        (pl.col("year") == year.year) & (pl.col("practice") == practice.code)
    )
    if achievement.height == 0:
        raise MetricDataError(f"no {year.year} achievement for practice {practice.code}")
    own, national, _ = prevalences(frames, practice, year)
    if not own:  # fall back to register counts in the achievement file against the list size
        for code, register in achievement.select("indicator", "register").iter_rows():
            group = code.rstrip("0123456789")
            if register and group not in own:
                own[group] = register / practice.list_size * 100
    before_pcas = frames.settings.get("qof_denominator") == "before_pcas"
    result: list[IndicatorOutlook] = []
    for code, numerator, denominator, pcas in achievement.select(
        "indicator", "numerator", "denominator", "pcas"
    ).iter_rows():
        rule = year.rules.get(code)
        if rule is None or numerator is None or denominator is None:
            continue
        pcas = pcas or 0.0
        cohort = denominator if before_pcas else denominator + pcas
        apdf = apdf_for(rule, own.get(rule.group_code), national.get(rule.group_code))
        result.append(outlook(rule, numerator, cohort, pcas, year, practice.list_size, apdf, today))
    if not result:
        raise MetricDataError(f"no {year.year} indicators in the file match the thresholds table")
    return sorted(result, key=lambda o: -o.at_stake)


def _as_of(frames: SourceFrames, year: QofYear, today: dt.date) -> dt.date:
    """The achievement file's date (in-year extracts carry none), never after 31 March or today."""
    end = min(year_end(year.year), today)
    return min(frames.as_of, end) if frames.as_of else end


def _single(frames: SourceFrames, year: QofYear, today: dt.date, value: float, num: float | None, den: float | None,
            detail: dict[str, str], completeness: float | None = None) -> Series:  # fmt: skip
    as_of = _as_of(frames, year, today)
    return Series(
        periods=(as_of,), values=(value,), numerators=(num,), denominators=(den,), as_of=as_of,
        source_file=frames.source_file, completeness=completeness, detail=detail,
    )  # fmt: skip


def _money(value: float) -> str:
    return f"£{value:,.0f}"


def points_vs_trajectory(
    frames: SourceFrames, params: Params, practice: PracticeContext, today: dt.date
) -> Series:
    """Points now minus points expected by now: achieved points (computed from this year's
    achievement and thresholds, summed over indicators) minus T x (share of the QOF year elapsed,
    1 April to 31 March, at `today`). T is last year's achieved share of its available points x
    this year's maximum when last year's file is present, else this year's maximum.
    Numerator: points achieved; denominator: points expected by now."""
    year = _year(frames)
    found = outlooks(frames, practice, today)
    achieved = sum(o.points for o in found)
    maximum = year.max_points
    target, basis = maximum, f"straight line to the maximum {maximum:.0f} points"
    last = frames.table("achievement").filter(
        (pl.col("year") == previous_year(year.year)) & (pl.col("practice") == practice.code)
    )
    last_points = float(last["achieved_points"].sum() or 0) if last.height else 0.0
    last_total = _previous_total(frames, year)
    if last_points and last_total:
        target = min(maximum, last_points / last_total * maximum)
        basis = (f"straight line to last year's {last_points:.0f}/{last_total:.0f} points "
                 f"scaled to this year's {maximum:.0f}")  # fmt: skip
    elapsed = year_fraction(today, year.year)
    expected = elapsed * target
    detail = {
        "achieved points": f"{achieved:.1f} of {maximum:.0f}",
        "expected by now": f"{expected:.1f} ({elapsed:.0%} of the year, {year_start(year.year):%d %b %Y} to 31 Mar)",
        "trajectory": basis,
    }
    return _single(frames, year, today, achieved - expected, achieved, expected, detail)


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
    """£ still at stake: sum over indicators of (payment at the upper threshold - payment at the
    current achievement), payment = points x £/point x CPI x APDF. Numerator: £ at stake;
    denominator: £ available at maximum achievement."""
    year = _year(frames)
    found = outlooks(frames, practice, today)
    at_stake = sum(o.at_stake for o in found)
    available = sum(o.payment_max for o in found)
    by_class: dict[str, float] = defaultdict(float)
    for o in found:
        by_class[o.recoverability] += o.at_stake
    detail = {
        "£ per point": f"£{year.pound_per_point:,.2f} ({year.year})",
        "CPI": f"{practice.list_size:,} / {year.national_average_list_size:,} = "
        f"{practice.list_size / year.national_average_list_size:.3f}",
        "weeks left": f"{found[0].weeks_left:.0f} to 31 Mar {year_end(year.year).year}",
        **{cls: _money(v) for cls, v in sorted(by_class.items(), key=lambda kv: -kv[1]) if v > 0.5},
        "largest": "; ".join(f"{o.code} {_money(o.at_stake)} ({o.patients_needed} patients, {o.recoverability})"
                             for o in found[:3] if o.at_stake > 0.5),
    }  # fmt: skip
    for note in year.notes:
        detail.setdefault("note", note)
    return _single(frames, year, today, at_stake, at_stake, available, detail)


def indicators_below_lower(
    frames: SourceFrames, params: Params, practice: PracticeContext, today: dt.date
) -> Series:
    """Indicators below the lower threshold: count with achievement D < LT (earning no points).
    Denominator: indicators assessed."""
    year = _year(frames)
    found = outlooks(frames, practice, today)
    below = [o for o in found if o.achievement is not None and o.achievement < o.lower]
    detail = {
        "indicators": ", ".join(
            f"{o.code} {o.achievement:.0f}% (LT {o.lower:.0f}%)"
            for o in below
            if o.achievement is not None
        )
        or "none"
    }
    missing = len(year.rules) - len(found)
    if missing:
        detail["not in the file"] = f"{missing} of {len(year.rules)} indicators"
    return _single(frames, year, today, float(len(below)), float(len(below)), float(len(found)), detail,
                   completeness=len(found) / len(year.rules))  # fmt: skip
