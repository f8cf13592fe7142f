"""What the meeting sees, on a real database: attendance, the QOF indicator table decided on
like a breach, acknowledgements, SPC variation and peers in the minutes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from config import ChairConfig, load_config
from config.load import ConfigError
from config.models import QofRecoverability
from domain.decisions import snapshot_of
from domain.keys import SectionKey
from domain.qof import LOW_EFFORT_HIGH_VALUE
from domain.records import Decision, DecisionKind
from storage.data.dashboards import qof_table
from storage.errors import InvalidEntry, NotAllowed
from storage.service.chair import ChairService
from tests.storage.conftest import TODAY
from tests.storage.test_service import walk_to

MONTHLY = "monthly-management"


def test_attendance_is_recorded_defaults_from_the_last_meeting_and_heads_the_minutes(
    config: ChairConfig, db_url: str
) -> None:
    first = ChairService(config, db_url, TODAY, "spatel")
    meeting = first.meetings.start(MONTHLY)
    assert first.attendance.default(meeting.id).present == ()
    first.attendance.record(meeting.id, ("sp", "jm"), ("ao",), ("Dr Jane Visitor (ICB)",))
    minutes = first.minutes.markdown(meeting.id)
    assert "- **Present:** Sam Patel, Jo Morgan" in minutes
    assert "- **Apologies:** Dr Ada Okafor" in minutes
    assert "- **Guests:** Dr Jane Visitor (ICB)" in minutes
    first.meetings.close(meeting.id)
    later = ChairService(config, db_url, TODAY + dt.timedelta(days=28), "spatel")
    second = later.meetings.start(MONTHLY)
    default = later.attendance.default(second.id)
    assert (default.present, default.apologies) == (("sp", "jm"), ("ao",))
    assert default.guests == ("Dr Jane Visitor (ICB)",)
    first.close()
    later.close()


def test_attendance_refuses_unknown_people_and_someone_both_present_and_absent(
    service: ChairService, config: ChairConfig, db_url: str
) -> None:
    meeting = service.meetings.start(MONTHLY)
    with pytest.raises(InvalidEntry, match="'zz' is not a person"):
        service.attendance.record(meeting.id, ("zz",))
    with pytest.raises(InvalidEntry, match="cannot be present and absent"):
        service.attendance.record(meeting.id, ("jm",), ("jm",))
    reader = ChairService(config, db_url, TODAY, "jmartin")
    with pytest.raises(NotAllowed):
        reader.attendance.record(meeting.id, ("sp",))
    reader.close()
    assert service.meetings.get(meeting.id).present == ()


def test_a_qof_indicator_is_decided_on_like_a_breach_and_the_table_is_in_the_minutes(
    service: ChairService,
) -> None:
    meeting = service.meetings.start(MONTHLY)
    walk_to(service, meeting.id, SectionKey.of_dashboard("qof"))
    table = service.readings.qof_table()
    assert table.problem is None and len(table.rows) > 10
    per_patient = [r.per_patient for r in table.rows if r.patients_needed]
    assert per_patient == sorted(per_patient, reverse=True)  # most £ per patient needed first
    top = table.rows[0]
    reading = table.reading(top.metric_id)
    assert reading is not None and reading.metric_id == f"qof:{top.code}"
    decision = Decision(
        id=None,
        section_key=SectionKey.of_dashboard("qof"),
        kind=DecisionKind.MONITOR,
        metric_id=top.metric_id,
        title=top.title,
        data_shows=f"{top.patients_needed} patients from the upper threshold",
        reason="Nurse-led recall already booked",
        review_date=TODAY + dt.timedelta(days=28),
        escalation_owner_id="rk",  # a decision on a breach names its owner
        snapshot=snapshot_of(reading),
    )
    service.decisions.record(meeting.id, decision, breach_status=reading.status.word)
    readings = service.readings.dashboard("qof")
    trajectory = next(r for r in readings if r.metric_id == "qof-points-vs-trajectory")
    accept = Decision(
        id=None,
        section_key=SectionKey.of_dashboard("qof"),
        kind=DecisionKind.ACCEPT,
        metric_id=trajectory.metric_id,
        title=trajectory.title,
        reason="Behind trajectory; the indicator plan above is the response",
        snapshot=snapshot_of(trajectory),
        escalation_owner_id="sp",
    )
    service.decisions.record(meeting.id, accept, breach_status=trajectory.status.word)
    assert service.sections.move_on(meeting.id, readings).unmet == []
    minutes = service.minutes.markdown(meeting.id)
    assert "weeks to 31 March), most £ per patient needed first" in minutes
    row = next(line for line in minutes.splitlines() if line.startswith(f"| {top.title} |"))
    assert row.rstrip().endswith("| monitor |")
    assert top.recoverability in row and top.response in row
    assert f"**{top.title}: monitor**" in minutes
    assert "Nurse-led recall already booked" in minutes


def test_acknowledgements_variation_and_peers_are_in_the_minutes(service: ChairService) -> None:
    meeting = service.meetings.start(MONTHLY)
    walk_to(service, meeting.id, SectionKey.of_dashboard("access"))
    service.acknowledgements.acknowledge(
        meeting.id,
        "dna-rate",
        "jm",
        "Rota gap known; locum from January",
        TODAY + dt.timedelta(days=30),
        "AMBER",
    )
    readings = service.readings.dashboard("access")
    assert service.sections.move_on(meeting.id, readings).unmet == []
    minutes = service.minutes.markdown(meeting.id)
    assert "## Acknowledged breaches" in minutes
    ack = next(line for line in minutes.splitlines() if line.startswith("| DNA rate | AMBER |"))
    assert "Jo Morgan" in ack and "Rota gap known" in ack and "2026-12-26" in ack
    dna = next(line for line in minutes.splitlines() if line.startswith("| DNA rate | 5.0% |"))
    assert "special cause — concern (high)" in dna
    assert "PCN 4.5%, ICB 4.7%, England 4.5%" in dna


def test_recoverability_rules_are_tunable(config: ChairConfig) -> None:
    default = qof_table(config, TODAY)
    assert any(r.recoverability == LOW_EFFORT_HIGH_VALUE for r in default.rows)
    strict = QofRecoverability(
        high_value_per_patient=10_000, responses={"capacity-dependent": "talk to the rota lead"}
    )
    tuned = config.model_copy(
        update={"qof": config.qof.model_copy(update={"recoverability": strict})}
    )
    rows = qof_table(tuned, TODAY).rows
    assert not any(r.recoverability == LOW_EFFORT_HIGH_VALUE for r in rows)
    assert {r.response for r in rows if r.recoverability == "capacity-dependent"} == {
        "talk to the rota lead"
    }


def test_an_unknown_recoverability_class_is_one_clear_line(tmp_path: Path) -> None:
    valid = Path(__file__).resolve().parents[1] / "fixtures" / "configs" / "valid.toml"
    text = valid.read_text() + '\n[qof.recoverability.responses]\n"easy wins" = "do them"\n'
    path = tmp_path / "chair.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match="unknown class 'easy wins'"):
        load_config(path)
