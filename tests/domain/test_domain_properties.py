"""Invariants, checked with hypothesis: classification, escaping, streaks, sparklines, NHS numbers."""

from __future__ import annotations

import math

from hypothesis import assume, given
from hypothesis import strategies as st

from domain.markdown import SPARK_BARS, escape_cell, table
from domain.privacy import find_nhs_number, is_valid_nhs_number
from domain.readings import streak_of
from domain.status import Status, Thresholds
from tests.domain.markdown_rows import split_row

finite = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False)
optional_levels = st.lists(st.one_of(st.none(), finite), min_size=3, max_size=3)


@st.composite
def thresholds(draw: st.DrawFn) -> Thresholds:
    """Thresholds that pass Thresholds.check() for a drawn direction."""
    direction = draw(st.sampled_from(["lower", "higher", "band"]))
    levels = draw(optional_levels)
    present = sorted(v for v in levels if v is not None)
    if direction == "band":
        present = sorted(abs(v) for v in present)
    if direction == "higher":
        present.reverse()
    it = iter(present)
    ordered = [next(it) if v is not None else None for v in levels]
    low = high = None
    if direction == "band":
        low, high = sorted((draw(finite), draw(finite)))
    amber, red, critical = ordered
    result = Thresholds(
        direction,  # type: ignore[arg-type]
        amber=amber,
        red=red,
        critical=critical,
        target_low=low,
        target_high=high,
    )
    result.check()
    return result


@given(thresholds(), finite, finite)
def test_classification_is_monotonic_in_badness(t: Thresholds, a: float, b: float) -> None:
    if t.badness(a) > t.badness(b):
        a, b = b, a
    assert t.classify(a).severity <= t.classify(b).severity


@given(thresholds(), finite)
def test_classification_is_always_a_breach_level(t: Thresholds, value: float) -> None:
    assert t.classify(value) in (Status.GREEN, Status.AMBER, Status.RED, Status.CRITICAL)


@given(thresholds())
def test_a_value_at_a_level_reaches_it(t: Thresholds) -> None:
    for status, level in t.levels():
        if t.direction == "band":
            assume(t.target_high is not None and level > 0)
            assert t.target_high is not None
            value = t.target_high + level
            assume(value - t.target_high == level)  # no float rounding on the way
        else:
            value = level
        assert t.classify(value).severity >= status.severity


@given(thresholds(), st.data())
def test_inside_the_band_and_its_edges_are_green(t: Thresholds, data: st.DataObject) -> None:
    assume(t.direction == "band")
    assert t.target_low is not None and t.target_high is not None
    assert t.classify(t.target_low) is Status.GREEN
    assert t.classify(t.target_high) is Status.GREEN
    fraction = data.draw(st.floats(min_value=0.0, max_value=1.0))
    low, high = t.target_low, t.target_high
    inside = min(max(low + (high - low) * fraction, low), high)
    assert t.classify(inside) is Status.GREEN


@given(thresholds())
def test_missing_values_are_no_data(t: Thresholds) -> None:
    assert t.classify(None) is Status.NO_DATA
    assert t.classify(math.nan) is Status.NO_DATA


def _unescaped(text: str, char: str) -> bool:
    """True if `char` occurs in `text` without a backslash escaping it."""
    escaped = False
    for c in text:
        if escaped:
            escaped = False
        elif c == "\\":
            escaped = True
        elif c == char:
            return True
    return False


@given(st.text())
def test_escape_cell_leaves_no_pipe_or_line_break(text: str) -> None:
    cell = escape_cell(text)
    assert not _unescaped(cell, "|")
    assert "\n" not in cell and "\r" not in cell
    assert len(cell.splitlines()) <= 1


@given(st.lists(st.lists(st.text(), min_size=3, max_size=3), max_size=5))
def test_tables_keep_their_column_count(rows: list[list[str]]) -> None:
    lines = table(("a", "b", "c"), rows).split("\n")
    assert len(lines) == len(rows) + 2
    for line in lines:
        assert len(split_row(line)) == 3


statuses = st.sampled_from(list(Status))


@given(st.lists(statuses, max_size=20))
def test_streak_counts_back_from_the_latest(history: list[Status]) -> None:
    statuses = tuple(history)
    streak = streak_of(statuses)
    assert 0 <= streak <= len(statuses)
    if not statuses or statuses[-1].severity <= 0:
        assert streak == 0
        return
    latest = statuses[-1]
    assert streak >= 1
    assert all(s.severity >= latest.severity for s in statuses[-streak:])
    if streak < len(statuses):
        assert statuses[-streak - 1].severity < latest.severity


@given(st.lists(statuses, max_size=10), statuses)
def test_streak_grows_by_one_when_repeating_the_latest(history: list[Status], s: Status) -> None:
    assume(s.severity > 0)
    before = streak_of((*history, s))
    assert streak_of((*history, s, s)) == before + 1


@given(st.lists(st.one_of(st.none(), st.floats()), max_size=20))
def test_sparkline_has_one_character_per_value(values: list[float | None]) -> None:
    from domain.markdown import sparkline

    line = sparkline(values)
    assert len(line) == len(values)
    for value, char in zip(values, line, strict=True):
        if value is None or not math.isfinite(value):
            assert char == " "
        else:
            assert char in SPARK_BARS


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_exactly_one_check_digit_fits_unless_it_would_be_ten(stem: str) -> None:
    valid = [d for d in "0123456789" if is_valid_nhs_number(stem + d)]
    assert len(valid) <= 1
    if valid:
        number = stem + valid[0]
        assert find_nhs_number(f"x {number[:3]} {number[3:6]} {number[6:]} y") is not None


# Separators a person or a paste puts between the 3-3-4 groups of an NHS number: spaces of
# every width, tabs, dots, hyphens and dashes, slashes, underscores, brackets, invisible ones.
SEPARATORS = (
    " \t\u00a0\u2007\u2009\u202f\u3000.\uff0e\u00b7-\u2010\u2011\u2012\u2013\u2014"
    "\u2212\ufe63\uff0d/\\\u2215\uff0f_()[]{}\uff08\uff09\u200b\u00ad"
)
DIGIT_FORMS = ("0123456789", "\uff10\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18\uff19")


@st.composite
def valid_nhs_numbers(draw: st.DrawFn) -> str:
    stem = draw(st.text(alphabet="0123456789", min_size=9, max_size=9))
    valid = [d for d in "0123456789" if is_valid_nhs_number(stem + d)]
    assume(valid)
    return stem + valid[0]


@given(
    number=valid_nhs_numbers(),
    gaps=st.lists(st.text(alphabet=SEPARATORS, max_size=3), min_size=2, max_size=2),
    digits=st.sampled_from(DIGIT_FORMS),
    before=st.sampled_from(["", "Call ", "re: ", "patient "]),
    after=st.sampled_from(["", " today", ".", ", thanks"]),
)
def test_a_valid_nhs_number_is_found_whatever_separates_its_groups(
    number: str, gaps: list[str], digits: str, before: str, after: str
) -> None:
    spelled = number.translate(str.maketrans("0123456789", digits))
    written = f"{spelled[:3]}{gaps[0]}{spelled[3:6]}{gaps[1]}{spelled[6:]}"
    found = find_nhs_number(before + written + after)
    assert found is not None, repr(written)
    assert "".join(c for c in found if c.isdecimal()) == spelled


@given(
    number=valid_nhs_numbers(),
    gaps=st.lists(st.text(alphabet=SEPARATORS, max_size=3), min_size=2, max_size=2),
    wrong=st.integers(min_value=1, max_value=9),
)
def test_a_wrong_check_digit_is_never_found_whatever_the_separators(
    number: str, gaps: list[str], wrong: int
) -> None:
    invalid = number[:9] + str((int(number[9]) + wrong) % 10)
    written = f"{invalid[:3]}{gaps[0]}{invalid[3:6]}{gaps[1]}{invalid[6:]}"
    assert find_nhs_number(f"ref {written} end") is None
