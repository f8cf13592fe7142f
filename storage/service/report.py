"""`chair report dashboards`: which metrics the meetings look at, and which ones change anything.

Per configured metric: at how many meetings it was shown (the readings kept with each closed
section), how often it breached (status at or above the meeting type's decide_at), how many
decisions and actions it produced, and when it was last shown and last decided on. A metric
that has produced no decision for `[review] retire_after_days` is a candidate to retire: a
number nobody acts on is not worth the meeting's time.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from config.models import ChairConfig
from domain.records import Verdict
from domain.status import Status
from domain.words import counted
from storage.database.models import ActionRow, ActionUpdateRow, DecisionRow, MeetingRow, SectionRow

FIELDS = (
    "metric_id",
    "title",
    "dashboard",
    "layer",
    "meetings_shown",
    "breaches",
    "decisions",
    "actions",
    "worked",
    "no_change",
    "worse",
    "too_early",
    "last_shown",
    "last_decided",
    "retire_candidate",
    "note",
)


@dataclass(frozen=True)
class MetricUsage:
    """How one metric has been used by the practice's meetings."""

    metric_id: str
    title: str
    dashboard: str
    meetings_shown: int
    breaches: int
    """Meetings at which it was at or above that meeting type's decision level."""
    decisions: int
    actions: int
    last_shown: dt.date | None
    last_decided: dt.date | None
    retire_candidate: bool
    note: str = ""
    """Why it is (or is not yet) a candidate to retire, in words."""
    layer: str = "management"
    """The layer it serves (its own, else its dashboard's)."""
    verdicts: Mapping[str, int] = field(default_factory=dict)
    """Did it work? Per verdict ('worked', 'no change', 'worse', 'too early'): how many of the
    actions raised on it were last judged so when they came back."""

    @property
    def verdict_words(self) -> str:
        """'2 worked, 1 no change' (zeros left out), or '' when no action was judged."""
        return ", ".join(
            f"{self.verdicts[v.value]} {v.value}" for v in Verdict if self.verdicts.get(v.value)
        )

    def as_record(self) -> dict[str, object]:
        return {
            "metric_id": self.metric_id,
            "title": self.title,
            "dashboard": self.dashboard,
            "layer": self.layer,
            "meetings_shown": self.meetings_shown,
            "breaches": self.breaches,
            "decisions": self.decisions,
            "actions": self.actions,
            **{v.value.replace(" ", "_"): self.verdicts.get(v.value, 0) for v in Verdict},
            "last_shown": self.last_shown.isoformat() if self.last_shown else None,
            "last_decided": self.last_decided.isoformat() if self.last_decided else None,
            "retire_candidate": self.retire_candidate,
            "note": self.note,
        }


def _status(word: object) -> Status | None:
    try:
        return Status(str(word))
    except ValueError:
        return None


def dashboard_usage(session: Session, config: ChairConfig, today: dt.date) -> list[MetricUsage]:
    """Usage of every configured metric, in config order."""
    decide_at = {m.id: m.decide_status for m in config.meeting_types}
    shown: dict[str, set[int]] = {}
    breached: dict[str, set[int]] = {}
    last_shown: dict[str, dt.date] = {}
    sections = session.execute(
        select(MeetingRow.id, MeetingRow.meeting_type, MeetingRow.date, SectionRow.readings)
        .join(SectionRow, SectionRow.meeting_id == MeetingRow.id)
        .where(SectionRow.readings.is_not(None))
    ).all()
    for meeting_id, meeting_type, date, readings in sections:
        level = decide_at.get(meeting_type, Status.RED)
        for row in json.loads(readings or "[]"):
            metric_id = str(row.get("metric_id"))
            shown.setdefault(metric_id, set()).add(meeting_id)
            if date > last_shown.get(metric_id, dt.date.min):
                last_shown[metric_id] = date
            status = _status(row.get("status"))
            if status is not None and status.severity > 0 and status.at_least(level):
                breached.setdefault(metric_id, set()).add(meeting_id)
    decisions = {
        metric_id: (count, last)
        for metric_id, count, last in session.execute(
            select(DecisionRow.metric_id, func.count(DecisionRow.id), func.max(MeetingRow.date))
            .join(MeetingRow, MeetingRow.id == DecisionRow.meeting_id)
            .where(DecisionRow.metric_id.is_not(None), DecisionRow.superseded.is_(False))
            .group_by(DecisionRow.metric_id)
        ).all()
    }
    recent = set(
        session.scalars(
            select(DecisionRow.metric_id)
            .join(MeetingRow, MeetingRow.id == DecisionRow.meeting_id)
            .where(
                DecisionRow.superseded.is_(False),
                MeetingRow.date >= today - dt.timedelta(days=config.review.retire_after_days),
            )
        ).all()
    )
    actions = dict(
        session.execute(
            select(ActionRow.metric_id, func.count(ActionRow.id))
            .where(ActionRow.metric_id.is_not(None))
            .group_by(ActionRow.metric_id)
        ).all()
    )
    verdicts = _verdicts(session)
    first_meeting = session.scalar(select(func.min(MeetingRow.date)))
    window = config.review.retire_after_days
    enough_history = first_meeting is not None and (today - first_meeting).days >= window
    result = []
    for metric in config.metrics:
        count, last_decided = decisions.get(metric.id, (0, None))
        times_shown = len(shown.get(metric.id, ()))
        candidate = enough_history and metric.id not in recent
        if candidate:
            note = f"no decision in {window} days (shown at {counted(times_shown, 'meeting')})"
        elif not enough_history:
            note = f"less than {window} days of meetings recorded"
        else:
            note = ""
        result.append(
            MetricUsage(
                metric_id=metric.id,
                title=metric.title,
                dashboard=metric.dashboard,
                meetings_shown=times_shown,
                breaches=len(breached.get(metric.id, ())),
                decisions=int(count),
                actions=int(actions.get(metric.id, 0)),
                last_shown=last_shown.get(metric.id),
                last_decided=last_decided,
                retire_candidate=candidate,
                note=note,
                layer=config.layer_of(metric),
                verdicts=verdicts.get(metric.id, {}),
            )
        )
    return result


def _verdicts(session: Session) -> dict[str, dict[str, int]]:
    """Metric id -> verdict -> how many actions on it were last judged so (each action's
    latest verdict counts once: 'too early' then 'worked' is one that worked)."""
    latest: dict[int, tuple[str, str]] = {}
    for action_id, metric_id, verdict in session.execute(
        select(ActionUpdateRow.action_id, ActionRow.metric_id, ActionUpdateRow.verdict)
        .join(ActionRow, ActionRow.id == ActionUpdateRow.action_id)
        .where(ActionRow.metric_id.is_not(None), ActionUpdateRow.verdict.is_not(None))
        .order_by(ActionUpdateRow.id)
    ).all():
        if metric_id and verdict:
            latest[action_id] = (metric_id, verdict)
    counts: dict[str, dict[str, int]] = {}
    for metric_id, verdict in latest.values():
        per = counts.setdefault(metric_id, {})
        per[verdict] = per.get(verdict, 0) + 1
    return counts
