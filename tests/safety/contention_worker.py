"""One writer of the contention test: the chair in a meeting, or an owner updating actions.

Run as `python -m tests.safety.contention_worker ROLE CONFIG DB WRITES SEED LOG GO`. It waits for
the file GO to exist (so every writer starts at once), makes WRITES attempts, and writes one JSON
line per attempt to LOG: what it tried and what the service said (ok with the new version,
conflict, or any other error, which the test treats as a failure).
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

from config import load_config
from domain.keys import SectionKey
from domain.records import Action, ActionStatus, Decision, DecisionKind
from storage.errors import Conflict
from storage.service.chair import ChairService

TODAY = dt.date(2026, 11, 26)
LOGINS = {"chair": "spatel", "jo": "jmorgan", "lee": "lchen"}


def attempt_update(
    service: ChairService, action_id: int, version: int, note: str
) -> dict[str, Any]:
    entry: dict[str, Any] = {"op": "update", "action": action_id, "expected": version, "note": note}
    try:
        updated = service.actions.update(
            action_id, version, status=ActionStatus.IN_PROGRESS, note=note
        )
    except Conflict as exc:
        entry.update(result="conflict", message=str(exc))
    else:
        entry.update(result="ok", version=updated.version)
    return entry


def owner_step(
    service: ChairService, rng: random.Random, index: int, seen: dict[int, int]
) -> dict[str, Any]:
    """Update one of my actions: usually as just read, sometimes from a screen left open."""
    if index % 25 == 0 or not seen:
        seen.clear()
        seen.update((a.id, a.version) for a in service.actions.find(owner=service.login) if a.id)
    action_id = rng.choice(sorted(seen))
    stale = rng.random() < 0.25  # a screen read a while ago and left open
    version = seen[action_id] if stale else service.actions.get(action_id).version
    return attempt_update(service, action_id, version, f"{service.login} note {index}")


def chair_step(
    service: ChairService, rng: random.Random, index: int, meeting_id: int
) -> dict[str, Any]:
    """The chair runs the meeting and, at matters arising, updates anyone's action."""
    choice = index % 4
    if choice == 0:
        actions = service.actions.find()
        target = rng.choice(actions)
        assert target.id is not None
        return attempt_update(service, target.id, target.version, f"spatel note {index}")
    if choice == 1:
        owner = rng.choice(["jm", "lc"])
        saved = service.decisions.record(
            meeting_id,
            Decision(
                id=None,
                section_key=SectionKey.of_dashboard("access"),
                kind=DecisionKind.ACT,
                metric_id=f"metric-{index}",
                title=f"chair decision {index}",
                data_shows="red for a second month",
                reason="rota gaps",
                actions=(
                    Action(id=None, description=f"chair action {index}", owner_id=owner, due=TODAY),
                ),
            ),
        )
        return {"op": "decision", "result": "ok", "title": saved.title, "id": saved.id}
    if choice == 2:
        item = service.meetings.add_aob(meeting_id, f"chair AOB {index}")
        return {"op": "aob", "result": "ok", "title": item.title}
    service.sections.save_position(meeting_id, 2, row=index, elapsed_seconds=index)
    return {"op": "position", "result": "ok", "row": index}


def main(argv: list[str]) -> int:
    role, config_path, db, writes, seed, log, go = argv[1:8]
    config = load_config(Path(config_path))
    service = ChairService(config, db, TODAY, LOGINS[role])
    rng = random.Random(f"{seed}-{role}")
    meeting_id = service.meetings.in_progress()[0].id if role == "chair" else 0
    seen: dict[int, int] = {}
    entries: list[dict[str, Any]] = []
    while not Path(go).exists():
        time.sleep(0.005)
    for index in range(int(writes)):
        try:
            if role == "chair":
                entry = chair_step(service, rng, index, meeting_id)
            else:
                entry = owner_step(service, rng, index, seen)
        except Exception as exc:  # noqa: BLE001 - anything else reaching the user is a failure
            entry = {"op": "?", "result": "error", "message": f"{type(exc).__name__}: {exc}"}
        entries.append(entry)
    service.close()
    Path(log).write_text("".join(json.dumps(e) + "\n" for e in entries), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
