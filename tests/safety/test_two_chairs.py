"""Two chairs, one meeting, on SQLite and PostgreSQL: one hand on the keyboard, no silent loser.

Sam Patel runs the meeting in this process; Dr Ada Okafor opens it from another process (a
second terminal). She gets the name of who holds it and her writes are refused until she takes
it over; then Sam's are refused, his clock no longer overwrites hers, and a decision he makes
from a stale screen is refused in words. Replacing a decision drops its open actions with a
note: nothing is left open with nothing behind it in the minutes.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from config import ChairConfig
from domain.records import Action, ActionStatus, Decision, DecisionKind
from storage.errors import Conflict, NotAllowed
from storage.service.chair import ChairService
from tests.safety.conftest import ROOT, SAMPLE, subprocess_env

TODAY = dt.date(2026, 11, 26)
ADA = "ada-screen-1"


def _decision(kind: DecisionKind, reason: str, actions: tuple[Action, ...] = ()) -> Decision:
    return Decision(
        id=None, section_key="aob", kind=kind, title="Flu clinic", reason=reason, actions=actions
    )


def ada(db_url: str, step: str, **arguments: Any) -> dict[str, Any]:
    """One step of Dr Ada Okafor's screen, in its own process; the result as JSON."""
    code = textwrap.dedent(
        f"""
        import datetime as dt, json, sys
        from config import load_config
        from domain.records import Decision, DecisionKind
        from storage.errors import UserError
        from storage.service.chair import ChairService
        arguments = json.loads(sys.argv[1])
        service = ChairService(load_config({str(SAMPLE)!r}), {db_url!r}, dt.date(2026, 11, 26),
                               "aokafor")
        service.holder_token = {ADA!r}
        meeting_id = arguments["meeting_id"]
        try:
            if {step!r} == "hold":
                held = service.holders.hold(meeting_id, take_over=arguments.get("take_over", False))
                result = {{"mine": held.mine, "name": held.name, "from": held.took_over_from}}
            elif {step!r} == "decide":
                decision = Decision(id=None, section_key="aob", kind=DecisionKind(arguments["kind"]),
                                    title="Flu clinic", reason=arguments["reason"])
                saved = service.decisions.record(meeting_id, decision,
                                                aob_item_id=arguments["item"],
                                                seen_decision_id=arguments["seen"],
                                                check_stale=True)
                result = {{"decision": saved.id}}
            elif {step!r} == "clock":
                service.sections.save_position(meeting_id, 0, 0, arguments["elapsed"])
                result = {{}}
        except UserError as error:
            result = {{"refused": str(error)}}
        service.close()
        print(json.dumps(result))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code, json.dumps(arguments)],
        cwd=ROOT,
        env=subprocess_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


@pytest.mark.slow
def test_two_chairs_one_meeting(db_url: str, sample_config: ChairConfig) -> None:
    sam = ChairService(sample_config, db_url, TODAY, "spatel")
    sam.holder_token = "sam-screen-1"
    try:
        meeting = sam.meetings.start("weekly-ops")
        item = sam.meetings.add_aob(meeting.id, "Flu clinic")
        assert sam.holders.hold(meeting.id).mine
        first = sam.decisions.record(
            meeting.id,
            _decision(
                DecisionKind.ACT,
                "short of vaccinators",
                (Action(id=None, description="Book locum nurses", owner_id="jm", due=TODAY),),
            ),
            aob_item_id=item.id,
            seen_decision_id=None,
            check_stale=True,
        )
        sam.sections.save_position(meeting.id, 0, 0, 600)

        # Ada opens it: told who holds it; her writes are refused, her clock writes nothing.
        follows = ada(db_url, "hold", meeting_id=meeting.id)
        assert follows == {"mine": False, "name": "Sam Patel", "from": ""}
        refused = ada(
            db_url, "decide", meeting_id=meeting.id, item=item.id, kind="accept",
            reason="fine", seen=first.id,
        )  # fmt: skip
        assert "Sam Patel holds this meeting" in refused["refused"]
        ada(db_url, "clock", meeting_id=meeting.id, elapsed=5)
        assert sam.meetings.get(meeting.id).elapsed_seconds == 600

        # She takes it over (explicitly) and replaces his decision with 'accept'.
        taken = ada(db_url, "hold", meeting_id=meeting.id, take_over=True)
        assert taken == {"mine": True, "name": "Dr Ada Okafor", "from": "Sam Patel"}
        replaced = ada(
            db_url, "decide", meeting_id=meeting.id, item=item.id, kind="accept",
            reason="enough vaccinators after all", seen=first.id,
        )  # fmt: skip
        assert "decision" in replaced, replaced

        # Sam's screen learns it on its next renewal; his writes and his clock are refused.
        lost = sam.holders.holding(meeting.id)
        assert not lost.mine and lost.name == "Dr Ada Okafor"
        with pytest.raises(NotAllowed, match="Dr Ada Okafor holds this meeting"):
            sam.meetings.add_aob(meeting.id, "Parking")
        with pytest.raises(NotAllowed, match="Dr Ada Okafor holds this meeting"):
            sam.sections.save_position(meeting.id, 3, 0, 9999)  # the clock too: one guard
        assert sam.meetings.get(meeting.id).elapsed_seconds != 9999

        # He takes it back, but decides from his stale screen (he still sees his own 'act').
        assert sam.holders.hold(meeting.id, take_over=True).took_over_from == "Dr Ada Okafor"
        with pytest.raises(
            Conflict, match=r"Dr Ada Okafor recorded 'accept' at \d\d:\d\d — reload"
        ):
            sam.decisions.record(
                meeting.id,
                _decision(DecisionKind.ACCEPT, "his own reason, from a stale screen"),
                aob_item_id=item.id,
                seen_decision_id=first.id,
                check_stale=True,
            )

        # Nothing orphaned: his replaced decision's action is dropped, saying why.
        [action] = [
            a for a in sam.actions.find(include_closed=True) if a.description.startswith("Book")
        ]
        assert action.status is ActionStatus.DROPPED
        assert action.id is not None
        updates = sam.actions.get(action.id).updates
        assert any("replaced by decision" in u.note for u in updates), updates
        shown = sam.meetings.get(meeting.id)
        [decided] = [d for d in shown.decisions if d.section_key == "aob"]
        assert (
            decided.kind is DecisionKind.ACCEPT and decided.reason == "enough vaccinators after all"
        )
        minutes = sam.minutes.markdown(meeting.id)
        assert "enough vaccinators after all" in minutes
        assert "Book locum nurses" not in minutes
    finally:
        sam.close()


def test_a_lapsed_lease_is_taken_without_asking(db_url: str, sample_config: ChairConfig) -> None:
    clock = [dt.datetime(2026, 11, 26, 10, 0)]
    sam = ChairService(sample_config, db_url, TODAY, "spatel", now=lambda: clock[0])
    ada_service = ChairService(sample_config, db_url, TODAY, "aokafor", now=lambda: clock[0])
    sam.holder_token, ada_service.holder_token = "sam", "ada"
    try:
        meeting = sam.meetings.start("weekly-ops")
        assert sam.holders.hold(meeting.id).mine
        clock[0] += dt.timedelta(seconds=20)
        assert not ada_service.holders.hold(meeting.id).mine  # still live
        clock[0] += dt.timedelta(seconds=31)  # Sam's terminal went away: no renewal
        taken = ada_service.holders.hold(meeting.id)
        assert taken.mine and taken.took_over_from == ""
        ada_service.holders.release(meeting.id)
        assert not sam.holders.holding(meeting.id).login  # free again
    finally:
        sam.close()
        ada_service.close()


def test_the_holder_table_migrates_down_and_up(tmp_path: Path, sample_config: ChairConfig) -> None:
    from sqlalchemy import inspect

    from storage.database import schema
    from storage.database.engine import make_engine

    ChairService(sample_config, tmp_path / "chair.db", TODAY, "spatel").close()
    engine = make_engine(tmp_path / "chair.db")
    assert inspect(engine).has_table("meeting_holders")
    schema.downgrade(engine, "0004_guests_and_qof_table")
    assert not inspect(engine).has_table("meeting_holders")
    schema.upgrade(engine)
    assert inspect(engine).has_table("meeting_holders")
    engine.dispose()
