"""What `d`, `a`, `o` and the palette's commands open on the meeting screen, and how each
entry reaches the service. Saved entries come back to the screen as EntrySaved or
DecisionSaved; a refusal as EntryRefused or a one-line notice."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from domain.decisions import evidence_of
from domain.records import Action, ActionUpdate, Decision, DecisionKind
from storage.service.attendance import Attendance
from tui.messages import DecisionSaved, EntrySaved, MinutesReady
from tui.screens.meeting.view import Row, SectionView, escalation_lines

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from domain.gate import Acknowledgement
    from domain.readings import PeriodNote
    from domain.records import AobItem, Meeting
    from storage.data.quality import SourceReport
    from tui.screens.form_base import TypingForm
    from tui.screens.meeting.loading import SectionLoader
    from tui.screens.meeting.outbox import Outbox
    from tui.screens.meeting.prepared import PreparedMinutes
    from tui.shell import ChairApp


def describe(decision: Decision) -> str:
    """'monitor: new rota settling in (review 2026-12-10)', for asking before replacing it."""
    words = decision.kind.value
    if decision.reason:
        words += f": {decision.reason}"
    if decision.review_date is not None:
        words += f" (review {decision.review_date.isoformat()})"
    return words


class MeetingEntries:
    """Opens the form for an entry on the highlighted row and saves it through the door."""

    def __init__(self, outbox: Outbox, app: ChairApp, loader: SectionLoader | None = None) -> None:
        self._outbox = outbox
        self._app = app
        self._loader = loader
        """The meeting's readings (an experience decision shows its linked dashboards')."""
        self._versions: dict[int, int] = {}
        """Each action's version as this screen's own last update left it: a second update
        opened before the section has reloaded is not refused as a conflict with the first."""
        self.prepared: PreparedMinutes | None = None
        """The minutes `d` (previous minutes) and `m` show, read before the key (the screen's)."""
        self.reload: Callable[[], None] | None = None
        """Builds the section on screen afresh in the calling thread (after a save)."""

    def _next_meeting(self, view: SectionView) -> dt.date | None:
        from domain.dates import next_meeting_date

        config = self._app.config
        meeting = view.meeting
        meeting_type = config.meeting_type(meeting.meeting_type) if config else None
        return next_meeting_date(meeting_type.cadence, meeting.date) if meeting_type else None

    def refused(self, what: str, action: Action | None = None) -> bool:
        """Say why this login may not do it, once, before any form opens (True: refused)."""
        service = self._app.service
        if service is None:
            why: str | None = "Still opening the database…"
        elif action is not None:
            why = service.actions.why_not_change(action)
        else:
            why = service.why_not_chair(what)
        if why is not None:
            self._app.notify(why, severity="warning", markup=False)
        return why is not None

    def _open(self, form: TypingForm[Any, Any], meeting_id: int, item_key: str, done: Any) -> None:
        from tui.screens.form_base import open_form

        open_form(self._app, form, meeting_id, item_key, done)

    def offer_drafts(self, meeting_id: int) -> None:
        """On opening (or resuming) a meeting: read this login's drafts for it and say which
        items have unsaved text waiting (opening the item's form brings the text back)."""
        app = self._app

        def read() -> None:
            try:
                drafts = app.drafts.load(meeting_id)
            except Exception:  # a draft is a courtesy: the meeting goes on without it
                return
            waiting = [d.title for d in drafts if d.has_text]
            if waiting:
                app.call_from_thread(
                    app.notify,
                    "Unsaved text kept from before: "
                    + "; ".join(waiting)
                    + ". Open the item again to carry on.",
                    title="Drafts",
                    timeout=20,
                    markup=False,
                )

        self._outbox.run(read, "drafts")

    def _saved(self, what: str, notice: str = "") -> None:
        self._outbox.post(EntrySaved(what))
        if notice:
            self._app.notify(notice, markup=False)

    # ------------------------------------------------------------------ d

    def decide(self, view: SectionView, row: Row, kind: DecisionKind | None = None) -> None:
        if view.kind == "previous-minutes":
            if not self.refused("approve minutes"):
                self._approve_minutes(view)
        elif view.kind == "matters-arising":
            if row.action is not None and not self.refused("update actions", row.action):
                self._update_action(view, row)
        elif view.kind == "watch-list" and row.watch is not None:
            from tui.screens.meeting.work_entries import note_watch_item

            note_watch_item(self, view, row)
        elif view.kind == "risk-register" and view.can_decide(row):
            from tui.screens.meeting.work_entries import review_risk

            review_risk(self, view, row)
        elif view.can_decide(row) and not self.refused("record decisions"):
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

        self._app.push_screen(
            ChoiceModal(
                f"Replace the decision on {decision.title or 'this item'}?",
                f"Decided: {describe(decision)}. A new decision replaces it (the record keeps "
                "it, marked superseded); a adds an action to it instead.",
                [("y", "replace it"), ("n", "keep it")],
            ),
            chosen,
        )

    def _decision_form(self, view: SectionView, row: Row, kind: DecisionKind | None) -> None:
        from tui.screens.decision import DecisionForm, DecisionSubject

        app = self._app
        config = app.config
        assert config is not None
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
            next_meeting=self._next_meeting(view),
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
            if self.reload is not None:
                self.reload()  # the section with the decision, before the form closes
            return saved

        def done(saved: Decision | None) -> None:
            if saved is not None:
                self._outbox.post(DecisionSaved(saved))

        form = DecisionForm(subject, save, kind)
        self._open(form, meeting_id, f"decision:{view.key}:{row.key}", done)

    def _sent_with(self, escalation: Decision | None) -> str:
        """An escalation in: from where, its owner and the sender's reason (the form's
        'what the data shows' starts with the sender's evidence)."""
        if escalation is None:
            return ""
        config = self._app.config
        assert config is not None
        owner = config.person(escalation.escalation_owner_id or "")
        return escalation_lines(escalation, owner.name if owner else "", evidence=False)

    def _shape_of(self, view: SectionView, row: Row) -> dict[str, Any]:
        """An experience dashboard decides in six parts (the first two from the readings); an
        AOB item or an escalation in a strategic meeting may be decided as an investment."""
        from domain.experience import experience_start

        config = self._app.config
        assert config is not None
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
        if self.refused("add actions"):
            return
        decision = row.decision
        if decision is None or decision.id is None:
            self._decision_form(view, row, DecisionKind.ACT)
            return
        # A decided item of any kind takes one more action on its decision (a monitor with a
        # task); replacing the decision is `d`, which asks first.
        from tui.screens.forms import ActionForm

        app = self._app
        config = app.config
        assert config is not None
        decision_id = decision.id

        def save(action: Action) -> Action:
            with app.door() as service:
                return service.decisions.add_action(decision_id, action)

        def done(saved: Action | None) -> None:
            if saved:
                self._saved("action")

        subject = row.reading.title if row.reading else decision.title
        form = ActionForm(
            subject,
            list(config.people),
            view.meeting.date,
            self._next_meeting(view),
            save,
            metric_id=row.reading.metric_id if row.reading else None,
        )
        self._open(form, view.meeting.id, f"action:{decision_id}", done)

    # ------------------------------------------------------------------ o

    def add_aob(self, meeting_id: int) -> None:
        from tui.screens.forms import TextPrompt

        if self.refused("add AOB items"):
            return
        app = self._app

        def save(title: str) -> AobItem:
            with app.door() as service:
                return service.meetings.add_aob(meeting_id, title)

        def done(saved: AobItem | None) -> None:
            if saved:
                self._saved("aob", "AOB item added: it is decided on in 'Any other business'.")

        self._open(TextPrompt("Any other business", "Item", save), meeting_id, "aob", done)

    # ------------------------------------------------------------------ m

    def minutes(self, meeting_id: int) -> None:
        """The minutes so far, read in a worker: MinutesReady."""
        app = self._app

        def read() -> None:
            with app.door() as service:
                text = service.minutes.markdown(meeting_id)
            self._outbox.post(MinutesReady(meeting_id, text))

        self._outbox.run(read, "minutes")

    # ------------------------------------------------------------------ previous minutes

    def _approve_minutes(self, view: SectionView) -> None:
        """Show the previous minutes in full, amendments typed beside them; ctrl+s approves."""
        from tui.screens.previous_minutes import PreviousMinutesScreen

        app = self._app
        meeting_id = view.meeting.id
        previous_id = view.meeting.previous_meeting_id
        if previous_id is None:
            return

        def approve(amendments: str) -> str:
            with app.door() as service:
                service.minutes.approve_previous(meeting_id, amendments or None)
            return amendments

        def done(amendments: str | None) -> None:
            if amendments is not None:
                notice = "with amendments" if amendments else "as presented"
                self._saved("minutes", f"Previous minutes approved {notice}.")

        def open_screen(text: str, when: str) -> None:
            form = PreviousMinutesScreen(text, when, approve)
            self._open(form, meeting_id, f"minutes:{previous_id}", done)

        def show(text: str, when: str) -> None:
            open_screen(text, when)
            app.key_hold.done(opening)

        opening = object()  # keys typed while the minutes load are held for their screen
        prepared = self.prepared.get(previous_id) if self.prepared else None
        if prepared is not None:  # read when the section was shown: open filled at once
            open_screen(*prepared)
            return

        def load() -> None:
            try:
                with app.door() as service:
                    previous = service.meetings.get(previous_id)
                    text = service.minutes.markdown(previous_id)
            except Exception:
                app.call_from_thread(app.key_hold.done, opening)
                raise
            app.call_from_thread(show, text, previous.date.isoformat())

        app.key_hold.hold_for(opening)
        self._outbox.run(load, "approve")

    # ------------------------------------------------------------------ matters arising

    def _update_action(self, view: SectionView, row: Row) -> None:
        from tui.screens.forms import ActionUpdateForm

        action = row.action
        assert action is not None and action.id is not None
        app = self._app
        config = app.config
        assert config is not None
        owner = config.person(action.owner_id or "")
        meeting_id = view.meeting.id
        login = app.service.login if app.service else ""
        action_id = action.id
        version = max(action.version, self._versions.get(action_id, 0))

        def save(update: ActionUpdate) -> Action:
            with app.door() as service:
                saved = service.actions.update(
                    action_id,
                    version,
                    status=update.status,
                    note=update.note,
                    new_due=update.new_due,
                    evidence=update.evidence,
                    meeting_id=meeting_id,
                    verdict=update.verdict,
                    reading_now=update.reading_now,
                )
            self._versions[action_id] = saved.version
            return saved

        def done(saved: Action | None) -> None:
            if saved:
                self._saved("update")

        form = ActionUpdateForm(
            action,
            owner.name if owner else "no owner",
            view.meeting.date,
            self._next_meeting(view),
            login,
            save,
            judged=view.context.did_it_work.get(action_id),
        )
        self._open(form, meeting_id, f"update:{action_id}", done)

    # ------------------------------------------------------------------ palette commands

    def acknowledge(self, view: SectionView, row: Row | None) -> None:
        from tui.screens.forms import AcknowledgeForm

        reading = row.reading if row is not None else None
        if row is None or reading is None or not view.can_acknowledge(row):
            self._app.notify(
                "c acknowledges a breach: highlight a metric at or above this meeting's "
                "decision level",
                markup=False,
            )
            return
        if self.refused("acknowledge breaches"):
            return
        app = self._app
        config = app.config
        assert config is not None
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
                self._saved(
                    "acknowledgement",
                    f"{reading.title}: acknowledged until {saved.expires.isoformat()}.",
                )

        form = AcknowledgeForm(
            f"{reading.title} ({status.word})",
            list(config.people),
            view.meeting.date,
            self._next_meeting(view),
            save,
        )
        self._open(form, meeting_id, f"acknowledge:{metric_id}", done)

    def detail(self, view: SectionView, row: Row) -> None:
        """The metric's detail screen; the source facts and the rows behind the number load
        in its own workers."""
        from tui.screens.behind import Behind
        from tui.screens.metric_detail import MetricDetailScreen

        reading = row.reading
        if reading is None:
            return

        app = self._app
        config = app.config
        assert config is not None
        status = config.statuses.get(reading.status.word.lower())  # type: ignore[call-overload]
        response = status.response if status is not None else ""
        indicator = reading.detail.indicator  # a QOF indicator: its class's response
        if indicator is not None and indicator.recoverability:
            response = indicator.words
        metric_id = reading.metric_id

        def facts() -> SourceReport:
            with app.door() as service:
                return service.readings.source_report(metric_id)

        def save_note(entry: tuple[dt.date, str, bool]) -> PeriodNote:
            from tui.screens.meeting.messages import NoteSaved

            period, text, change = entry
            with app.door() as service:
                note = service.notes.add(metric_id, period, text, change)
            self._outbox.post(NoteSaved(note))
            return note

        def behind() -> Behind:
            with app.door() as service:
                rows = service.exceptions.rows(metric_id)
                return Behind(rows, tuple(service.exceptions.live(metric_id)))

        meeting_id = view.meeting.id

        def save(entry: tuple[str, str, str, int, dt.date]) -> object:
            from domain.exceptions import RowException
            from tui.screens.meeting.messages import ExceptionSaved

            row_key, reason, note, count, until = entry
            with app.door() as service:
                saved = service.exceptions.add(
                    RowException(None, metric_id, row_key, reason, until, note, count), meeting_id
                )
            self._outbox.post(ExceptionSaved(metric_id))
            return saved

        today = app.service.today if app.service else None
        app.push_screen(
            MetricDetailScreen(reading, response, facts, save_note, behind, save, today, meeting_id)
        )

    def attendance(self, meeting: Meeting) -> None:
        """Who is here: the modal opens at once (keys typed next go to it); the last meeting of
        the type's attendance fills it when loaded; ctrl+s records it in a worker."""
        from tui.screens.attendance import AttendanceScreen

        if self.refused("record attendance"):
            return
        app = self._app
        config = app.config
        assert config is not None
        meeting_id = meeting.id
        title = f"Attendance: {meeting.date:%A} {meeting.date.day} {meeting.date:%B %Y}"

        def record(chosen: Attendance) -> Attendance:
            with app.door() as service:
                service.attendance.record(
                    meeting_id, chosen.present, chosen.apologies, chosen.guests
                )
            return chosen

        modal = AttendanceScreen(list(config.people), Attendance(), title, record)

        def load() -> None:
            with app.door() as service:
                default = service.attendance.default(meeting_id)
            app.call_from_thread(modal.fill, default)

        def done(chosen: Attendance | None) -> None:
            if chosen is not None:
                here = len(chosen.present) + len(chosen.guests)
                self._saved(
                    "attendance",
                    f"Attendance recorded: {here} present, {len(chosen.apologies)} apologies.",
                )

        self._open(modal, meeting_id, "attendance", done)
        self._outbox.run(load, "attendance")

    def add_to_risk_register(self, view: SectionView, row: Row) -> None:
        """Raise a risk from the escalation on the register (or link it to the metric's open
        risk), in a worker; say how it went."""
        if not view.can_add_to_risk_register(row):
            return
        assert row.escalation is not None and row.escalation.id is not None
        app = self._app
        decision_id = row.escalation.id
        title = row.escalation.title or "the escalation"

        def write() -> None:
            from storage.errors import UserError

            try:
                with app.door() as service:
                    risk = service.risks.from_decision(decision_id)
            except UserError as error:
                app.call_from_thread(app.notify, str(error), severity="error", markup=False)
                return
            app.call_from_thread(
                app.notify,
                f"Added to the risk register as {risk.ref} (score {risk.score}): {title}",
                markup=False,
            )

        self._outbox.run(write, "risk-register")


__all__ = ["MeetingEntries"]
