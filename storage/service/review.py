"""Closing the loop: acknowledged breaches, escalation to the risk register, completion figures
and the dashboard usage report."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from typing import TYPE_CHECKING

from sqlalchemy import select

from domain.gate import Acknowledgement, acknowledge_breaches
from domain.records import Decision, DecisionKind, Meeting, MeetingState
from domain.status import Status
from storage.database import convert
from storage.database.models import AcknowledgementRow, AuditRow, DecisionRow, MeetingRow
from storage.errors import Conflict, InvalidEntry, NotAllowed, NotFound, Problem, UserError
from storage.service.actions import ActionsMixin
from storage.service.meetings import MeetingsMixin

if TYPE_CHECKING:
    from domain.gate import SectionContext
    from domain.minutes_input import Completion
    from domain.readings import Reading
    from storage.service.report import MetricUsage

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


def _acknowledgement(row: AcknowledgementRow) -> Acknowledgement:
    return Acknowledgement(
        id=row.id,
        metric_id=row.metric_id,
        owner_id=row.owner_id,
        reason=row.reason,
        expires=row.expires,
        status_at_ack=Status(row.status_at_ack),
        meeting_id=row.meeting_id,
        created=row.created,
        by_login=row.by_login,
    )


class ReviewMixin(ActionsMixin, MeetingsMixin):
    # ------------------------------------------------------------------ acknowledgements

    def acknowledge(
        self,
        meeting_id: int,
        metric_id: str,
        owner_id: str,
        reason: str,
        expires: dt.date,
        status: Status | str,
    ) -> Acknowledgement:
        """Acknowledge a breach at a meeting: it stays on screen, but the gate asks for no new
        decision on it until `expires` has passed or its status is worse than `status`.

        Chair only. Refused (InvalidEntry) without a known owner, a reason, an expiry on or
        after the meeting date, or with an NHS number in the reason.
        """
        self._require_chair("acknowledge breaches")
        meeting = self.meeting(meeting_id)
        if meeting.state is MeetingState.CLOSED:
            raise NotAllowed("this meeting is closed; acknowledge the breach at the next meeting")
        metric = self.config.metric(metric_id)
        if metric is None:
            raise NotFound(f"no metric '{metric_id}' in the config")
        try:
            acknowledged = status if isinstance(status, Status) else Status(status)
        except ValueError:
            acknowledged = Status.NO_DATA
        problems = []
        if acknowledged.severity <= 0:
            problems.append(
                Problem("status", f"{metric.title} is not a breach ({acknowledged.word})")
            )
        if owner_id not in self.known_people:
            problems.append(Problem("owner", f"'{owner_id}' is not a person in the config"))
        if not reason.strip():
            problems.append(Problem("reason", f"say why {metric.title} is acknowledged"))
        if expires < meeting.date:
            problems.append(Problem("expires", "the expiry is before the meeting date"))
        if problems:
            raise InvalidEntry(problems)
        self._check_free_text(reason=reason)
        with self._tx() as session:
            row = AcknowledgementRow(
                metric_id=metric_id,
                meeting_id=meeting_id,
                owner_id=owner_id,
                reason=reason.strip(),
                expires=expires,
                status_at_ack=acknowledged.word,
                created=self.now(),
                by_login=self.login,
            )
            session.add(row)
            session.flush()
            self._audit(
                session,
                "acknowledgement",
                row.id,
                "acknowledge",
                after={
                    "metric": metric_id,
                    "owner": owner_id,
                    "expires": expires,
                    "status": acknowledged.word,
                    "reason": row.reason,
                },
            )
            return _acknowledgement(row)

    def acknowledgements(
        self, meeting_id: int | None = None, metric_id: str | None = None
    ) -> list[Acknowledgement]:
        """Acknowledgements, oldest first. With `meeting_id`: those made at that meeting or an
        earlier one of the same type (the ones that may apply to it, live or not)."""
        with self._sessions() as session:
            query = select(AcknowledgementRow).order_by(AcknowledgementRow.id)
            if metric_id is not None:
                query = query.where(AcknowledgementRow.metric_id == metric_id)
            if meeting_id is not None:
                meeting = self._meeting_row(session, meeting_id)
                same_type = select(MeetingRow.id).where(
                    MeetingRow.meeting_type == meeting.meeting_type,
                    MeetingRow.id <= meeting_id,
                    MeetingRow.practice_code == meeting.practice_code,
                )
                query = query.where(AcknowledgementRow.meeting_id.in_(same_type))
            return [_acknowledgement(r) for r in session.scalars(query).all()]

    def section_context(
        self,
        meeting_id: int,
        section_index: int,
        readings: list[Reading] | None = None,
        meeting: Meeting | None = None,
    ) -> SectionContext:
        """As MeetingsMixin.section_context, with live acknowledgements on the breaches."""
        from dataclasses import replace

        context = super().section_context(meeting_id, section_index, readings, meeting)
        if context.kind != "dashboard" or not context.breaches:
            return context
        acknowledgements = self.acknowledgements(meeting_id)
        if not acknowledgements:
            return context
        breaches = acknowledge_breaches(context.breaches, acknowledgements, context.meeting_date)
        return replace(context, breaches=breaches)

    # ------------------------------------------------------------------ risk register

    def risk_register_path(self) -> str:
        """The configured risk-register tracker (the first source with that format)."""
        for source_id, source in self.config.sources.items():
            if source.format == "risk-register":
                return str(self.config.source_path(source_id))
        raise NotFound(
            "no risk register is configured: add a [sources.risk-register] with "
            'format = "risk-register" and a CSV path to chair.toml'
        )

    def add_to_risk_register(self, decision_id: int) -> dict[str, str]:
        """Append a risk made from a decision to the practice's risk register (CSV).

        The new row: the next risk_id (R05 after R04), the decision's title, its owner (the
        escalation owner, else the first action's owner, else the chair), likelihood 3 and
        impact 3 (4 for a CRITICAL breach) for the owner to rescore, the review date (the
        decision's, else its earliest action due date, else 30 days on), status "open", and
        the decision's reason and actions as the mitigation. Chair only; refused for an .xlsx
        or missing register, and for a decision already added. Returns the row written.
        """
        from pathlib import Path

        self._require_chair("add risks to the risk register")
        decision = self._decision(decision_id)
        path = Path(self.risk_register_path())
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
        with self._sessions() as session:
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
        with path.open("a", encoding="utf-8", newline="") as handle:
            if text and not text.endswith(("\n", "\r")):
                handle.write("\n")
            handle.write(buffer.getvalue())
        with self._tx() as session:
            self._audit(session, "decision", decision_id, "risk-register", after=row)
        return row

    def _decision(self, decision_id: int) -> Decision:
        with self._sessions() as session:
            row = session.get(DecisionRow, decision_id)
            if row is None:
                raise NotFound(f"no decision {decision_id}")
            meeting = self._load_meeting(session, self._meeting_row(session, row.meeting_id))
        found = next((d for d in meeting.decisions if d.id == decision_id), None)
        if found is None:  # superseded: still a real decision, without its actions
            with self._sessions() as session:
                row = session.get(DecisionRow, decision_id)
                assert row is not None
                return convert.decision(row, [])
        return found

    def _risk_row(self, decision: Decision, existing_ids: list[str]) -> dict[str, str]:
        owner_id = decision.escalation_owner_id or next(
            (a.owner_id for a in decision.actions if a.owner_id), None
        )
        owner = self.config.person(owner_id) if owner_id else self.person
        status = Status(decision.snapshot.status) if decision.snapshot else None
        dues = [a.due for a in decision.actions if a.due is not None]
        review = decision.review_date or (
            min(dues) if dues else self.today + dt.timedelta(days=DEFAULT_REVIEW_DAYS)
        )
        mitigation = [decision.reason.strip()] if decision.reason.strip() else []
        if decision.kind is DecisionKind.ESCALATE and decision.escalate_to:
            mitigation.append(f"Escalated to {self._destination(decision.escalate_to)}")
        for action in decision.actions:
            who = self.config.person(action.owner_id or "")
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
        meeting_type = self.config.meeting_type(target)
        if meeting_type is not None:
            return meeting_type.title
        person = self.config.person(target)
        return person.name if person else target

    # ------------------------------------------------------------------ figures for Home

    def completion(self) -> Completion:
        """Actions done on time, carried over and overdue by owner, as of today."""
        from domain.minutes_input import completion_of

        return completion_of(self.actions(include_closed=True), self.today)

    def dashboard_report(self) -> list[MetricUsage]:
        """Per metric: meetings shown, breaches, decisions, last shown / decided; candidates
        to retire (see storage.service.report)."""
        from storage.service.report import dashboard_usage

        with self._sessions() as session:
            return dashboard_usage(session, self.config, self.today)


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
