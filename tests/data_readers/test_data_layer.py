"""compute_dashboard / check_sources / the readings cache, over the fixture files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import polars as pl
import pytest

from config import ChairConfig, load_config
from domain.status import Status
from storage.data import dashboards as data_layer
from storage.data.dashboards import (
    check_sources,
    compute_all,
    compute_dashboard,
    format_source_report,
    has_errors,
    qof_table,
)
from tests.data_readers.conftest import TODAY
from tests.shown import labels, shown


def test_every_dashboard_has_readings(config: ChairConfig) -> None:
    everything = compute_all(config, TODAY)
    readings = [r for dashboards in everything.values() for rs in dashboards.values() for r in rs]
    assert len(readings) == len(config.metrics)
    assert all(r.status is not Status.NO_DATA for r in readings), [r.reason for r in readings]
    dna = compute_dashboard(config, "access", TODAY)[0]
    assert dna.status is Status.CRITICAL and dna.value == pytest.approx(8.62, abs=0.01)
    assert dna.source_file == "Practice_Level_Crosstab_Dec_25.csv (+1 more)"


def test_qof_facts_are_in_the_reading_detail(config: ChairConfig) -> None:
    risk = next(r for r in compute_dashboard(config, "qof", TODAY) if r.metric_id == "qof-risk")
    assert shown(risk.detail, "£ per point").startswith("£225.49")
    assert "needs clinical review" in labels(risk.detail)
    table = qof_table(config, TODAY)
    largest = sorted(table.rows, key=lambda row: -row.at_stake)
    assert [row.code for row in largest][:2] == ["DM020", "HYP008"]  # largest £ at stake


def test_missing_file_gives_no_data_with_the_reason(data_copy: Path) -> None:
    (data_copy / "cbt" / "CBT_By_Day_and_Time_Dec_25.csv").unlink()
    config = load_config(data_copy / "chair.toml")
    telephony = compute_dashboard(config, "telephony", TODAY)
    assert {r.status for r in telephony} == {Status.NO_DATA}
    assert all("no file matches" in (r.reason or "") for r in telephony)
    access = compute_dashboard(config, "access", TODAY)  # the rest of the meeting still works
    assert Status.NO_DATA not in {r.status for r in access}


def test_broken_file_gives_no_data_never_an_exception(data_copy: Path) -> None:
    (data_copy / "trackers" / "claims.xlsx").write_bytes(b"PK\x03\x04 not a workbook")
    for file in (data_copy / "gpad").iterdir():
        file.write_bytes(b"")
    config = load_config(data_copy / "chair.toml")
    other = {r.metric_id: r for r in compute_dashboard(config, "other", TODAY)}
    assert other["claims-outstanding"].status is Status.NO_DATA
    assert "cannot open spreadsheet" in (other["claims-outstanding"].reason or "")
    assert other["training"].status is not Status.NO_DATA
    access = compute_dashboard(config, "access", TODAY)
    assert all(r.status is Status.NO_DATA and "empty" in (r.reason or "") for r in access)


def test_partial_problems_are_flagged_on_the_reading(data_copy: Path) -> None:
    path = data_copy / "trackers" / "complaints.csv"
    path.write_text(path.read_text() + "C9,31/09/2025,Access,,2025-10-31,,\n")
    config = load_config(data_copy / "chair.toml")
    complaints = next(
        r for r in compute_dashboard(config, "other", TODAY) if r.metric_id == "complaints"
    )
    assert complaints.value == 1.0
    problem = complaints.detail.data_problem
    assert problem.startswith("1 row could not be read (row ") and "'31/09/2025'" in problem
    assert complaints.completeness is not None and 0.5 < complaints.completeness < 1


def test_check_sources_reports_rows_period_freshness_findings(data_copy: Path) -> None:
    (data_copy / "trackers" / "training.csv").write_text("staff_name,role\nAnn,GP\n")
    config = load_config(data_copy / "chair.toml")
    reports = {r.source_id: r for r in check_sources(config, TODAY)}
    gpad = reports["appointments"]
    assert gpad.rows == 21 and gpad.names == (
        "Practice_Level_Crosstab_Dec_25.csv", "Practice_Level_Crosstab_Nov_25.csv"
    ) and gpad.age_days == 15 and not gpad.stale  # fmt: skip
    assert reports["training"].errors == 3  # course, completed_date, expires_date missing
    text = format_source_report(list(reports.values()))
    assert (
        "ERROR training (training)" in text and "column course: required column is missing" in text
    )
    assert has_errors(list(reports.values()))


def test_check_flags_a_calculation_for_the_wrong_format(config: ChairConfig) -> None:
    metric = config.metrics[0].model_copy(update={"calculation": "cbt.answered_share"})
    broken = config.model_copy(update={"metrics": [metric, *config.metrics[1:]]})
    report = next(r for r in check_sources(broken, TODAY) if r.source_id == "appointments")
    assert any("needs a 'cbt' source" in f.message for f in report.findings)


def test_cache_hit_then_miss_when_a_file_changes(
    data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = load_config(data_copy / "chair.toml")
    cache = tmp_path / "cache"
    first = compute_dashboard(config, "telephony", TODAY, cache_dir=cache)
    assert len(list(cache.glob("*.json"))) == 1
    calls: list[str] = []
    from storage.data.readers import compute

    real = compute.readings_for
    monkeypatch.setattr(
        compute, "readings_for", lambda *a, **k: calls.append("computed") or real(*a, **k)
    )
    again = compute_dashboard(config, "telephony", TODAY, cache_dir=cache)
    assert again == first and calls == []  # a hit: nothing read
    path = data_copy / "cbt" / "CBT_By_Day_and_Time_Dec_25.csv"
    path.write_text(
        path.read_text().replace(",CBT004,10:00 - 11:59,10", ",CBT004,10:00 - 11:59,70")
    )
    changed = compute_dashboard(config, "telephony", TODAY, cache_dir=cache)
    assert calls == ["computed"]
    assert changed[0].value == pytest.approx(200 / 320 * 100)  # missed 30+70 a day, recomputed
    assert len(list(cache.glob("*.json"))) == 1  # the old entry is replaced, not piled up
    compute_dashboard(config, "telephony", TODAY.replace(day=16), cache_dir=cache)
    assert calls == ["computed", "computed"]  # another day is another key


def test_a_changed_file_recomputes_only_its_source(
    data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """'other' reads seven sources; touching the training tracker reads only that one again."""
    config = load_config(data_copy / "chair.toml")
    cache = tmp_path / "cache"
    first = compute_dashboard(config, "other", TODAY, cache_dir=cache)
    sources = {m.source for m in config.metrics_for("other")}
    assert len(sources) > 2 and len(list(cache.glob("*.json"))) == len(sources)
    recomputed: list[set[str]] = []
    from storage.data.readers import compute

    real = compute.readings_for

    def spy(cfg: ChairConfig, practice: object, metrics: list, *rest: object) -> object:
        recomputed.append({m.source for m in metrics})
        return real(cfg, practice, metrics, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(compute, "readings_for", spy)
    training = data_copy / "trackers" / "training.csv"
    training.write_text(training.read_text() + "\n")
    os.utime(training, ns=(time.time_ns(), time.time_ns() + 1_000_000_000))
    again = compute_dashboard(config, "other", TODAY, cache_dir=cache)
    assert recomputed == [{"training"}]
    assert [r.metric_id for r in again] == [r.metric_id for r in first]  # config order kept
    assert again == first  # a blank line changes nothing in the readings


@pytest.mark.parametrize("damage", ["not json", "cut in half", "another shape", "arrow"])
def test_damaged_cache_entry_is_a_miss(config: ChairConfig, tmp_path: Path, damage: str) -> None:
    first = compute_dashboard(config, "access", TODAY, cache_dir=tmp_path)
    entries = list(tmp_path.glob("*.json"))
    assert entries and not list(tmp_path.glob("*.pkl"))  # JSON records, no pickle
    for entry in entries:
        whole = entry.read_bytes()
        if damage == "not json":
            entry.write_bytes(b"not a JSON file")
        elif damage == "cut in half":  # a half-written file (a crash without the rename)
            entry.write_bytes(whole[: len(whole) // 2])
        elif damage == "another shape":  # whole JSON of other fields (another version's entry)
            entry.write_text('[{"metric_id": "x"}]')
        else:  # an older version's entry, an Arrow IPC frame: replaced, not kept
            pl.DataFrame({"metric_id": ["x"]}).write_ipc(entry.with_suffix(".arrow"))
            entry.unlink()
    assert compute_dashboard(config, "access", TODAY, cache_dir=tmp_path) == first
    stored = json.loads(next(tmp_path.glob("*.json")).read_text())  # rebuilt, one per reading
    assert [row["metric_id"] for row in stored] == [r.metric_id for r in first]
    assert not list(tmp_path.glob("*.arrow"))  # an older version's frame goes


def test_warm_cache_reads_no_data_file(config: ChairConfig, tmp_path: Path) -> None:
    """A warm cache answers from its JSON entries: no reader, no calculation and not even
    polars is imported."""
    compute_dashboard(config, "access", TODAY, cache_dir=tmp_path)
    probe = (
        "import sys, datetime as dt; from pathlib import Path; from config import load_config; "
        "from storage.data.dashboards import compute_dashboard; "
        f"c = load_config({str(config.base_dir / 'chair.toml')!r}); "
        f"r = compute_dashboard(c, 'access', dt.date({TODAY.year}, {TODAY.month}, {TODAY.day}), "
        f"cache_dir=Path({str(tmp_path)!r})); "
        "assert r and not [m for m in sys.modules if m.startswith(('storage.data.readers', "
        "'domain.metrics', 'polars', 'pyarrow'))], sorted(sys.modules)"
    )
    repo = Path(data_layer.__file__).resolve().parents[1]
    result = subprocess.run([sys.executable, "-c", probe], cwd=repo, capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(repo)}, timeout=120)  # fmt: skip
    assert result.returncode == 0, result.stderr[-1500:]
