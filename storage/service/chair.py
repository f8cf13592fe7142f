"""The service layer: the one door from the TUI and the CLI into storage and data.

Every method is one transaction: a confirmed entry is committed before the method returns, so a
dropped SSH connection or a killed process loses nothing that was confirmed. Methods return plain
domain records, never ORM rows. Heavy imports (polars, Alembic) happen only when needed, so
`chair actions` stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from storage.service.actions import ActionsMixin
from storage.service.drafts import DraftsMixin
from storage.service.history import HistoryMixin
from storage.service.holders import HoldersMixin
from storage.service.insight import InsightMixin
from storage.service.meetings import MeetingsMixin
from storage.service.minutes import MinutesMixin
from storage.service.pcn import PcnMixin
from storage.service.review import ReviewMixin
from storage.service.roster import RosterMixin

if TYPE_CHECKING:
    from domain.readings import Reading


class ChairService(
    DraftsMixin,
    PcnMixin,
    RosterMixin,
    InsightMixin,
    HistoryMixin,
    HoldersMixin,
    ReviewMixin,
    MinutesMixin,
    ActionsMixin,
    MeetingsMixin,
):
    """Meetings, decisions, actions, minutes and readings for one configured practice."""

    def readings(self, dashboard_id: str) -> list[Reading]:
        """The dashboard's readings for today (cached by the source files' fingerprints)."""
        from storage.data.dashboards import compute_dashboard

        return compute_dashboard(self.config, dashboard_id, self.today, cache_dir=self.cache_dir)
