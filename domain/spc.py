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

Limits describe the process as it is now. After a sustained shift (a run of 7 or more on one
side of the mean that starts after at least 7 earlier points) the limits are recalculated from the start
of the shift (a *step*), and again after any later step; a person may also start a new baseline
at a period (a noted change of process or recording). Each stretch has its own mean and limits.
Limits are clamped to what the measure can be: never below 0 for a measure with no negative
values, never above 100 for a percentage.

The variation is read at the latest point against the latest stretch: *special cause* when the
latest point belongs to a signal, or when the latest stretch began at a step and is still
younger than `MIN_POINTS` (improvement or concern by the metric's direction), else *common
cause*. Assurance compares the latest limits with the threshold acting as the target (the first
non-green level): both limits passing, both failing, or the target between them (hit and
miss); it is not given while the latest point is itself a special cause (the limits do not
describe it).
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
        count = self.last - self.first + 1
        high = self.side == "high"
        if self.rule == "limit":
            where = f"beyond the {'upper' if high else 'lower'} limit"
            return f"a point {where}" if count == 1 else f"{count} points {where}"
        return {
            "shift": f"{count} points {'above' if high else 'below'} the mean",
            "trend": f"{count} points {'rising' if high else 'falling'}",
            "two of three": f"2 of 3 points beyond two sigma ({'high' if high else 'low'})",
        }[self.rule]


@dataclass(frozen=True)
class Baseline:
    """A stretch of the series with its own mean and limits: the first, one that starts at a
    step (a sustained shift found in the data), or one that starts at a change of process or
    recording noted by a person. Indexes are into the known values."""

    first: int
    last: int
    mean: float
    lower: float
    upper: float
    sigma: float
    cause: Literal["start", "shift", "note"] = "start"
    side: Side | None = None
    """For a step: the side of the earlier mean the new stretch sits on."""

    @property
    def points(self) -> int:
        return self.last - self.first + 1

    @property
    def words(self) -> str:
        """'a step up', 'a step down', 'a noted change of process or recording'."""
        if self.cause == "shift":
            return f"a step {'up' if self.side == 'high' else 'down'}"
        return "a noted change of process or recording" if self.cause == "note" else "the start"


@dataclass(frozen=True)
class Spc:
    """The XmR reading of one series: mean and limits are those of the latest baseline."""

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
    baselines: tuple[Baseline, ...] = ()
    """Every stretch with its own limits, oldest first (one when the process never shifted)."""
    positions: tuple[int, ...] = ()
    """The index in the series given of each known value (missing periods are skipped)."""

    @property
    def latest(self) -> Baseline | None:
        return self.baselines[-1] if self.baselines else None

    def starts_at(self, baseline: Baseline) -> int:
        """The index in the series given where `baseline` starts."""
        return self.positions[baseline.first] if self.positions else baseline.first

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
        """e.g. 'special cause — concern (high); hit and miss against 6', or with a recent step
        'common cause; limits from a step down 14 periods ago; consistently passing against 55'."""
        text = self.variation.value
        if self.side is not None:
            text += f" ({self.side})"
        latest = self.latest
        if latest is not None and latest.cause != "start":
            ago = f"{latest.points} period{'s' if latest.points != 1 else ''} ago"
            text += f"; limits from {latest.words} {ago}"
        if self.assurance is not None:
            text += f"; {self.assurance.value}"
            if self.target is not None:
                text += f" against {self.target:g}"
        return text


def limits(values: Sequence[float]) -> tuple[float, float, float, float]:
    """(mean, lower limit, upper limit, sigma) of an XmR chart of `values` (at least 1)."""
    mean = sum(values) / len(values)
    ranges = [abs(b - a) for a, b in zip(values, values[1:], strict=False)]
    moving = sum(ranges) / len(ranges) if ranges else 0.0
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
    return _merged(found)


def _merged(found: list[Signal]) -> list[Signal]:
    """Each signal once: signals of one rule and side that overlap or touch become one (two
    neighbouring points beyond a limit, overlapping windows of two of three)."""
    out: list[Signal] = []
    for signal in found:
        last = out[-1] if out else None
        if (
            last is not None
            and (last.rule, last.side) == (signal.rule, signal.side)
            and signal.first <= last.last + 1
        ):
            out[-1] = Signal(last.rule, last.first, max(last.last, signal.last), last.side)
        else:
            out.append(signal)
    return out


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


def assess(
    values: Sequence[float | None],
    thresholds: Thresholds,
    unit: str = "",
    changes: Sequence[int] = (),
) -> Spc | None:
    """The SPC reading of a series, oldest first; None with fewer than MIN_POINTS known values.

    `unit` bounds the limits ('%': never above 100); `changes` are indexes into `values` of
    periods where a person noted a change of process or recording (a new baseline starts).
    """
    positions = [i for i, v in enumerate(values) if v is not None and v == v]
    known = [float(values[i]) for i in positions]  # type: ignore[arg-type]
    if len(known) < MIN_POINTS:
        return None
    floor = 0.0 if min(known) >= 0 else None
    ceiling = 100.0 if unit == "%" and max(known) <= 100 else None
    # A change noted on a missing period starts the baseline at the next known value.
    noted = sorted({next((k for k, i in enumerate(positions) if i >= c), 0) for c in changes} - {0})
    baselines: list[Baseline] = []
    found: list[Signal] = []
    for first, last in zip([0, *noted], [*(k - 1 for k in noted), len(known) - 1], strict=True):
        cause: Literal["start", "note"] = "note" if first > 0 else "start"
        _split(known, first, last, cause, None, (floor, ceiling), baselines, found)
    latest_index = len(known) - 1
    latest = baselines[-1]
    at_latest = [s for s in found if s.first <= latest_index <= s.last]
    variation, side = Variation.COMMON, None
    if at_latest:
        side = at_latest[0].side
    elif latest.cause == "shift" and latest.points < MIN_POINTS:
        side = latest.side  # a young step: the limits are not yet stable
    if side is not None:
        if thresholds.direction == "band":
            variation = Variation.NEITHER
        else:
            good: Side = "high" if thresholds.direction == "higher" else "low"
            variation = Variation.IMPROVEMENT if side == good else Variation.CONCERN
    # No assurance beside a special cause, nor from a baseline too young to have stable limits.
    settled = side is None and latest.points >= RUN_LENGTH
    told = assurance(thresholds, latest.lower, latest.upper) if settled else None
    return Spc(
        points=len(known), mean=latest.mean, lower=latest.lower, upper=latest.upper,
        sigma=latest.sigma, signals=tuple(found), variation=variation, side=side,
        assurance=told, target=target_of(thresholds), baselines=tuple(baselines),
        positions=tuple(positions),
    )  # fmt: skip


def _split(
    known: list[float],
    first: int,
    last: int,
    cause: Literal["start", "shift", "note"],
    side: Side | None,
    bounds: tuple[float | None, float | None],
    baselines: list[Baseline],
    found: list[Signal],
) -> None:
    """Add the baselines of known[first..last] in order: one, or split at the first sustained
    shift that starts after `first` (each side then read again on its own)."""
    part = known[first : last + 1]
    mean, lower, upper, sigma = limits(part)
    floor, ceiling = bounds
    lower = max(lower, floor) if floor is not None else lower
    upper = min(upper, ceiling) if ceiling is not None else upper
    sides = [1 if x > mean else -1 if x < mean else 0 for x in part]
    # A step needs a settled process before it: a run that starts within the first 7 points
    # is read as a shift signal of this stretch, not as a new baseline.
    steps = [(a, s) for a, _b, s in _runs(sides, RUN_LENGTH) if a >= RUN_LENGTH]
    if steps:
        at, way = steps[0]
        _split(known, first, first + at - 1, cause, side, bounds, baselines, found)
        _split(known, first + at, last, "shift", way, bounds, baselines, found)
        return
    baselines.append(Baseline(first, last, mean, lower, upper, sigma, cause, side))
    found.extend(
        Signal(s.rule, s.first + first, s.last + first, s.side)
        for s in signals(part, mean, lower, upper, sigma)
    )


def not_enough(values: Sequence[float | None]) -> str:
    """Why there is no SPC reading, in words (for a series with too few points)."""
    known = sum(1 for v in values if v is not None and v == v)
    return f"SPC needs {MIN_POINTS} periods; {known} so far"
