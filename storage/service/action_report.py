"""`chair actions`, fast: the actions read with SQLAlchemy Core into plain records.

No ORM (10,000 rows are not converted through mapped classes), no pydantic, no Alembic unless
the database needs upgrading (checking the revision is one query). `chair actions` must take no
more than 1.3x `python -c "import sqlalchemy.orm"` on ten years of history.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Date, Engine, Integer, String, Text, column, select, table

from domain.records import Action, ActionStatus
from domain.status import Status
from storage.database.engine import make_engine
from storage.database.schema import HEAD, current_revision, ensure_current

ACTIONS = table(
    "actions",
    column("id", Integer),
    column("decision_id", Integer),
    column("meeting_id", Integer),
    column("description", Text),
    column("owner_id", String),
    column("due", Date),
    column("review_meeting_type", String),
    column("status", String),
    column("metric_id", String),
    column("evidence", Text),
    column("carried", Integer),
    column("created", Date),
    column("completed", Date),
    column("version", Integer),
)
MEETINGS = table(
    "meetings",
    column("id", Integer),
    column("meeting_type", String),
    column("date", Date),
    column("practice_code", String),
)
DECISIONS = table("decisions", column("id", Integer), column("snapshot", Text))

CLOSED = (ActionStatus.DONE.value, ActionStatus.DROPPED.value)


@dataclass(frozen=True)
class ActionLine:
    """One action with where it was agreed and how severe the breach behind it was."""

    action: Action
    raised_at: str | None
    """The meeting type id of the meeting where it was agreed."""
    raised_on: dt.date | None
    severity: int
    """Status.severity of the decision's snapshot (3 critical .. 0 green; -1 unknown)."""


def open_database(db_url: str | Path) -> Engine:
    """An engine on the database, upgraded first only if its schema is older than this build."""
    engine = make_engine(db_url)
    if current_revision(engine) != HEAD:
        ensure_current(engine)  # loads Alembic: once per upgrade, never on the fast path
    return engine


def _severity(snapshot: str | None) -> int:
    if not snapshot:
        return -1
    try:
        return Status(json.loads(snapshot).get("status")).severity
    except (ValueError, AttributeError):
        return -1


def action_lines(
    engine: Engine,
    today: dt.date,
    owner_id: str | None = None,
    overdue_only: bool = False,
    include_closed: bool = False,
    practice_codes: tuple[str, ...] | None = None,
) -> list[ActionLine]:
    """Actions, soonest due first: open ones only unless `include_closed`; `overdue_only`
    keeps open actions due before `today`."""
    a, m, d = ACTIONS.c, MEETINGS.c, DECISIONS.c
    query = (
        select(
            a.id,
            a.description,
            a.owner_id,
            a.due,
            a.review_meeting_type,
            a.status,
            a.decision_id,
            a.meeting_id,
            a.metric_id,
            a.evidence,
            a.carried,
            a.created,
            a.completed,
            a.version,
            m.meeting_type,
            m.date,
            d.snapshot,
        )
        .select_from(
            ACTIONS.outerjoin(MEETINGS, m.id == a.meeting_id).outerjoin(
                DECISIONS, d.id == a.decision_id
            )
        )
        .order_by(a.due, a.id)
    )
    if owner_id is not None:
        query = query.where(a.owner_id == owner_id)
    if practice_codes is not None:
        query = query.where(m.practice_code.in_(practice_codes))
    if not include_closed or overdue_only:
        query = query.where(a.status.not_in(CLOSED))
    if overdue_only:
        query = query.where(a.due < today)
    with engine.connect() as connection:
        rows = connection.execute(query).all()
    return [
        ActionLine(
            action=Action(
                id=r[0],
                description=r[1],
                owner_id=r[2],
                due=r[3],
                review_meeting_type=r[4],
                status=ActionStatus(r[5]),
                decision_id=r[6],
                meeting_id=r[7],
                metric_id=r[8],
                evidence=r[9] or "",
                carried=r[10] or 0,
                created=r[11],
                completed=r[12],
                version=r[13] or 1,
            ),
            raised_at=r[14],
            raised_on=r[15],
            severity=_severity(r[16]),
        )
        for r in rows
    ]
