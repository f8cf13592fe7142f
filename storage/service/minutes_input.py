"""Fill domain.minutes_input.MinutesInput from the meeting record and the config."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from domain.minutes_input import MinutesInput, PreviousMinutes, completion_of
from domain.qof_table import IndicatorRow
from storage.database import convert

if TYPE_CHECKING:
    from storage.service.acknowledgements import Acknowledgements
    from storage.service.actions import Actions
    from storage.service.arising import Arising
    from storage.service.store import Store


def _indicators(text: str | None) -> tuple[IndicatorRow, ...]:
    if not text:
        return ()
    return tuple(IndicatorRow.from_dict(r) for r in json.loads(text).get("rows", ()))


def build_minutes_input(
    store: Store,
    amendments_of: Callable[[int], str],
    arising: Arising,
    actions: Actions,
    acknowledgements: Acknowledgements,
    meeting_id: int,
    section_readings: dict[str, list[dict[str, Any]] | None],
    section_indicators: dict[str, str | None] | None = None,
) -> MinutesInput:
    config = store.config
    meeting = store.meeting(meeting_id)
    meeting_type = store.meeting_type(meeting.meeting_type)
    previous = None
    if meeting.previous_meeting_id is not None:
        before = store.meeting(meeting.previous_meeting_id)
        previous = PreviousMinutes(
            meeting_date=before.date,
            state=before.minutes_state,
            amendments=amendments_of(before.id),
        )
    questions: dict[str, str] = {}
    for section in meeting.sections:
        dashboard = config.dashboard(section.key.dashboard)
        if section.key.is_dashboard and dashboard is not None:
            questions[section.key] = dashboard.asks.replace("\n", " ")
    return MinutesInput(
        practice_name=config.practice_name(meeting.practice_code),
        meeting_title=meeting_type.title,
        meeting=meeting,
        people={p.id: p.name for p in config.people},
        destinations={m.id: m.title for m in config.meeting_types},
        questions=questions,
        metrics={
            key: tuple(convert.metric_row(r) for r in rows)
            for key, rows in section_readings.items()
            if rows
        },
        previous=previous,
        matters_arising=tuple(arising.actions_due_back(meeting_id)),
        escalations_in=tuple(arising.escalations_in(meeting_id)),
        completion=completion_of(actions.find(include_closed=True), meeting.date),
        indicators={
            key: rows
            for key, text in (section_indicators or {}).items()
            if (rows := _indicators(text))
        },
        acknowledgements=tuple(
            a
            for a in acknowledgements.find(meeting_id)
            if a.meeting_id == meeting_id or a.expires >= meeting.date
        ),
        metric_titles={m.id: m.title for m in config.metrics},
        decide_at=meeting_type.decide_status.word,
        decided_elsewhere={
            section.key: tuple(
                other.title
                for other in config.meeting_types
                if other.decide_status.severity < meeting_type.decide_status.severity
                and any(s.key == section.key for s in other.sections)
            )
            for section in meeting.sections
            if section.key.is_dashboard
        },
    )
