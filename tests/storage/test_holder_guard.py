"""Every write that changes a meeting is its holder's alone: one guard (Store.meeting_tx).

The test walks every public method of every part the door hands out. Each is either a read,
a write that is not a meeting's (named with the reason), or a meeting write called here as a
second chair who follows the meeting: it must be refused in one line naming the holder and
the key that takes the meeting over. A new public method that is in none of these lists fails
the test until someone says which it is.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from config import ChairConfig
from domain.records import Action, ActionStatus, Decision, DecisionKind, Position
from domain.watch import WatchItem
from storage.errors import NotAllowed
from storage.service.chair import ChairService
from tests.storage.conftest import TODAY

READS = {
    "readings": {"dashboard", "members", "pcn", "pcn_table", "qof_table", "section_has_qof"}
    | {"section_indicators", "source_report", "usage"},
    "actions": {"can_change", "completion", "find", "get", "why_not_change"},
    "arising": {"actions_due_back", "escalations_in", "updated_at"},
    "acknowledgements": {"find"},
    "minutes": {"altered", "amendments_of", "build_input", "markdown", "verify_locked"},
    "meetings": {"get", "in_progress", "latest", "newest_first", "section_title"},
    "sections": {"state"},
    "attendance": {"default"},
    "risks": {"all", "get", "reviewed_at"},
    "exceptions": {"live", "rows", "judged", "keep_sources"},
    "watch": {"items", "decided_on", "notes_at", "reading", "keep_readings"},
    "week": {"items"},
    "drafts": {"find", "of"},
    "holders": {"holding"},
    "history": {"chain_heads", "check_witnesses", "patient_identifiers", "verify"},
    "roster": {"differs", "problems"},
    "notes": {"of", "attach"},
    "assurance": {"record"},
}
"""Methods that change nothing."""

NOT_A_MEETING = {
    "drafts.keep": "a person's own unsaved typing, never the meeting's record",
    "drafts.discard": "a person's own unsaved typing, never the meeting's record",
    "holders.hold": "the lease itself: following, taking over",
    "holders.release": "gives back only this screen's own lease",
    "meetings.start": "a new meeting, which nobody holds yet",
    "roster.register": "the practice's roster, not a meeting",
    "roster.apply_sql": "the practice's roster, not a meeting",
    "history.backup": "a copy of the database file",
    "notes.add": "a note on a period of a metric, which anyone may add, at a meeting or not",
    "actions.update": "outside a meeting (no meeting_id) a member's own action; at one, below",
    "exceptions.add": "a person's exception on a tracker's row, which anyone may record",
    "exceptions.withdraw": "an exception on a tracker's row, not a meeting's record",
    "risks.add": "the practice's register: a risk raised outside a meeting",
    "risks.link": "the practice's register: links to a risk",
    "risks.import_file": "the practice's register, taken once from its file",
    "risks.review": "outside a meeting (no meeting_id) the register's; at one, below",
}
"""Writes that do not change a meeting (the holder lease is between meeting screens)."""


@dataclass
class Held:
    """Sam's meeting (he holds it) and what is in it, for Ada to try to change."""

    meeting_id: int
    aob_id: int
    decision_id: int
    action_id: int
    action_version: int


WRITES: dict[str, Callable[[ChairService, Held], Any]] = {
    "decisions.record": lambda s, h: s.decisions.record(
        h.meeting_id,
        Decision(id=None, section_key="aob", kind=DecisionKind.ACCEPT, title="t", reason="ok"),
        aob_item_id=h.aob_id,
    ),
    "decisions.add_action": lambda s, h: s.decisions.add_action(
        h.decision_id, Action(id=None, description="Ring the CCG", owner_id="jm", due=TODAY)
    ),
    "actions.update(meeting)": lambda s, h: s.actions.update(
        h.action_id, h.action_version, note="chased", meeting_id=h.meeting_id
    ),
    "acknowledgements.acknowledge": lambda s, h: s.acknowledgements.acknowledge(
        h.meeting_id, "dna-rate", "sp", "seasonal", TODAY, "RED"
    ),
    "attendance.record": lambda s, h: s.attendance.record(h.meeting_id, ("sp", "ao")),
    "minutes.approve_previous": lambda s, h: s.minutes.approve_previous(h.meeting_id),
    "meetings.add_aob": lambda s, h: s.meetings.add_aob(h.meeting_id, "Car park"),
    "meetings.close": lambda s, h: s.meetings.close(h.meeting_id),
    "meetings.abandon": lambda s, h: s.meetings.abandon(h.meeting_id),
    "sections.move_on": lambda s, h: s.sections.move_on(h.meeting_id),
    "sections.go_back": lambda s, h: s.sections.go_back(h.meeting_id),
    "sections.save_at": lambda s, h: s.sections.save_at(Position(h.meeting_id, 0, 0, 5, False, 5)),
    "sections.save_position": lambda s, h: s.sections.save_position(h.meeting_id, 0, 0, 5),
    "risks.from_decision": lambda s, h: s.risks.from_decision(h.decision_id),
    "risks.review(meeting)": lambda s, h: s.risks.review(1, "checked", meeting_id=h.meeting_id),
    "watch.note": lambda s, h: s.watch.note(
        h.meeting_id, WatchItem("dna-rate", "DNA rate", "Access", "5.0%", 2, None), "noted", "x"
    ),
}
"""Every write that changes a meeting, as Ada (following) would call it."""


@pytest.fixture
def two_chairs(config: ChairConfig, db_url: str) -> Iterator[tuple[ChairService, Held]]:
    sam = ChairService(config, db_url, TODAY, "spatel")
    sam.holder_token = "sam-screen"
    earlier = sam.meetings.start("weekly-ops")
    item = sam.meetings.add_aob(earlier.id, "Flu clinic")
    action = Action(id=None, description="Book locums", owner_id="jm", due=TODAY)
    sam.decisions.record(
        earlier.id,
        Decision(
            id=None, section_key="aob", kind=DecisionKind.ACT, title="Flu", reason="short",
            actions=(action,),
        ),
        aob_item_id=item.id,
    )  # fmt: skip
    sam.meetings.close(earlier.id)
    meeting = sam.meetings.start("weekly-ops")
    assert sam.holders.hold(meeting.id).mine
    aob = sam.meetings.add_aob(meeting.id, "Rota")
    decision = sam.decisions.record(
        meeting.id,
        Decision(id=None, section_key="aob", kind=DecisionKind.ACCEPT, title="Rota", reason="ok"),
        aob_item_id=aob.id,
    )
    due_back = sam.actions.find()[0]
    assert due_back.status is ActionStatus.OPEN and due_back.id is not None
    ada = ChairService(config, db_url, TODAY, "aokafor")
    ada.holder_token = "ada-screen"
    assert not ada.holders.hold(meeting.id).mine  # she follows Sam
    assert decision.id is not None
    held = Held(meeting.id, aob.id, decision.id, due_back.id, due_back.version)
    yield ada, held
    ada.close()
    sam.close()


def test_every_public_method_is_classified(config: ChairConfig, tmp_path: Any) -> None:
    service = ChairService(config, str(tmp_path / "chair.db"), TODAY, "spatel")
    try:
        unknown = []
        for part_name, part in vars(service).items():
            if not hasattr(part, "_store"):
                continue
            for name, _member in inspect.getmembers(type(part), inspect.isfunction):
                if name.startswith("_"):
                    continue
                known = (
                    name in READS.get(part_name, set())
                    or f"{part_name}.{name}" in NOT_A_MEETING
                    or f"{part_name}.{name}" in WRITES
                )
                if not known:
                    unknown.append(f"{part_name}.{name}")
        assert unknown == [], (
            "new public service methods: add each to READS, NOT_A_MEETING (with the reason) or "
            f"WRITES (how a follower would call it) in this test: {unknown}"
        )
    finally:
        service.close()


@pytest.mark.parametrize("write", sorted(WRITES))
def test_a_follower_cannot_change_the_meeting(
    two_chairs: tuple[ChairService, Held], write: str
) -> None:
    ada, held = two_chairs
    before = ada.meetings.get(held.meeting_id)
    with pytest.raises(NotAllowed) as refused:
        WRITES[write](ada, held)
    message = str(refused.value)
    assert "Sam Patel holds this meeting since " in message
    assert message.endswith(": T takes it over; nothing was saved"), message
    after = ada.meetings.get(held.meeting_id)
    assert after == before
    assert ada.actions.get(held.action_id).version == held.action_version


def test_the_holder_may_still_write(two_chairs: tuple[ChairService, Held]) -> None:
    """The guard refuses only others: once Ada takes the meeting over, her writes are saved."""
    ada, held = two_chairs
    assert ada.holders.hold(held.meeting_id, take_over=True).mine
    updated = ada.actions.update(
        held.action_id, held.action_version, note="chased", meeting_id=held.meeting_id
    )
    assert updated.version == held.action_version + 1
    ada.sections.save_position(held.meeting_id, 0, 0, 42)
    assert ada.meetings.get(held.meeting_id).elapsed_seconds == 42


def test_writes_without_a_screen_are_not_leased(two_chairs: tuple[ChairService, Held]) -> None:
    """The command line and scripts have no screen id: leases are between screens."""
    ada, held = two_chairs
    ada.holder_token = ""
    assert ada.meetings.add_aob(held.meeting_id, "Car park").title == "Car park"
