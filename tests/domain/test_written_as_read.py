"""Money, limits, counts and files written as people read them."""

from __future__ import annotations

from domain.readings import format_limit, format_value
from domain.source_files import grouped
from domain.words import counted_text


def test_negative_money_has_its_minus_before_the_pound() -> None:
    assert format_value(-488.0, "£", 0) == "\u2212£488"
    assert format_value(3370.0, "£", 0) == "£3,370"
    assert format_value(-1.5, "", 1) == "-1.5"  # not money: as before


def test_money_limits_are_in_thousands() -> None:
    assert format_limit(-1757.0, "£", 0) == "\u2212£1.8k"
    assert format_limit(10092.0, "£", 0) == "£10.1k"
    assert format_limit(0.0, "£", 0) == "£0.0k"
    assert format_limit(93.84, "%", 1) == "93.84%"


def test_latest_from_says_what_it_counts() -> None:
    words = ("in date", "staff × course pairs")
    assert counted_text(117, 126, words) == "117 in date of 126 staff × course pairs"
    assert counted_text(5.4, 10120, ("GP FTE", "registered patients")) == (
        "5.4 GP FTE of 10,120 registered patients"
    )
    assert counted_text(244, 277, None) == "244 of 277"


def test_each_file_is_listed_once_with_the_months_it_gave() -> None:
    labels = [
        "qof/ACHIEVEMENT_2526.csv",
        *(f"2026-{m:02d}-28/ACHIEVEMENT_2627.csv" for m in range(4, 10)),
        "gpad/Practice_Level_Crosstab_Apr_26.csv",
        "gpad/Practice_Level_Crosstab_May_26.csv",
        "gpad/Practice_Level_Crosstab_Jul_26.csv",
        "workforce/1 General Practice – April 2026 Practice Level - Detailed.csv",
        "trackers/training.csv",
    ]
    assert grouped(labels) == [
        "ACHIEVEMENT_2526.csv",
        "ACHIEVEMENT_2627.csv (6 months: Apr 2026 to Sep 2026)",
        "Practice_Level_Crosstab_*.csv (3 months: Apr 2026 to Jul 2026, 1 missing)",
        "1 General Practice – April 2026 Practice Level - Detailed.csv (Apr 2026)",
        "training.csv",
    ]
