"""Shared ratios (domain.metrics.base.practice_ratios): a practice's values and its peers' medians
at its latest period, worked out when first asked for, equal the hand-worked figures; every
period's medians are there when the whole mapping is read."""

from __future__ import annotations

import datetime as dt

import polars as pl

from domain.metrics.base import (
    PracticeContext,
    RatioSpec,
    SourceFrames,
    practice_ratios,
    ratio_reading,
)

OCT, NOV = dt.date(2026, 10, 1), dt.date(2026, 11, 1)
OCT_END, NOV_END = dt.date(2026, 10, 31), dt.date(2026, 11, 30)
ROWS = [  # practice, pcn, icb, month, dna, total
    ("A1", "P1", "I1", OCT, 1, 10), ("A1", "P1", "I1", NOV, 2, 10),
    ("A2", "P1", "I1", OCT, 3, 10), ("A2", "P1", "I1", NOV, 4, 10),
    ("A3", "P2", "I1", OCT, 5, 10), ("A3", "P2", "I1", NOV, 0, 0),
    ("A4", "P2", "I2", NOV, 6, 10),
]  # fmt: skip
SPECS = {"dna": RatioSpec(pl.col("dna"), pl.col("total"))}


def _frames() -> SourceFrames:
    frame = pl.DataFrame(
        ROWS, schema=["practice", "pcn", "icb", "month", "dna", "total"], orient="row"
    )
    return SourceFrames(tables={"monthly": frame.reverse()})  # any row order


def test_a_reading_shows_its_own_rows_and_its_latest_periods_medians() -> None:
    frames = _frames()
    ratios = practice_ratios(frames, "dna", "monthly", SPECS)
    series = ratio_reading(frames, ratios, PracticeContext("A1", 1000))
    assert series.periods == (OCT_END, NOV_END)
    assert series.values == (10.0, 20.0)
    assert series.numerators == (1.0, 2.0) and series.denominators == (10.0, 10.0)
    assert series.peer is not None
    # November: A1 20, A2 40, A3 none (no appointments), A4 60
    assert series.peer.pcn_median == 30.0  # A1, A2
    assert series.peer.icb_median == 30.0  # I1: A1, A2 (A3 has no value)
    assert series.peer.national_median == 40.0  # A1, A2, A4


def test_every_periods_medians_when_the_mapping_is_read_whole() -> None:
    ratios = practice_ratios(_frames(), "dna", "monthly", SPECS)
    assert ratios.medians[("pcn", OCT_END, "P2")] == (50.0, 1)
    assert dict(ratios.medians) == {
        ("pcn", OCT_END, "P1"): (20.0, 2), ("pcn", OCT_END, "P2"): (50.0, 1),
        ("icb", OCT_END, "I1"): (30.0, 3), ("all", OCT_END, None): (30.0, 3),
        ("pcn", NOV_END, "P1"): (30.0, 2), ("pcn", NOV_END, "P2"): (60.0, 1),
        ("icb", NOV_END, "I1"): (30.0, 2), ("icb", NOV_END, "I2"): (60.0, 1),
        ("all", NOV_END, None): (40.0, 3),
    }  # fmt: skip
    assert len(ratios.medians) == 9
    assert sorted(ratios.by_practice) == ["A1", "A2", "A3", "A4"] and len(ratios.by_practice) == 4
    assert "A9" not in ratios.by_practice
