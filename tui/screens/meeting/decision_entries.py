"""Deciding on an item of the meeting screen: `d` on a breach, QOF indicator, AOB item or
escalation (asking first before replacing a decision), `a` (an action, on a decision), and `c`
(acknowledging a breach instead of deciding on it)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from domain.decisions import evidence_of
from domain.records import Action, Decision, DecisionKind
from tui.messages import DecisionSaved
from tui.screens.meeting.view import escalation_lines

if TYPE_CHECKING:
    from collections.abc import Callable

    from domain.gate import Acknowledgement
    from tui.screens.meeting.entry_desk import EntryDesk
    from tui.screens.meeting.loading import SectionLoader
    from tui.screens.meeting.view import Row, SectionView


def describe(decision: Decision) -> str:
    """'monitor: new rota settling in (review 2026-12-10)', for asking before replacing it."""
    words = decision.kind.value
    if decision.reason:
        words += f": {decision.reason}"
    if decision.review_date is not None:
        words += f" (review {decision.review_date.isoformat()})"
    return words


class DecisionEntries:
    """The decision form (and what it is shown: the reading, the agreed response, an
    escalation's evidence, an experience dashboard's readings), an action on a decision, and
    an acknowledgement; each saved through the desk's door."""

    def __init__(
        self,
        desk: EntryDesk,
        loader: SectionLoader | None = None,
        reload: Callable[[], None] | None = None,
    ) -> None:
        """`loader`: the meeting's readings (an experience decision shows its linked
        dashboards'); `reload`: builds the section on screen afresh in the calling thread."""
        self._desk = desk
        self._loader = loader
        self._reload = reload

    def decide(self, view: SectionView, row: Row, kind: DecisionKind | None = None) -> None:
        """`d` on a decidable row: its decision form, after asking if it replaces one."""
        if view.can_decide(row) and not self._desk.refused("record decisions"):
            if row.decision is not None and row.decision.id is not None:
                self._ask_replace(view, row, row.decision)
            else:
                self._decision_form(view, row, kind)

    def _ask_replace(self, view: SectionView, row: Row, decision: Decision) -> None:
        """`d` on a decided item: replacing its decision is asked, naming it (`a` adds an
        action to it instead)."""
        from tui.screens.choice import ChoiceModal

        def chosen(choice: str | None) -> None:
            if choice == "y":
                self._decision_form(view, row, None)

        self._desk.app.push_screen(
            ChoiceModal(
                f"Replace the decision on {decision.title or 'this item'}?",
                f"Decided: {describe(decision)}. A new decision replaces it (the record keeps "
                "it, marked superseded); a adds an action to it instead.",
                [("y", "replace it"), ("n", "keep it")],
            ),
            chosen,
        )

    def _decision_form(self, view: SectionView, row: Row, kind: DecisionKind | None) -> None:
        from tui.screens.decision import DecisionForm
        from tui.screens.decision_subject import DecisionSubject

        desk = self._desk
        config = desk.config
        reading = row.reading
        agreed = ""
        indicator = reading.detail.indicator if reading is not None else None
        if indicator is not None and indicator.recoverability:  # a QOF indicator
            agreed = indicator.words
        elif reading is not None and reading.status.word.lower() in config.statuses:
            agreed = config.statuses[reading.status.word.lower()].response  # type: ignore[index]
        title = (
            (reading.title if reading else None)
            or (row.aob.title if row.aob else None)
            or (row.escalation.title if row.escalation else "")
            or "this item"
        )
        subject = DecisionSubject(
            section_key=view.key,
            title=title,
            meeting_date=view.meeting.date,
            people=list(config.people),
            meeting_types=list(config.meeting_types),
            next_meeting=desk.next_meeting(view),
            metric_id=reading.metric_id
            if reading
            else (row.escalation.metric_id if row.escalation else None),
            reading=reading,
            agreed_response=agreed,
            existing=row.decision,
            answers_escalation_id=row.escalation.id if row.escalation else None,
            data_shows=evidence_of(row.escalation) if row.escalation else "",
            sent_with=self._sent_with(row.escalation),
            known_people=frozenset(p.id for p in config.people),
            **self._shape_of(view, row),
            breach=row.breach,
        )
        meeting_id = view.meeting.id
        breach_status = reading.status.value if reading is not None and row.breach else None
        aob_id = row.aob.id if row.aob else None
        # The decision this screen shows is the version the new one replaces: if another
        # chair recorded one since, the save is refused in words, never silently replaced.
        seen = row.decision.id if row.decision is not None else None
        app, reload = desk.app, self._reload

        def save(decision: Decision) -> Decision:
            with app.door() as service:
                saved = service.decisions.record(
                    meeting_id,
                    decision,
                    breach_status=breach_status,
                    aob_item_id=aob_id,
                    seen_decision_id=seen,
                    check_stale=True,
                )
            if reload is not None:
                reload()  # the section with the decision, before the form closes
            return saved

        def done(saved: Decision | None) -> None:
            if saved is not None:
                desk.outbox.post(DecisionSaved(saved))

        form = DecisionForm(subject, save, kind)
        desk.open(form, meeting_id, f"decision:{view.key}:{row.key}", done)

    def _sent_with(self, escalation: Decision | None) -> str:
        """An escalation in: from where, its owner and the sender's reason (the form's
        'what the data shows' starts with the sender's evidence)."""
        if escalation is None:
            return ""
        owner = self._desk.config.person(escalation.escalation_owner_id or "")
        return escalation_lines(escalation, owner.name if owner else "", evidence=False)

    def _shape_of(self, view: SectionView, row: Row) -> dict[str, Any]:
        """An experience dashboard decides in six parts (the first two from the readings); an
        AOB item or an escalation in a strategic meeting may be decided as an investment."""
        from domain.experience import experience_start

        config = self._desk.config
        shape: dict[str, Any] = {}
        dashboard = config.dashboard(view.key.dashboard) if view.key.is_dashboard else None
        loader = self._loader
        if dashboard is not None and dashboard.experience and loader is not None:
            linked = list(dashboard.linked)
            loaded = [loader.readings.get(d) for d in linked]
            ready = [r for group in loaded if group is not None for r in group]
            if any(group is None for group in loaded):  # computed in the form's worker
                ready = []
                shape["operational"] = lambda: [r for d in linked for r in loader.readings_for(d)]
            shape["experience"] = experience_start(view.readings, ready)
        meeting_type = config.meeting_type(view.meeting.meeting_type)
        if (row.aob is not None or row.escalation is not None) and meeting_type is not None:
            shape["investment_allowed"] = config.meeting_layer(meeting_type) == "strategic"
        return shape

    # ------------------------------------------------------------------ a

    def add_action(self, view: SectionView, row: Row) -> None:
        """`a`: an action on the row's decision (undecided: the decision form, as act)."""
        desk = self._desk
        if desk.refused("add actions"):
            return
        decision = row.decision
        if decision is None or decision.id is None:
            self._decision_form(view, row, DecisionKind.ACT)
            return
        # A decided item of any kind takes one more action on its decision (a monitor with a
        # task); replacing the decision is `d`, which asks first.
        from tui.screens.forms import ActionForm

        app = desk.app
        decision_id = decision.id

        def save(action: Action) -> Action:
            with app.door() as service:
                return service.decisions.add_action(decision_id, action)

        def done(saved: Action | None) -> None:
            if saved:
                desk.saved("action")

        subject = row.reading.title if row.reading else decision.title
        form = ActionForm(
            subject,
            list(desk.config.people),
            view.meeting.date,
            desk.next_meeting(view),
            save,
            metric_id=row.reading.metric_id if row.reading else None,
        )
        desk.open(form, view.meeting.id, f"action:{decision_id}", done)

    # ------------------------------------------------------------------ c

    def acknowledge(self, view: SectionView, row: Row | None) -> None:
        """`c` on a breach: no decision needed until a date (a notice on any other row)."""
        from tui.screens.forms import AcknowledgeForm

        desk = self._desk
        reading = row.reading if row is not None else None
        if row is None or reading is None or not view.can_acknowledge(row):
            desk.app.notify(
                "c acknowledges a breach: highlight a metric at or above this meeting's "
                "decision level",
                markup=False,
            )
            return
        if desk.refused("acknowledge breaches"):
            return
        app = desk.app
        meeting_id = view.meeting.id
        metric_id, status = reading.metric_id, reading.status

        def save(entry: tuple[str, str, dt.date]) -> Acknowledgement:
            owner_id, reason, expires = entry
            with app.door() as service:
                return service.acknowledgements.acknowledge(
                    meeting_id, metric_id, owner_id, reason, expires, status
                )

        def done(saved: Acknowledgement | None) -> None:
            if saved:
                desk.saved(
                    "acknowledgement",
                    f"{reading.title}: acknowledged until {saved.expires.isoformat()}.",
                )

        form = AcknowledgeForm(
            f"{reading.title} ({status.word})",
            list(desk.config.people),
            view.meeting.date,
            desk.next_meeting(view),
            save,
        )
        desk.open(form, meeting_id, f"acknowledge:{metric_id}", done)
