"""The section kinds for the work behind the number: This week, Watch list and Risk register
(what each puts before the gate and freezes for the minutes), and which breaches an action
that did not work brings back (the gate's point 6)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from domain.records import Verdict
from storage.database.models import ActionRow, ActionUpdateRow, DecisionRow

if TYPE_CHECKING:
    from domain.gate import Breach, SectionContext
    from domain.records import Action, Meeting, Snapshot
    from storage.service.register import RiskRegister
    from storage.service.watch import WatchList
    from storage.service.week import Week

WORK_KINDS = frozenset({"this-week", "watch-list", "risk-register"})


@dataclass(frozen=True)
class WorkParts:
    week: Week
    watch: WatchList
    risks: RiskRegister

    def context(self, key: str, meeting: Meeting, common: Mapping[str, object]) -> SectionContext:
        from domain.gate import SectionContext
        from domain.risks import for_section

        if key == "watch-list":
            notes = self.watch.notes_at(meeting.id)
            return SectionContext(
                kind="watch-list", watch_items=tuple(self.watch.items()),
                watch_noted=frozenset(notes),
                watch_notes={m: f"{n.kind}: {n.note}" for m, n in notes.items()},
                **common,  # type: ignore[arg-type]
            )  # fmt: skip
        if key == "risk-register":
            register = self.risks.all()
            listed = for_section(register, meeting.date)
            reviews = self.risks.reviewed_at(meeting.id)
            # A risk reviewed here stays in the list (its review date has moved on).
            listed += [r for r in register if r.id in reviews and r not in listed]
            due = tuple(r for r in listed if r.due_review(meeting.date))
            return SectionContext(
                kind="risk-register", risks_due=due, risks_reviewed=frozenset(reviews),
                risks_listed=tuple(listed), reviews=reviews,
                **common,  # type: ignore[arg-type]
            )  # fmt: skip
        return SectionContext(
            kind="this-week", week_items=tuple(self.week.items()),
            **common,  # type: ignore[arg-type]
        )  # fmt: skip

    def frozen(self, key: str, meeting: Meeting) -> str:
        """What the section showed, as JSON rows kept with it for the minutes."""
        from domain.risks import for_section

        rows: list[dict[str, str]]
        if key == "watch-list":
            rows = [item.as_row() for item in self.watch.items()]
        elif key == "risk-register":
            reviewed = self.risks.reviewed_at(meeting.id)
            register = self.risks.all()
            listed = for_section(register, meeting.date)
            listed += [r for r in register if r.id in reviewed and r not in listed]
            rows = [
                {**r.as_row(), "due": "yes" if r.due_review(meeting.date) or r.id in reviewed
                 else "no"}
                for r in listed
            ]  # fmt: skip
        else:
            rows = [item.as_row(meeting.date) for item in self.week.items()]
        return json.dumps(rows, ensure_ascii=False)

    def did_it_work(
        self, actions: Iterable[Action]
    ) -> dict[int, tuple[Snapshot | None, Snapshot | None]]:
        """Action id -> its metric's reading when the action was decided and the reading now
        (for the actions raised on a metric)."""
        from domain.decisions import snapshot_of
        from storage.database import convert

        on_metric = {a.id: a.metric_id for a in actions if a.id is not None and a.metric_id}
        if not on_metric:
            return {}
        with self.risks._store.sessions() as session:
            decided = dict(
                session.execute(
                    select(ActionRow.id, DecisionRow.snapshot)
                    .join(DecisionRow, DecisionRow.id == ActionRow.decision_id)
                    .where(ActionRow.id.in_(on_metric))
                ).all()
            )
        found: dict[int, tuple[Snapshot | None, Snapshot | None]] = {}
        for action_id, metric_id in on_metric.items():
            reading = self.watch.reading(metric_id)
            now = snapshot_of(reading) if reading is not None else None
            found[action_id] = (convert.snapshot_from_json(decided.get(action_id)), now)
        return found

    def reopened(self, meeting: Meeting, breaches: tuple[Breach, ...]) -> dict[str, str]:
        """Metric id -> verdict, for breaches whose action came back at this meeting judged
        'no change' or 'worse': the gate asks for a new decision on them."""
        if not breaches:
            return {}
        store = self.risks._store
        reopening = [v.value for v in Verdict if v.reopens]
        with store.sessions() as session:
            found = session.execute(
                select(ActionRow.metric_id, ActionUpdateRow.verdict)
                .join(ActionRow, ActionRow.id == ActionUpdateRow.action_id)
                .where(ActionUpdateRow.meeting_id == meeting.id)
                .where(ActionUpdateRow.verdict.in_(reopening))
                .order_by(ActionUpdateRow.id)
            ).all()
        latest = {metric_id: verdict for metric_id, verdict in found if metric_id and verdict}
        return {b.metric_id: latest[b.metric_id] for b in breaches if b.metric_id in latest}
