"""The risk register kept in the database: raised from a decision (never written to the
practice's file), imported once, reviewed at a meeting, listed by `chair risks`, and the
'High risks past review date' metric reads it; `chair week` lists what falls due."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import subprocess
from pathlib import Path

import pytest

from config import ChairConfig
from domain.decisions import snapshot_of
from domain.status import Status
from storage.errors import Conflict, InvalidEntry, NotAllowed, UserError
from storage.service.chair import ChairService
from tests import warm_chair
from tests.across.helpers import act_on_dna, dna_reading
from tests.storage.conftest import SAMPLE, TODAY

REGISTER = SAMPLE.parent / "data" / "trackers" / "risk_register.csv"


def test_a_decision_raises_a_risk_and_the_practice_file_is_untouched(
    config: ChairConfig, db_url: str
) -> None:
    committed = REGISTER.read_bytes()
    svc = ChairService(config, db_url, TODAY, "spatel")
    imported = svc.risks.import_file(REGISTER)
    assert [r.ref for r in imported][:2] == ["R01", "R02"]
    with pytest.raises(Conflict, match="taken once"):
        svc.risks.import_file(REGISTER)
    meeting = svc.meetings.start("weekly-ops")
    decision = dataclasses.replace(
        act_on_dna(TODAY + dt.timedelta(days=14)),
        reason="Rota gaps on Mondays",
        snapshot=snapshot_of(dna_reading(8.4, Status.CRITICAL)),
        not_escalated_reason="Partners informed; recoverable within a month",
    )
    saved = svc.decisions.record(meeting.id, decision, breach_status="CRITICAL")
    risk = svc.risks.from_decision(saved.id or 0)
    last = max(int(r.ref.removeprefix("R")) for r in imported)
    assert risk.ref == f"R{last + 1:02d}"
    assert (risk.likelihood, risk.impact, risk.score) == (3, 4, 12)
    assert risk.owner == "jm" and risk.cause == "Rota gaps on Mondays"
    assert risk.review_date == TODAY + dt.timedelta(days=14)
    assert ("decision", str(saved.id)) in [(link.kind, link.ref) for link in risk.links]
    assert ("metric", "dna-rate") in [(link.kind, link.ref) for link in risk.links]
    with pytest.raises(Conflict, match="already on the risk register"):
        svc.risks.from_decision(saved.id or 0)
    assert REGISTER.read_bytes() == committed
    reviewed = svc.risks.review(
        risk.id or 0, "Rota fixed; likelihood down", meeting.id, likelihood=2
    )
    assert reviewed.score == 8 and reviewed.last_review == "Rota fixed; likelihood down"
    assert svc.risks.reviewed_at(meeting.id) == {risk.id: "Rota fixed; likelihood down"}
    with pytest.raises(InvalidEntry):
        svc.risks.review(risk.id or 0, "  ", meeting.id)
    svc.close()


def test_only_a_chair_raises_risks_and_a_bad_file_is_one_line(
    config: ChairConfig, db_url: str, tmp_path: Path
) -> None:
    ChairService(config, db_url, TODAY, "spatel").close()
    member = ChairService(config, db_url, TODAY, "jmorgan")
    with pytest.raises(NotAllowed):
        member.risks.import_file(REGISTER)
    member.close()
    bad = tmp_path / "register.csv"
    bad.write_text(
        "risk_id,title,owner,likelihood,impact,review_date,status\nR1,Fire,Sam,9,2,,open\n"
    )
    svc = ChairService(config, db_url, TODAY, "spatel")
    with pytest.raises(UserError, match="row 2: The likelihood is scored 1 to 5"):
        svc.risks.import_file(bad)
    assert svc.risks.all() == []
    svc.close()


def test_the_high_risks_metric_reads_the_register(config: ChairConfig, db_url: str) -> None:
    svc = ChairService(config, db_url, TODAY, "spatel")
    svc.risks.import_file(REGISTER)
    high_late = [
        r for r in svc.risks.all() if r.score >= 15 and r.review_date and r.review_date < TODAY
    ]
    reading = next(
        r
        for r in svc.readings.dashboard("compliance")
        if r.metric_id == "risks-high-overdue-review"
    )
    assert reading.value == len(high_late)
    assert reading.source_file == "the risk register (Chair)"
    svc.close()


def chair(*args: str, db: str) -> subprocess.CompletedProcess[str]:
    return warm_chair.run(
        ["--config", str(SAMPLE), "--db", db, "--today", TODAY.isoformat(), *args],
        cwd=os.getcwd(), env=dict(os.environ), timeout=120,
    )  # fmt: skip


def test_chair_risks_imports_once_lists_and_exports(tmp_path: Path) -> None:
    db = str(tmp_path / "chair.db")
    empty = chair("risks", db=db)
    assert empty.returncode == 0 and "empty" in empty.stdout
    done = chair("risks", "import", str(REGISTER), db=db)
    assert done.returncode == 0, done.stderr
    assert "Imported" in done.stdout
    again = chair("risks", "import", str(REGISTER), db=db)
    assert again.returncode == 2 and again.stderr.count("\n") == 1 and "once" in again.stderr
    table = chair("risks", db=db)
    assert "R02" in table.stdout and "4 x 4" in table.stdout
    csv_text = chair("risks", "--format", "csv", db=db).stdout
    assert csv_text.splitlines()[0].startswith("ref,title,cause,likelihood,impact,score")
    markdown = chair("risks", "--format", "markdown", db=db).stdout
    assert markdown.startswith("| Risk | Title | Score |")
    week = chair("week", db=db)
    assert week.returncode == 0, week.stderr
    assert "Review risk" in week.stdout and "overdue" in week.stdout
    assert "training" in week.stdout and "searches" in week.stdout


def test_chair_risks_list_and_export_are_commands_as_the_help_says(tmp_path: Path) -> None:
    """`chair --help` says "list, export, import": `chair risks list` was refused ("invalid
    choice: 'list'"). list is the bare command's table; export is CSV (to -o FILE)."""
    db = str(tmp_path / "chair.db")
    assert chair("risks", "import", str(REGISTER), db=db).returncode == 0
    bare = chair("risks", db=db)
    listed = chair("risks", "list", db=db)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout == bare.stdout and "4 x 4" in listed.stdout
    assert chair("risks", "list", "--format", "csv", db=db).stdout == (
        chair("risks", "--format", "csv", db=db).stdout
    )
    assert (
        chair("risks", "--all", "list", db=db).stdout
        == chair("risks", "list", "--all", db=db).stdout
    )
    exported = chair("risks", "export", db=db)
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout.splitlines()[0].startswith("ref,title,cause,likelihood,impact,score")
    target = tmp_path / "register.csv"
    written = chair("risks", "export", "-o", str(target), db=db)
    assert written.returncode == 0 and written.stderr.startswith("Wrote ")
    assert target.read_text(encoding="utf-8") == exported.stdout
    markdown = chair("risks", "export", "--format", "markdown", db=db).stdout
    assert markdown.startswith("| Risk | Title | Score |")
    wrong = chair("risks", "lst", db=db)
    assert wrong.returncode == 2 and "choose from 'list', 'export', 'import'" in wrong.stderr
