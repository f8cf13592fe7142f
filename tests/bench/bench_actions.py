"""Benchmark: `chair actions` on ten years of history against `python -c "import sqlalchemy.orm"`.

PRODUCT.md: `chair actions` on about 500 meetings and 10,000 actions takes no more than 1.3x the
time of importing SQLAlchemy's ORM, measured on the same machine in the same run.

    .venv/bin/python tests/bench/bench_actions.py [--runs 9] [--keep FILE]

The history is generated straight into a SQLite file (bulk inserts through SQLAlchemy Core on
the real schema, after running the real migrations): fast, and fine for a benchmark. Each
command runs as a subprocess of the installed `chair`; the medians and their ratio are printed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from domain.keys import SectionKey

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

SAMPLE = REPO / "sample" / "chair.toml"
TODAY = dt.date(2026, 11, 26)
TARGET = 1.3
MEETINGS = 500
ACTIONS_PER_MEETING = 20  # 10,000 actions
OWNERS = ("sp", "ao", "jm", "lc", "rk", "tb")
TYPES = (  # (meeting type, share of meetings, dashboard sections)
    ("weekly-ops", 0.70, ("access", "telephony", "prescribing")),
    ("monthly-management", 0.15, ("access", "qof", "workforce", "finance", "compliance")),
    ("partners", 0.10, ("qof", "finance")),
    ("clinical-governance", 0.05, ("prescribing", "compliance")),
)
METRICS = {
    "access": ("dna-rate", "same-day-share", "appointments-per-1000"),
    "telephony": ("missed-in-queue", "calls-answered"),
    "prescribing": ("overdue-monitoring",),
    "qof": ("qof-points-vs-trajectory", "qof-value-at-risk"),
    "workforce": ("gp-fte-per-1000",),
    "finance": ("claims-outstanding",),
    "compliance": ("training-compliance", "complaints-over-target"),
}
STATUSES = ("GREEN", "GREEN", "AMBER", "RED", "CRITICAL")


def generate(path: Path, seed: int = 2026) -> dict[str, int]:
    """Write ten years of meetings, decisions, actions and updates into a new SQLite file."""
    from sqlalchemy import insert

    from storage.database import schema
    from storage.database.engine import make_engine
    from storage.database.models import (
        ActionRow,
        ActionUpdateRow,
        DecisionRow,
        MeetingRow,
        SectionRow,
    )

    rng = random.Random(seed)
    engine = make_engine(path)
    schema.ensure_current(engine)
    start = TODAY - dt.timedelta(days=3652)
    step = 3652 / MEETINGS
    meetings, sections, decisions, actions, updates = [], [], [], [], []
    decision_id = action_id = 0
    for index in range(MEETINGS):
        meeting_id = index + 1
        date = start + dt.timedelta(days=int(index * step))
        roll = rng.random()
        for type_id, share, dashboards in TYPES:  # noqa: B007 - pick by cumulative share
            roll -= share
            if roll <= 0:
                break
        started = dt.datetime.combine(date, dt.time(9, 0))
        meetings.append(
            dict(
                id=meeting_id,
                meeting_type=type_id,
                practice_code="X99001",
                date=date,
                state="closed",
                chair_id="sp",
                present="sp,jm,lc",
                apologies="",
                current_section=len(dashboards) + 2,
                highlighted_row=0,
                elapsed_seconds=3300,
                timer_paused=False,
                minutes_state="approved",
                minutes_text=None,
                minutes_hash=None,
                started=started,
                closed=started + dt.timedelta(hours=1),
                next_meeting=date + dt.timedelta(days=7),
                previous_meeting_id=None,
                version=1,
            )
        )
        keys = [
            "previous-minutes",
            "matters-arising",
            *(SectionKey.of_dashboard(d) for d in dashboards),
            "aob",
        ]
        for position, key in enumerate(keys):
            readings = None
            if SectionKey.parse(key).is_dashboard:
                readings = json.dumps(
                    [
                        {
                            "metric_id": m,
                            "title": m,
                            "value": "1.0",
                            "status": rng.choice(STATUSES),
                            "trend": [1.0, 2.0],
                            "as_of": date.isoformat(),
                            "streak": 1,
                            "reason": None,
                        }
                        for m in METRICS[SectionKey.parse(key).dashboard]
                    ]
                )
            sections.append(
                dict(
                    meeting_id=meeting_id,
                    position=position,
                    key=key,
                    title=key,
                    time_box_minutes=10,
                    seconds_spent=600,
                    closed=True,
                    readings=readings,
                )
            )
        for n in range(ACTIONS_PER_MEETING):
            if n % 2 == 0:
                decision_id += 1
                dashboard = rng.choice(dashboards)
                metric = rng.choice(METRICS[dashboard])
                status = rng.choice(("RED", "RED", "AMBER", "CRITICAL"))
                decisions.append(
                    dict(
                        id=decision_id,
                        meeting_id=meeting_id,
                        section_key=SectionKey.of_dashboard(dashboard),
                        kind="act",
                        metric_id=metric,
                        title=metric,
                        data_shows="Above threshold",
                        reason="Agreed at the meeting",
                        review_date=None,
                        escalate_to=None,
                        escalation_owner_id=None,
                        not_escalated_reason="",
                        snapshot=json.dumps({"metric_id": metric, "status": status, "streak": 2}),
                        aob_item_id=None,
                        escalated_from_id=None,
                        created=started,
                        created_by="spatel",
                        superseded=False,
                    )
                )
            action_id += 1
            due = date + dt.timedelta(days=rng.choice((7, 14, 28)))
            age = (TODAY - date).days
            # Old actions are nearly all closed; the last couple of months are mostly open.
            closed = rng.random() < (0.98 if age > 60 else 0.3)
            status = (
                ("done" if rng.random() < 0.9 else "dropped")
                if closed
                else rng.choice(("open", "open", "in progress", "blocked"))
            )
            completed = due + dt.timedelta(days=rng.randint(-5, 10)) if status == "done" else None
            carried = rng.choice((0, 0, 0, 1, 2))
            actions.append(
                dict(
                    id=action_id,
                    decision_id=decision_id,
                    meeting_id=meeting_id,
                    description=f"Action {action_id}: follow up {decisions[-1]['metric_id']}",
                    owner_id=rng.choice(OWNERS),
                    due=due,
                    review_meeting_type=type_id,
                    status=status,
                    metric_id=decisions[-1]["metric_id"],
                    evidence="Done, see notes" if status == "done" else "",
                    carried=carried,
                    created=date,
                    completed=completed,
                    version=1 + carried + (1 if closed else 0),
                )
            )
            for u in range(carried + (1 if closed else 0)):
                updates.append(
                    dict(
                        action_id=action_id,
                        meeting_id=None,
                        when=started + dt.timedelta(days=7 * (u + 1)),
                        by_login="spatel",
                        status=status if u == carried else "in progress",
                        note="update",
                        new_due=None,
                        new_owner_id=None,
                        evidence="",
                    )
                )
    with engine.begin() as connection:
        connection.execute(insert(MeetingRow.__table__), meetings)
        connection.execute(insert(SectionRow.__table__), sections)
        connection.execute(insert(DecisionRow.__table__), decisions)
        connection.execute(insert(ActionRow.__table__), actions)
        connection.execute(insert(ActionUpdateRow.__table__), updates)
    engine.dispose()
    open_count = sum(1 for a in actions if a["status"] not in ("done", "dropped"))
    return {
        "meetings": len(meetings),
        "decisions": len(decisions),
        "actions": len(actions),
        "updates": len(updates),
        "open actions": open_count,
    }


def timed(command: list[str], env: dict[str, str]) -> float:
    began = time.perf_counter()
    result = subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - began
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed: {result.stderr.decode()[-500:]}")
    return elapsed


def chair_command() -> str:
    beside = Path(sys.executable).parent / "chair"
    found = str(beside) if beside.exists() else shutil.which("chair")
    if found is None:
        raise SystemExit("the chair command is not installed (pip install -e .)")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="runs of each command (median)")
    parser.add_argument("--keep", type=Path, help="write the history here and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="chair-bench-") as scratch:
        db = args.keep or Path(scratch) / "history.db"
        if db.exists():
            db.unlink()
        began = time.perf_counter()
        counts = generate(db)
        print(f"history: {counts} in {time.perf_counter() - began:.1f} s")
        env = {k: v for k, v in os.environ.items() if not k.startswith("CHAIR_")}
        env.update(CHAIR_CONFIG=str(SAMPLE), CHAIR_DB=str(db), HOME=scratch)
        chair = [chair_command(), "actions", "--today", TODAY.isoformat()]
        baseline = [sys.executable, "-c", "import sqlalchemy.orm"]
        variants = {
            "chair actions": chair,
            "chair actions --all --format json": [*chair, "--all", "--format", "json"],
            "chair actions --format ics": [*chair, "--format", "ics"],
        }
        for command in (baseline, *variants.values()):  # warm the file cache
            timed(command, env)
        times: dict[str, list[float]] = {"import sqlalchemy.orm": []}
        times.update({name: [] for name in variants})
        for _ in range(args.runs):  # interleaved, so load on the machine hits all alike
            times["import sqlalchemy.orm"].append(timed(baseline, env))
            for name, command in variants.items():
                times[name].append(timed(command, env))
    medians = {name: statistics.median(values) for name, values in times.items()}
    reference = medians["import sqlalchemy.orm"]
    print(f"{'command':40} {'median':>9} {'ratio':>7}")
    for name, value in medians.items():
        print(f"{name:40} {value * 1000:7.0f}ms {value / reference:7.2f}")
    ratio = medians["chair actions"] / reference
    verdict = "OK" if ratio <= TARGET else "TOO SLOW"
    print(f"chair actions / import sqlalchemy.orm = {ratio:.2f} (target <= {TARGET}): {verdict}")
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
