"""What `d`, `a` and `o` open on the meeting screen, and how each entry reaches the service."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from domain.records import Action, ActionUpdate, Decision, DecisionKind, MinutesState
from tui.messages import DecisionSaved, EntrySaved
from tui.screens.meeting.view import Row

if TYPE_CHECKING:
    from tui.screens.meeting import MeetingScreen


def can_decide(screen: MeetingScreen, row: Row) -> bool:
    view = screen.view
    if view is None:
        return False
    if view.kind == "previous-minutes":
        return view.context.previous_minutes is MinutesState.DRAFT
    if view.kind == "matters-arising":
        return row.action is not None
    return row.reading is not None or row.aob is not None or row.escalation is not None


def _next_meeting(screen: MeetingScreen) -> Any:
    from domain.dates import next_meeting_date

    config = screen.chair.config
    meeting_type = config.meeting_type(screen.meeting.meeting_type) if config else None
    return next_meeting_date(meeting_type.cadence, screen.meeting.date) if meeting_type else None


def decide(screen: MeetingScreen, row: Row, kind: DecisionKind | None = None) -> None:
    view = screen.view
    assert view is not None
    if view.kind == "previous-minutes":
        _approve_minutes(screen)
    elif view.kind == "matters-arising":
        _update_action(screen, row)
    elif can_decide(screen, row):
        _decision_form(screen, row, kind)


def _decision_form(screen: MeetingScreen, row: Row, kind: DecisionKind | None) -> None:
    from tui.screens.decision import DecisionForm, DecisionSubject

    app = screen.chair
    config = app.config
    view = screen.view
    assert config is not None and view is not None
    reading = row.reading
    agreed = ""
    if reading is not None and reading.status.word.lower() in config.statuses:
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
        meeting_date=screen.meeting.date,
        people=list(config.people),
        meeting_types=list(config.meeting_types),
        next_meeting=_next_meeting(screen),
        metric_id=reading.metric_id
        if reading
        else (row.escalation.metric_id if row.escalation else None),
        reading=reading,
        agreed_response=agreed,
        existing=row.decision,
        answers_escalation_id=row.escalation.id if row.escalation else None,
        known_people=frozenset(p.id for p in config.people),
    )
    meeting_id = screen.meeting.id
    breach_status = reading.status.value if reading is not None and row.breach else None
    aob_id = row.aob.id if row.aob else None

    def save(decision: Decision) -> Decision:
        saved: Decision = app.call_service(
            "record_decision",
            meeting_id,
            decision,
            breach_status=breach_status,
            aob_item_id=aob_id,
        )
        return saved

    def done(saved: Decision | None) -> None:
        if saved is not None:
            screen.post_message(DecisionSaved(saved))

    screen.app.push_screen(DecisionForm(subject, save, kind), done)


def add_action(screen: MeetingScreen, row: Row) -> None:
    decision = row.decision
    if decision is None or decision.kind is not DecisionKind.ACT or decision.id is None:
        if decision is not None:
            screen.notify("This breach has a non-act decision: choosing 'act' replaces it.")
        _decision_form(screen, row, DecisionKind.ACT)
        return
    from tui.screens.forms import ActionForm

    app = screen.chair
    config = app.config
    assert config is not None
    decision_id = decision.id

    def save(action: Action) -> Action:
        saved: Action = app.call_service("add_action", decision_id, action)
        return saved

    def done(saved: Any) -> None:
        if saved:
            screen.post_message(EntrySaved("action"))

    subject = row.reading.title if row.reading else decision.title
    screen.app.push_screen(
        ActionForm(
            subject,
            list(config.people),
            screen.meeting.date,
            _next_meeting(screen),
            save,
            metric_id=row.reading.metric_id if row.reading else None,
        ),
        done,
    )


def add_aob(screen: MeetingScreen) -> None:
    from tui.screens.forms import TextPrompt

    app = screen.chair
    meeting_id = screen.meeting.id

    def save(title: str) -> Any:
        return app.call_service("add_aob", meeting_id, title)

    def done(saved: Any) -> None:
        if saved:
            screen.post_message(EntrySaved("aob"))
            screen.notify("AOB item added: it is decided on in 'Any other business'.")

    screen.app.push_screen(TextPrompt("Any other business", "Item", save), done)


def _approve_minutes(screen: MeetingScreen) -> None:
    from tui.screens.choice import ChoiceModal
    from tui.screens.forms import TextPrompt

    app = screen.chair
    meeting_id = screen.meeting.id

    def approve(amendments: str | None) -> bool:
        app.call_service("approve_previous_minutes", meeting_id, amendments)
        return True

    def done(saved: Any) -> None:
        if saved:
            screen.post_message(EntrySaved("minutes"))

    def chosen(choice: str | None) -> None:
        if choice == "a":
            screen.run_worker(
                lambda: _approve_now(screen, approve),
                thread=True,
                group="approve",
                exit_on_error=False,
            )
        elif choice == "w":
            screen.app.push_screen(
                TextPrompt("Approve the previous minutes with amendments", "Amendments", approve),
                done,
            )

    screen.app.push_screen(
        ChoiceModal(
            "Previous minutes",
            "Approve the minutes of the last meeting of this type.",
            [("a", "approve as presented"), ("w", "approve with amendments")],
        ),
        chosen,
    )


def _approve_now(screen: MeetingScreen, approve: Any) -> None:
    from storage.errors import UserError
    from tui.messages import EntryRefused

    try:
        approve(None)
    except UserError as error:
        screen.post_message(EntryRefused(str(error)))
        return
    screen.post_message(EntrySaved("minutes"))


def _update_action(screen: MeetingScreen, row: Row) -> None:
    from tui.screens.forms import ActionUpdateForm

    action = row.action
    assert action is not None and action.id is not None
    app = screen.chair
    config = app.config
    assert config is not None
    owner = config.person(action.owner_id or "")
    meeting_id = screen.meeting.id
    login = app.service.login if app.service else ""
    action_id, version = action.id, action.version

    def save(update: ActionUpdate) -> Action:
        saved: Action = app.call_service(
            "update_action",
            action_id,
            version,
            status=update.status,
            note=update.note,
            new_due=update.new_due,
            evidence=update.evidence,
            meeting_id=meeting_id,
        )
        return saved

    def done(saved: Any) -> None:
        if saved:
            screen.post_message(EntrySaved("update"))

    screen.app.push_screen(
        ActionUpdateForm(
            action,
            owner.name if owner else "no owner",
            screen.meeting.date,
            _next_meeting(screen),
            login,
            save,
        ),
        done,
    )


def can_acknowledge(screen: MeetingScreen, row: Row) -> bool:
    """A breach on a dashboard (status at or above the meeting type's decide level)."""
    view = screen.view
    return view is not None and view.kind == "dashboard" and row.breach and row.reading is not None


def acknowledge(screen: MeetingScreen, row: Row) -> None:
    from tui.screens.forms import AcknowledgeForm

    reading = row.reading
    assert reading is not None
    app = screen.chair
    config = app.config
    assert config is not None
    meeting_id = screen.meeting.id
    metric_id, status = reading.metric_id, reading.status

    def save(owner_id: str, reason: str, expires: Any) -> Any:
        return app.call_service(
            "acknowledge", meeting_id, metric_id, owner_id, reason, expires, status
        )

    def done(saved: Any) -> None:
        if saved:
            screen.post_message(EntrySaved("acknowledgement"))
            screen.notify(f"{reading.title}: acknowledged until {saved.expires.isoformat()}.")

    screen.app.push_screen(
        AcknowledgeForm(
            f"{reading.title} ({status.word})",
            list(config.people),
            screen.meeting.date,
            _next_meeting(screen),
            save,
        ),
        done,
    )


def can_add_to_risk_register(screen: MeetingScreen, row: Row) -> bool:
    view = screen.view
    return (
        view is not None
        and view.kind == "escalations-in"
        and row.escalation is not None
        and row.escalation.id is not None
    )


def add_to_risk_register(screen: MeetingScreen, row: Row) -> None:
    """Append the escalation to the practice's risk register, in a worker; notify the outcome."""
    from storage.errors import UserError

    assert row.escalation is not None and row.escalation.id is not None
    app = screen.chair
    decision_id = row.escalation.id
    title = row.escalation.title or "the escalation"

    def work() -> None:
        try:
            risk = app.call_service("add_to_risk_register", decision_id)
        except UserError as error:
            app.call_from_thread(screen.notify, str(error), severity="error", markup=False)
            return
        app.call_from_thread(
            screen.notify,
            f"Added to the risk register as {risk.get('risk_id', '?')}: {title}",
            markup=False,
        )

    screen.run_worker(work, thread=True, group="risk-register", exit_on_error=False)
