"""The first two of the six parts of a patient-experience decision, filled from readings: what
patients tell us (the survey, Friends and Family) and what the operational data shows (the
readings of the dashboards the config links, e.g. access and telephony), side by side."""

from __future__ import annotations

from collections.abc import Iterable

from domain.in_full import ExperienceParts
from domain.readings import Reading
from domain.status import Status


def reading_words(reading: Reading) -> str:
    """'Calls missed in queue 18.7% (RED, 5 periods)'."""
    streak = f", {reading.streak} periods" if reading.streak > 1 else ""
    return f"{reading.title} {reading.display_value} ({reading.status.word}{streak})"


def readings_text(readings: Iterable[Reading]) -> str:
    """Each reading that is not GREEN in words, worst first, then how many are GREEN."""
    readings = [r for r in readings if r.value is not None]
    concerns = sorted(
        (r for r in readings if r.status is not Status.GREEN),
        key=lambda r: -r.status.severity,
    )
    green = len(readings) - len(concerns)
    words = [reading_words(r) for r in concerns]
    if green:
        words.append(f"{green} other{'s' if green > 1 else ''} GREEN" if concerns else "all GREEN")
    return "; ".join(words)


def experience_start(
    patients: Iterable[Reading], operational: Iterable[Reading]
) -> ExperienceParts:
    """The six parts as the form opens: the first two from the readings (every survey and
    Friends and Family reading; the linked dashboards' concerns first), the rest to answer."""
    said = "; ".join(reading_words(r) for r in patients if r.value is not None)
    return ExperienceParts(patients_say=said, data_shows=readings_text(operational))
