"""The risk register, kept in the database: list, raise (by hand or from a decision), update,
review at a meeting, import a practice's existing register once, export."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from domain.risks import Risk, RiskLink, next_ref, risk_problems
from storage.database.models import DecisionRow, RiskLinkRow, RiskReviewRow, RiskRow
from storage.errors import Conflict, InvalidEntry, NotFound, Problem, UserError
from storage.service.holder_rules import refuse_unless_holder

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from storage.service.store import Store

DEFAULT_LIKELIHOOD = 3
"""A risk raised from a decision starts as 'possible' (3 of 5): the owner rescores it at review."""

DEFAULT_REVIEW_DAYS = 30


def to_risk(row: RiskRow, links: list[RiskLinkRow], last_review: str = "") -> Risk:
    return Risk(
        id=row.id, ref=row.ref, title=row.title, likelihood=row.likelihood, impact=row.impact,
        owner=row.owner, cause=row.cause, controls=row.controls, review_date=row.review_date,
        status=row.status, origin=row.origin, version=row.version, last_review=last_review,
        links=tuple(RiskLink(link.kind, link.ref) for link in links),
    )  # fmt: skip


class RiskRegister:
    """The practice's risks: one register per database."""

    def __init__(self, store: Store) -> None:
        self._store = store

    # ------------------------------------------------------------------ reading

    def all(self) -> list[Risk]:
        """Every risk, by reference."""
        with self._store.sessions() as session:
            return self._load(session)

    def _load(self, session: Session) -> list[Risk]:
        rows = session.scalars(select(RiskRow).order_by(RiskRow.ref)).all()
        links: dict[int, list[RiskLinkRow]] = {}
        for link in session.scalars(select(RiskLinkRow).order_by(RiskLinkRow.id)):
            links.setdefault(link.risk_id, []).append(link)
        notes: dict[int, str] = {}
        for review in session.scalars(select(RiskReviewRow).order_by(RiskReviewRow.id)):
            notes[review.risk_id] = review.note
        return [to_risk(r, links.get(r.id, []), notes.get(r.id, "")) for r in rows]

    def get(self, ref: str) -> Risk:
        found = next((r for r in self.all() if r.ref.lower() == ref.lower()), None)
        if found is None:
            raise NotFound(f"no risk '{ref}' on the register")
        return found

    def reviewed_at(self, meeting_id: int) -> dict[int, str]:
        """Risk id -> the review note given at this meeting."""
        with self._store.sessions() as session:
            rows = session.scalars(
                select(RiskReviewRow).where(RiskReviewRow.meeting_id == meeting_id)
            ).all()
        return {r.risk_id: r.note for r in rows}

    # ------------------------------------------------------------------ writing

    def add(self, risk: Risk, links: tuple[RiskLink, ...] = ()) -> Risk:
        """Put a new risk on the register (chair only); its reference is the next free one
        unless given. Refused in words when a field is wrong."""
        store = self._store
        store.require_chair("add risks to the risk register")
        problems = risk_problems(risk)
        if problems:
            raise InvalidEntry([Problem("risk", p) for p in problems])
        with store.tx() as session:
            refs = set(session.scalars(select(RiskRow.ref)).all())
            ref = risk.ref or next_ref(refs)
            if ref in refs:
                raise Conflict(f"risk {ref} is already on the register")
            row = self._row(risk, ref)
            session.add(row)
            session.flush()
            for link in links or risk.links:
                session.add(RiskLinkRow(risk_id=row.id, kind=link.kind, ref=link.ref))
            store.audit(session, "risk", row.id, "add", after=risk_dict(row))
            session.flush()
            return to_risk(
                row, list(session.scalars(select(RiskLinkRow).where(RiskLinkRow.risk_id == row.id)))
            )

    def _row(self, risk: Risk, ref: str) -> RiskRow:
        now = self._store.now()
        return RiskRow(
            ref=ref, title=risk.title.strip(), cause=risk.cause.strip(),
            likelihood=risk.likelihood, impact=risk.impact, owner=risk.owner,
            controls=risk.controls.strip(), review_date=risk.review_date, status=risk.status,
            origin=risk.origin, created=now, updated=now,
        )  # fmt: skip

    def from_decision(self, decision_id: int) -> Risk:
        """Raise a risk from a decision (or, when the decision's metric already has an open
        risk, link the decision to it and bring its review forward). The new risk: the
        decision's title, its reason as the cause, its actions as the controls, likelihood 3
        and impact 3 (4 for a CRITICAL breach) for the owner to rescore, its owner (the
        escalation owner, else the first action's, else the chair), its review date (the
        decision's, else its earliest action due date, else 30 days on)."""
        from storage.database import convert

        store = self._store
        store.require_chair("add risks to the risk register")
        with store.sessions() as session:
            row = session.get(DecisionRow, decision_id)
            if row is None:
                raise NotFound(f"no decision {decision_id}")
            meeting_id = row.meeting_id
            refuse_unless_holder(store, session, meeting_id)  # another screen holds it
            bare = convert.decision(row, [])
        found = [d for d in store.meeting(meeting_id).decisions if d.id == decision_id]
        decision = found[0] if found else bare  # superseded: still a decision, without actions
        existing = [
            r for r in self.all()
            if r.is_open and any(link == RiskLink("decision", str(decision_id)) for link in r.links)
        ]  # fmt: skip
        if existing:
            raise Conflict(
                f"decision {decision_id} is already on the risk register ({existing[0].ref})"
            )
        owner = (
            decision.escalation_owner_id
            or next((a.owner_id for a in decision.actions if a.owner_id), None)
            or (store.person.id if store.person else "")
        )
        dues = [a.due for a in decision.actions if a.due is not None]
        review = (
            decision.review_date
            or (min(dues) if dues else None)
            or (store.today + dt.timedelta(days=DEFAULT_REVIEW_DAYS))
        )
        if review < store.today:
            review = store.today + dt.timedelta(days=DEFAULT_REVIEW_DAYS)
        critical = decision.snapshot is not None and decision.snapshot.status == "CRITICAL"
        links = [RiskLink("decision", str(decision_id))]
        links += [RiskLink("action", str(a.id)) for a in decision.actions if a.id is not None]
        if decision.metric_id:
            links.append(RiskLink("metric", decision.metric_id))
            same = [
                r
                for r in self.all()
                if r.is_open and RiskLink("metric", decision.metric_id) in r.links
            ]
            if same:
                return self.link(same[0].ref, tuple(links), review)
        title = decision.title or decision.metric_id or f"Decision {decision_id}"
        controls = "; ".join(a.description for a in decision.actions)
        return self.add(
            Risk(
                id=None, ref="", title=title, likelihood=DEFAULT_LIKELIHOOD,
                impact=4 if critical else 3, owner=owner or "", cause=decision.reason,
                controls=controls, review_date=review, origin=f"decision {decision_id}",
            ),
            tuple(links),
        )  # fmt: skip

    def link(self, ref: str, links: tuple[RiskLink, ...], review: dt.date | None = None) -> Risk:
        """Link decisions, actions or metrics to a risk (a decision updating it); a review
        date earlier than the risk's brings its review forward."""
        store = self._store
        risk = self.get(ref)
        with store.tx() as session:
            row = session.get(RiskRow, risk.id)
            assert row is not None
            for link in links:
                if link not in risk.links:
                    session.add(RiskLinkRow(risk_id=row.id, kind=link.kind, ref=link.ref))
            if review is not None and (row.review_date is None or review < row.review_date):
                row.review_date = review
            row.updated = store.now()
            store.audit(session, "risk", row.id, "link", after={
                "links": [f"{link.kind} {link.ref}" for link in links],
                "review_date": row.review_date})  # fmt: skip
        return self.get(ref)

    def review(
        self,
        risk_id: int,
        note: str,
        meeting_id: int | None = None,
        likelihood: int | None = None,
        impact: int | None = None,
        next_review: dt.date | None = None,
        status: str | None = None,
    ) -> Risk:
        """Record a review of a risk: the note, the score as it now stands, the next review
        date (default: 3 months on) and, optionally, a new status (closing it)."""
        store = self._store
        store.check_free_text(note=note)
        if not note.strip():
            raise InvalidEntry([Problem("note", "A risk review needs a note")])
        at_meeting = store.meeting_tx(meeting_id) if meeting_id is not None else store.tx()
        with at_meeting as session:  # at a meeting: refused if another screen holds it
            row = session.get(RiskRow, risk_id)
            if row is None:
                raise NotFound(f"no risk {risk_id}")
            before = risk_dict(row)
            row.likelihood = likelihood or row.likelihood
            row.impact = impact or row.impact
            if status:
                row.status = status
            row.review_date = next_review or store.today + dt.timedelta(days=91)
            problems = risk_problems(to_risk(row, []), store.today)
            if problems:
                raise InvalidEntry([Problem("risk", p) for p in problems])
            row.updated = store.now()
            session.add(
                RiskReviewRow(
                    risk_id=row.id,
                    meeting_id=meeting_id,
                    note=note.strip(),
                    likelihood=row.likelihood,
                    impact=row.impact,
                    next_review=row.review_date,
                    when=store.now(),
                    by_login=store.login,
                )  # fmt: skip
            )
            store.audit(session, "risk", row.id, "review", before=before, after=risk_dict(row))
        return self.get(row.ref)

    def import_file(self, path: Path) -> list[Risk]:
        """Take a practice's existing register (CSV or .xlsx, its own header wording) once:
        refused when the register already holds risks."""
        from storage.data.readers import read_source
        from storage.data.readers.files import ReadOptions

        store = self._store
        store.require_chair("import the risk register")
        if not path.exists():
            raise UserError(f"{path}: no such file")
        if self.all():
            raise Conflict(
                "the risk register already holds risks: an import is taken once (chair risks "
                "lists them)"
            )
        data = read_source("risk-register", "risk-register", path, ReadOptions())
        errors = [f for f in data.findings if f.severity == "error"]
        if errors:
            first = errors[0]
            where = " ".join(p for p in (first.file, first.where) if p)
            raise UserError(f"{where or path}: {first.message}")
        frame = data.frames.get("rows")
        if frame is None or frame.height == 0:
            raise UserError(f"{path}: no risks found (a header row and one row per risk)")
        risks = []
        for line, item in enumerate(frame.iter_rows(named=True), start=2):
            title = str(item.get("title") or "").strip()
            if not title:
                continue
            try:
                likelihood, impact = int(item["likelihood"]), int(item["impact"])
            except (TypeError, ValueError):
                raise UserError(
                    f"{path}: row {line}: likelihood and impact must be whole numbers 1 to 5"
                ) from None
            status = str(item.get("status") or "open").strip().lower()
            risk = Risk(
                id=None, ref=str(item.get("risk_id") or "").strip(), title=title,
                likelihood=likelihood, impact=impact, owner=str(item.get("owner") or ""),
                controls=str(item.get("mitigation") or ""), review_date=item.get("review_date"),
                status=status if status in ("open", "tolerated", "closed") else "open",
                cause=str(item.get("cause") or ""), origin=f"imported from {path.name}",
            )  # fmt: skip
            problems = risk_problems(risk)
            if problems:
                raise UserError(f"{path}: row {line}: {problems[0]}")
            risks.append(risk)
        with store.tx():
            return [self.add(risk) for risk in risks]


def risk_dict(row: RiskRow) -> dict[str, object]:
    return {
        "ref": row.ref, "title": row.title, "likelihood": row.likelihood, "impact": row.impact,
        "owner": row.owner, "review_date": row.review_date, "status": row.status,
    }  # fmt: skip
