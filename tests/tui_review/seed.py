"""Seed a real database through the real service: three open actions with known urgency.

The weekly operations meeting of 5 Nov 2026 (chaired by login 'spatel') recorded two `act`
decisions; on 26 Nov 2026 (the review date):

- "Audit same-day triage" (lc, CRITICAL breach) is 14 days overdue;
- "Fill Monday rota gaps" (jm, RED breach) is 7 days overdue;
- "Ring round DNA patients" (jm, RED breach) is due on 10 Dec 2026.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from config import load_config
from domain.keys import SectionKey
from domain.records import Action, Decision, DecisionKind, Snapshot
from storage.service.chair import ChairService
from tests.db_templates import migrated_sqlite

SAMPLE = Path(__file__).resolve().parents[2] / "sample" / "chair.toml"
TODAY = dt.date(2026, 11, 26)
MEETING_DAY = dt.date(2026, 11, 5)

TRIAGE = "Audit same-day triage"
ROTA = "Fill Monday rota gaps"
RING = "Ring round DNA patients"


def _snapshot(metric_id: str, title: str, value: float, status: str) -> Snapshot:
    return Snapshot(
        metric_id=metric_id,
        title=title,
        value=value,
        display_value=f"{value:.1f}%",
        status=status,
        thresholds="amber >= 4.5, red >= 6, critical >= 8 (lower is better)",
        as_of=dt.date(2026, 10, 31),
        streak=2,
    )


def seed(db: Path | str) -> dict[str, int]:
    """Seed `db`; returns the action ids by description."""
    config = load_config(SAMPLE)
    if not Path(db).exists():
        migrated_sqlite(Path(db))  # a new database, its migrations run once per test process
    chair = ChairService(config, str(db), MEETING_DAY, "spatel")
    try:
        meeting = chair.meetings.start("weekly-ops")
        dna = chair.decisions.record(
            meeting.id,
            Decision(
                id=None,
                section_key=SectionKey.of_dashboard("access"),
                kind=DecisionKind.ACT,
                metric_id="dna-rate",
                title="DNA rate",
                data_shows="DNA rate 6.4%, second month red",
                reason="Unfilled rota gaps on Mondays",
                snapshot=_snapshot("dna-rate", "DNA rate", 6.4, "RED"),
                actions=(
                    Action(id=None, description=ROTA, owner_id="jm", due=dt.date(2026, 11, 19)),
                    Action(id=None, description=RING, owner_id="jm", due=dt.date(2026, 12, 10)),
                ),
            ),
            breach_status="RED",
        )
        triage = chair.decisions.record(
            meeting.id,
            Decision(
                id=None,
                section_key=SectionKey.of_dashboard("access"),
                kind=DecisionKind.ACT,
                metric_id="same-day-share",
                title="Same-day share",
                data_shows="Same-day share far above plan",
                reason="Triage not applied consistently",
                snapshot=_snapshot("same-day-share", "Same-day share", 81.0, "CRITICAL"),
                actions=(
                    Action(id=None, description=TRIAGE, owner_id="lc", due=dt.date(2026, 11, 12)),
                ),
            ),
        )
    finally:
        chair.close()
    return {a.description: a.id for a in (*dna.actions, *triage.actions) if a.id is not None}


if __name__ == "__main__":
    import sys

    print(seed(sys.argv[1]))
