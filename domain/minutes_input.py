"""What the minutes are rendered from: plain values that storage fills from records and config."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from domain.exceptions import RowException
from domain.gate import Acknowledgement
from domain.qof_table import IndicatorRow
from domain.readings import DetailTable, Reading, peers_text, reading_notes, variation_text
from domain.records import Action, ActionStatus, Decision, Meeting, MinutesState, Snapshot
from domain.urgency import overdue_days
from domain.watch import WatchNote


@dataclass(frozen=True)
class MetricRow:
    """One metric as it stood when its section was reviewed (plain values, easy to store)."""

    metric_id: str
    title: str
    value: str
    """The display value, e.g. '6.8%' ('—' for none)."""
    status: str
    """The status word, e.g. 'RED', 'NO DATA'."""
    trend: tuple[float | None, ...] = ()
    as_of: dt.date | None = None
    streak: int = 0
    note: str = ""
    """Why NO DATA / STALE, where that applies."""
    variation: str = ""
    """The SPC variation in words ('' with fewer than 12 periods)."""
    peers: str = ""
    """The peers' medians in words ('' where the data has none)."""
    tables: tuple[DetailTable, ...] = ()

    @classmethod
    def of(cls, reading: Reading) -> MetricRow:
        """A reading as the minutes keep it when its section closes."""
        return cls(
            metric_id=reading.metric_id,
            title=reading.title,
            value=reading.display_value,
            status=reading.status.word,
            trend=tuple(reading.trend),
            as_of=reading.as_of,
            streak=reading.streak,
            note="; ".join(filter(None, [reading.reason, *reading_notes(reading)])),
            variation=variation_text(reading),
            peers=peers_text(reading),
            tables=tuple(reading.tables),
        )

    """The tables behind the value (e.g. calls by weekday and time band)."""


@dataclass(frozen=True)
class PreviousMinutes:
    """The last meeting of the same type, whose minutes this meeting approved (or not)."""

    meeting_date: dt.date
    state: MinutesState
    amendments: str = ""


@dataclass(frozen=True)
class Completion:
    """How the practice is doing with its actions; see completion_of."""

    due: int
    """Actions due on or before the meeting date."""
    done_on_time: int
    """Of those, done on or before their due date."""
    carried_over: int
    """Open actions carried through at least one meeting."""
    overdue_by_owner: tuple[tuple[str, int], ...] = ()
    """(person id, open overdue actions), most overdue actions first."""


@dataclass(frozen=True)
class MinutesInput:
    """Everything the minutes need; storage fills it from the meeting record and the config."""

    practice_name: str
    meeting_title: str
    """The meeting type's title, e.g. 'Weekly operations meeting'."""
    meeting: Meeting
    """The record: date, started / closed times, chair, present, apologies, sections (title,
    time box, seconds spent), decisions with their actions and snapshots, AOB items (with their
    decisions), next_meeting and minutes_state."""
    people: Mapping[str, str] = field(default_factory=dict)
    """Person id -> name (ids are shown for anyone missing)."""
    destinations: Mapping[str, str] = field(default_factory=dict)
    """Meeting type id -> title, for escalations and review routes (people come from `people`)."""
    questions: Mapping[str, str] = field(default_factory=dict)
    """Section key -> the dashboard's management question."""
    metrics: Mapping[str, tuple[MetricRow, ...]] = field(default_factory=dict)
    """Section key -> the metrics as reviewed in that section."""
    previous: PreviousMinutes | None = None
    """The previous meeting of this type (None: this is the first)."""
    matters_arising: tuple[Action, ...] = ()
    """Actions due back at this meeting, as they stand after it (status, evidence, updates)."""
    escalations_in: tuple[Decision, ...] = ()
    """Decisions escalated to this meeting; answers are decisions with answers_escalation_id."""
    completion: Completion | None = None
    indicators: Mapping[str, tuple[IndicatorRow, ...]] = field(default_factory=dict)
    """Section key -> a QOF section's indicator table as reviewed."""
    acknowledgements: tuple[Acknowledgement, ...] = ()
    """Breaches acknowledged at this meeting, or earlier and still live on its date."""
    metric_titles: Mapping[str, str] = field(default_factory=dict)
    """Metric id -> title, for acknowledgements."""
    section_items: Mapping[str, tuple[Mapping[str, str], ...]] = field(default_factory=dict)
    """Section key -> what a This week, Watch list or Risk register section showed (rows)."""
    watch_notes: Mapping[str, WatchNote] = field(default_factory=dict)
    """Metric id -> the note given on the watch list at this meeting."""
    risk_reviews: Mapping[str, str] = field(default_factory=dict)
    """Risk ref -> the review note given at this meeting."""
    exceptions: tuple[RowException, ...] = ()
    """Exceptions live on the meeting date (shown under their metrics' sections)."""
    decided_on: Mapping[int, Snapshot] = field(default_factory=dict)
    """Action id -> the reading its decision was made on (matters arising: then and now)."""
    decide_at: str = "RED"
    """The lowest status this meeting type decides on (its decide_at, as a status word)."""
    decided_elsewhere: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Section key -> the meeting types (titles) that take the same dashboard and decide at a
    lower status than this one: where a breach this meeting does not decide on goes."""


def completion_of(actions: Iterable[Action], on: dt.date) -> Completion:
    """Completion figures over a practice's actions as they stand on the meeting date `on`."""
    actions = list(actions)
    due = [a for a in actions if a.due is not None and a.due <= on]
    on_time = [
        a
        for a in due
        if a.status is ActionStatus.DONE and a.completed is not None and a.due is not None
        if a.completed <= a.due
    ]
    carried = [a for a in actions if not a.status.closed and a.carried > 0]
    counts: dict[str, int] = {}
    for action in actions:
        if overdue_days(action, on) > 0:
            owner = action.owner_id or "nobody"
            counts[owner] = counts.get(owner, 0) + 1
    by_owner = tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
    return Completion(len(due), len(on_time), len(carried), by_owner)
