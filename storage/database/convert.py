"""ORM rows to plain domain records (rows never leave a unit of work)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any, TypeVar

from domain.gate import Acknowledgement
from domain.in_full import ExperienceParts, Investment, SuccessMeasure
from domain.keys import SectionKey
from domain.minutes_input import MetricRow
from domain.readings import DetailTable
from domain.records import (
    Action,
    ActionStatus,
    ActionUpdate,
    AobItem,
    Decision,
    DecisionKind,
    Meeting,
    MeetingState,
    MinutesState,
    SectionRecord,
    Snapshot,
    Verdict,
)
from domain.status import Status
from storage.database.models import (
    AcknowledgementRow,
    ActionRow,
    ActionUpdateRow,
    AobItemRow,
    DecisionRow,
    MeetingRow,
    SectionRow,
)


def _ids(text: str) -> tuple[str, ...]:
    return tuple(item for item in text.split(",") if item)


def section(row: SectionRow) -> SectionRecord:
    return SectionRecord(
        key=SectionKey.parse(row.key),
        title=row.title,
        time_box_minutes=row.time_box_minutes,
        seconds_spent=row.seconds_spent,
        closed=row.closed,
    )


def action_update(row: ActionUpdateRow) -> ActionUpdate:
    return ActionUpdate(
        when=row.when,
        by_login=row.by_login,
        status=ActionStatus(row.status),
        note=row.note,
        new_due=row.new_due,
        evidence=row.evidence,
        verdict=Verdict(row.verdict) if row.verdict else None,
        reading_now=snapshot_from_json(row.reading_now),
    )


def action(row: ActionRow, updates: list[ActionUpdateRow] | None = None) -> Action:
    return Action(
        id=row.id,
        description=row.description,
        owner_id=row.owner_id,
        due=row.due,
        review_meeting_type=row.review_meeting_type,
        status=ActionStatus(row.status),
        decision_id=row.decision_id,
        meeting_id=row.meeting_id,
        metric_id=row.metric_id,
        evidence=row.evidence,
        carried=row.carried,
        created=row.created,
        completed=row.completed,
        version=row.version,
        updates=tuple(action_update(u) for u in updates or ()),
    )


def snapshot_to_json(snapshot: Snapshot | None) -> str | None:
    if snapshot is None:
        return None
    data = dataclasses.asdict(snapshot)
    data["as_of"] = snapshot.as_of.isoformat() if snapshot.as_of else None
    return json.dumps(data, sort_keys=True)


def snapshot_from_json(text: str | None) -> Snapshot | None:
    if not text:
        return None
    data: dict[str, Any] = json.loads(text)
    data["as_of"] = dt.date.fromisoformat(data["as_of"]) if data.get("as_of") else None
    return Snapshot(**data)


def decision(row: DecisionRow, actions: list[Action]) -> Decision:
    return Decision(
        id=row.id,
        section_key=SectionKey.parse(row.section_key),
        kind=DecisionKind(row.kind),
        metric_id=row.metric_id,
        title=row.title,
        data_shows=row.data_shows,
        reason=row.reason,
        review_date=row.review_date,
        escalate_to=row.escalate_to,
        escalation_owner_id=row.escalation_owner_id,
        not_escalated_reason=row.not_escalated_reason,
        snapshot=snapshot_from_json(row.snapshot),
        actions=tuple(actions),
        created=row.created,
        answers_escalation_id=row.escalated_from_id,
        cause=row.cause or "",
        risk_areas=tuple(a for a in (row.risk_areas or "").split(",") if a),
        risk=row.risk or "",
        success=_success(row),
        experience=_shape(row.shape, "experience", ExperienceParts),
        investment=_shape(row.shape, "investment", Investment),
    )


def _success(row: DecisionRow) -> SuccessMeasure | None:
    if not (row.success_metric or row.success_target or row.success_by):
        return None
    return SuccessMeasure(row.success_metric, row.success_target or "", row.success_by)


_Shape = TypeVar("_Shape", ExperienceParts, Investment)


def _shape(text: str | None, key: str, kind: type[_Shape]) -> _Shape | None:
    if not text:
        return None
    data = json.loads(text).get(key)
    return kind(**data) if isinstance(data, dict) else None


def in_full_columns(decision: Decision) -> dict[str, Any]:
    """The DecisionRow columns of a decision in full (cause, risk, success measure, shape)."""
    success = decision.success
    shape: dict[str, Any] = {}
    if decision.experience is not None:
        shape["experience"] = dataclasses.asdict(decision.experience)
    if decision.investment is not None:
        shape["investment"] = dataclasses.asdict(decision.investment)
    return {
        "cause": decision.cause,
        "risk_areas": ",".join(decision.risk_areas),
        "risk": decision.risk,
        "success_metric": success.metric_id if success else None,
        "success_target": success.target if success else "",
        "success_by": success.by if success else None,
        "shape": json.dumps(shape, sort_keys=True) if shape else None,
    }


def in_full_texts(decision: Decision) -> dict[str, str]:
    """The free text of a decision in full, by field, for the patient-identifier check."""
    texts = {"cause": decision.cause, "risk": decision.risk}
    if decision.success is not None:
        texts["success_target"] = decision.success.target
    for prefix, shape in (("experience", decision.experience), ("investment", decision.investment)):
        if shape is not None:
            texts.update({f"{prefix}.{k}": v for k, v in dataclasses.asdict(shape).items()})
    return texts


def acknowledgement(row: AcknowledgementRow) -> Acknowledgement:
    return Acknowledgement(
        id=row.id,
        metric_id=row.metric_id,
        owner_id=row.owner_id,
        reason=row.reason,
        expires=row.expires,
        status_at_ack=Status(row.status_at_ack),
        meeting_id=row.meeting_id,
        created=row.created,
        by_login=row.by_login,
    )


def aob_item(row: AobItemRow, item_decision: Decision | None) -> AobItem:
    return AobItem(
        id=row.id, title=row.title, raised_by_id=row.raised_by_id, decision=item_decision
    )


def meeting(
    row: MeetingRow, decisions: tuple[Decision, ...] = (), aob: tuple[AobItem, ...] = ()
) -> Meeting:
    return Meeting(
        id=row.id,
        meeting_type=row.meeting_type,
        date=row.date,
        state=MeetingState(row.state),
        chair_id=row.chair_id,
        practice_code=row.practice_code,
        present=_ids(row.present),
        apologies=_ids(row.apologies),
        guests=tuple(name for name in (row.guests or "").splitlines() if name.strip()),
        current_section=row.current_section,
        highlighted_row=row.highlighted_row,
        elapsed_seconds=row.elapsed_seconds,
        timer_paused=row.timer_paused,
        sections=tuple(section(s) for s in row.sections),
        decisions=decisions,
        aob=aob,
        minutes_state=MinutesState(row.minutes_state),
        minutes_hash=row.minutes_hash,
        started=row.started,
        closed=row.closed,
        next_meeting=row.next_meeting,
        previous_meeting_id=row.previous_meeting_id,
        abandoned=row.abandoned,
    )


def metric_row_data(row: MetricRow) -> dict[str, object]:
    """A reviewed metric as kept with its section (SectionRow.readings, JSON): the stored form."""
    return {
        "metric_id": row.metric_id,
        "title": row.title,
        "value": row.value,
        "status": row.status,
        "trend": list(row.trend),
        "as_of": row.as_of.isoformat() if row.as_of else None,
        "streak": row.streak,
        "reason": row.note,
        "variation": row.variation,
        "peers": row.peers,
        "tables": [
            {"title": t.title, "headers": list(t.headers), "rows": [list(r) for r in t.rows],
             "note": t.note}
            for t in row.tables
        ],
    }  # fmt: skip


def metric_row(data: dict[str, Any]) -> MetricRow:
    """A reviewed metric read back from its stored form (metric_row_data)."""
    return MetricRow(
        metric_id=str(data["metric_id"]),
        title=str(data["title"]),
        value=str(data["value"]),
        status=str(data["status"]),
        trend=tuple(data.get("trend") or ()),
        as_of=dt.date.fromisoformat(data["as_of"]) if data.get("as_of") else None,
        streak=int(data.get("streak") or 0),
        note=str(data.get("reason") or ""),
        variation=str(data.get("variation") or ""),
        peers=str(data.get("peers") or ""),
        tables=tuple(
            DetailTable(
                title=str(t["title"]), headers=tuple(t["headers"]),
                rows=tuple(tuple(r) for r in t["rows"]), note=str(t.get("note") or ""),
            )
            for t in data.get("tables") or ()
        ),
    )  # fmt: skip
