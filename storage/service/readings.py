"""Readings: a dashboard's for today, a PCN's members' and median, the QOF indicator table,
the source facts behind a metric, and how much each metric is used."""

from __future__ import annotations

import dataclasses
import json
from typing import TYPE_CHECKING

from storage.errors import NotFound
from storage.service.store import Store

if TYPE_CHECKING:
    from collections.abc import Callable

    from domain.keys import SectionKey
    from domain.pcn import PcnRow
    from domain.qof_table import QofTable
    from domain.readings import Reading
    from storage.data.quality import SourceReport
    from storage.service.notes import Notes
    from storage.service.report import MetricUsage


class Readings:
    """What the data says, for the configured practice (or its PCN) today."""

    def __init__(
        self,
        store: Store,
        notes: Notes | None = None,
        judge: Callable[[list[Reading]], list[Reading]] | None = None,
    ) -> None:
        self._store = store
        self._notes = notes
        self._qof_tables: dict[str, QofTable] = {}
        self._reports: dict[str, tuple[object, SourceReport]] = {}
        """Per source: the source report and what it was read from (files, settings, day)."""
        self._judge = judge
        """Takes live exceptions off the readings (storage.service.exceptions)."""

    def dashboard(self, dashboard_id: str) -> list[Reading]:
        """The dashboard's readings for today (cached by the source files' fingerprints)."""
        from storage.data.dashboards import compute_dashboard

        store = self._store
        found = compute_dashboard(
            store.config, dashboard_id, store.today, cache_dir=store.cache_dir
        )
        if self._judge is not None:  # live exceptions off the count first
            found = self._judge(found)
        return self._notes.attach(found) if self._notes is not None else found

    def members(self, dashboard_id: str) -> dict[str, list[Reading]]:
        """Each member practice's readings of a dashboard, by practice code (codes in order)."""
        from storage.data.dashboards import compute_dashboard

        return {
            practice.code: compute_dashboard(
                self._store.config,
                dashboard_id,
                self._store.today,
                cache_dir=self._store.cache_dir,
                practice_code=practice.code,
            )
            for practice in sorted(self._store.config.practices, key=lambda p: p.code)
        }

    def pcn_table(self, dashboard_id: str) -> list[PcnRow]:
        """Per metric: the PCN's median reading (what the gate decides on) and each member
        practice's value, status and variation word, side by side."""
        from domain.detail import Fact
        from domain.pcn import breaching_detail, median_series, side_by_side
        from domain.readings import make_reading

        members = self.members(dashboard_id)
        medians = []
        for metric in self._store.config.metrics_for(dashboard_id):
            readings = [r for rs in members.values() for r in rs if r.metric_id == metric.id]
            medians.append(make_reading(metric, median_series(readings), self._store.today))
        rows = side_by_side(medians, members)
        out = []
        for row in rows:
            # The minutes keep what the PCN saw: every practice beside the median.
            each = " · ".join(f"{c.practice_code} {c.value} {c.status.word}" for c in row.cells)
            summary = "; ".join(filter(None, [breaching_detail(row), each]))
            pcn = dataclasses.replace(row.pcn, detail=row.pcn.detail.plus(Fact.practices(summary)))
            out.append(dataclasses.replace(row, pcn=pcn))
        return out

    def pcn(self, dashboard_id: str) -> list[Reading]:
        """The PCN's median readings of a dashboard (a PCN meeting's section decides on these)."""
        return [row.pcn for row in self.pcn_table(dashboard_id)]

    def qof_table(self) -> QofTable:
        """The QOF indicator table for today (computed once per service)."""
        from storage.data.dashboards import qof_table

        tables = self._qof_tables
        code = self._store.config.practice.code
        if code not in tables:
            tables[code] = qof_table(self._store.config, self._store.today)
        return tables[code]

    def section_has_qof(self, section_key: SectionKey) -> bool:
        """Whether a dashboard section reads a QOF source (and so shows the indicator table)."""
        dashboard_id = section_key.dashboard
        return any(
            self._store.config.sources[m.source].format == "qof"
            for m in self._store.config.metrics_for(dashboard_id)
        )

    def section_indicators(self, section_key: SectionKey) -> str | None:
        """The indicator table as stored with a QOF section when it closes (JSON rows)."""
        if not section_key.is_dashboard or not self.section_has_qof(section_key):
            return None
        table = self.qof_table()
        if not table.rows:
            return None
        data = {
            "as_of": table.as_of.isoformat() if table.as_of else None,
            "source_file": table.source_file,
            "rows": [r.to_dict() for r in table.rows],
        }
        return json.dumps(data)

    def source_report(self, metric_id: str) -> SourceReport:
        """The files, rows, period and problems of the source behind a metric (the reader's own
        findings; `chair check` adds the config's)."""
        from storage.data.dashboards import parts_dir, source_part, source_report
        from storage.data.readers.compute import SourceMemo

        metric = self._store.config.metric(metric_id)
        if metric is not None:
            source_id = metric.source
        elif metric_id.startswith("qof:"):  # an indicator of the QOF table: the QOF source
            qof = [k for k, v in self._store.config.sources.items() if v.format == "qof"]
            if not qof:
                raise NotFound("no QOF source in the config")
            source_id = qof[0]
        else:
            raise NotFound(f"no metric '{metric_id}' in the config")
        # Kept while the source's files, its settings and the day are unchanged: the metric
        # detail reads it each time it opens (a telephony month's parts take ~60 ms to read).
        config, today = self._store.config, self._store.today
        key = (today, source_part(config, source_id, {}))
        kept = self._reports.get(source_id)
        if kept is not None and kept[0] == key:
            return kept[1]
        # The files' sums kept by the readings (readers.parts): a national source in ms, not s.
        data = SourceMemo(config, parts_dir(self._store.cache_dir)).get(source_id)
        report = source_report(config, source_id, data, today)
        self._reports[source_id] = (key, report)
        return report

    def usage(self) -> list[MetricUsage]:
        """Per metric: meetings shown, breaches, decisions, last shown / decided; candidates
        to retire (see storage.service.report)."""
        from storage.service.report import dashboard_usage

        with self._store.sessions() as session:
            return dashboard_usage(session, self._store.config, self._store.today)
