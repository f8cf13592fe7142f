"""This week: what falls due in the next seven days across every tracker (the rows behind
each tracker metric), the risk register's reviews and every open action, with owners."""

from __future__ import annotations

from typing import TYPE_CHECKING

from domain.records import ActionStatus
from domain.week import DueItem, this_week

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable

    from domain.exceptions import RowsBehind
    from domain.records import Action
    from domain.risks import Risk
    from storage.service.store import Store

TRACKER_WORDS = {
    "training": "training",
    "claims": "claims",
    "prescribing": "searches",
    "complaints": "complaints",
    "significant-events": "significant events",
    "risk-register": "risks",
}


class Week:
    """The operational list: due in seven days (and anything overdue), most urgent first."""

    def __init__(
        self,
        store: Store,
        actions: Callable[[], list[Action]],
        rows: Callable[[str], RowsBehind | None],
        risks: Callable[[], list[Risk]],
    ) -> None:
        self._store = store
        self._actions = actions
        self._rows = rows
        self._risks = risks
        self._trackers: tuple[tuple[object, dt.date], list[DueItem]] | None = None
        """(config, today) and the tracker rows falling due then."""

    def _name(self, person_id: str | None) -> str:
        person = self._store.config.person(person_id) if person_id else None
        return person.name if person else (person_id or "")

    def _role_name(self, role: str) -> str:
        people = [p.name for p in self._store.config.people if p.role == role]
        return people[0] if people else role

    def items(self, days: int = 7) -> list[DueItem]:
        store = self._store
        found: list[DueItem] = []
        for action in self._actions():
            if action.due is None or action.status in (ActionStatus.DONE, ActionStatus.DROPPED):
                continue
            found.append(
                DueItem(due=action.due, what=action.description, source="action",
                        owner=self._name(action.owner_id), ref=f"action:{action.id}")
            )  # fmt: skip
        found += self._tracker_items()
        for risk in self._risks():
            if risk.is_open and risk.review_date is not None:
                found.append(
                    DueItem(risk.review_date, f"Review risk {risk.ref}: {risk.title}", "risks",
                            self._name(risk.owner), f"risk:{risk.ref}")
                )  # fmt: skip
        return this_week(found, store.today, days)

    def _tracker_items(self) -> list[DueItem]:
        """What the trackers' rows have falling due, read once a day (the screen, the gate
        and the section's record ask for the list in one step)."""
        store, config = self._store, self._store.config
        if self._trackers is not None and self._trackers[0] == (config, store.today):
            return self._trackers[1]
        found: list[DueItem] = []
        seen: set[tuple[str, str]] = set()
        for metric in config.metrics:
            source = config.sources.get(metric.source)
            if source is None or source.format == "risk-register":
                continue
            behind = self._rows(metric.id)
            if behind is None:
                continue
            words = TRACKER_WORDS.get(source.format, source.format)
            dashboard = config.dashboard(metric.dashboard)
            role = metric.owner_role or (dashboard.owner_role if dashboard else "")
            owner = self._role_name(role) if role else ""
            for row in behind.rows:
                if row.due is None or (source.format, row.key) in seen:
                    continue
                seen.add((source.format, row.key))
                found.append(DueItem(row.due, row.what or row.key, words, owner,
                                     f"metric:{metric.id}"))  # fmt: skip
        self._trackers = ((config, store.today), found)
        return found
