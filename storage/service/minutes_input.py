"""Fill domain.minutes_input.MinutesInput from the meeting record and the config."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any, Protocol

from domain.minutes_input import MetricRow, MinutesInput, PreviousMinutes, completion_of
from domain.qof_table import IndicatorRow
from domain.readings import DetailTable

if TYPE_CHECKING:
    from config.models import ChairConfig, MeetingType
    from domain.gate import Acknowledgement
    from domain.records import Action, Decision, Meeting


class MinutesSource(Protocol):
    """What the minutes are filled from (the service; named here so this module does not
    import the service, which imports it)."""

    @property
    def config(self) -> ChairConfig: ...

    def meeting(self, meeting_id: int) -> Meeting: ...

    def meeting_type(self, type_id: str) -> MeetingType: ...

    def amendments_of(self, meeting_id: int) -> str: ...

    def actions_due_back(self, meeting_id: int) -> list[Action]: ...

    def escalations_in(self, meeting_id: int) -> list[Decision]: ...

    def actions(self, *, include_closed: bool = ...) -> list[Action]: ...

    def acknowledgements(self, meeting_id: int | None = ...) -> list[Acknowledgement]: ...


def _metric_row(data: dict[str, Any]) -> MetricRow:
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


def _indicators(text: str | None) -> tuple[IndicatorRow, ...]:
    if not text:
        return ()
    return tuple(IndicatorRow.from_dict(r) for r in json.loads(text).get("rows", ()))


def build_minutes_input(
    service: MinutesSource,
    meeting_id: int,
    section_readings: dict[str, list[dict[str, Any]] | None],
    section_indicators: dict[str, str | None] | None = None,
) -> MinutesInput:
    config = service.config
    meeting = service.meeting(meeting_id)
    meeting_type = service.meeting_type(meeting.meeting_type)
    previous = None
    if meeting.previous_meeting_id is not None:
        before = service.meeting(meeting.previous_meeting_id)
        previous = PreviousMinutes(
            meeting_date=before.date,
            state=before.minutes_state,
            amendments=service.amendments_of(before.id),
        )
    questions = {}
    for section in meeting.sections:
        dashboard = config.dashboard(section.key.removeprefix("dashboard:"))
        if section.key.startswith("dashboard:") and dashboard is not None:
            questions[section.key] = dashboard.question
    return MinutesInput(
        practice_name=config.practice_name(meeting.practice_code),
        meeting_title=meeting_type.title,
        meeting=meeting,
        people={p.id: p.name for p in config.people},
        destinations={m.id: m.title for m in config.meeting_types},
        questions=questions,
        metrics={
            key: tuple(_metric_row(r) for r in rows)
            for key, rows in section_readings.items()
            if rows
        },
        previous=previous,
        matters_arising=tuple(service.actions_due_back(meeting_id)),
        escalations_in=tuple(service.escalations_in(meeting_id)),
        completion=completion_of(service.actions(include_closed=True), meeting.date),
        indicators={
            key: rows
            for key, text in (section_indicators or {}).items()
            if (rows := _indicators(text))
        },
        acknowledgements=tuple(
            a
            for a in service.acknowledgements(meeting_id)
            if a.meeting_id == meeting_id or a.expires >= meeting.date
        ),
        metric_titles={m.id: m.title for m in config.metrics},
    )
