"""The demo writes nowhere but its throw-away folder (issue 18, part 4): "Add to risk register"
appended to the bundled sample/data/trackers/risk_register.csv, a file inside the installed
package. The demo now runs on a chair.toml in its throw-away folder, with a copy of every file
Chair writes."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

import pytest

from chair.commands import tui
from chair.context import Context
from config.load import load_config
from domain.decisions import snapshot_of
from domain.status import Status
from storage.service.chair import ChairService
from tests.across.helpers import act_on_dna, dna_reading

SAMPLE = Path(__file__).resolve().parents[2] / "sample"
TODAY = dt.date(2026, 11, 26)


def bundled_files() -> dict[str, str]:
    return {
        str(path.relative_to(SAMPLE)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(SAMPLE.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


def add_a_risk(config_path: Path, db: Path) -> str:
    service = ChairService(load_config(config_path), db, TODAY, "spatel")
    try:
        meeting = service.meetings.start("weekly-ops")
        decision = dataclasses.replace(
            act_on_dna(TODAY + dt.timedelta(days=14)),
            snapshot=snapshot_of(dna_reading(8.4, Status.CRITICAL)),
            not_escalated_reason="Partners informed",
        )
        saved = service.decisions.record(meeting.id, decision, breach_status="CRITICAL")
        assert saved.id is not None
        return service.risks.from_decision(saved.id).ref  # the register is in the database
    finally:
        service.close()


@pytest.mark.parametrize("with_db", [False, True], ids=["throw-away db", "--db FILE"])
def test_the_demo_adds_risks_to_a_copy_in_its_throw_away_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, with_db: bool
) -> None:
    before = bundled_files()
    seen: dict[str, Any] = {}

    def run_app(ctx: Context, start: str, **options: Any) -> int:
        # What the app's worker does with the factory's chair.toml: open it, add a risk.
        config_path = options["config_path"]
        seen["config"] = config_path
        seen["ref"] = add_a_risk(config_path, tmp_path / "chair.db")
        seen["register"] = Path(load_config(config_path).source_path("risk-register"))
        return 0

    monkeypatch.setattr(tui, "_run_app", run_app)
    args = argparse.Namespace(
        force_sample=True, today=TODAY, db=str(tmp_path / "demo.db") if with_db else None
    )
    assert tui.run_demo(args, Context(args)) == 0
    assert bundled_files() == before  # nothing in the package changed
    assert seen["ref"].startswith("R")  # the risk went to the database ...
    assert not seen["register"].exists()  # ... and the register file read is a throw-away copy
    assert SAMPLE not in seen["register"].parents


def test_the_demo_practice_reads_the_bundled_data_where_it_is(tmp_path: Path) -> None:
    config = load_config(tui.demo_practice(SAMPLE / "chair.toml", tmp_path / "practice"))
    bundled = load_config(SAMPLE / "chair.toml")
    for source_id in bundled.sources:
        where = config.source_path(source_id)
        if source_id == "risk-register":
            assert where == tmp_path / "practice" / "data" / "trackers" / "risk_register.csv"
            assert where.read_bytes() == bundled.source_path(source_id).read_bytes()
        else:
            assert where == bundled.source_path(source_id).resolve()
