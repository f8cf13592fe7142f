"""Changing an action from the review: the key's dialog (review.dialogs), the change sent in
its worker, and what follows a saved one (said, the list read again, 'did it work?' after done).

The screen gives two callbacks: `say` (its message line) and `reload` (read the list again).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from domain.readings import Reading
    from domain.records import Action
    from tui.screens.review.view import ReviewItem
    from tui.shell import ChairApp


class ActionChanges:
    """Opens the dialog for a change to one action and reports what was saved."""

    def __init__(
        self, app: ChairApp, say: Callable[[str, str], None], reload: Callable[[], object]
    ) -> None:
        self._app = app
        self._say = say
        self._reload = reload

    def open(self, kind: str, item: ReviewItem, today: dt.date) -> None:
        """The dialog for `kind` ('done', 'reschedule', 'reassign', 'annotate', 'blocked')."""
        from tui.screens.form_base import open_form
        from tui.screens.review.dialogs import dialog_for

        app = self._app
        people = list(app.config.people) if app.config else []

        def save(update: dict[str, Any]) -> Action:
            """In the dialog's worker: a refusal stays in the dialog, beside its field. One
            changed by someone else since is also said here, and the list read again."""
            from storage.errors import Conflict

            action = item.action
            assert action.id is not None
            try:
                with app.door() as service:
                    return service.actions.update(action.id, action.version, **update)
            except Conflict as error:
                app.call_from_thread(self._say, f"{error} (reloaded)", "error")
                app.call_from_thread(self._reload)
                raise

        def done(saved: Action | None) -> None:
            if saved is not None:
                self._updated(kind, item, saved)

        dialog = dialog_for(kind, item, today, people, save)
        open_form(app, dialog, None, f"review:{kind}:{item.action.id}", done)

    def _updated(self, kind: str, item: ReviewItem, action: Action) -> None:
        said = {
            "done": "marked done, with its evidence",
            "reschedule": f"moved to {action.due:%d %b %Y}" if action.due else "given a new date",
            "reassign": f"given to {self._person_name(action.owner_id)}",
            "annotate": "noted",
            "blocked": "marked blocked",
        }[kind]
        self._say(f"Saved: '{item.action.description}' {said}.", "success")
        self._reload()
        if kind == "done":
            from tui.screens.review.outcome import OutcomeDialog

            self._app.push_screen(OutcomeDialog(item, self._readings))

    def _readings(self, dashboard_id: str) -> list[Reading]:
        """One dashboard's readings now (from the outcome dialog's worker)."""
        with self._app.door() as service:
            return service.readings.dashboard(dashboard_id)

    def _person_name(self, person_id: str | None) -> str:
        config = self._app.config
        person = config.person(person_id) if config and person_id else None
        return person.name if person else (person_id or "nobody")
