"""The SPC words never contradict the status beside them (hypothesis): whatever the series, the
direction and the target, "consistently passing" is never shown beside a latest value that fails
the target, nor "consistently failing" beside one that passes it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.spc import Assurance, assess, target_of
from domain.status import Status, Thresholds

# Few distinct levels make shifts, steps, trends and ties common; a wide range makes outliers.
level = st.one_of(
    st.sampled_from([0.0, 1.0, 2.0, 5.0, 50.0, 95.0, 99.0, 100.0]),
    st.floats(min_value=0, max_value=100, allow_nan=False),
)
scattered = st.lists(st.one_of(level, st.none()), min_size=12, max_size=40)


@st.composite
def steady_then_any(draw: st.DrawFn) -> list[float | None]:
    """A steady process (one level plus small noise, maybe after a step) ending on any value:
    the case where limits drawn from the past say nothing about the latest point."""
    base = draw(level)
    noise = st.floats(min_value=-1, max_value=1, allow_nan=False)
    count = draw(st.integers(11, 30))
    values: list[float | None] = [min(100.0, max(0.0, base + draw(noise))) for _ in range(count)]
    if draw(st.booleans()):
        step = draw(level)
        values += [
            min(100.0, max(0.0, step + draw(noise))) for _ in range(draw(st.integers(7, 14)))
        ]
    return [*values, draw(level)]


series = st.one_of(scattered, steady_then_any())


@st.composite
def thresholds(draw: st.DrawFn) -> Thresholds:
    direction = draw(st.sampled_from(["lower", "higher", "band"]))
    if direction == "band":
        low, high = sorted((draw(level), draw(level)))
        return Thresholds("band", amber=draw(st.floats(0, 10)), target_low=low, target_high=high)
    levels = sorted(draw(st.lists(level, min_size=1, max_size=3)))
    if direction == "higher":
        levels.reverse()
    amber, red, critical = [*levels, None, None][:3]
    return Thresholds(direction, amber=amber, red=red, critical=critical)  # type: ignore[arg-type]


def passes(thresholds: Thresholds, value: float) -> bool:
    return thresholds.classify(value) is Status.GREEN


@settings(max_examples=400, deadline=None)
@given(
    values=series,
    limits=thresholds(),
    unit=st.sampled_from(["%", "", "£"]),
    changes=st.lists(st.integers(0, 39), max_size=2),
)
def test_assurance_never_contradicts_the_latest_value(
    values: list[float | None], limits: Thresholds, unit: str, changes: list[int]
) -> None:
    spc = assess(values, limits, unit=unit, changes=changes)
    if spc is None:
        return
    latest = [v for v in values if v is not None][-1]
    if spc.assurance is Assurance.PASSING:
        assert passes(limits, latest), (spc.words, latest)
    if spc.assurance is Assurance.FAILING:
        assert not passes(limits, latest), (spc.words, latest)
    if spc.assurance is not None and limits.direction != "band":
        assert target_of(limits) is not None
    # The limits are what the measure can be, and the words say the same as the fields.
    assert 0 <= spc.lower <= spc.upper <= (100 if unit == "%" else float("inf"))
    assert ("consistently passing" in spc.words) == (spc.assurance is Assurance.PASSING)
    assert ("consistently failing" in spc.words) == (spc.assurance is Assurance.FAILING)
