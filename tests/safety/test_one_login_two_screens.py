"""One person, two terminals (the same login, two screens): opening the meeting on the second
takes it without asking, and the first, at its next renewal, follows instead of taking it back.
Before, each renewal took it back, so both screens wrote in turn and each one's writes were
refused at random moments, naming the person refused."""

from __future__ import annotations

import datetime as dt

import pytest

from config import ChairConfig
from domain.records import DecisionKind
from storage.errors import NotAllowed
from storage.service.chair import ChairService
from tests.safety.test_two_chairs import TODAY, _decision


def test_the_first_screen_follows_once_the_second_has_opened_the_meeting(
    db_url: str, sample_config: ChairConfig
) -> None:
    clock = [dt.datetime(2026, 11, 26, 10, 0)]
    desk = ChairService(sample_config, db_url, TODAY, "spatel", now=lambda: clock[0])
    room = ChairService(sample_config, db_url, TODAY, "spatel", now=lambda: clock[0])
    desk.holder_token, room.holder_token = "desk", "room"
    try:
        meeting = desk.meetings.start("weekly-ops")
        assert desk.holders.hold(meeting.id).mine
        clock[0] += dt.timedelta(seconds=5)
        assert room.holders.hold(meeting.id).mine  # the same login: taken without asking
        clock[0] += dt.timedelta(seconds=5)
        renewed = desk.holders.hold(meeting.id, renewing=True)
        assert not renewed.mine and renewed.yours and renewed.login == "spatel"
        assert room.holders.holding(meeting.id).mine  # not taken back
        with pytest.raises(NotAllowed) as refused:
            desk.decisions.record(meeting.id, _decision(DecisionKind.ACCEPT, "from the desk"))
        assert str(refused.value).startswith("Your other screen holds this meeting since ")
        assert str(refused.value).endswith(": T takes it over here; nothing was saved")
        # Taking it back is said out loud (T on the desk's screen): then the room follows.
        assert desk.holders.hold(meeting.id, take_over=True).mine
        assert not room.holders.hold(meeting.id, renewing=True).mine
        # A lapsed lease is still taken at a renewal (the other screen went away).
        clock[0] += dt.timedelta(seconds=31)
        assert room.holders.hold(meeting.id, renewing=True).mine
    finally:
        desk.close()
        room.close()
