"""Drafts in the TUI: what a form has typed is kept (in a worker) until it is saved or cancelled.

The shelf holds this login's drafts as last read or written, so a form opening on an item gets
its draft at once (no database call on the UI thread); a door is one form's way to the shelf.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from domain.drafts import Draft

if TYPE_CHECKING:
    from tui.door import ServiceDoor


@dataclass
class DraftShelf:
    """This login's drafts, by (meeting id or None, item key)."""

    door: ServiceDoor
    drafts: dict[tuple[int | None, str], Draft] = field(default_factory=dict)
    loaded: set[int | None] = field(default_factory=set)

    def load(self, meeting_id: int | None) -> list[Draft]:
        """Read the drafts of a meeting (None: between meetings). Run it in a worker."""
        with self.door() as service:
            found = service.drafts.of(meeting_id)
        for key in [k for k in self.drafts if k[0] == meeting_id]:
            del self.drafts[key]
        for draft in found:
            self.drafts[(meeting_id, draft.item_key)] = draft
        self.loaded.add(meeting_id)
        return found

    def get(self, meeting_id: int | None, item_key: str) -> Draft | None:
        return self.drafts.get((meeting_id, item_key))

    def door_for(self, meeting_id: int | None, item_key: str, title: str) -> DraftDoor:
        return DraftDoor(self, meeting_id, item_key, title, self.get(meeting_id, item_key))


@dataclass
class DraftDoor:
    """One form's draft: `keep` while typing, `close` once saved or cancelled (both from a
    worker). After `close`, a late `keep` from a slower worker writes nothing."""

    shelf: DraftShelf
    meeting_id: int | None
    item_key: str
    title: str
    draft: Draft | None = None
    """The draft found when the form opened (offered back), if any."""
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _closed: bool = False

    def keep(self, fields: dict[str, str]) -> None:
        with self._lock:
            if self._closed:
                return
            with self.shelf.door() as service:
                kept = service.drafts.keep(self.meeting_id, self.item_key, self.title, fields)
            key = (self.meeting_id, self.item_key)
            if kept is None:
                self.shelf.drafts.pop(key, None)
            else:
                self.shelf.drafts[key] = kept

    def close(self) -> None:
        """The entry was saved or the form cancelled: the draft goes."""
        with self._lock:
            self._closed = True
            self.shelf.drafts.pop((self.meeting_id, self.item_key), None)
            with self.shelf.door() as service:
                service.drafts.discard(self.meeting_id, self.item_key)
