"""Gather the assurance pack's record (domain.assurance) from the meeting record, in one
read-only session: the meetings of the period that reviewed each dashboard, the readings they
saw (the metrics table kept with each section), their decisions with frozen snapshots, the
actions raised as they stand now, where escalations went, and acknowledged breaches.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from domain.assurance import (
    AssuranceInput,
    ChainHeadLine,
    DashboardPack,
    EscalationAnswer,
    Review,
)
from domain.gate import Acknowledgement
from domain.keys import SectionKey
from domain.records import Action, Decision, Meeting
from storage.database import convert
from storage.database.models import (
    AcknowledgementRow,
    ActionRow,
    ActionUpdateRow,
    DecisionRow,
    MeetingRow,
    SectionRow,
)
from storage.service.store import Store, load_meeting

if TYPE_CHECKING:
    from config.models import ChairConfig, Dashboard
    from storage.service.history import History

LoadMeeting = Callable[[Session, MeetingRow], Meeting]


class Assurance:
    """The assurance pack's record over a period, with the chain heads it was drawn from."""

    def __init__(self, store: Store, history: History) -> None:
        self._store = store
        self._history = history

    def record(
        self, start: dt.date, end: dt.date, dashboard_id: str | None = None
    ) -> AssuranceInput:
        store = self._store
        heads = [ChainHeadLine(h.table, h.rows, h.head) for h in self._history.chain_heads()]
        with store.sessions() as session:
            gatherer = AssuranceGatherer(session, store.config, load_meeting, store.scope_codes())
            return gatherer.gather(
                start,
                end,
                store.today,
                store.config.practice_name(store.practice_code),
                dashboard_id,
                heads,
            )


class AssuranceGatherer:
    """Reads one period of the record for `chair report assurance` (never writes)."""

    def __init__(
        self,
        session: Session,
        config: ChairConfig,
        load_meeting: LoadMeeting,
        practice_codes: Sequence[str],
    ) -> None:
        self._session = session
        self._config = config
        self._load = load_meeting
        self._codes = tuple(practice_codes)
        self._titles = {m.id: m.title for m in config.meeting_types}
        self._names = {p.id: p.name for p in config.people}

    def gather(
        self,
        start: dt.date,
        end: dt.date,
        drawn_on: dt.date,
        practice_name: str,
        dashboard_id: str | None = None,
        chain_heads: Sequence[ChainHeadLine] = (),
    ) -> AssuranceInput:
        rows = self._session.scalars(
            select(MeetingRow)
            .where(
                MeetingRow.date >= start,
                MeetingRow.date <= end,
                MeetingRow.practice_code.in_(self._codes),
            )
            .order_by(MeetingRow.date, MeetingRow.id)
        ).all()
        meetings = [(row, self._load(self._session, row)) for row in rows]
        dashboards = [
            d for d in self._config.dashboards if dashboard_id is None or d.id == dashboard_id
        ]
        return AssuranceInput(
            practice_name=practice_name,
            start=start,
            end=end,
            drawn_on=drawn_on,
            dashboards=tuple(self._pack(d, meetings, start, end) for d in dashboards),
            chain_heads=tuple(chain_heads),
            people=self._names,
            destinations=self._titles,
            metric_titles={m.id: m.title for m in self._config.metrics},
        )

    def _pack(
        self,
        dashboard: Dashboard,
        meetings: list[tuple[MeetingRow, Meeting]],
        start: dt.date,
        end: dt.date,
    ) -> DashboardPack:
        key = SectionKey.of_dashboard(dashboard.id)
        metric_ids = frozenset(m.id for m in self._config.metrics if m.dashboard == dashboard.id)
        reviews = []
        for row, meeting in meetings:
            section = next((s for s in row.sections if s.key == key), None)
            if section is None:
                continue
            decisions = tuple(d for d in meeting.decisions if d.section_key == key)
            if section.readings is None and not decisions:
                continue  # on the agenda but not reached
            reviews.append(self._review(meeting, section, decisions))
        decision_ids = [d.id for r in reviews for d in r.decisions if d.id is not None]
        escalated = [d.id for r in reviews for d in r.decisions if d.id and d.escalate_to]
        owners = tuple(p.name for p in self._config.people if p.role == dashboard.owner_role)
        return DashboardPack(
            id=dashboard.id,
            title=dashboard.title,
            question=dashboard.question,
            owner_role=dashboard.owner_role,
            owners=owners,
            layer=dashboard.layer,
            reviews=tuple(reviews),
            actions=tuple(self._actions(decision_ids)),
            answers=self._answers(escalated),
            acknowledgements=tuple(self._acknowledgements(metric_ids, start, end)),
            metric_ids=metric_ids,
        )

    def _review(
        self, meeting: Meeting, section: SectionRow, decisions: tuple[Decision, ...]
    ) -> Review:
        readings = json.loads(section.readings) if section.readings else []
        present = tuple(self._names.get(p, p) for p in meeting.present)
        return Review(
            meeting_id=meeting.id,
            date=meeting.date,
            meeting_title=self._titles.get(meeting.meeting_type, meeting.meeting_type),
            chair=self._names.get(meeting.chair_id or "", meeting.chair_id or "—"),
            present=present + tuple(f"{g} (guest)" for g in meeting.guests),
            apologies=tuple(self._names.get(p, p) for p in meeting.apologies),
            minutes_state=meeting.minutes_state.value,
            metrics=tuple(convert.metric_row(r) for r in readings),
            decisions=decisions,
        )

    def _actions(self, decision_ids: list[int]) -> list[Action]:
        if not decision_ids:
            return []
        rows = self._session.scalars(
            select(ActionRow).where(ActionRow.decision_id.in_(decision_ids)).order_by(ActionRow.id)
        ).all()
        updates: dict[int, list[ActionUpdateRow]] = {}
        for update in self._session.scalars(
            select(ActionUpdateRow)
            .where(ActionUpdateRow.action_id.in_([r.id for r in rows]))
            .order_by(ActionUpdateRow.id)
        ):
            updates.setdefault(update.action_id, []).append(update)
        return [convert.action(r, updates.get(r.id)) for r in rows]

    def _answers(self, escalated: list[int]) -> dict[int, EscalationAnswer]:
        if not escalated:
            return {}
        found = self._session.execute(
            select(DecisionRow, MeetingRow.date, MeetingRow.meeting_type)
            .join(MeetingRow, MeetingRow.id == DecisionRow.meeting_id)
            .where(DecisionRow.escalated_from_id.in_(escalated), DecisionRow.superseded.is_(False))
        ).all()
        return {
            int(row.escalated_from_id): EscalationAnswer(
                day, self._titles.get(kind, kind), convert.decision(row, [])
            )
            for row, day, kind in found
            if row.escalated_from_id is not None
        }

    def _acknowledgements(
        self, metric_ids: frozenset[str], start: dt.date, end: dt.date
    ) -> list[Acknowledgement]:
        if not metric_ids:
            return []
        rows = self._session.scalars(
            select(AcknowledgementRow)
            .join(MeetingRow, MeetingRow.id == AcknowledgementRow.meeting_id)
            .where(
                AcknowledgementRow.metric_id.in_(metric_ids),
                MeetingRow.date <= end,
                AcknowledgementRow.expires >= start,
                MeetingRow.practice_code.in_(self._codes),
            )
            .order_by(AcknowledgementRow.id)
        ).all()
        return [convert.acknowledgement(r) for r in rows]
