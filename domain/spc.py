"""Is the trend real? NHS England's *Making Data Count* reading of a series (XmR chart).

For a series of at least `MIN_POINTS` known values (missing periods are skipped):

- centre line: the mean; moving ranges |x_i - x_(i-1)| and their mean mR;
- process limits: mean +/- 2.66 x mR; sigma = mR / 1.128 ("close to a limit": beyond 2 sigma);
- special-cause signals (any one is a signal):
  1. a point outside a process limit;
  2. a shift: 7 or more consecutive points all above, or all below, the mean (a point on the
     mean breaks the run);
  3. a trend: 7 or more consecutive points each higher, or each lower, than the one before
     (an equal neighbour breaks the run);
  4. two of three consecutive points beyond 2 sigma on the same side of the mean.

The variation is read at the latest point: *special cause* when the latest point belongs to a
signal (improvement or concern by the metric's direction), else *common cause*. Assurance
compares the process limits with the threshold acting as the target (the first non-green
level): both limits passing, both failing, or the target between them (hit and miss).
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from domain.status import Status, Thresholds

MIN_POINTS = 12
"""Fewer known values than this give no SPC reading (the limits would not be stable)."""
LIMIT_FACTOR = 2.66
SIGMA_DIVISOR = 1.128
RUN_LENGTH = 7

Side = Literal["high", "low"]


class Variation(enum.Enum):
    COMMON = "common cause"
    IMPROVEMENT = "special cause — improvement"
    CONCERN = "special cause — concern"
    NEITHER = "special cause"
    """A signal where neither side is better (a target band)."""


class Assurance(enum.Enum):
    PASSING = "consistently passing"
    FAILING = "consistently failing"
    HIT_AND_MISS = "hit and miss"


_VARIATION_ICON = {
    Variation.COMMON: "~",
    Variation.IMPROVEMENT: "+",
    Variation.CONCERN: "!",
    Variation.NEITHER: "*",
}
_ASSURANCE_ICON = {Assurance.PASSING: "P", Assurance.FAILING: "F", Assurance.HIT_AND_MISS: "?"}


@dataclass(frozen=True)
class Signal:
    """One special-cause signal: which rule, the points it covers (indexes into the known
    values), and the side of the mean it is on."""

    rule: Literal["limit", "shift", "trend", "two of three"]
    first: int
    last: int
    side: Side

    @property
    def words(self) -> str:
        return {
            "limit": f"a point beyond the {'upper' if self.side == 'high' else 'lower'} limit",
            "shift": f"{self.last - self.first + 1} points {'above' if self.side == 'high' else 'below'} the mean",
            "trend": f"{self.last - self.first + 1} points {'rising' if self.side == 'high' else 'falling'}",
            "two of three": f"2 of 3 points beyond two sigma ({'high' if self.side == 'high' else 'low'})",
        }[self.rule]


@dataclass(frozen=True)
class Spc:
    """The XmR reading of one series."""

    points: int
    mean: float
    lower: float
    upper: float
    sigma: float
    signals: tuple[Signal, ...]
    variation: Variation
    side: Side | None
    """The side of the signal at the latest point (None for common cause)."""
    assurance: Assurance | None = None
    target: float | None = None

    @property
    def icon(self) -> str:
        """Variation, then assurance, as short text: '~', '!H', '+L P', '~ ?'."""
        mark = _VARIATION_ICON[self.variation]
        if self.side is not None:
            mark += "H" if self.side == "high" else "L"
        if self.assurance is not None:
            mark += " " + _ASSURANCE_ICON[self.assurance]
        return mark

    @property
    def words(self) -> str:
        """e.g. 'special cause — concern (high); hit and miss against 6'."""
        text = self.variation.value
        if self.side is not None:
            text += f" ({self.side})"
        if self.assurance is not None:
            text += f"; {self.assurance.value}"
            if self.target is not None:
                text += f" against {self.target:g}"
        return text


def limits(values: Sequence[float]) -> tuple[float, float, float, float]:
    """(mean, lower limit, upper limit, sigma) of an XmR chart of `values` (at least 2)."""
    mean = sum(values) / len(values)
    ranges = [abs(b - a) for a, b in zip(values, values[1:], strict=False)]
    moving = sum(ranges) / len(ranges)
    return mean, mean - LIMIT_FACTOR * moving, mean + LIMIT_FACTOR * moving, moving / SIGMA_DIVISOR


def signals(
    values: Sequence[float], mean: float, lower: float, upper: float, sigma: float
) -> list[Signal]:
    """Every special-cause signal in the series, in rule order then position."""
    found: list[Signal] = []
    for i, x in enumerate(values):
        if x > upper:
            found.append(Signal("limit", i, i, "high"))
        elif x < lower:
            found.append(Signal("limit", i, i, "low"))
    sides = [1 if x > mean else -1 if x < mean else 0 for x in values]
    found += [Signal("shift", a, b, s) for a, b, s in _runs(sides, RUN_LENGTH)]
    steps = [0] + [
        1 if b > a else -1 if b < a else 0 for a, b in zip(values, values[1:], strict=False)
    ]
    # A trend of n points is n - 1 steps the same way; the run's first point precedes them.
    found += [Signal("trend", a - 1, b, s) for a, b, s in _runs(steps, RUN_LENGTH - 1)]
    found += _two_of_three(values, mean, sigma)
    return found


def _runs(marks: Sequence[int], length: int) -> list[tuple[int, int, Side]]:
    """Maximal runs of the same non-zero mark at least `length` long: (first, last, side)."""
    runs: list[tuple[int, int, Side]] = []
    start = 0
    for i in range(1, len(marks) + 1):
        if i == len(marks) or marks[i] != marks[start]:
            if marks[start] != 0 and i - start >= length:
                runs.append((start, i - 1, "high" if marks[start] > 0 else "low"))
            start = i
    return runs


def _two_of_three(values: Sequence[float], mean: float, sigma: float) -> list[Signal]:
    found: list[Signal] = []
    if sigma <= 0:
        return found
    high = [x > mean + 2 * sigma for x in values]
    low = [x < mean - 2 * sigma for x in values]
    for side, beyond in (("high", high), ("low", low)):
        for i in range(len(values) - 2):
            window = beyond[i : i + 3]
            if sum(window) >= 2:
                hits = [i + k for k, hit in enumerate(window) if hit]
                found.append(Signal("two of three", hits[0], hits[-1], side))  # type: ignore[arg-type]
    return found


def target_of(thresholds: Thresholds) -> float | None:
    """The threshold that acts as the target: the first non-green level (None for a band)."""
    if thresholds.direction == "band":
        return None
    levels = thresholds.levels()
    return levels[0][1] if levels else None


def assurance(thresholds: Thresholds, lower: float, upper: float) -> Assurance | None:
    """Where the process limits sit against the target (None when there is none)."""
    if thresholds.direction == "band":
        if thresholds.target_low is None or thresholds.target_high is None:
            return None
        inside = [thresholds.classify(x) is Status.GREEN for x in (lower, upper)]
        if all(inside):
            return Assurance.PASSING
        same_side = upper < thresholds.target_low or lower > thresholds.target_high
        failing = not any(inside) and same_side
        return Assurance.FAILING if failing else Assurance.HIT_AND_MISS
    if target_of(thresholds) is None:
        return None
    passing = [thresholds.classify(x) is Status.GREEN for x in (lower, upper)]
    if all(passing):
        return Assurance.PASSING
    if not any(passing):
        return Assurance.FAILING
    return Assurance.HIT_AND_MISS


def assess(values: Sequence[float | None], thresholds: Thresholds) -> Spc | None:
    """The SPC reading of a series, oldest first; None with fewer than MIN_POINTS known values."""
    known = [float(v) for v in values if v is not None and v == v]
    if len(known) < MIN_POINTS:
        return None
    mean, lower, upper, sigma = limits(known)
    found = signals(known, mean, lower, upper, sigma)
    latest = len(known) - 1
    at_latest = [s for s in found if s.first <= latest <= s.last]
    variation, side = Variation.COMMON, None
    if at_latest:
        side = at_latest[0].side
        if thresholds.direction == "band":
            variation = Variation.NEITHER
        else:
            good: Side = "high" if thresholds.direction == "higher" else "low"
            variation = Variation.IMPROVEMENT if side == good else Variation.CONCERN
    return Spc(
        points=len(known), mean=mean, lower=lower, upper=upper, sigma=sigma,
        signals=tuple(found), variation=variation, side=side,
        assurance=assurance(thresholds, lower, upper), target=target_of(thresholds),
    )  # fmt: skip


def not_enough(values: Sequence[float | None]) -> str:
    """Why there is no SPC reading, in words (for a series with too few points)."""
    known = sum(1 for v in values if v is not None and v == v)
    return f"SPC needs {MIN_POINTS} periods; {known} so far"
