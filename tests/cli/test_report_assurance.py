"""`chair report assurance` and `chair report dashboards` by layer, on the demo's past."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from config import ChairConfig, load_config
from storage.service.chair import ChairService
from tests.cli.conftest import RunChair
from tests.db_templates import seeded_demo
from tests.storage.conftest import SAMPLE, TODAY


@pytest.fixture(scope="module")
def config() -> ChairConfig:
    return load_config(SAMPLE)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory, config: ChairConfig) -> str:
    db = tmp_path_factory.mktemp("assurance") / "demo.db"
    seeded_demo(db, TODAY)  # a copy of the demo seeded once per test process
    return str(db)


def test_the_record_per_dashboard_over_the_period(seeded: str, config: ChairConfig) -> None:
    service = ChairService(config, seeded, TODAY, "spatel")
    start = TODAY - dt.timedelta(days=60)
    record = service.assurance.record(start, TODAY)
    heads = service.history.chain_heads()
    service.close()
    assert [d.id for d in record.dashboards] == [d.id for d in config.dashboards]
    assert [(c.table, c.head) for c in record.chain_heads] == [(h.table, h.head) for h in heads]
    telephony = next(d for d in record.dashboards if d.id == "telephony")
    assert all(start <= r.date <= TODAY for r in telephony.reviews)
    assert {r.meeting_title for r in telephony.reviews} >= {"Weekly operations meeting"}
    assert all(r.metrics for r in telephony.reviews)  # the readings they saw, as kept
    escalated = telephony.escalations
    assert escalated and escalated[-1].escalate_to == "partners"
    assert any(a.status.value == "done" and a.evidence for a in telephony.actions)
    assert telephony.open_risks()[0][0].metric_id == "missed-in-queue"
    quality = telephony.quality_findings()
    assert any(kind == "query data" for _, _, kind, _ in quality)
    finance = next(d for d in record.dashboards if d.id == "finance")
    answered = [finance.answers[e.id] for e in finance.escalations if e.id in finance.answers]
    assert answered and answered[0].meeting_title == "Partners meeting"
    only = ChairService(config, seeded, TODAY, "spatel")
    assert [d.id for d in only.assurance.record(start, TODAY, "qof").dashboards] == ["qof"]
    only.close()


def test_chair_report_assurance_writes_the_pack(
    seeded: str, run_chair: RunChair, tmp_path: Path
) -> None:
    common = ("--db", seeded, "--today", TODAY.isoformat(), "report", "assurance")
    shown = run_chair(*common, "--dashboard", "telephony")
    assert shown.returncode == 0, shown.stderr
    text = shown.stdout
    assert "## Telephony" in text and "## Access" not in text
    assert "- **Period:** 2026-08-26 to 2026-11-26" in text  # three months by default
    assert "### Who reviewed it" in text and "### Escalations and where they went" in text
    assert "- Risk: patient safety, patient experience: urgent calls not answered" in text
    assert "## The record this was drawn from" in text
    open_risk = text.split("### Open risks", 1)[1].split("###", 1)[0]
    assert "| Calls missed in queue | RED 18.7% | 2026-11-25 |" in open_risk
    assert "responsive care at risk; complaints rising | escalate (2026-11-12) |" in open_risk
    out = tmp_path / "pack.html"
    written = run_chair(*common, "--format", "html", "-o", str(out))
    assert written.returncode == 0 and "Assurance pack written to" in written.stderr
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert out.stat().st_mode & 0o777 == 0o600
    for args, said in [
        (("--dashboard", "nope"), "no dashboard 'nope' (one of access"),
        (("--from", "2026-12-01", "--to", "2026-11-01"), "--from 2026-12-01 is after --to"),
        (("--from", "1st May"), "'1st May' is not a date: use YYYY-MM-DD"),
    ]:
        refused = run_chair(*common, *args)
        assert refused.returncode == 2 and said in refused.stderr, refused.stderr
        assert "Traceback" not in refused.stderr


def test_report_dashboards_groups_by_layer_and_flags_the_huddle(
    seeded: str, run_chair: RunChair
) -> None:
    shown = run_chair("--db", seeded, "--today", TODAY.isoformat(), "report", "dashboards")
    assert shown.returncode == 0, shown.stderr
    text = shown.stdout
    operational = text.index("Operational: this week")
    management = text.index("Management: trends needing intervention")
    strategic = text.index("Strategic: sustainability")
    assert operational < management < strategic
    assert text.index("Calls missed in queue") < management  # telephony serves this week
    assert text.index("GP FTE per 1,000 patients") > strategic
    assert "  Partners meeting: strategic; management 3, strategic 16" in text
    assert "  Daily huddle: operational; operational 5, management 11, strategic 13" in text
    assert "    ! an operational meeting carrying strategic metrics (13 of 29)" in text
    as_json = run_chair("--db", seeded, "--today", TODAY.isoformat(), "report", "dashboards",
                        "--format", "json")  # fmt: skip
    assert '"layer": "operational"' in as_json.stdout
