"""A scripted meeting through the service layer, for the crash harness.

Run as `python -m tests.safety.crash_driver CONFIG DB` (or call `drive` in a forked child). It
opens the weekly operations meeting (or resumes the one in progress), then takes numbered steps
for ever: act decisions with two actions, AOB items with a decision, action updates, saved
positions and section moves. After each step is confirmed by the service it prints one line,
`confirmed <step> <kind> <detail>`; the parent kills it at a seeded moment and checks that every
printed entry survived, whole. A restarted driver continues from the highest step in the
database, so a chain of kills also proves that a meeting resumes.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import text

from config import ChairConfig, load_config
from domain.keys import SectionKey
from domain.records import Action, ActionStatus, Decision, DecisionKind
from storage.service.chair import ChairService

TODAY = dt.date(2026, 11, 26)
MEETING_TYPE = "weekly-ops"
LAST_OPEN_SECTION = 4
"""The driver never advances past this section, so the meeting stays in progress."""
STEP_TAG = re.compile(r"step-(\d+)\b")
KINDS = ("decision", "aob", "update", "position", "move")


def kind_of(step: int) -> str:
    return KINDS[(step - 1) % len(KINDS)]


def metric_of(step: int) -> str:
    """Decisions reuse four metrics, so later ones supersede earlier ones (a second write)."""
    return f"metric-{(step // len(KINDS)) % 4}"


def action_descriptions(step: int) -> tuple[str, str]:
    return (f"step-{step} first action", f"step-{step} second action")


def highest_step(service: ChairService) -> int:
    """The highest step tag anywhere in the database (0 for a new one)."""
    queries = (
        "SELECT title FROM decisions",
        "SELECT title FROM aob_items",
        "SELECT note FROM action_updates",
    )
    highest = 0
    with service.engine.connect() as connection:
        for query in queries:
            for (value,) in connection.execute(text(query)):
                for match in STEP_TAG.finditer(value or ""):
                    highest = max(highest, int(match.group(1)))
    return highest


WORK_SECTIONS = ("this-week", "watch-list", "risk-register")


def without_work_sections(config: ChairConfig) -> ChairConfig:
    """The config with its meeting types' This week / Watch list / Risk register sections
    left out: they read the trackers (polars), which may hang in a forked child of a process
    that used polars' threads, and the harness is about the entries, not the readings."""
    types = [
        t.model_copy(update={"sections": [s for s in t.sections if s.fixed not in WORK_SECTIONS]})
        for t in config.meeting_types
    ]
    return config.model_copy(update={"meeting_types": types})


def drive(
    config: ChairConfig,
    db: str,
    emit: Callable[[str], None],
    max_steps: int = 10_000,
) -> None:
    """Open or resume the meeting and take steps, emitting one line per confirmed step."""
    config = without_work_sections(config)
    service = ChairService(config, db, TODAY, "spatel")
    meeting = service.meetings.start(MEETING_TYPE)  # resumes the one in progress
    step = highest_step(service)
    emit(f"ready {meeting.id} {step}")
    for _ in range(max_steps):
        step += 1
        emit(take_step(service, meeting.id, step))


def take_step(service: ChairService, meeting_id: int, step: int) -> str:
    kind = kind_of(step)
    if kind == "decision":
        first, second = action_descriptions(step)
        saved = service.decisions.record(
            meeting_id,
            Decision(
                id=None,
                section_key=SectionKey.of_dashboard("access"),
                kind=DecisionKind.ACT,
                metric_id=metric_of(step),
                title=f"step-{step} decision",
                data_shows=f"step-{step}: the figure is red again",
                reason="rota gaps",
                actions=(
                    Action(id=None, description=first, owner_id="jm", due=TODAY),
                    Action(id=None, description=second, owner_id="lc", due=TODAY),
                ),
            ),
        )
        return f"confirmed {step} decision {saved.id}"
    if kind == "aob":
        item = service.meetings.add_aob(meeting_id, f"step-{step} AOB item")
        assert item.id is not None
        service.decisions.record(
            meeting_id,
            Decision(
                id=None,
                section_key="aob",
                kind=DecisionKind.MONITOR,
                title=f"step-{step} AOB decision",
                data_shows="raised under AOB",
                reason="watch it",
                review_date=TODAY + dt.timedelta(days=7),
            ),
            aob_item_id=item.id,
        )
        return f"confirmed {step} aob {item.id}"
    if kind == "update":
        open_actions = service.actions.find()
        if not open_actions:
            return f"confirmed {step} update none"
        target = open_actions[step % len(open_actions)]
        assert target.id is not None
        updated = service.actions.update(
            target.id,
            target.version,
            status=ActionStatus.IN_PROGRESS,
            note=f"step-{step} progress",
        )
        return f"confirmed {step} update {updated.id} {updated.version}"
    if kind == "position":
        current = service.meetings.get(meeting_id).current_section
        service.sections.save_position(meeting_id, current, row=step, elapsed_seconds=step * 7)
        return f"confirmed {step} position {current} {step}"
    current = service.meetings.get(meeting_id).current_section
    if current < LAST_OPEN_SECTION:
        unmet = service.sections.move_on(meeting_id).unmet
        assert not unmet, unmet
        return f"confirmed {step} move {current + 1}"
    service.sections.go_back(meeting_id)  # p, as the chair would: one write, one section back
    return f"confirmed {step} move {current - 1}"


def main(argv: list[str]) -> int:
    config_path, db = argv[1], argv[2]
    max_steps = int(argv[3]) if len(argv) > 3 else 10_000

    def emit(line: str) -> None:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()

    drive(load_config(Path(config_path)), db, emit, max_steps)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main(sys.argv))
