"""Entries on the meeting's own record: approving the previous minutes, an action's update in
matters arising, attendance, and an any-other-business item."""

from __future__ import annotations

from typing import TYPE_CHECKING

from storage.service.attendance import Attendance

if TYPE_CHECKING:
    from domain.records import Action, ActionUpdate, AobItem, Meeting
    from tui.screens.meeting.entry_desk import EntryDesk
    from tui.screens.meeting.prepared import PreparedMinutes
    from tui.screens.meeting.view import Row, SectionView


class RecordEntries:
    """The forms for the record's entries, each saved through the desk's door."""

    def __init__(self, desk: EntryDesk, prepared: PreparedMinutes | None = None) -> None:
        """`prepared`: the minutes read ahead (the previous minutes open filled)."""
        self._desk = desk
        self._prepared = prepared
        self._versions: dict[int, int] = {}
        """Each action's version as this screen's own last update left it: a second update
        opened before the section has reloaded is not refused as a conflict with the first."""

    # ------------------------------------------------------------------ previous minutes

    def approve_minutes(self, view: SectionView) -> None:
        """Show the previous minutes in full, amendments typed beside them; ctrl+s approves."""
        from tui.screens.previous_minutes import PreviousMinutesScreen

        desk = self._desk
        if desk.refused("approve minutes"):
            return
        app = desk.app
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
                desk.saved("minutes", f"Previous minutes approved {notice}.")

        def open_screen(text: str, when: str) -> None:
            form = PreviousMinutesScreen(text, when, approve)
            desk.open(form, meeting_id, f"minutes:{previous_id}", done)

        def show(text: str, when: str) -> None:
            open_screen(text, when)
            app.key_hold.done(opening)

        opening = object()  # keys typed while the minutes load are held for their screen
        prepared = self._prepared.get(previous_id) if self._prepared else None
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
        desk.outbox.run(load, "approve")

    # ------------------------------------------------------------------ matters arising

    def update_action(self, view: SectionView, row: Row) -> None:
        """`d` on an action due back: its update (and "did it work?" for a metric's)."""
        from tui.screens.forms import ActionUpdateForm

        desk = self._desk
        action = row.action
        if action is None or desk.refused("update actions", action):
            return
        assert action.id is not None
        app = desk.app
        owner = desk.config.person(action.owner_id or "")
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
                desk.saved("update")

        form = ActionUpdateForm(
            action,
            owner.name if owner else "no owner",
            view.meeting.date,
            desk.next_meeting(view),
            login,
            save,
            judged=view.context.did_it_work.get(action_id),
        )
        desk.open(form, meeting_id, f"update:{action_id}", done)

    # ------------------------------------------------------------------ attendance and AOB

    def attendance(self, meeting: Meeting) -> None:
        """Who is here: the modal opens at once (keys typed next go to it); the last meeting of
        the type's attendance fills it when loaded; ctrl+s records it in a worker."""
        from tui.screens.attendance import AttendanceScreen

        desk = self._desk
        if desk.refused("record attendance"):
            return
        app = desk.app
        meeting_id = meeting.id
        title = f"Attendance: {meeting.date:%A} {meeting.date.day} {meeting.date:%B %Y}"

        def record(chosen: Attendance) -> Attendance:
            with app.door() as service:
                service.attendance.record(
                    meeting_id, chosen.present, chosen.apologies, chosen.guests
                )
            return chosen

        modal = AttendanceScreen(list(desk.config.people), Attendance(), title, record)

        def load() -> None:
            with app.door() as service:
                default = service.attendance.default(meeting_id)
            app.call_from_thread(modal.fill, default)

        def done(chosen: Attendance | None) -> None:
            if chosen is not None:
                here = len(chosen.present) + len(chosen.guests)
                desk.saved(
                    "attendance",
                    f"Attendance recorded: {here} present, {len(chosen.apologies)} apologies.",
                )

        desk.open(modal, meeting_id, "attendance", done)
        desk.outbox.run(load, "attendance")

    def add_aob(self, meeting_id: int) -> None:
        """`o`: an any-other-business item's title (decided on in its own section)."""
        from tui.screens.forms import TextPrompt

        desk = self._desk
        if desk.refused("add AOB items"):
            return
        app = desk.app

        def save(title: str) -> AobItem:
            with app.door() as service:
                return service.meetings.add_aob(meeting_id, title)

        def done(saved: AobItem | None) -> None:
            if saved:
                desk.saved("aob", "AOB item added: it is decided on in 'Any other business'.")

        desk.open(TextPrompt("Any other business", "Item", save), meeting_id, "aob", done)
