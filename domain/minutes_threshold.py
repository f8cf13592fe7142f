"""A breach the meeting did not decide on: why "No decisions were needed." stands beside it.

A meeting type decides from its `decide_at` status up (the daily huddle only at CRITICAL); a
RED below that is decided at another meeting that takes the same dashboard. The minutes say so
where they say no decision was needed, rather than leave a RED beside it unexplained.
"""

from __future__ import annotations

from domain.markdown import escape_text
from domain.minutes_input import MinutesInput
from domain.status import Status

STATUS_WORDS = frozenset(s.word for s in Status)


def below_threshold(m: MinutesInput, key: str) -> str:
    """Why a breach beside "No decisions were needed." needed none here: this meeting decides
    only at a higher status (the daily huddle at CRITICAL), and where it is decided ('' when
    the section has no RED or worse below the meeting's threshold). Said before the line the
    approval's lock compares from, so minutes approved before it still verify."""
    try:
        threshold = Status(m.decide_at)
    except ValueError:
        return ""
    below = [
        row
        for row in m.metrics.get(key, ())
        if row.status in STATUS_WORDS
        and Status.RED.severity <= Status(row.status).severity < threshold.severity
    ]
    if not below:
        return ""
    words = sorted({row.status for row in below}, key=lambda w: Status(w).severity)
    named = ", ".join(f"{escape_text(row.title)} ({row.status})" for row in below)
    where = " or ".join(f"the {escape_text(t)}" for t in m.decided_elsewhere.get(key, ()))
    levels = " and ".join(f"{w}s" for w in words)
    goes = f"; {levels} are decided at {where}" if where else ""
    return (
        f"Below this meeting's threshold: {named}. This meeting decides only at "
        f"{threshold.word}{goes}."
    )
