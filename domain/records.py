"""Plain records of the meeting loop: decisions, actions, snapshots, meetings and sections.

Storage converts ORM rows to these before they leave a unit of work; the TUI and minutes
rendering only ever see these.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field

from domain.in_full import ExperienceParts, Investment, SuccessMeasure
from domain.keys import SectionKey


class DecisionKind(enum.Enum):
    ACT = "act"
    MONITOR = "monitor"
    ESCALATE = "escalate"
    ACCEPT = "accept"
    QUERY_DATA = "query data"
    DEFER = "defer"
    INVESTMENT = "investment"
    """Strategic meetings only (an AOB item or an escalation in): see domain.in_full.Investment."""

    @property
    def key(self) -> str:
        """The letter that picks this kind in the decision form."""
        return _KIND_KEYS[self]


_KIND_KEYS = {
    DecisionKind.ACT: "a",
    DecisionKind.MONITOR: "m",
    DecisionKind.ESCALATE: "e",
    DecisionKind.ACCEPT: "c",
    DecisionKind.QUERY_DATA: "q",
    DecisionKind.DEFER: "d",
    DecisionKind.INVESTMENT: "i",
}


class ActionStatus(enum.Enum):
    OPEN = "open"
    IN_PROGRESS = "in progress"
    DONE = "done"
    BLOCKED = "blocked"
    DROPPED = "dropped"

    @property
    def closed(self) -> bool:
        return self in (ActionStatus.DONE, ActionStatus.DROPPED)


class Verdict(enum.Enum):
    """Did the action work? Judged against the reading when decided and the reading now."""

    WORKED = "worked"
    NO_CHANGE = "no change"
    WORSE = "worse"
    TOO_EARLY = "too early"

    @property
    def reopens(self) -> bool:
        """'no change' or 'worse': the metric comes back for a new decision if still a breach."""
        return self in (Verdict.NO_CHANGE, Verdict.WORSE)


VERDICT_KEYS = {
    Verdict.WORKED: "w",
    Verdict.NO_CHANGE: "n",
    Verdict.WORSE: "x",
    Verdict.TOO_EARLY: "t",
}
"""The key that picks each verdict in the update form."""


class MeetingState(enum.Enum):
    IN_PROGRESS = "in progress"
    CLOSED = "closed"


class MinutesState(enum.Enum):
    DRAFT = "draft"
    APPROVED = "approved"
    AMENDED = "approved with amendments"


@dataclass(frozen=True)
class Snapshot:
    """The reading a decision was made on, frozen so the minutes show why."""

    metric_id: str
    title: str
    value: float | None
    display_value: str
    status: str
    thresholds: str
    """The thresholds in words, e.g. 'amber >= 4.5, red >= 6, critical >= 8 (lower is better)'."""
    as_of: dt.date | None
    streak: int
    source_file: str = ""
    variation: str = ""
    """The SPC variation in words when decided on ('' with fewer than 12 periods)."""
    peers: str = ""
    """The peers' medians in words, e.g. 'PCN 4.5%, ICB 4.7%, England 4.5%'."""


@dataclass(frozen=True)
class ActionUpdate:
    """One update to an action: at a meeting (matters arising) or between meetings."""

    when: dt.datetime
    by_login: str
    status: ActionStatus
    note: str = ""
    new_due: dt.date | None = None
    evidence: str = ""
    verdict: Verdict | None = None
    """Did it work? (an action raised on a metric): judged when it comes back."""
    reading_now: Snapshot | None = None
    """The metric's reading when the update was given, beside the decision's snapshot."""


@dataclass(frozen=True)
class Action:
    id: int | None
    description: str
    owner_id: str | None
    due: dt.date | None
    review_meeting_type: str | None = None
    """The meeting type where this action comes back (its review route)."""
    status: ActionStatus = ActionStatus.OPEN
    decision_id: int | None = None
    meeting_id: int | None = None
    metric_id: str | None = None
    """The metric whose breach triggered this action, for 'did it work?'."""
    evidence: str = ""
    carried: int = 0
    """How many meetings this action has been carried forward through."""
    created: dt.date | None = None
    completed: dt.date | None = None
    version: int = 1
    """Optimistic-concurrency version: an update names the version it read."""
    updates: tuple[ActionUpdate, ...] = ()


@dataclass(frozen=True)
class Origin:
    """Where an escalated decision was taken: the meeting (type and date) and its section."""

    meeting_type: str
    """The meeting type's id."""
    meeting_title: str
    """The meeting type's title, e.g. 'Weekly operations meeting'."""
    meeting_date: dt.date
    section_title: str

    @property
    def short(self) -> str:
        """'Weekly operations, 22 Nov' (the From column: the title without 'meeting')."""
        title = self.meeting_title.removesuffix(" meeting")
        return f"{title}, {self.meeting_date.day} {self.meeting_date:%b}"

    def words(self) -> str:
        """'Weekly operations meeting on 2026-11-22 (Telephony)'."""
        text = f"{self.meeting_title} on {self.meeting_date.isoformat()}"
        return text + (f" ({self.section_title})" if self.section_title else "")


@dataclass(frozen=True)
class Decision:
    id: int | None
    section_key: SectionKey
    kind: DecisionKind
    metric_id: str | None = None
    """None for an AOB item or an escalation-in item without a metric."""
    title: str = ""
    """What the decision is about (the metric title or the AOB item's title)."""
    data_shows: str = ""
    reason: str = ""
    review_date: dt.date | None = None
    escalate_to: str | None = None
    """A meeting type id or a person id."""
    escalation_owner_id: str | None = None
    """Who owns the decision: where an escalation goes, or (any kind but `act`, whose actions
    name theirs) who sees a decision on a breach through, e.g. who watches a monitor."""
    not_escalated_reason: str = ""
    """For a CRITICAL breach decided without escalation: why not."""
    snapshot: Snapshot | None = None
    actions: tuple[Action, ...] = ()
    created: dt.datetime | None = None
    answers_escalation_id: int | None = None
    """Escalations in: the id of the escalated decision (from another meeting) this one answers."""
    cause: str = ""
    """Why this is happening ('not known yet' is an answer; for `query data`, the doubt)."""
    risk_areas: tuple[str, ...] = ()
    """What the breach puts at risk: areas from domain.in_full.RISK_AREAS, in full."""
    risk: str = ""
    """The risk in a phrase, e.g. 'patients wait longer than is safe for results'."""
    success: SuccessMeasure | None = None
    """How we will know it worked (the impact review judges against it)."""
    experience: ExperienceParts | None = None
    """A patient-experience section's decision in the method's six parts."""
    investment: Investment | None = None
    """An `investment` decision's six answers (its review date is `review_date`)."""
    origin: Origin | None = None
    """Escalations in: where this escalated decision was taken (None elsewhere)."""


@dataclass(frozen=True)
class AobItem:
    id: int | None
    title: str
    raised_by_id: str | None = None
    decision: Decision | None = None


@dataclass(frozen=True)
class SectionRecord:
    key: SectionKey
    title: str
    time_box_minutes: int
    seconds_spent: int = 0
    closed: bool = False


@dataclass(frozen=True)
class Meeting:
    id: int
    meeting_type: str
    date: dt.date
    state: MeetingState
    chair_id: str | None
    practice_code: str
    present: tuple[str, ...] = ()
    apologies: tuple[str, ...] = ()
    guests: tuple[str, ...] = ()
    """Guests by name (not in the config's people)."""
    current_section: int = 0
    highlighted_row: int = 0
    elapsed_seconds: int = 0
    timer_paused: bool = False
    sections: tuple[SectionRecord, ...] = ()
    decisions: tuple[Decision, ...] = ()
    aob: tuple[AobItem, ...] = ()
    minutes_state: MinutesState = MinutesState.DRAFT
    minutes_hash: str | None = None
    started: dt.datetime | None = None
    closed: dt.datetime | None = None
    next_meeting: dt.date | None = None
    previous_meeting_id: int | None = None
    """The last meeting of the same type, whose minutes this one approves."""
    abandoned: bool = False
    """Closed as abandoned: the sections after the one it stopped at were not held."""
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Position:
    """Where a meeting stands, as resuming it restores: section, highlighted row, the clock."""

    meeting_id: int
    section_index: int
    row: int
    elapsed_seconds: int
    paused: bool
    section_seconds: int


@dataclass(frozen=True)
class Holding:
    """Who has the keyboard of a meeting. `mine` is true for the screen that asked."""

    meeting_id: int
    mine: bool
    login: str = ""
    name: str = ""
    since: dt.datetime | None = None
    """When the holder took the meeting (local time)."""
    took_over_from: str = ""
    """The name of the chair this screen took the meeting from (empty if it was free)."""
    yours: bool = False
    """Held by this screen's own login on another screen (one person, two terminals)."""
