"""Period notes: kept with the record, audited, shown with the reading in the minutes; one
marked as a change of process or recording starts a new SPC baseline from its period."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from sqlalchemy import select

from domain.minutes_input import MetricRow
from domain.readings import PeriodNote
from storage.database.models import AuditRow
from storage.errors import InvalidEntry, NotFound
from storage.service.chair import ChairService


def test_a_note_is_kept_audited_and_given_to_the_readings(service: ChairService) -> None:
    readings = service.readings.dashboard("access")
    dna = next(r for r in readings if r.metric_id == "dna-rate")
    period = dna.history_periods[-3]
    note = service.notes.add("dna-rate", period, "  School   holidays  ", change=False)
    assert note == PeriodNote("dna-rate", period, "School holidays", False, "spatel", note.id)
    assert service.notes.of("dna-rate") == [note]
    with service.store.sessions() as session:
        audit = session.scalars(select(AuditRow).where(AuditRow.entity == "period note")).one()
    assert audit.what == "note" and audit.login == "spatel" and audit.entity_id == note.id
    assert json.loads(audit.after or "{}")["text"] == "School holidays"
    again = next(r for r in service.readings.dashboard("access") if r.metric_id == "dna-rate")
    assert again.notes == (note,) and again.changes == frozenset()
    assert f"note {period:%b %Y}: School holidays" in MetricRow.of(again).note


def test_a_change_of_process_starts_a_new_spc_baseline(service: ChairService) -> None:
    dna = next(r for r in service.readings.dashboard("access") if r.metric_id == "dna-rate")
    before = dna.spc()
    assert before is not None and len(before.baselines) == 1
    period = dna.history_periods[-6]
    service.notes.add("dna-rate", period, "New booking system from this month", True)
    after = next(r for r in service.readings.dashboard("access") if r.metric_id == "dna-rate").spc()
    assert after is not None
    latest = after.baselines[-1]
    assert latest.cause == "note" and latest.points == 6
    assert after.starts_at(latest) == len(dna.history) - 6
    assert "limits from a noted change of process or recording 6 periods ago" in after.words
    # The limits are those of the last six periods only.
    values = [v for v in dna.history[-6:] if v is not None]
    assert after.mean == pytest.approx(sum(values) / len(values))


@pytest.mark.parametrize(
    ("text", "period", "field"),
    [
        ("", dt.date(2026, 10, 31), "text"),
        ("x" * 201, dt.date(2026, 10, 31), "text"),
        ("Fine", dt.date(2027, 1, 31), "period"),
        ("Patient 943 476 5919 called", dt.date(2026, 10, 31), "text"),
    ],
)
def test_a_note_is_refused_with_the_field_named(
    service: ChairService, text: str, period: dt.date, field: str
) -> None:
    with pytest.raises(InvalidEntry) as refused:
        service.notes.add("dna-rate", period, text)
    assert [p.field for p in refused.value.problems] == [field]
    assert service.notes.of() == []


def test_a_note_on_an_unknown_metric_is_refused(service: ChairService) -> None:
    with pytest.raises(NotFound):
        service.notes.add("no-such-metric", dt.date(2026, 10, 31), "x")


def test_notes_outside_the_trend_are_not_in_the_minutes(service: ChairService) -> None:
    dna = next(r for r in service.readings.dashboard("access") if r.metric_id == "dna-rate")
    old = PeriodNote("dna-rate", dna.history_periods[0], "long ago")
    recent = PeriodNote("dna-rate", dna.history_periods[-1], "this month")
    row = MetricRow.of(dataclasses.replace(dna, notes=(old, recent)))
    assert "this month" in row.note and "long ago" not in row.note
