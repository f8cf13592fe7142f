"""Drafts on a real database: kept per login, meeting and item; never a decision, never minutes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import text

from config import ChairConfig
from domain.keys import SectionKey
from domain.readings import Reading
from domain.status import Status
from storage.service.chair import ChairService
from tests.safety.test_security import finish
from tests.storage.conftest import TODAY
from tests.storage.test_service import dna_reading, walk_to

KEY = "decision:dashboard:access:dna-rate"


def test_a_draft_is_kept_replaced_and_discarded(service: ChairService) -> None:
    meeting = service.meetings.start("weekly-ops")
    assert service.drafts.of(meeting.id) == []
    service.drafts.keep(meeting.id, KEY, "Decision on DNA rate", {"kind": "a", "reason": "Rota"})
    service.drafts.keep(
        meeting.id, KEY, "Decision on DNA rate", {"kind": "a", "reason": "Rota gaps on Mon"}
    )
    [draft] = service.drafts.of(meeting.id)
    assert draft.item_key == KEY and draft.login == "spatel"
    assert draft.fields == {"kind": "a", "reason": "Rota gaps on Mon"}
    assert draft.title == "Decision on DNA rate" and draft.updated is not None
    assert service.drafts.find(meeting.id, KEY) == draft
    assert service.drafts.find(meeting.id, "aob") is None
    service.drafts.discard(meeting.id, KEY)
    assert service.drafts.of(meeting.id) == []


def test_a_form_with_no_text_left_keeps_no_draft(service: ChairService) -> None:
    meeting = service.meetings.start("weekly-ops")
    service.drafts.keep(meeting.id, KEY, "Decision", {"reason": "typed"})
    assert service.drafts.keep(meeting.id, KEY, "Decision", {"reason": "  "}) is None
    assert service.drafts.of(meeting.id) == []


def test_drafts_are_per_person_and_per_meeting(config: ChairConfig, db_url: str) -> None:
    chair = ChairService(config, db_url, TODAY, "spatel")
    owner = ChairService(config, db_url, TODAY, "jmorgan")
    reader = ChairService(config, db_url, TODAY, "nobody-here")
    try:
        meeting = chair.meetings.start("weekly-ops")
        chair.drafts.keep(meeting.id, KEY, "Decision", {"reason": "the chair's words"})
        owner.drafts.keep(None, "review:done:1", "Done: rota", {"evidence": "owner's words"})
        reader.drafts.keep(None, "review:done:1", "Done: rota", {"evidence": "reader's words"})
        assert owner.drafts.of(meeting.id) == []
        assert [d.fields["evidence"] for d in owner.drafts.of(None)] == ["owner's words"]
        assert [d.fields["evidence"] for d in reader.drafts.of(None)] == ["reader's words"]
        assert chair.drafts.of(None) == []
        assert [d.fields["reason"] for d in chair.drafts.of(meeting.id)] == ["the chair's words"]
    finally:
        for service in (chair, owner, reader):
            service.close()


def test_a_draft_is_never_a_decision_nor_in_the_minutes(service: ChairService) -> None:
    meeting = service.meetings.start("weekly-ops")
    walk_to(service, meeting.id, SectionKey.of_dashboard("access"))
    readings: list[Reading] = [dna_reading(6.4, Status.RED)]
    service.drafts.keep(
        meeting.id,
        KEY,
        "Decision on DNA rate",
        {"kind": "a", "data_shows": "DNA rate 6.4%", "reason": "DRAFT-ONLY-WORDS"},
    )
    unmet = service.sections.move_on(meeting.id, readings).unmet
    assert [u.message for u in unmet] == ["DNA rate (RED): no decision yet"]
    assert "DRAFT-ONLY-WORDS" not in service.minutes.markdown(meeting.id)
    assert service.meetings.get(meeting.id).decisions == ()


def test_a_damaged_draft_row_reads_as_an_empty_draft(tmp_path: Path) -> None:
    from config import load_config
    from tests.storage.conftest import SAMPLE

    path = f"{tmp_path}/chair.db"
    service = ChairService(load_config(SAMPLE), path, TODAY, "spatel")
    try:
        meeting = service.meetings.start("weekly-ops")
        service.drafts.keep(meeting.id, KEY, "Decision", {"reason": "typed"})
        with sqlite3.connect(path) as connection:
            connection.execute("UPDATE drafts SET fields = 'not json'")
        [draft] = service.drafts.of(meeting.id)
        assert draft.fields == {} and not draft.has_text
    finally:
        service.close()


def _draft_rows(service: ChairService) -> list[tuple[str, int | None]]:
    with service.engine.connect() as connection:
        rows = connection.execute(text("SELECT login, meeting_id FROM drafts ORDER BY login"))
        return [(login, meeting_id) for login, meeting_id in rows]


def test_closing_a_meeting_drops_everyones_drafts_of_it(config: ChairConfig, db_url: str) -> None:
    chair = ChairService(config, db_url, TODAY, "spatel")
    owner = ChairService(config, db_url, TODAY, "jmorgan")
    try:
        meeting = chair.meetings.start("weekly-ops")
        chair.drafts.keep(meeting.id, KEY, "Decision", {"reason": "the chair's words"})
        owner.drafts.keep(meeting.id, "aob", "AOB", {"title": "owner's words"})
        owner.drafts.keep(None, "review:done:1", "Done: rota", {"evidence": "between meetings"})
        finish(chair, meeting.id)
        assert _draft_rows(chair) == [("jmorgan", None)]
        assert owner.drafts.of(meeting.id) == [] and chair.drafts.of(meeting.id) == []
        # A form still open when the meeting closed keeps nothing for it.
        assert owner.drafts.keep(meeting.id, "aob", "AOB", {"title": "late words"}) is None
        assert _draft_rows(chair) == [("jmorgan", None)]
    finally:
        chair.close()
        owner.close()


def test_a_closed_meetings_draft_is_never_offered(service: ChairService) -> None:
    meeting = service.meetings.start("weekly-ops")
    finish(service, meeting.id)
    with service.engine.begin() as connection:  # a row left behind, say by an older version
        connection.execute(
            text(
                "INSERT INTO drafts (login, meeting_id, item_key, title, fields, updated) "
                "VALUES ('spatel', :meeting, :key, 'Decision', '{\"reason\": \"old\"}', :now)"
            ),
            {"meeting": meeting.id, "key": KEY, "now": service.store.now()},
        )
    assert service.drafts.of(meeting.id) == [] and service.drafts.find(meeting.id, KEY) is None
