"""A demo with a past: ten weeks of the fictional practice's meetings, seeded through the real
service so the demo opens on a practice that has been running its loop.

Everything goes through ChairService with earlier `today` values, exactly as the chair and the
owners would have done it: minutes approved at the next meeting, decisions of every kind with
frozen snapshots, actions done on time, done late, carried, blocked and overdue, a persistent
red (calls missed in queue) decided at every weekly meeting and escalated to the partners, whose
next meeting still has it waiting in "Escalations in". The last weekly meeting leaves actions
due back at today's. Deterministic (no randomness, no clock) and fast (well under 2 s).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from domain.decisions import snapshot_of
from domain.in_full import ExperienceParts, Investment, SuccessMeasure
from domain.keys import SectionKey
from domain.readings import Reading
from domain.records import Action, ActionStatus, Decision, DecisionKind, Snapshot, Verdict
from domain.status import Status

if TYPE_CHECKING:
    from config.models import ChairConfig, Metric
    from storage.service.chair import ChairService

ServiceFactory = Callable[[dt.date, str], "ChairService"]
"""(day, login) -> a ChairService on the demo database as of that day, for that login."""

MISSED = "missed-in-queue"


@dataclass(frozen=True)
class Step:
    """What one decision does: kind, words, and its actions as (description, owner, due offset,
    review route or None for the meeting's own type)."""

    kind: DecisionKind
    reason: str = ""
    review: int | None = None
    """Review date, in days before today (0 = today)."""
    escalate_to: str | None = None
    owner: str | None = None
    actions: tuple[tuple[str, str, int, str | None], ...] = ()
    cause: str = ""
    risk: tuple[tuple[str, ...], str] = ((), "")
    """(risk areas in full, the risk in a phrase)."""
    aim: tuple[str, int] | None = None
    """How we will know it worked: (the value or status to reach, by: days before today)."""
    experience: ExperienceParts | None = None
    investment: Investment | None = None


@dataclass(frozen=True)
class Outcome:
    """An update to an action: at matters arising, or by its owner between meetings."""

    status: ActionStatus
    note: str = ""
    evidence: str = ""
    new_due: int | None = None
    verdict: Verdict | None = None
    """Did it work? (an action on a metric): default worked when done, else too early."""
    """New due date, in days before today."""


@dataclass(frozen=True)
class Held:
    """One past meeting: its type, when (days before today), what it saw and decided."""

    type_id: str
    days_ago: int
    readings: dict[str, tuple[float, int]] = field(default_factory=dict)
    """metric id -> (value, streak); every other metric of the section reads green."""
    decisions: dict[str, Step] = field(default_factory=dict)
    """metric id (or 'aob:<title>' / 'escalation') -> the decision taken."""
    outcomes: dict[str, Outcome] = field(default_factory=dict)
    """action description -> its update at matters arising (default: done, with evidence)."""
    amendments: str | None = None


DONE = Outcome(ActionStatus.DONE, evidence="Done; confirmed at the meeting")

# Calls missed in queue, the demo's persistent red: RED since June (see sample/gen/story.py).
AUG, SEP, OCT = (15.8, 3), (17.6, 4), (18.7, 5)
CALLBACK = "Business case for a call-back system"

MEETINGS: tuple[Held, ...] = (
    Held("cqc-readiness", 170),
    Held(
        "cqc-readiness",
        85,
        readings={"gpps-overall-good": (72.0, 1)},
        decisions={
            "gpps-overall-good": Step(
                DecisionKind.ACT,
                "Getting through by phone drives the survey score",
                actions=(
                    (
                        "Add online consultation hours to the phone message and website",
                        "jm",
                        60,
                        "monthly-management",
                    ),
                ),
                cause="Patients cannot get through at 08:00 and do not know the online route",
                risk=(("patient experience", "reputation"), "patients give up on contacting us"),
                aim=("75% or more (GREEN) in the next survey", -280),
                experience=ExperienceParts(
                    patients_say="GPPS good overall experience 72.0% (AMBER); Friends and "
                    "Family 88% positive; comments: 'impossible to get through at 8'",
                    data_shows="Calls missed in queue 15.8% (RED, 3 periods); calls answered "
                    "63%; online consultation requests within their band",
                    in_control="The 08:00 phone rota; telling patients about online "
                    "consultations; a call-back option",
                    constrained="National shortage of GPs; the ICB's telephony contract and "
                    "funding timetable",
                    will_change="Put online consultation hours on the phone message and "
                    "website; re-plan the 08:00 rota",
                    measure="Calls missed in queue below 15% within 3 months; GPPS good "
                    "overall 75% or more in the next survey",
                ),
            )
        },
    ),
    Held(
        "monthly-management",
        58,
        readings={
            "dna-rate": (4.55, 1),
            "qof-value-at-risk": (86000.0, 2),
            "claims-outstanding": (5500.0, 1),
            "training-compliance": (89.0, 1),
        },
        decisions={
            "qof-value-at-risk": Step(
                DecisionKind.ACT,
                "Recall lists not run since August",
                cause="The data lead was on leave; nobody else runs the recall searches",
                risk=(("income",), "£86k of QOF income at risk by 31 March"),
                aim=("below £40,000", -60),
                actions=(("Run AF008 and CHOL003 recall lists", "lc", 30, None),),
            ),
            "claims-outstanding": Step(
                DecisionKind.DEFER, "Claims lead on leave until October", review=30, owner="sp"
            ),
            "training-compliance": Step(
                DecisionKind.ACT,
                "Safeguarding level 3 lapsed for new starters",
                cause="New starters are not added to the training tracker on arrival",
                risk=(("CQC / regulatory", "patient safety"), "untrained staff on safeguarding"),
                aim=("GREEN (95% or more)", 0),
                actions=(("Book overdue safeguarding level 3 training", "rk", 35, None),),
            ),
        },
    ),
    Held(
        "weekly-ops",
        56,
        readings={MISSED: AUG, "overdue-monitoring": (28.0, 1)},
        decisions={
            MISSED: Step(
                DecisionKind.ACT,
                "Too few people on the phones at 08:00",
                cause="Two receptionists left in the summer; the 08:00 rota was not re-planned",
                risk=(
                    ("patient safety", "patient experience"),
                    "urgent calls wait or give up at the 08:00 peak",
                ),
                aim=("below 15% (AMBER)", 28),
                actions=(("Move two receptionists to the 08:00 phone rota", "jm", 49, None),),
            ),
            "overdue-monitoring": Step(
                DecisionKind.ACT,
                "Recall letters not sent in the summer",
                cause="The recall letters stopped when the admin post was vacant",
                risk=(("patient safety",), "patients on high-risk drugs without monitoring"),
                aim=("below 10 (GREEN)", 21),
                actions=(
                    ("Recall patients overdue lithium and methotrexate monitoring", "tb", 42, None),
                ),
            ),
            "aob:Flu clinic Saturday staffing": Step(
                DecisionKind.ACT,
                "Two clinics short of a nurse",
                actions=(("Confirm nurse cover for the Saturday flu clinics", "rk", 49, None),),
            ),
        },
    ),
    Held(
        "partners",
        50,
        readings={"qof-value-at-risk": (86000.0, 2), "claims-unreconciled": (9000.0, 1)},
        decisions={
            "qof-value-at-risk": Step(
                DecisionKind.ACCEPT,
                "AF008 cannot reach the upper threshold before 31 March",
                owner="lc",
            ),
            "claims-unreconciled": Step(
                DecisionKind.ACT,
                "ARRS claims unpaid since July",
                actions=(("Chase the ICB for unreconciled ARRS claims", "sp", 22, None),),
            ),
        },
    ),
    Held(
        "weekly-ops",
        49,
        readings={MISSED: SEP, "overdue-monitoring": (22.0, 2)},
        decisions={
            MISSED: Step(
                DecisionKind.QUERY_DATA,
                "The CBT export may count transferred calls twice",
                cause="The data is in doubt: transferred calls may be counted twice",
                risk=(("patient experience",), "acting on a number that may be wrong"),
                review=35,
                actions=(
                    ("Check the CBT export against the phone system's report", "lc", 38, None),
                ),
            )
        },
    ),
    Held(
        "clinical-governance",
        43,
        readings={"overdue-monitoring": (12.0, 3), "complaints-over-target": (1.0, 1)},
        decisions={
            "overdue-monitoring": Step(
                DecisionKind.MONITOR,
                "Recall under way; expected below 10 next month",
                review=15,
                owner="rk",
            ),
            "complaints-over-target": Step(
                DecisionKind.ACCEPT, "The complaint is with the Ombudsman", owner="sp"
            ),
        },
    ),
    Held(
        "weekly-ops",
        42,
        readings={MISSED: SEP, "overdue-monitoring": (19.0, 3)},
        decisions={
            MISSED: Step(
                DecisionKind.ACT,
                "Rota change alone has not moved it",
                cause="Demand at 08:00 exceeds what any rota of four can answer",
                risk=(("patient safety", "reputation"), "complaints about getting through"),
                aim=("below 15% (AMBER)", -30),
                actions=((CALLBACK, "jm", 35, None),),
            )
        },
    ),
    Held(
        "weekly-ops",
        35,
        readings={MISSED: SEP},
        decisions={
            MISSED: Step(
                DecisionKind.MONITOR, "Export checked; new rota settling in", review=28, owner="jm"
            )
        },
        outcomes={CALLBACK: Outcome(ActionStatus.IN_PROGRESS, "Quotes requested", new_due=28)},
    ),
    Held(
        "monthly-management",
        30,
        amendments="Dr Okafor sent apologies (not recorded as present).",
        readings={
            "dna-rate": (4.8, 2),
            "claims-outstanding": (6200.0, 2),
            "complaints-over-target": (2.0, 1),
        },
        decisions={
            "claims-outstanding": Step(
                DecisionKind.ESCALATE,
                "Backlog needs more admin hours",
                cause="One part-time claims administrator for the whole practice",
                risk=(("income",), "£6,200 of earned income unclaimed"),
                aim=("below £2,000", -30),
                escalate_to="partners",
                owner="sp",
            ),
            "complaints-over-target": Step(
                DecisionKind.ACT,
                "Two responses overdue",
                actions=(("Close the two complaints past their target date", "sp", 10, None),),
            ),
        },
    ),
    Held(
        "weekly-ops",
        28,
        readings={MISSED: SEP},
        decisions={
            MISSED: Step(
                DecisionKind.ACT,
                "Patients do not know online consultations are open",
                actions=(
                    ("Publish online consultation hours on the phone message", "jm", 21, None),
                ),
            )
        },
        outcomes={
            CALLBACK: Outcome(ActionStatus.IN_PROGRESS, "Two quotes in; third awaited", new_due=21)
        },
    ),
    Held(
        "partners",
        22,
        readings={"qof-value-at-risk": (72000.0, 3)},
        decisions={
            "aob:Advanced nurse practitioner for same-day access": Step(
                DecisionKind.INVESTMENT,
                review=-8,
                investment=Investment(
                    problem="Same-day demand at 08:00 outstrips GP capacity; calls queue",
                    income="ARRS reimbursement for the role, within the PCN's allocation",
                    supervision="Named GP supervisor each session; weekly debrief with Dr Okafor",
                    work_released="About 40 same-day appointments a week taken off GP lists",
                    risk_reduced="Urgent calls waiting at the 08:00 peak; GP burnout",
                    success="Calls missed in queue below 10% and same-day GP appointments "
                    "down 15% within 6 months",
                ),
            ),
            "escalation": Step(
                DecisionKind.ACT,
                "Agreed: claims are income we have earned",
                actions=(("Approve six extra admin hours a week for claims", "ao", 10, None),),
            ),
        },
        outcomes={
            "Chase the ICB for unreconciled ARRS claims": Outcome(
                ActionStatus.IN_PROGRESS, "ICB query raised; reply promised", new_due=-7
            )
        },
    ),
    Held(
        "weekly-ops",
        21,
        readings={MISSED: OCT},
        decisions={
            MISSED: Step(
                DecisionKind.ACT,
                "Queue still over 15% at 08:00",
                cause="Callers queue on one line while a second is free",
                risk=(("patient safety", "patient experience"), "urgent calls not answered"),
                aim=("below 15% (AMBER)", 0),
                actions=(("Add a temporary second phone line at 08:00", "jm", 10, None),),
            )
        },
        outcomes={CALLBACK: Outcome(ActionStatus.IN_PROGRESS, "Business case drafted", new_due=14)},
    ),
    Held(
        "clinical-governance",
        15,
        readings={"training-compliance": (94.0, 1)},
        decisions={
            "training-compliance": Step(
                DecisionKind.ACT,
                "Fire safety lapsed for four staff",
                actions=(("Chase four staff with expired fire safety training", "rk", -10, None),),
            )
        },
    ),
    Held(
        "weekly-ops",
        14,
        readings={MISSED: OCT},
        decisions={
            MISSED: Step(
                DecisionKind.ESCALATE,
                "Five months RED despite rota changes: needs investment",
                cause="Demand has outgrown the phone system; staffing changes have not moved it",
                risk=(
                    ("patient safety", "reputation", "CQC / regulatory"),
                    "responsive care at risk; complaints rising",
                ),
                aim=("below 10% (GREEN)", -90),
                escalate_to="partners",
                owner="ao",
            ),
            "aob:Chaperone policy review": Step(
                DecisionKind.ACT,
                "Policy out of date",
                actions=(("Update the chaperone policy", "rk", 3, None),),
            ),
        },
        outcomes={
            CALLBACK: Outcome(ActionStatus.BLOCKED, "Waiting for the ICB digital funding decision")
        },
    ),
    Held(
        "weekly-ops",
        7,
        readings={MISSED: OCT, "overdue-monitoring": (27.0, 1)},
        decisions={
            MISSED: Step(
                DecisionKind.MONITOR,
                "Escalated to the partners; temporary line in place",
                review=0,
                owner="jm",
            ),
            "overdue-monitoring": Step(
                DecisionKind.ACT,
                "DOAC searches not run since September",
                cause="The DOAC search was not moved to the new clinical system",
                risk=(("patient safety",), "anticoagulated patients without kidney checks"),
                aim=("below 10 (GREEN)", -28),
                actions=(("Audit DOAC monitoring searches", "tb", 0, None),),
            ),
        },
        outcomes={
            CALLBACK: Outcome(
                ActionStatus.IN_PROGRESS, "ICB funding agreed in principle", new_due=0
            ),
            "Add a temporary second phone line at 08:00": Outcome(
                ActionStatus.DONE, evidence="Line live since 16 November; queue at 08:00 down"
            ),
        },
    ),
    Held("daily-huddle", 3, readings={MISSED: OCT}),
    Held("daily-huddle", 2, readings={MISSED: OCT}),
    Held(
        "daily-huddle",
        1,
        readings={MISSED: OCT},
        decisions={
            "aob:Locum cancelled this afternoon": Step(
                DecisionKind.ACT,
                "Twelve patients to rebook",
                actions=(("Rebook the afternoon's patients with the duty GP", "jm", 0, None),),
            )
        },
    ),
)
"""The meetings, oldest first."""

BETWEEN: tuple[tuple[int, str, Outcome], ...] = (
    (
        33,
        "Run AF008 and CHOL003 recall lists",
        Outcome(ActionStatus.DONE, evidence="Recall lists run; 48 invitations sent"),
    ),
    (
        1,
        "Rebook the afternoon's patients with the duty GP",
        Outcome(ActionStatus.DONE, evidence="All twelve rebooked within the week"),
    ),
)
"""Updates by owners between meetings: (days before today, action, outcome)."""


@dataclass
class History:
    """What was seeded: action ids by description, the escalation still waiting."""

    meetings: int = 0
    actions: dict[str, int] = field(default_factory=dict)
    waiting_escalation_id: int | None = None


def green_value(metric: Metric) -> float:
    """A value comfortably inside the metric's expected range."""
    t = metric.thresholds
    if t.direction == "band" and t.target_low is not None and t.target_high is not None:
        return (t.target_low + t.target_high) / 2
    level = next((v for v in (t.amber, t.red, t.critical) if v is not None), None)
    if level is None:
        return 0.0
    margin = abs(level) * 0.15 or 1.0
    value = level + margin if t.direction == "higher" else max(level - margin, 0.0)
    if metric.unit == "%":
        value = min(value, 99.0)
    value = round(value, metric.precision)
    if t.classify(value) is not Status.GREEN and t.direction == "lower":
        value = 0.0  # a count whose first alert level is 1
    return value


def reading_of(metric: Metric, value: float, streak: int, day: dt.date) -> Reading:
    """A reading as the data layer would have made it on `day` (the month before's data)."""
    t = metric.thresholds
    status = t.classify(value)
    earlier = green_value(metric)
    trend = (earlier,) * max(0, 4 - streak) + (value,) * max(streak, 1)
    month_end = day.replace(day=1) - dt.timedelta(days=1)
    return Reading(
        metric_id=metric.id,
        title=metric.title,
        unit=metric.unit,
        precision=metric.precision,
        value=value,
        status=status,
        thresholds=t,
        period_end=month_end,
        trend=trend,
        trend_statuses=tuple(t.classify(v) for v in trend),
        as_of=month_end,
        streak=streak if status.severity > 0 else 0,
        source_file="(seeded history)",
    )


def seed_history(
    service_factory: ServiceFactory, config: ChairConfig, today: dt.date
) -> History | None:
    """Hold the past meetings on the database behind `service_factory`; None (and nothing
    done) if it already has meetings.

    One service is opened per login and moved through the days by setting its `today`: the
    same as opening one per day, but SQLAlchemy's statement cache (per engine) is reused, which
    makes seeding several times faster.
    """
    chair = next(p for p in config.people if p.chair)
    logins = {p.id: p.login for p in config.people}
    services: dict[str, ChairService] = {}

    def on(day: dt.date, login: str) -> ChairService:
        if login not in services:
            services[login] = service_factory(day, login)
            services[login].watch.keep_readings()  # each dashboard read once in the run
            services[login].exceptions.keep_sources()  # and each tracker
        services[login].store.today = day
        return services[login]

    history = History()
    try:
        if on(today, chair.login).meetings.newest_first():
            return None
        first = today - dt.timedelta(days=max(h.days_ago for h in MEETINGS))
        _import_register(on(first, chair.login), config)
        between = sorted(BETWEEN, key=lambda item: -item[0])
        for held in MEETINGS:
            while between and between[0][0] > held.days_ago:
                _owner_update(on, logins, today, history, *between.pop(0))
            _hold(
                on(today - dt.timedelta(days=held.days_ago), chair.login),
                config,
                today,
                held,
                history,
            )
        for item in between:
            _owner_update(on, logins, today, history, *item)
        _except(on(today, chair.login))
    finally:
        for service in services.values():
            service.close()
    return history


WATCH_NOTE = ("noted", "Watched: back to the next operational meeting if it is still AMBER")
WATCH_NOTES = {
    "dna-rate": ("act", "Text reminders re-enabled for nurse clinics; Jo checks in two weeks"),
    "training-compliance": ("act", "Sam books the missing courses; leavers come off the tracker"),
    "answered-share": ("noted", "Seasonal peak; the callback pilot should lift it"),
}
"""What the weekly meeting said of each AMBER on its watch list (the rest: WATCH_NOTE)."""

RISK_NOTE = "Reviewed: controls in place and working; score unchanged"
RISK_NOTES = {
    "R01": "Callback pilot reduces the 08:00 peak; keep at 12 until the winter is over",
    "R02": "Locums booked to March; salaried GP interviews next month; score unchanged",
    "R03": "ICB query answered; two of three claims paid; likelihood down next review",
}


def _import_register(service: ChairService, config: ChairConfig) -> None:
    """The practice's register, taken into Chair once (its own file is only read)."""
    from pathlib import Path

    path = next((config.source_path(s) for s, src in config.sources.items()
                 if src.format == "risk-register"), None)  # fmt: skip
    if path is not None and Path(path).is_file():
        service.risks.import_file(Path(path))


EXCEPTIONS = (
    ("overdue-monitoring", "DOAC monitoring (CrCl-based)", "housebound", "", 2, 60),
    ("overdue-monitoring", "DOAC monitoring (CrCl-based)", "under secondary care", "", 1, 90),
    ("training-compliance", "Ellie Turner · Fire safety", "left the practice", "", 1, 180),
)
"""Rows staff know should not count: (metric, row, reason, words, count, days to expiry)."""


def _except(service: ChairService) -> None:
    """The exceptions staff recorded at the latest meeting (skipped where the row is gone)."""
    from domain.exceptions import RowException
    from storage.errors import UserError

    latest = service.meetings.newest_first()
    meeting_id = latest[0].id if latest else None
    for metric_id, row, reason, note, count, days in EXCEPTIONS:
        exception = RowException(
            None, metric_id, row, reason, service.today + dt.timedelta(days=days), note, count
        )
        try:
            service.exceptions.add(exception, meeting_id)
        except UserError:
            continue  # the tracker has moved on: that row is no longer behind the number


def _owner_update(
    on: ServiceFactory,
    logins: dict[str, str],
    today: dt.date,
    history: History,
    days_ago: int,
    description: str,
    outcome: Outcome,
) -> None:
    day = today - dt.timedelta(days=days_ago)
    action = on(day, "").actions.get(history.actions[description])
    _apply(on(day, logins[action.owner_id or ""]), action, outcome, today, None)


def _reading_now(
    config: ChairConfig, held: Held, metric_id: str | None, day: dt.date
) -> Snapshot | None:
    """The reading the meeting saw of an action's metric when it came back."""
    metric = config.metric(metric_id) if metric_id else None
    if metric is None:
        return None
    value, streak = held.readings.get(metric.id, (green_value(metric), 0))
    return snapshot_of(reading_of(metric, value, streak, day))


def _apply(
    service: ChairService,
    action: Action,
    outcome: Outcome,
    today: dt.date,
    meeting_id: int | None,
    reading_now: Snapshot | None = None,
) -> None:
    assert action.id is not None
    service.actions.update(
        action.id,
        action.version,
        outcome.status,
        note=outcome.note,
        evidence=outcome.evidence,
        new_due=None if outcome.new_due is None else today - dt.timedelta(days=outcome.new_due),
        meeting_id=meeting_id,
        verdict=_verdict(action, outcome) if meeting_id is not None else None,
        reading_now=reading_now,
    )


def _verdict(action: Action, outcome: Outcome) -> Verdict | None:
    if not action.metric_id or outcome.status is ActionStatus.DROPPED:
        return None
    if outcome.verdict is not None:
        return outcome.verdict
    return Verdict.WORKED if outcome.status is ActionStatus.DONE else Verdict.TOO_EARLY


def _decision(
    held: Held,
    key: str,
    step: Step,
    section_key: SectionKey,
    today: dt.date,
    reading: Reading | None,
    title: str,
) -> Decision:
    def day(days_ago: int | None) -> dt.date | None:
        return None if days_ago is None else today - dt.timedelta(days=days_ago)

    return Decision(
        id=None,
        section_key=section_key,
        kind=step.kind,
        metric_id=reading.metric_id if reading else None,
        title=title,
        data_shows=f"{title}: {reading.display_value} ({reading.status.word})" if reading else "",
        reason=step.reason,
        review_date=day(step.review),
        escalate_to=step.escalate_to,
        escalation_owner_id=step.owner,
        snapshot=snapshot_of(reading) if reading else None,
        not_escalated_reason=(
            "Handled by the practice this week"
            if reading
            and reading.status is Status.CRITICAL
            and step.kind is not DecisionKind.ESCALATE
            else ""
        ),
        cause=step.cause,
        risk_areas=step.risk[0],
        risk=step.risk[1],
        success=SuccessMeasure(
            reading.metric_id if reading else None, step.aim[0], day(step.aim[1])
        )
        if step.aim
        else None,
        experience=step.experience,
        investment=step.investment,
        actions=tuple(
            Action(
                id=None,
                description=text,
                owner_id=owner,
                due=day(due),
                review_meeting_type=route or held.type_id,
            )
            for text, owner, due, route in step.actions
        ),
    )


def _hold(
    service: ChairService, config: ChairConfig, today: dt.date, held: Held, history: History
) -> None:
    meeting = service.meetings.start(held.type_id, present=("sp", "jm", "lc"), apologies=("tb",))
    history.meetings += 1
    for section in meeting.sections:
        key = section.key
        readings: list[Reading] | None = None
        if key == "previous-minutes" and meeting.previous_meeting_id is not None:
            service.minutes.approve_previous(meeting.id, held.amendments)
        elif key == "matters-arising":
            day = today - dt.timedelta(days=held.days_ago)
            for action in service.arising.actions_due_back(meeting.id):
                now = _reading_now(config, held, action.metric_id, day)
                outcome = held.outcomes.get(action.description, DONE)
                _apply(service, action, outcome, today, meeting.id, now)
        elif key == "watch-list":
            for watched in service.watch.items():
                kind, note = WATCH_NOTES.get(watched.metric_id, WATCH_NOTE)
                service.watch.note(meeting.id, watched, kind, note)
        elif key == "risk-register":
            day = today - dt.timedelta(days=held.days_ago)
            for risk in service.risks.all():
                if risk.due_review(day):
                    service.risks.review(
                        risk.id or 0, RISK_NOTES.get(risk.ref, RISK_NOTE), meeting.id
                    )
        elif key == "escalations-in":
            for escalation in service.arising.escalations_in(meeting.id):
                step = held.decisions.get("escalation")
                if step is None:
                    history.waiting_escalation_id = escalation.id
                    continue
                decision = _decision(held, "escalation", step, key, today, None, escalation.title)
                saved = service.decisions.record(
                    meeting.id, replace(decision, answers_escalation_id=escalation.id)
                )
                history.actions.update({a.description: a.id for a in saved.actions if a.id})
        elif key == "aob":
            for name, step in held.decisions.items():
                if name.startswith("aob:"):
                    item = service.meetings.add_aob(meeting.id, name.removeprefix("aob:"))
                    decision = _decision(held, name, step, key, today, None, item.title)
                    saved = service.decisions.record(meeting.id, decision, aob_item_id=item.id)
                    history.actions.update({a.description: a.id for a in saved.actions if a.id})
        elif key.is_dashboard:
            day = today - dt.timedelta(days=held.days_ago)
            readings = []
            for metric in config.metrics_for(key.dashboard):
                value, streak = held.readings.get(metric.id, (green_value(metric), 0))
                readings.append(reading_of(metric, value, streak, day))
            for reading in readings:
                step = held.decisions.get(reading.metric_id)
                if step is not None:
                    decision = _decision(
                        held, reading.metric_id, step, key, today, reading, reading.title
                    )
                    saved = service.decisions.record(meeting.id, decision, reading.status.word)
                    history.actions.update({a.description: a.id for a in saved.actions if a.id})
                    if step.kind is DecisionKind.ESCALATE:
                        history.waiting_escalation_id = saved.id  # the latest is still waiting
        unmet = service.sections.move_on(meeting.id, readings).unmet
        if unmet:
            raise RuntimeError(
                f"seeded {held.type_id} meeting stopped at {key}: {unmet[0].message}"
            )
    service.close()
