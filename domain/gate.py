"""The section gate: what must hold before the chair may leave a section (PRODUCT.md, 'The gate')."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from domain.decisions import FieldProblem, validate_decision, validate_update
from domain.keys import SectionKind, Target
from domain.readings import Reading
from domain.records import Action, ActionStatus, AobItem, Decision, Meeting, MinutesState, Snapshot
from domain.risks import Risk
from domain.status import Status
from domain.watch import WatchItem
from domain.week import DueItem


@dataclass(frozen=True)
class Unmet:
    """One unmet requirement, in plain words, and what the cursor should go to."""

    message: str
    target: Target
    """A metric, action, decision, AOB item, escalation in, or the previous minutes.

    In a dashboard section a problem with a decision points at its metric's row; a problem with
    one of its actions points at the action when it has an id.
    """


@dataclass(frozen=True)
class Acknowledgement:
    """A breach the meeting has acknowledged: it stays on screen, but needs no new decision
    while the acknowledgement is live (see `is_live`)."""

    id: int | None
    metric_id: str
    owner_id: str
    reason: str
    expires: dt.date
    status_at_ack: Status
    """The status when acknowledged: a worse status needs a decision again."""
    meeting_id: int | None = None
    """The meeting where it was acknowledged."""
    created: dt.datetime | None = None
    by_login: str = ""

    def is_live(self, status: Status, on: dt.date) -> bool:
        """Live on `on` for a breach now at `status`: not expired, and not worse than acknowledged."""
        return self.expires >= on and status.severity <= self.status_at_ack.severity


@dataclass(frozen=True)
class Breach:
    """A reading at or above the meeting type's decision level."""

    reading: Reading
    persistent: bool = False
    """RED or worse for at least the meeting type's persistent_after periods."""
    acknowledgement: Acknowledgement | None = None
    """A live acknowledgement of this breach (see `acknowledge_breaches`); None if there is none."""

    @property
    def metric_id(self) -> str:
        return self.reading.metric_id

    @property
    def status(self) -> Status:
        return self.reading.status


@dataclass(frozen=True)
class SectionContext:
    """Everything the gate needs to judge one section of one meeting."""

    kind: SectionKind
    meeting_date: dt.date
    decide_at: Status
    known_people: frozenset[str]
    breaches: tuple[Breach, ...] = ()
    decisions: tuple[Decision, ...] = ()
    """Decisions recorded in this section (for breaches, AOB items, escalations in)."""
    actions_due_back: tuple[Action, ...] = ()
    """Matters arising: actions due back at this meeting, as they stand now."""
    updated_action_ids: frozenset[int] = field(default_factory=frozenset)
    """Matters arising: ids of actions that received an update at this meeting."""
    previous_minutes: MinutesState | None = None
    previous_minutes_altered: bool = False
    """The previous meeting's approved minutes no longer match the hash stored at approval."""
    """Previous minutes: the state of the last meeting's minutes (None: there is none)."""
    escalations_in: tuple[Decision, ...] = ()
    """Escalations in: decisions escalated to this meeting type, needing a decision here.

    A decision here answers one when its `answers_escalation_id` is that decision's id."""
    aob_items: tuple[AobItem, ...] = ()
    """Any other business: the items raised; those with a decision must satisfy rule 2."""
    person_names: Mapping[str, str] = field(default_factory=dict)
    """Person id -> name, for messages (an id is shown where no name is given)."""
    reopened: Mapping[str, str] = field(default_factory=dict)
    """Metric id -> the verdict ('no change', 'worse') of an action on it that came back at
    this meeting while the metric is still a breach: it needs a new decision here, whatever
    acknowledgement it has (gate point 6)."""
    watch_items: tuple[WatchItem, ...] = ()
    """Watch list: the AMBER readings on it."""
    watch_noted: frozenset[str] = field(default_factory=frozenset)
    """Watch list: metric ids given a note at this meeting."""
    risks_due: tuple[Risk, ...] = ()
    """Risk register: the risks due review at this meeting."""
    risks_reviewed: frozenset[int] = field(default_factory=frozenset)
    """Risk register: ids of risks given a review note at this meeting."""
    risks_listed: tuple[Risk, ...] = ()
    """Risk register: every risk the section lists (due review, or scoring 15 and over)."""
    reviews: Mapping[int, str] = field(default_factory=dict)
    """Risk register: risk id -> the review note given at this meeting."""
    watch_notes: Mapping[str, str] = field(default_factory=dict)
    """Watch list: metric id -> 'kind: note' given at this meeting."""
    did_it_work: Mapping[int, tuple[Snapshot | None, Snapshot | None]] = field(default_factory=dict)
    """Matters arising: action id -> its metric's reading when decided and now (actions
    raised on a metric)."""
    week_items: tuple[DueItem, ...] = ()
    """This week: what falls due in the next seven days, most urgent first."""


def breaches_for(
    readings: Iterable[Reading], decide_at: Status, persistent_after: int
) -> tuple[Breach, ...]:
    """The readings that need a decision: status at or above `decide_at`, in reading order.

    NO DATA and STALE are never breaches (they are shown, with their reason, but there is no
    current value to decide on). CHECK DATA always is, whatever `decide_at`: the data is in
    doubt, and the meeting must say who re-checks it by when (a 'query data' decision). A
    breach is persistent when it is RED or worse and its streak has lasted at least
    `persistent_after` periods.
    """
    return tuple(
        Breach(
            reading=reading,
            persistent=reading.status.at_least(Status.RED) and reading.streak >= persistent_after,
        )
        for reading in readings
        if (reading.status.at_least(decide_at) and reading.status.severity > 0)
        or reading.status is Status.CHECK_DATA
    )


def acknowledge_breaches(
    breaches: Iterable[Breach], acknowledgements: Iterable[Acknowledgement], on: dt.date
) -> tuple[Breach, ...]:
    """The breaches with the latest live acknowledgement of their metric attached.

    An acknowledgement that has expired by `on`, or whose status the breach has since
    worsened past, is not attached: the breach needs a decision again. Breaches are never
    dropped (an acknowledged breach stays visible).
    """
    latest: dict[str, Acknowledgement] = {}
    for ack in acknowledgements:  # later acknowledgements replace earlier ones
        latest[ack.metric_id] = ack
    result = []
    for breach in breaches:
        found = latest.get(breach.metric_id)
        live = found if found is not None and found.is_live(breach.status, on) else None
        result.append(replace(breach, acknowledgement=live))
    return tuple(result)


def evaluate_gate(ctx: SectionContext) -> list[Unmet]:
    """Everything that stops the chair leaving this section, first offending item first.

    An empty list means the section may close. When several decisions are recorded on the same
    metric (or escalation), the latest recorded - the last in `ctx.decisions` - is the one judged.
    """
    if ctx.kind == "dashboard":
        return _dashboard(ctx)
    if ctx.kind == "matters-arising":
        return _matters_arising(ctx)
    if ctx.kind == "previous-minutes":
        if ctx.previous_minutes is MinutesState.DRAFT:
            return [Unmet("Previous minutes are not yet approved", Target.of("minutes"))]
        return []
    if ctx.kind == "escalations-in":
        return _escalations_in(ctx)
    if ctx.kind == "watch-list":
        return [
            Unmet(
                f"Watch list: {item.title} (AMBER) has no note yet", Target.metric(item.metric_id)
            )
            for item in ctx.watch_items
            if item.metric_id not in ctx.watch_noted
        ]
    if ctx.kind == "risk-register":
        return [
            Unmet(
                f"Risk register: {risk.ref} '{risk.title}' is due review: no review note",
                Target.of("risk", risk.id),
            )
            for risk in ctx.risks_due
            if risk.id not in ctx.risks_reviewed
        ]
    if ctx.kind == "this-week":
        return []
    return _aob(ctx)


def _dashboard(ctx: SectionContext) -> list[Unmet]:
    latest = {d.metric_id: d for d in ctx.decisions if d.metric_id is not None}
    unmet: list[Unmet] = []
    for breach in ctx.breaches:
        target = Target.metric(breach.metric_id)
        decision = latest.get(breach.metric_id)
        if decision is None:
            title = breach.reading.title or breach.metric_id
            verdict = ctx.reopened.get(breach.metric_id)
            if verdict is not None:
                unmet.append(
                    Unmet(
                        f"{title} ({breach.status.word}): the action came back '{verdict}': "
                        "decide again",
                        target,
                    )
                )
                continue
            ack = breach.acknowledgement
            if ack is not None and ack.is_live(breach.status, ctx.meeting_date):
                continue  # acknowledged: shown, but no new decision until expiry or worsening
            unmet.append(Unmet(f"{title} ({breach.status.word}): no decision yet", target))
            continue
        unmet.extend(_judge(ctx, decision, breach.status, target))
    breach_ids = {b.metric_id for b in ctx.breaches}
    for decision in latest.values():
        # A decision on a metric below the decision level must still be complete.
        if decision.metric_id not in breach_ids:
            unmet.extend(_judge(ctx, decision, None, Target.metric(decision.metric_id or "")))
    return unmet


def _escalations_in(ctx: SectionContext) -> list[Unmet]:
    answers = {d.answers_escalation_id: d for d in ctx.decisions if d.answers_escalation_id}
    unmet: list[Unmet] = []
    for escalation in ctx.escalations_in:
        target = Target.of("escalation", escalation.id)
        decision = answers.get(escalation.id) if escalation.id is not None else None
        if decision is None:
            title = escalation.title or escalation.metric_id or "an item"
            unmet.append(Unmet(f"Escalation in: '{title}' has no decision yet", target))
        else:
            unmet.extend(_judge(ctx, decision, None, target))
    return unmet


def _aob(ctx: SectionContext) -> list[Unmet]:
    unmet: list[Unmet] = []
    for item in ctx.aob_items:
        if item.decision is not None:
            decision = item.decision if item.decision.title else _titled(item.decision, item.title)
            unmet.extend(_judge(ctx, decision, None, Target.of("aob", item.id)))
    return unmet


def _matters_arising(ctx: SectionContext) -> list[Unmet]:
    unmet: list[Unmet] = []
    for action in ctx.actions_due_back:
        target = Target.action(action.id)
        if action.id not in ctx.updated_action_ids:
            owner = ctx.person_names.get(action.owner_id or "", action.owner_id or "nobody")
            unmet.append(
                Unmet(
                    f"Matters arising: action '{action.description}' (owner {owner}) has no update",
                    target,
                )
            )
        elif action.updates:
            update = action.updates[-1]
            for problem in validate_update(update, action, ctx.meeting_date):
                unmet.append(Unmet(f"Matters arising: {_lower_first(problem.message)}", target))
            if action.metric_id and update.verdict is None and action.status is not DROPPED:
                unmet.append(
                    Unmet(
                        f"Matters arising: action '{action.description}': did it work? "
                        "(worked, no change, worse, too early)",
                        target,
                    )
                )
    return unmet


def _judge(
    ctx: SectionContext, decision: Decision, status: Status | None, target: Target
) -> list[Unmet]:
    problems = validate_decision(decision, ctx.meeting_date, ctx.known_people, status)
    return [Unmet(p.message, _target_of(p, decision, target)) for p in problems]


def _target_of(problem: FieldProblem, decision: Decision, default: Target) -> Target:
    if problem.field.startswith("actions["):
        index = int(problem.field[len("actions[") : problem.field.index("]")])
        if index < len(decision.actions) and decision.actions[index].id is not None:
            return Target.action(decision.actions[index].id)
    return default


def _titled(decision: Decision, title: str) -> Decision:
    return replace(decision, title=title)


DROPPED = ActionStatus.DROPPED


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


@dataclass(frozen=True)
class SectionState:
    """A section as the gate sees it: what it holds (`context`) and what it still needs before
    `n` may move on (`unmet`, empty when it may)."""

    context: SectionContext
    unmet: list[Unmet]


@dataclass(frozen=True)
class Advanced:
    """What one `n` did: the meeting as it now stands, and what the gate still needs (empty:
    it moved on); `minutes` when it closed the meeting."""

    meeting: Meeting
    unmet: list[Unmet] = field(default_factory=list)
    minutes: str | None = None
