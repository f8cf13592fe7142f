"""The practice's risk register (a CSV tracker): a risk made from a decision."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from typing import TYPE_CHECKING

from sqlalchemy import select

from domain.records import Decision, DecisionKind
from domain.status import Status
from storage.database import convert
from storage.database.models import AuditRow, DecisionRow
from storage.errors import Conflict, NotFound, UserError
from storage.service.store import Store, load_meeting

if TYPE_CHECKING:
    pass


RISK_COLUMNS = (
    "risk_id",
    "title",
    "owner",
    "likelihood",
    "impact",
    "review_date",
    "status",
    "mitigation",
)
"""The risk-register tracker's columns (docs/TEAM-NOTES.md)."""


DEFAULT_LIKELIHOOD = 3
"""A new risk from a decision starts as 'possible' (3 of 5): the owner rescores it at review."""


DEFAULT_IMPACT = {Status.CRITICAL: 4}
"""Impact by the status the decision was made on: 4 of 5 for CRITICAL, else 3 (moderate)."""


DEFAULT_REVIEW_DAYS = 30
"""With no review date or action due date on the decision, the risk is reviewed in 30 days."""


class Risks:
    """Adding a decision to the risk register."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def register_path(self) -> str:
        """The configured risk-register tracker (the first source with that format)."""
        for source_id, source in self._store.config.sources.items():
            if source.format == "risk-register":
                return str(self._store.config.source_path(source_id))
        raise NotFound(
            "no risk register is configured: add a [sources.risk-register] with "
            'format = "risk-register" and a CSV path to chair.toml'
        )

    def add(self, decision_id: int) -> dict[str, str]:
        """Append a risk made from a decision to the practice's risk register (CSV).

        The new row: the next risk_id (R05 after R04), the decision's title, its owner (the
        escalation owner, else the first action's owner, else the chair), likelihood 3 and
        impact 3 (4 for a CRITICAL breach) for the owner to rescore, the review date (the
        decision's, else its earliest action due date, else 30 days on), status "open", and
        the decision's reason and actions as the mitigation. Chair only; refused for an .xlsx
        or missing register, and for a decision already added. Returns the row written.
        """
        from pathlib import Path

        self._store.require_chair("add risks to the risk register")
        decision = self._decision(decision_id)
        path = Path(self.register_path())
        if path.suffix.lower() in (".xlsx", ".xlsm", ".xls"):
            raise UserError(
                f"{path}: Chair cannot add rows to a spreadsheet risk register; save it as CSV "
                "(and point [sources.risk-register] at the .csv) or add the risk by hand"
            )
        if any(c in str(path) for c in "*?["):
            raise UserError(f"{path}: the risk register must be one CSV file, not a pattern")
        if not path.is_file():
            raise NotFound(
                f"{path}: the risk register file does not exist; create it with the header "
                f"{','.join(RISK_COLUMNS)}"
            )
        with self._store.sessions() as session:
            done = session.scalars(
                select(AuditRow.after).where(
                    AuditRow.entity == "decision",
                    AuditRow.entity_id == decision_id,
                    AuditRow.what == "risk-register",
                )
            ).first()
        if done is not None:
            raise Conflict(f"decision {decision_id} is already on the risk register ({done})")
        text = path.read_text(encoding="utf-8-sig")
        existing = list(csv.DictReader(io.StringIO(text)))
        header = next(csv.reader(io.StringIO(text)), [])
        missing = [c for c in RISK_COLUMNS if c not in header]
        if missing:
            raise UserError(f"{path}: the risk register has no column {', '.join(missing)}")
        row = self._risk_row(decision, [r.get("risk_id", "") for r in existing])
        buffer = io.StringIO()
        csv.DictWriter(buffer, fieldnames=header, lineterminator="\n").writerow(
            {c: row.get(c, "") for c in header}
        )
        with self._store.sessions() as session:
            meeting_id = session.scalar(
                select(DecisionRow.meeting_id).where(DecisionRow.id == decision_id)
            )
        assert meeting_id is not None
        with self._store.meeting_tx(meeting_id) as session:
            with path.open("a", encoding="utf-8", newline="") as handle:
                if text and not text.endswith(("\n", "\r")):
                    handle.write("\n")
                handle.write(buffer.getvalue())
            self._store.audit(session, "decision", decision_id, "risk-register", after=row)
        return row

    def _decision(self, decision_id: int) -> Decision:
        with self._store.sessions() as session:
            row = session.get(DecisionRow, decision_id)
            if row is None:
                raise NotFound(f"no decision {decision_id}")
            meeting = load_meeting(session, self._store.meeting_row(session, row.meeting_id))
        found = next((d for d in meeting.decisions if d.id == decision_id), None)
        if found is None:  # superseded: still a real decision, without its actions
            with self._store.sessions() as session:
                row = session.get(DecisionRow, decision_id)
                assert row is not None
                return convert.decision(row, [])
        return found

    def _risk_row(self, decision: Decision, existing_ids: list[str]) -> dict[str, str]:
        owner_id = decision.escalation_owner_id or next(
            (a.owner_id for a in decision.actions if a.owner_id), None
        )
        owner = self._store.config.person(owner_id) if owner_id else self._store.person
        status = Status(decision.snapshot.status) if decision.snapshot else None
        dues = [a.due for a in decision.actions if a.due is not None]
        review = decision.review_date or (
            min(dues) if dues else self._store.today + dt.timedelta(days=DEFAULT_REVIEW_DAYS)
        )
        mitigation = [decision.reason.strip()] if decision.reason.strip() else []
        if decision.kind is DecisionKind.ESCALATE and decision.escalate_to:
            mitigation.append(f"Escalated to {self._destination(decision.escalate_to)}")
        for action in decision.actions:
            who = self._store.config.person(action.owner_id or "")
            due = f", due {action.due.isoformat()}" if action.due else ""
            mitigation.append(f"{action.description} ({who.name if who else 'no owner'}{due})")
        title = decision.title or decision.metric_id or "Risk from a meeting decision"
        if decision.snapshot is not None:
            title = f"{title}: {decision.snapshot.display_value} ({decision.snapshot.status})"
        return {
            "risk_id": _next_risk_id(existing_ids),
            "title": title,
            "owner": owner.name if owner else "",
            "likelihood": str(DEFAULT_LIKELIHOOD),
            "impact": str(DEFAULT_IMPACT.get(status, 3) if status else 3),
            "review_date": review.isoformat(),
            "status": "open",
            "mitigation": "; ".join(mitigation),
        }

    def _destination(self, target: str) -> str:
        meeting_type = self._store.config.meeting_type(target)
        if meeting_type is not None:
            return meeting_type.title
        person = self._store.config.person(target)
        return person.name if person else target


def _next_risk_id(existing: list[str]) -> str:
    """The next id in the register's own style: R04 -> R05, RISK-9 -> RISK-10; else R01."""
    best: tuple[int, str, int] | None = None
    for risk_id in existing:
        match = re.fullmatch(r"(.*?)(\d+)", risk_id.strip())
        if match:
            number = int(match.group(2))
            if best is None or number > best[0]:
                best = (number, match.group(1), len(match.group(2)))
    if best is None:
        return "R01"
    number, prefix, width = best
    return f"{prefix}{number + 1:0{width}d}"
