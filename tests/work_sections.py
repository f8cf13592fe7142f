"""For tests that walk a meeting through every section: give what the sections of the work
behind the number need before the gate lets the meeting move on (a note on each AMBER of a
Watch list, a review of each risk due at a Risk register)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storage.service.chair import ChairService


def settle_work_section(service: ChairService, meeting_id: int) -> None:
    """Note or review what the current section needs (nothing for any other kind)."""
    meeting = service.meetings.get(meeting_id)
    if meeting.state.value != "in progress":
        return
    key = meeting.sections[meeting.current_section].key
    if key == "watch-list":
        noted = service.watch.notes_at(meeting_id)
        for item in service.watch.items():
            if item.metric_id not in noted:
                service.watch.note(meeting_id, item, "noted", "Keep watching it")
    elif key == "risk-register":
        for risk in service.risks.all():
            if risk.id is not None and risk.due_review(meeting.date):
                service.risks.review(risk.id, "Controls in place; reviewed", meeting_id)
