"""The chain's witness outside the database (issue 18, part 6): approved minutes print the audit
log's chain head, and `chair check --witness` catches a history rewritten with every hash after
it recomputed, which the chain alone cannot. On SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import text

from config import ChairConfig
from storage.security import chain, witness
from storage.service.chair import ChairService
from tests.safety.conftest import SAMPLE
from tests.safety.test_security import chair_cli
from tests.safety.test_tamper_evidence import approved_meetings

TODAY = dt.date(2026, 11, 26)


def _rewrite_and_recompute(service: ChairService, row_id: int) -> None:
    """The attack: change an audit row, then recompute every chain hash from it on."""
    with service.engine.begin() as connection:
        chain.drop_triggers(connection, ["audit_log"])
        connection.execute(
            text("UPDATE audit_log SET login = 'aokafor' WHERE id = :id"), {"id": row_id}
        )
        previous = chain.GENESIS
        for row in chain.rows_in_order(connection, "audit_log"):
            recomputed = chain.link_hash(previous, row[2:])
            connection.execute(
                text("UPDATE audit_log SET chain_hash = :h WHERE id = :id"),
                {"h": recomputed, "id": row[0]},
            )
            previous = recomputed


def test_approved_minutes_carry_the_chain_head_and_check_catches_a_recomputed_rewrite(
    sample_config: ChairConfig, db_url: str, tmp_path: Path
) -> None:
    first_id, _ = approved_meetings(sample_config, db_url)
    service = ChairService(sample_config, db_url, TODAY + dt.timedelta(days=7), "spatel")
    minutes = service.minutes.markdown(first_id)
    printed = witness.found_in(minutes)
    assert len(printed) == 1 and minutes.rstrip().endswith(printed[0].line())
    with service.engine.connect() as connection:
        head = connection.execute(
            text("SELECT chain_hash FROM audit_log WHERE id = :id"), {"id": printed[0].row_id}
        ).scalar()
    assert head == printed[0].head
    exported = tmp_path / "minutes.md"
    exported.write_text(minutes)
    problems, confirmed = service.history.check_witnesses([exported])
    assert problems == [] and len(confirmed) == 1
    assert "still passes through row" in confirmed[0]
    assert service.history.verify() == [] and service.minutes.verify_locked() == []

    _rewrite_and_recompute(service, 1)
    # The chain alone verifies again (that is the attack) ...
    assert not any("chain breaks" in p for p in service.history.verify())
    # ... but the witness printed in the minutes does not.
    problems, confirmed = service.history.check_witnesses([exported, tmp_path / "none.md"])
    service.close()
    assert confirmed == []
    assert any(
        "the audit log no longer passes through the chain head these minutes printed "
        f"(row {printed[0].row_id}: printed {printed[0].head[:12]}" in p
        for p in problems
    ), problems
    assert any("none.md: not a file of minutes" in p for p in problems)


def test_chair_check_witness_on_the_command_line(
    sample_config: ChairConfig, tmp_path: Path
) -> None:
    db = tmp_path / "chair.db"
    first_id, _ = approved_meetings(sample_config, db)
    common = ("--config", str(SAMPLE), "--db", str(db), "--today", "2026-12-03")
    copy = tmp_path / "approved.md"
    exported = chair_cli(*common, "minutes", str(first_id), "--output", str(copy))
    assert exported.returncode == 0, exported.stderr
    clean = chair_cli(*common, "check", "--witness", str(copy))
    assert "ERROR database" not in clean.stdout, clean.stdout
    assert f"{copy}: the audit log still passes through row" in clean.stderr
    service = ChairService(sample_config, db, TODAY, "spatel")
    _rewrite_and_recompute(service, 1)
    service.close()
    tampered = chair_cli(*common, "check", "--witness", str(copy))
    assert tampered.returncode == 1 and "Traceback" not in tampered.stderr
    lines = [line for line in tampered.stdout.splitlines() if line.startswith("ERROR database")]
    assert not any("chain breaks" in line for line in lines), lines
    assert any(f"{copy}: the audit log no longer passes through" in line for line in lines)
