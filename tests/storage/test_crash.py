"""A process killed right after confirming an entry loses nothing when the database reopens."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from config import ChairConfig
from storage.service.chair import ChairService
from tests.storage.conftest import SAMPLE, TODAY

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent(
    """
    import datetime as dt, os, signal, sys
    from config import load_config
    from domain.keys import SectionKey
    from domain.records import Action, Decision, DecisionKind
    from storage.service.chair import ChairService

    svc = ChairService(load_config(sys.argv[1]), sys.argv[2], dt.date(2026, 11, 26), "spatel")
    meeting = svc.meetings.start("weekly-ops")
    svc.meetings.add_aob(meeting.id, "Flu clinic rota")
    svc.decisions.record(meeting.id, Decision(
        id=None, section_key=SectionKey.of_dashboard("access"), kind=DecisionKind.ACT,
        metric_id="dna-rate",
        title="DNA rate", data_shows="DNA rate 6.4%, third month red", reason="rota gaps",
        actions=(Action(id=None, description="Review rota", owner_id="jm",
                        due=dt.date(2026, 12, 3)),)))
    print("confirmed", flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
    """
)


def test_sigkill_after_confirming_loses_nothing(tmp_path: Path, config: ChairConfig) -> None:
    db = tmp_path / "chair.db"
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(SAMPLE), str(db)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
    )
    assert result.returncode == -signal.SIGKILL, result.stderr
    assert "confirmed" in result.stdout
    svc = ChairService(config, db, TODAY, "spatel")
    [meeting] = svc.meetings.in_progress()
    assert [a.title for a in meeting.aob] == ["Flu clinic rota"]
    [decision] = meeting.decisions
    assert decision.reason == "rota gaps"
    assert [a.description for a in decision.actions] == ["Review rota"]
    with svc.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    svc.close()
