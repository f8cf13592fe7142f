"""A PCN meeting's readings: every member practice per metric, and the PCN's median reading."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from storage.service.base import ServiceBase

if TYPE_CHECKING:
    from domain.pcn import PcnRow
    from domain.readings import Reading


class PcnMixin(ServiceBase):
    def member_readings(self, dashboard_id: str) -> dict[str, list[Reading]]:
        """Each member practice's readings of a dashboard, by practice code (codes in order)."""
        from storage.data.dashboards import compute_dashboard

        return {
            practice.code: compute_dashboard(
                self.config,
                dashboard_id,
                self.today,
                cache_dir=self.cache_dir,
                practice_code=practice.code,
            )
            for practice in sorted(self.config.practices, key=lambda p: p.code)
        }

    def pcn_table(self, dashboard_id: str) -> list[PcnRow]:
        """Per metric: the PCN's median reading (what the gate decides on) and each member
        practice's value, status and variation word, side by side."""
        from domain.pcn import breaching_detail, median_series, side_by_side
        from domain.readings import make_reading

        members = self.member_readings(dashboard_id)
        medians = []
        for metric in self.config.metrics_for(dashboard_id):
            readings = [r for rs in members.values() for r in rs if r.metric_id == metric.id]
            medians.append(make_reading(metric, median_series(readings), self.today))
        rows = side_by_side(medians, members)
        out = []
        for row in rows:
            # The minutes keep what the PCN saw: every practice beside the median.
            each = " · ".join(f"{c.practice_code} {c.value} {c.status.word}" for c in row.cells)
            summary = "; ".join(filter(None, [breaching_detail(row), each]))
            pcn = dataclasses.replace(row.pcn, detail={**row.pcn.detail, "practices": summary})
            out.append(dataclasses.replace(row, pcn=pcn))
        return out

    def pcn_readings(self, dashboard_id: str) -> list[Reading]:
        """The PCN's median readings of a dashboard (a PCN meeting's section decides on these)."""
        return [row.pcn for row in self.pcn_table(dashboard_id)]
