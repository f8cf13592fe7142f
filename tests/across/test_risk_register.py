"""Escalation to the risk register: a new CSV row from a decision; clear refusals."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import shutil
from pathlib import Path

import pytest

from config import ChairConfig
from config.models import Source
from domain.decisions import snapshot_of
from domain.records import DecisionKind
from domain.status import Status
from storage.errors import Conflict, NotAllowed, NotFound, UserError
from storage.service.chair import ChairService
from tests.across.helpers import act_on_dna, dna_reading
from tests.storage.conftest import SAMPLE, TODAY


def with_register(
    config: ChairConfig, tmp_path: Path, name: str = "risk_register.csv"
) -> ChairConfig:
    """The sample config with its risk register copied to tmp_path (the sample stays untouched)."""
    target = tmp_path / "data" / "trackers" / name
    target.parent.mkdir(parents=True)
    if name.endswith(".csv"):
        shutil.copy(SAMPLE.parent / "data" / "trackers" / "risk_register.csv", target)
    else:
        target.write_bytes(b"PK not really a spreadsheet")
    sources = dict(config.sources)
    sources["risk-register"] = Source(format="risk-register", path=f"data/trackers/{name}")
    return config.model_copy(update={"base_dir": tmp_path, "sources": sources})


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_a_decision_becomes_a_new_risk(config: ChairConfig, db_url: str, tmp_path: Path) -> None:
    local = with_register(config, tmp_path)
    svc = ChairService(local, db_url, TODAY, "spatel")
    meeting = svc.meetings.start("weekly-ops")
    decision = dataclasses.replace(
        act_on_dna(TODAY + dt.timedelta(days=14)),
        reason="Rota gaps on Mondays, see audit; agreed with partners",
        snapshot=snapshot_of(dna_reading(8.4, Status.CRITICAL)),
        not_escalated_reason="Partners informed; recoverable within a month",
    )
    saved = svc.decisions.record(meeting.id, decision, breach_status="CRITICAL")
    path = Path(svc.risks.register_path())
    before = rows(path)
    row = svc.risks.add(saved.id)
    after = rows(path)
    assert len(after) == len(before) + 1
    assert after[-1] == row
    last = max(int(r["risk_id"].removeprefix("R")) for r in before)
    assert row["risk_id"] == f"R{last + 1:02d}"  # the register's own style: R07 -> R08
    assert row["title"] == "DNA rate: 8.4% (CRITICAL)"
    assert row["owner"] == "Jo Morgan"
    assert (row["likelihood"], row["impact"]) == ("3", "4")
    assert row["review_date"] == (TODAY + dt.timedelta(days=14)).isoformat()
    assert row["status"] == "open"
    assert "Rota gaps on Mondays, see audit; agreed with partners" in row["mitigation"]
    assert "Review rota (Jo Morgan, due" in row["mitigation"]
    with pytest.raises(Conflict, match="already on the risk register"):
        svc.risks.add(saved.id)
    assert len(rows(path)) == len(after)
    svc.close()


def test_an_escalation_uses_its_owner_and_review_date(
    config: ChairConfig, db_url: str, tmp_path: Path
) -> None:
    local = with_register(config, tmp_path)
    svc = ChairService(local, db_url, TODAY, "spatel")
    meeting = svc.meetings.start("weekly-ops")
    escalation = dataclasses.replace(
        act_on_dna(TODAY),
        kind=DecisionKind.ESCALATE,
        actions=(),
        escalate_to="partners",
        escalation_owner_id="ao",
        review_date=TODAY + dt.timedelta(days=21),
    )
    saved = svc.decisions.record(meeting.id, escalation)
    row = svc.risks.add(saved.id)
    assert row["owner"] == "Dr Ada Okafor"
    assert row["review_date"] == (TODAY + dt.timedelta(days=21)).isoformat()
    assert "Escalated to Partners meeting" in row["mitigation"]
    assert row["impact"] == "3"
    svc.close()


def test_a_spreadsheet_or_missing_register_is_refused(
    config: ChairConfig, db_url: str, tmp_path: Path
) -> None:
    local = with_register(config, tmp_path, "risk_register.xlsx")
    svc = ChairService(local, db_url, TODAY, "spatel")
    meeting = svc.meetings.start("weekly-ops")
    saved = svc.decisions.record(meeting.id, act_on_dna(TODAY))
    with pytest.raises(UserError, match="cannot add rows to a spreadsheet"):
        svc.risks.add(saved.id)
    svc.close()
    gone = local.model_copy(
        update={
            "sources": {
                **local.sources,
                "risk-register": Source(format="risk-register", path="nope.csv"),
            }
        }
    )
    svc = ChairService(gone, db_url, TODAY, "spatel")
    with pytest.raises(NotFound, match="does not exist"):
        svc.risks.add(saved.id)
    svc.close()
    unconfigured = local.model_copy(
        update={"sources": {k: v for k, v in local.sources.items() if k != "risk-register"}}
    )
    svc = ChairService(unconfigured, db_url, TODAY, "spatel")
    with pytest.raises(NotFound, match="no risk register is configured"):
        svc.risks.add(saved.id)
    with pytest.raises(NotFound, match="no decision"):
        svc.risks.add(9999)
    svc.close()


def test_only_a_chair_may_add_to_the_risk_register(
    config: ChairConfig, db_url: str, tmp_path: Path
) -> None:
    local = with_register(config, tmp_path)
    chair = ChairService(local, db_url, TODAY, "spatel")
    meeting = chair.meetings.start("weekly-ops")
    saved = chair.decisions.record(meeting.id, act_on_dna(TODAY))
    path = Path(chair.risks.register_path())
    before = path.read_bytes()
    for login in ("jmorgan", "intruder"):
        other = ChairService(local, db_url, TODAY, login)
        with pytest.raises(NotAllowed, match="may not add risks"):
            other.risks.add(saved.id)
        other.close()
    assert path.read_bytes() == before
    chair.close()
