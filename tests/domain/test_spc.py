"""Making Data Count SPC on series worked by hand (the arithmetic is in each test's comment)."""

from __future__ import annotations

import pytest

from domain.spc import Assurance, Signal, Variation, assess, limits, not_enough, signals
from domain.status import Thresholds

LOWER = Thresholds("lower", amber=20.0, red=30.0)
HIGHER = Thresholds("higher", amber=2.0, red=1.0)
ALTERNATING = [10.0, 12.0] * 6


def test_fewer_than_twelve_points_give_no_reading() -> None:
    assert assess(ALTERNATING[:11], LOWER) is None
    # Missing periods do not count towards the twelve.
    assert assess([*ALTERNATING[:11], None, None], LOWER) is None
    assert not_enough([*ALTERNATING[:9], None]) == "SPC needs 12 periods; 9 so far"


def test_limits_are_mean_plus_minus_2_66_moving_ranges() -> None:
    # mean 11; every moving range is 2 so mR = 2; limits 11 -/+ 5.32; sigma 2 / 1.128.
    mean, lower, upper, sigma = limits(ALTERNATING)
    assert mean == pytest.approx(11.0)
    assert (lower, upper) == (pytest.approx(5.68), pytest.approx(16.32))
    assert sigma == pytest.approx(2 / 1.128)
    spc = assess(ALTERNATING, LOWER)
    assert spc is not None
    assert spc.signals == () and spc.variation is Variation.COMMON and spc.side is None
    assert spc.words.startswith("common cause") and spc.icon.startswith("~")


def test_missing_periods_are_skipped_not_zero() -> None:
    spc = assess([10.0, None, *ALTERNATING[1:], None], LOWER)
    assert spc is not None and spc.points == 12 and spc.mean == pytest.approx(11.0)


def test_a_flat_series_has_no_signals_and_limits_on_the_mean() -> None:
    spc = assess([5.0] * 12, Thresholds("lower", amber=6.0))
    assert spc is not None
    assert (spc.mean, spc.lower, spc.upper, spc.sigma) == (5.0, 5.0, 5.0, 0.0)
    assert spc.signals == () and spc.variation is Variation.COMMON
    assert spc.assurance is Assurance.PASSING  # 5 < 6 at both (equal) limits
    failing = assess([5.0] * 12, Thresholds("lower", amber=4.5))
    assert failing is not None and failing.assurance is Assurance.FAILING


def test_a_point_beyond_the_upper_limit_is_special_cause() -> None:
    # 10,12,...,10 then 30: mean 150/12 = 12.5; mR = (10 x 2 + 20) / 11 = 3.636;
    # upper limit 12.5 + 2.66 x 3.636 = 22.17 < 30.
    values = [*ALTERNATING[:11], 30.0]
    spc = assess(values, LOWER)
    assert spc is not None
    assert spc.upper == pytest.approx(12.5 + 2.66 * 40 / 11)
    assert Signal("limit", 11, 11, "high") in spc.signals
    assert spc.variation is Variation.CONCERN and spc.side == "high"  # lower is better
    assert spc.icon.startswith("!H")
    better_high = assess(values, HIGHER)
    assert better_high is not None and better_high.variation is Variation.IMPROVEMENT
    assert better_high.words.startswith("special cause — improvement (high)")


SHIFT_OF_SEVEN = [4.0, 6.0, 4.0, 6.0, 4.0, 6.0, 7.0, 6.0, 7.0, 6.0, 7.0, 6.0]


def test_a_shift_exactly_seven_long_is_a_signal() -> None:
    # mean 69 / 12 = 5.75: points 6..12 (indexes 5..11) are all above, index 4 (4.0) below.
    # mR = (5 x 2 + 6 x 1) / 11 = 1.4545: limits 1.88..9.62, 2 sigma 3.17..8.33: no other rule.
    # Only 5 points come before the run: too few for a settled process, so no step.
    spc = assess(SHIFT_OF_SEVEN, HIGHER)
    assert spc is not None
    assert spc.signals == (Signal("shift", 5, 11, "high"),)
    assert len(spc.baselines) == 1
    assert spc.variation is Variation.IMPROVEMENT
    assert spc.assurance is None  # the latest point is itself a special cause
    assert spc.signals[0].words == "7 points above the mean"


STEP_UP = [4.0, 5.0] * 4 + [7.0, 8.0, 7.0, 8.0, 7.0, 8.0, 7.0]


def test_a_sustained_shift_after_a_settled_process_starts_a_new_baseline() -> None:
    # Over all 15: mean 88 / 15 = 5.87; the 8 points before are below, the last 7 above: a
    # step at index 8. Before: 4,5 x 4: mean 4.5, mR 1, limits 1.84..7.16. After: 7,8,...,7:
    # mean 52 / 7 = 7.43, mR 1, limits 4.77..10.09. The new stretch is younger than 12 periods,
    # so the step itself is the special cause at the latest point and no assurance is given.
    spc = assess(STEP_UP, HIGHER)
    assert spc is not None
    first, second = spc.baselines
    assert (first.first, first.last, first.cause) == (0, 7, "start")
    assert (first.mean, first.lower, first.upper) == (
        pytest.approx(4.5),
        pytest.approx(1.84),
        pytest.approx(7.16),
    )
    assert (second.first, second.last, second.cause, second.side) == (8, 14, "shift", "high")
    assert (spc.mean, spc.lower, spc.upper) == (
        pytest.approx(52 / 7),
        pytest.approx(52 / 7 - 2.66),
        pytest.approx(52 / 7 + 2.66),
    )
    assert spc.signals == ()
    assert spc.variation is Variation.IMPROVEMENT and spc.side == "high"
    assert spc.assurance is None
    assert spc.words == "special cause — improvement (high); limits from a step up 7 periods ago"


def test_an_old_step_leaves_the_latest_point_common_cause_with_assurance() -> None:
    # 8 points alternating 4,6 then 14 alternating 10,11: over all 22 the mean is 8.5, so the
    # last 14 are a shift: limits from index 8: mean 10.5, mR 1, 7.84..13.16 (all above 5).
    values = [4.0, 6.0] * 4 + [10.0, 11.0] * 7
    spc = assess(values, Thresholds("higher", amber=5.0))
    assert spc is not None
    assert [b.first for b in spc.baselines] == [0, 8]
    assert spc.mean == pytest.approx(10.5) and spc.lower == pytest.approx(10.5 - 2.66)
    assert spc.variation is Variation.COMMON and spc.assurance is Assurance.PASSING
    assert spc.words.startswith("common cause; limits from a step up 14 periods ago")


def test_limits_are_clamped_to_what_the_measure_can_be() -> None:
    # A percentage near 100: 99,100 alternating: mean 99.5, mR 1, upper 102.16 -> 100.
    spc = assess([99.0, 100.0] * 6, Thresholds("higher", amber=95.0), unit="%")
    assert spc is not None and spc.upper == 100.0 and spc.lower == pytest.approx(96.84)
    # A count near 0: 0,1 alternating: mean 0.5, mR 1, lower -2.16 -> 0.
    count = assess([0.0, 1.0] * 6, Thresholds("lower", amber=5.0))
    assert count is not None and count.lower == 0.0
    # A measure that can be negative (points against a trajectory) keeps its lower limit.
    points = assess([-1.0, 1.0] * 6, Thresholds("higher", amber=-5.0), unit="pts")
    assert points is not None and points.lower == pytest.approx(-5.32)


def test_each_signal_is_listed_once() -> None:
    # 22 points alternating 10,12 then 40, 41: mean 12.95; both last points beyond the upper
    # limit (one signal of two points), and the two-of-three windows overlapping them are one.
    values = [10.0, 12.0] * 11 + [40.0, 41.0]
    spc = assess(values, LOWER)
    assert spc is not None
    rules = [s.rule for s in spc.signals]
    assert len(rules) == len(set(rules)), spc.signals
    assert Signal("limit", 22, 23, "high") in spc.signals
    assert Signal("limit", 22, 23, "high").words == "2 points beyond the upper limit"
    assert spc.assurance is None  # the latest point is a special cause


def test_a_noted_change_starts_a_new_baseline() -> None:
    values = [*ALTERNATING, None, *[20.0, 21.0] * 3]
    spc = assess(values, LOWER, changes=[12])  # index 12 is missing: the next known starts
    assert spc is not None
    assert [(b.first, b.cause) for b in spc.baselines][-1] == (12, "note")
    assert spc.starts_at(spc.baselines[-1]) == 13
    assert spc.mean == pytest.approx(20.5)
    assert "limits from a noted change of process or recording 6 periods ago" in spc.words


def test_a_shift_six_long_is_not_a_signal() -> None:
    # Index 5 becomes 5.0: mean 68 / 12 = 5.67, so 5.0 is below and the run above is 6 long.
    values = list(SHIFT_OF_SEVEN)
    values[5] = 5.0
    spc = assess(values, HIGHER)
    assert spc is not None and spc.signals == ()
    assert spc.variation is Variation.COMMON


def test_seven_rising_points_are_a_trend() -> None:
    # 10,11,10,11,10 then 10.2 .. 11.4 in steps of 0.2: index 4 (10) starts 8 rising points.
    # mean 127.6 / 12 = 10.63; mR = 5.4 / 11: limits 9.33..11.94; 2 sigma 9.76..11.50.
    values = [10.0, 11.0, 10.0, 11.0, 10.0, 10.2, 10.4, 10.6, 10.8, 11.0, 11.2, 11.4]
    spc = assess(values, LOWER)
    assert spc is not None
    assert spc.signals == (Signal("trend", 4, 11, "high"),)
    assert spc.variation is Variation.CONCERN
    # Six rising points (five steps) are not a trend.
    short = [10.0, 11.0, 10.0, 11.0, 10.0, 11.0, 10.0, 10.2, 10.4, 10.6, 10.8, 11.0]
    short_spc = assess(short, LOWER)
    assert short_spc is not None
    assert all(s.rule != "trend" for s in short_spc.signals)


def test_two_of_three_beyond_two_sigma_on_the_same_side() -> None:
    # 10,12 x 5 then 15.5, 15.5: mean 141 / 12 = 11.75; mR = 21.5 / 11 = 1.9545;
    # limits 6.55..16.95 (no point beyond); sigma 1.7327, 2 sigma above = 15.215 < 15.5.
    values = [*ALTERNATING[:10], 15.5, 15.5]
    spc = assess(values, LOWER)
    assert spc is not None
    assert spc.signals == (Signal("two of three", 10, 11, "high"),)
    assert spc.variation is Variation.CONCERN


def test_a_signal_earlier_in_the_series_leaves_the_latest_point_common_cause() -> None:
    # 30 then 12,10,... (23 more): mean 284 / 24 = 11.83, so the rest alternate about the
    # mean; mR = 62 / 23 = 2.70: upper limit 19.0 < 30.
    values = [30.0, *([12.0, 10.0] * 12)[:23]]
    spc = assess(values, LOWER)
    assert spc is not None
    assert any(s.rule == "limit" and s.first == 0 for s in spc.signals)
    assert spc.variation is Variation.COMMON


@pytest.mark.parametrize(
    ("thresholds", "expected"),
    [
        (Thresholds("lower", amber=20.0), Assurance.PASSING),  # limits 5.68..16.32 under 20
        (Thresholds("lower", amber=11.0), Assurance.HIT_AND_MISS),
        (Thresholds("lower", amber=5.0), Assurance.FAILING),  # both limits at or over 5
        (Thresholds("higher", amber=5.0), Assurance.PASSING),
        (Thresholds("higher", amber=17.0), Assurance.FAILING),
        (Thresholds("band", amber=0.0, target_low=5.0, target_high=17.0), Assurance.PASSING),
        (Thresholds("band", amber=0.0, target_low=0.0, target_high=3.0), Assurance.FAILING),
        (Thresholds("lower"), None),  # no threshold acts as a target
    ],
)
def test_assurance_against_the_threshold_acting_as_target(
    thresholds: Thresholds, expected: Assurance | None
) -> None:
    spc = assess(ALTERNATING, thresholds)
    assert spc is not None and spc.assurance is expected


def test_signals_finds_a_low_shift_and_a_falling_trend() -> None:
    values = [20.0, 19.0, 18.0, 17.0, 16.0, 15.0, 14.0]
    mean = sum(values) / 7
    found = signals(values, mean, 0.0, 100.0, 1.0)
    assert Signal("trend", 0, 6, "low") in found
    assert all(s.rule != "shift" for s in found)  # values straddle their mean
