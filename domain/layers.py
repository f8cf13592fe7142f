"""The method's three layers: operational (this week), management (trends needing intervention)
and strategic (sustainability, investment, where to be in 12 months).

A meeting serves the layer most of its metrics serve; a strategic meeting filled with
operational metrics is daily operational noise at the wrong table, and an operational meeting
filled with strategic metrics looks at numbers too slow to act on this week.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

LAYERS = ("operational", "management", "strategic")
NOISE_SHARE = 0.3
"""The share of the wrong layer's metrics at which a meeting is flagged."""


def layer_mix(layers: Iterable[str]) -> dict[str, int]:
    """How many metrics serve each layer, in the layers' order."""
    counts = Counter(layers)
    return {layer: counts.get(layer, 0) for layer in LAYERS}


def main_layer(layers: Iterable[str]) -> str:
    """The layer most of the metrics serve (a tie goes to management, then the higher layer);
    'management' when there are none."""
    mix = layer_mix(layers)
    best = max(mix.values())
    if best == 0:
        return "management"
    tied = [layer for layer in LAYERS if mix[layer] == best]
    return "management" if "management" in tied else tied[-1]


def mix_text(mix: dict[str, int]) -> str:
    """'operational 5, management 8, strategic 2' (layers with none left out)."""
    return ", ".join(f"{layer} {count}" for layer, count in mix.items() if count)


def layer_flag(declared: str | None, mix: dict[str, int]) -> str:
    """Why this meeting's metrics do not fit the layer it serves ('' when they do).

    `declared` is the meeting type's own layer (config), else the one its metrics mostly serve.
    """
    total = sum(mix.values())
    if not total or declared is None:
        return ""
    operational = mix["operational"] / total
    strategic = mix["strategic"] / total
    if declared == "strategic" and operational >= NOISE_SHARE:
        return (
            f"a strategic meeting carrying operational metrics ({mix['operational']} of "
            f"{total}): daily operational noise; move them to an operational meeting"
        )
    if declared == "operational" and strategic >= NOISE_SHARE:
        return (
            f"an operational meeting carrying strategic metrics ({mix['strategic']} of "
            f"{total}): too slow-moving to act on this week; move them to a strategic meeting"
        )
    return ""
