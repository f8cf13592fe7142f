"""Statuses and direction-aware threshold classification."""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass
from typing import Literal

Direction = Literal["higher", "lower", "band"]


class Status(enum.Enum):
    """A reading's status. Ordered by severity for the breach levels; NO DATA / STALE apart."""

    GREEN = "GREEN"
    AMBER = "AMBER"
    RED = "RED"
    CRITICAL = "CRITICAL"
    NO_DATA = "NO DATA"
    STALE = "STALE"
    CHECK_DATA = "CHECK DATA"
    """The data behind the value is in doubt (a file cut off, rows short of fields, a month
    far below its own recent months): the value is shown, but no confident status is given,
    and the gate asks for a 'query data' decision."""

    @property
    def severity(self) -> int:
        """0 green .. 3 critical; NO DATA, STALE and CHECK DATA are -1 (not a level)."""
        return _SEVERITY[self]

    @property
    def word(self) -> str:
        return self.value

    @property
    def symbol(self) -> str:
        """A symbol that carries the status without colour (monochrome terminals)."""
        return _SYMBOL[self]

    @property
    def label(self) -> str:
        return f"{self.symbol} {self.value}"

    def at_least(self, other: Status) -> bool:
        return self.severity >= other.severity >= 0


_SEVERITY = {
    Status.GREEN: 0,
    Status.AMBER: 1,
    Status.RED: 2,
    Status.CRITICAL: 3,
    Status.NO_DATA: -1,
    Status.STALE: -1,
    Status.CHECK_DATA: -1,
}
_SYMBOL = {
    Status.GREEN: "✓",
    Status.AMBER: "▲",
    Status.RED: "●",
    Status.CRITICAL: "‼",
    Status.NO_DATA: "?",
    Status.STALE: "…",
    Status.CHECK_DATA: "⚠",
}


class ThresholdError(ValueError):
    """Thresholds that cannot be right for their direction."""


@dataclass(frozen=True)
class Thresholds:
    """Amber / red / critical levels for one metric.

    For `lower` (lower is better) a value at or above a level reaches it; for `higher` a value at
    or below it does. For `band`, levels are distances outside [target_low, target_high].
    Any level may be None (that status is never reached).
    """

    direction: Direction
    amber: float | None = None
    red: float | None = None
    critical: float | None = None
    target_low: float | None = None
    target_high: float | None = None

    def levels(self) -> list[tuple[Status, float]]:
        pairs = [
            (Status.AMBER, self.amber),
            (Status.RED, self.red),
            (Status.CRITICAL, self.critical),
        ]
        return [(s, v) for s, v in pairs if v is not None]

    def check(self) -> None:
        """Raise ThresholdError naming the problem if the levels are out of order."""
        levels = self.levels()
        for status, value in levels:
            if not math.isfinite(value):
                raise ThresholdError(f"{status.word.lower()} threshold must be a finite number")
        values = [v for _, v in levels]
        if self.direction == "band":
            if self.target_low is None or self.target_high is None:
                raise ThresholdError("better = 'band' needs target_low and target_high")
            if self.target_low > self.target_high:
                raise ThresholdError("target_low must not be above target_high")
            if any(v < 0 for v in values) or values != sorted(values):
                raise ThresholdError(
                    "for a band, amber <= red <= critical are distances outside the band (>= 0)"
                )
            return
        if self.direction == "lower" and values != sorted(values):
            raise ThresholdError(
                "lower is better, so thresholds must rise: amber <= red <= critical"
            )
        if self.direction == "higher" and values != sorted(values, reverse=True):
            raise ThresholdError(
                "higher is better, so thresholds must fall: amber >= red >= critical"
            )

    def badness(self, value: float) -> float:
        """How far into the bad side a value is, so that a larger number is always worse."""
        if self.direction == "lower":
            return value
        if self.direction == "higher":
            return -value
        low = self.target_low if self.target_low is not None else -math.inf
        high = self.target_high if self.target_high is not None else math.inf
        return max(low - value, value - high, 0.0)

    def _level_badness(self, level: float) -> float:
        return level if self.direction != "higher" else -level

    def classify(self, value: float | None) -> Status:
        """The status of a value. None or NaN is NO DATA."""
        if value is None or math.isnan(value):
            return Status.NO_DATA
        bad = self.badness(value)
        status = Status.GREEN
        for level_status, level in self.levels():
            if bad >= self._level_badness(level):
                status = level_status
        if self.direction == "band" and bad == 0.0:
            return Status.GREEN
        return status
