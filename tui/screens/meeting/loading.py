"""Loading a meeting's sections: every dashboard's readings once, then each section's view."""

from __future__ import annotations

import threading
from dataclasses import replace
from typing import TYPE_CHECKING

from tui.messages import EntryRefused, ReadingsLoaded
from tui.screens.meeting.messages import SectionLoaded
from tui.screens.meeting.rows import section_rows
from tui.screens.meeting.view import INTRO, SectionView, breach_count

if TYPE_CHECKING:
    from collections.abc import Callable

    from config.models import ChairConfig
    from domain.pcn import PcnRow
    from domain.readings import PeriodNote, Reading
    from domain.records import Meeting
    from domain.status import Status
    from tui.door import ServiceDoor
    from tui.screens.meeting.outbox import Outbox


class SectionLoader:
    """Workers that read from the service and post what they found (ReadingsLoaded,
    SectionLoaded, EntryRefused) to the screen through its Outbox.

    All dashboards' readings are computed in one worker when the meeting opens and kept here; a
    section's view (meeting, context, gate) is built in another, with its neighbours
    prefetched, so `n` and `p` repaint from memory.
    """

    def __init__(
        self,
        outbox: Outbox,
        door: ServiceDoor,
        config: ChairConfig,
        meeting: Meeting,
        variables: Callable[[], dict[str, str]],
    ) -> None:
        """`variables`: the theme's colours now (a view's rows are built with them)."""
        self._outbox = outbox
        self._variables = variables
        self._door = door
        self._config = config
        self.meeting_id = meeting.id
        self.meeting = meeting
        """The meeting as last read from the service (views are built on it)."""
        self.section_keys = [s.key for s in meeting.sections]
        meeting_type = config.meeting_type(meeting.meeting_type)
        self.pcn = meeting_type is not None and meeting_type.scope == "pcn"
        """A PCN meeting: its sections read every member practice and decide on the median."""
        self.pcn_rows: dict[str, list[PcnRow]] = {}
        """For a PCN meeting, by dashboard id: each metric's practices side by side."""
        self.readings: dict[str, list[Reading]] = {}
        """Readings by dashboard id, computed once per meeting screen."""
        self.problems: dict[str, str] = {}
        """Why a dashboard has no readings (one broken dashboard never stops the meeting)."""
        self._readings_lock = threading.Lock()
        self._views: dict[int, SectionView] = {}
        """Sections already loaded (and neighbours prefetched): n / p paint from here at once."""
        self._token = 0
        self._readings_after: int | None = None
        """The section the screen opened on, while its readings wait for it to be shown."""
        self._prefetch_after = False

    @property
    def dashboards(self) -> list[str]:
        return [k.dashboard for k in self.section_keys if k.is_dashboard]

    @property
    def all_readings_in(self) -> bool:
        return len(self.readings) >= len(self.dashboards)

    def breach_counts(self, decide_at: Status) -> dict[str, int | None]:
        """Breaches still to handle per dashboard section (None while its readings load): for
        a section in memory, what its gate finds missing; otherwise the breaches."""
        counts: dict[str, int | None] = {}
        for index, key in enumerate(self.section_keys):
            if key.is_dashboard:
                view = self._views.get(index)
                if view is not None:
                    # As the gate judges it: the breaches (rows) it still finds something
                    # missing on; a decided or acknowledged breach no longer counts.
                    counts[key] = len({u.target for u in view.unmet})
                    continue
                loaded = self.readings.get(key.dashboard)
                counts[key] = None if loaded is None else breach_count(loaded, decide_at)
        return counts

    def readings_for(self, dashboard_id: str) -> list[Reading]:
        """Readings of one dashboard, computed once (thread-safe; from a worker)."""
        with self._readings_lock:
            if dashboard_id in self.readings:
                return self.readings[dashboard_id]
            try:
                with self._door() as service:
                    if self.pcn:
                        rows = service.readings.pcn_table(dashboard_id)
                        self.pcn_rows[dashboard_id] = rows
                        readings = [row.pcn for row in rows]
                    else:
                        readings = service.readings.dashboard(dashboard_id)
            except Exception as error:  # one broken dashboard never stops the meeting
                self.problems[dashboard_id] = f"readings could not be computed: {error}"
                readings = []
            self.readings[dashboard_id] = readings
        self._outbox.post(ReadingsLoaded(dashboard_id, readings))
        return readings

    def note_added(self, note: PeriodNote) -> None:
        """A note was made on a period of a metric: its readings carry it from now on (the
        SPC reading, the chart and the minutes follow); the views are built again."""
        with self._readings_lock:
            for key, found in self.readings.items():
                self.readings[key] = [
                    replace(r, notes=(*r.notes, note)) if r.metric_id == note.metric_id else r
                    for r in found
                ]
        self._views.clear()

    def load_readings(self, first: int) -> None:
        """Every dashboard's readings, section `first` first, in one worker."""
        current = self.section_keys[first]
        ordered = [current] + [k for k in self.section_keys if k != current]

        def load() -> None:
            for key in ordered:
                if key.is_dashboard:
                    self.readings_for(key.dashboard)

        self._outbox.run(load, "readings")

    def open(self, index: int, first: object | None = None) -> SectionView | None:
        """The screen opens on section `index`, the meeting just read. A dashboard section
        waits for its readings; any other is read first, and every dashboard's readings (the
        agenda's counts) once it is shown (`shown`): they took turns with painting it.
        `first`: the section already built with the meeting (`first_view`), returned to be
        shown in the screen's first frame (no worker, no second layout)."""
        if isinstance(first, SectionView) and first.index == index:
            self._views[index] = first
            self._readings_after, self._prefetch_after = index, True
            return first
        if self.section_keys[index].is_dashboard:
            self.load_readings(index)
        else:
            self._readings_after = index
        self.load(index, fresh=False)
        return None

    def shown(self) -> None:
        """A section is on screen (or could not be read): the readings `open` held back (and
        the neighbours of a section built before the screen)."""
        index, self._readings_after = self._readings_after, None
        if index is not None:
            if self._prefetch_after:
                self.prefetch(index)
            self.load_readings(index)

    def load(self, index: int, fresh: bool = True) -> None:
        """Read the meeting afresh (`fresh`: not when it was just read, as the screen opens)
        and build section `index`'s view in a worker; post it (unless another load followed);
        then prefetch its neighbours."""
        self._token += 1
        token = self._token

        def load() -> None:
            self._build_and_post(index, token, fresh)
            self._prefetch(index)

        self._outbox.run(load, "section")

    def reload_now(self, index: int) -> None:
        """As `load`, in the calling thread: a form's worker that has just saved builds the
        section as it is now before the form closes, so the form closes onto it (one frame),
        not onto the old one and a new worker's result frames later."""
        self._token += 1
        self._build_and_post(index, self._token)

    def _build_and_post(self, index: int, token: int, fresh: bool = True) -> None:
        view = self.build_view(index, fresh=fresh)
        if view is not None:
            self._views[index] = view
            if token == self._token:
                self._outbox.post(SectionLoaded(view))

    def prefetch(self, index: int) -> None:
        """Build the views of section `index`'s neighbours not yet in memory, in a worker, on
        the meeting as last read (no new read of the meeting)."""
        if all(o in self._views for o in self._neighbours(index)):
            return
        self._outbox.run(lambda: self._prefetch(index), "section")

    def _neighbours(self, index: int) -> list[int]:
        return [o for o in (index + 1, index - 1) if 0 <= o < len(self.section_keys)]

    def _prefetch(self, index: int) -> None:
        for other in self._neighbours(index):
            if other not in self._views:
                prefetched = self.build_view(other)
                if prefetched is not None:
                    self._views.setdefault(other, prefetched)

    def cached(self, index: int) -> SectionView | None:
        """Section `index` as loaded or prefetched (None: not in memory yet)."""
        return self._views.get(index)

    def forget(self, meeting: Meeting) -> None:
        """The meeting changed in ways the views in memory do not show (the service refused a
        move, another chair's work came in): every section is read again from `meeting`."""
        self.meeting = meeting
        self._views.clear()

    def reread(self, index: int) -> None:
        """Section `index`'s readings again (an exception changed a count), then its view."""
        key = self.section_keys[index]
        if key.is_dashboard:
            with self._readings_lock:
                self.readings.pop(key.dashboard, None)
        self._views.pop(index, None)
        self.load(index)

    def moved(self, meeting: Meeting) -> None:
        """The meeting moved between sections: the views in memory take its new state (a move
        changes no section's decisions, so their contexts stand)."""
        self.meeting = meeting
        self._views = {i: replace(v, meeting=meeting) for i, v in self._views.items()}

    def build_view(self, index: int, fresh: bool = False) -> SectionView | None:
        """Section `index` as the screen shows it (`fresh`: read the meeting again first)."""
        from storage.errors import UserError

        key = self.section_keys[index]
        readings: list[Reading] = []
        if key.is_dashboard:
            readings = self.readings_for(key.dashboard)
        qof = None
        try:
            with self._door() as service:
                meeting = service.meetings.get(self.meeting_id) if fresh else self.meeting
                state = service.sections.state(meeting.id, index, readings, meeting=meeting)
                if key.is_dashboard and service.readings.section_has_qof(key):
                    qof = service.readings.qof_table()
        except UserError as error:
            self._outbox.post(EntryRefused(str(error)))
            return None
        if fresh:
            self.meeting = meeting
        dashboard = self._config.dashboard(key.dashboard)
        question = dashboard.asks if dashboard else INTRO.get(key, "")
        view = SectionView(
            index,
            meeting,
            state.context.kind,
            key,
            meeting.sections[index].title,
            question,
            readings,
            state.context,
            state.unmet,
            qof,
        )
        return replace(view, rows=tuple(section_rows(view, self._config, self._variables())))


def first_view(
    door: ServiceDoor, config: ChairConfig, meeting: Meeting, variables: dict[str, str]
) -> SectionView | None:
    """The section `meeting` opens on, built in the worker that has just read it (before its
    screen is made) when it needs no readings: the screen's first frame then shows its rows,
    one layout instead of two. None for a dashboard section (or one that cannot be read now:
    the screen reads it as usual)."""
    index = meeting.current_section
    if not 0 <= index < len(meeting.sections) or meeting.sections[index].key.is_dashboard:
        return None
    from tui.screens.meeting.outbox import Outbox

    quiet = Outbox(lambda _message: None, lambda _function, _group: None)  # a refusal: the screen's
    return SectionLoader(quiet, door, config, meeting, lambda: variables).build_view(index)
