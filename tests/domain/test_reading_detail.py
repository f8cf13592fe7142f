"""A reading's detail is typed: facts in the order shown, the ones other parts act on by type,
and the whole round-trips through the readings cache unchanged."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from domain.detail import Detail, Fact, IndicatorResponse
from domain.readings import Reading, reading_notes
from domain.status import Status, Thresholds
from storage.data.cache import ReadingsCache

EVERY_KIND = Detail.of(
    Fact("list size", "9,800 (configured)"),
    *IndicatorResponse("quick win", "call the patients this month").facts(),
    Fact.provisional("points not yet confirmed"),
    Fact.files("Practice_Level_Crosstab_Oct_26.csv (Oct 2026)"),
    Fact.data_problem("1 row could not be read (row 29); run chair check"),
    Fact.final_result("2025/26 final: 512 of 635 points"),
    Fact.practices("A81001 6.1% RED · A81002 4.0% GREEN"),
)


def reading(detail: Detail) -> Reading:
    return Reading(
        metric_id="dna-rate", title="DNA rate", unit="%", precision=1, value=5.0,
        status=Status.AMBER, thresholds=Thresholds("lower", amber=4.5, red=6.0),
        as_of=dt.date(2026, 10, 31), detail=detail,
    )  # fmt: skip


def test_lines_keep_the_order_the_facts_were_added() -> None:
    assert EVERY_KIND.lines() == (
        ("list size", "9,800 (configured)"),
        ("recoverability", "quick win"),
        ("response", "call the patients this month"),
        ("provisional", "points not yet confirmed"),
        ("files", "Practice_Level_Crosstab_Oct_26.csv (Oct 2026)"),
        ("data problem", "1 row could not be read (row 29); run chair check"),
        ("result", "2025/26 final: 512 of 635 points"),
        ("practices", "A81001 6.1% RED · A81002 4.0% GREEN"),
    )


def test_a_later_entry_replaces_its_kind_in_place() -> None:
    detail = Detail.of(Fact("month", "partial"), Fact.data_problem("first"), Fact("note", "n"))
    later = detail.plus(Fact.data_problem("second"), Fact("month", "whole"), Fact("series", "new"))
    assert later.lines() == (
        ("month", "whole"), ("data problem", "second"), ("note", "n"), ("series", "new"),
    )  # fmt: skip
    assert detail.data_problem == "first"  # frozen: plus gives a new detail


def test_typed_entries_are_read_by_type() -> None:
    assert EVERY_KIND.data_problem.startswith("1 row could not be read")
    assert EVERY_KIND.provisional == "points not yet confirmed"
    assert EVERY_KIND.final_result.startswith("2025/26 final")
    assert EVERY_KIND.practices.startswith("A81001")
    assert EVERY_KIND.files.startswith("Practice_Level")
    indicator = EVERY_KIND.indicator
    assert indicator is not None and indicator.words == "quick win: call the patients this month"
    empty = Detail.of(Fact("data problem", "a fact's label is only words"))
    assert empty.data_problem == "" and empty.indicator is None and not Detail()


def test_minutes_caveats_come_from_the_typed_entries() -> None:
    assert reading_notes(reading(EVERY_KIND)) == [
        "data problem: 1 row could not be read (row 29); run chair check",
        "provisional: points not yet confirmed",
        "practices: A81001 6.1% RED · A81002 4.0% GREEN",
        "result: 2025/26 final: 512 of 635 points",
    ]


def test_the_detail_round_trips_through_the_readings_cache(tmp_path: Path) -> None:
    cache = ReadingsCache(tmp_path)
    stored = [reading(EVERY_KIND), reading(Detail())]
    cache.store("access", "key", stored)
    loaded = cache.load("access", "key")
    assert loaded == stored
    assert loaded[0].detail.lines() == EVERY_KIND.lines()
    assert loaded[0].detail.indicator == IndicatorResponse(
        "quick win", "call the patients this month"
    )
