"""Findings across sources for `chair check`: ARRS reimbursement claimed against the workforce
the practice reports ("workforce data is questioned after reimbursement does not match
expectations")."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from domain.metrics.arrs import FINDING, role_checks
from domain.metrics.base import MetricDataError
from storage.data.cache import joined_sources
from storage.data.quality import Finding
from storage.data.readers.compute import NATIONAL_FORMATS

if TYPE_CHECKING:
    from config import ChairConfig
    from storage.data.readers.compute import SourceMemo

CALCULATION = "claims.arrs_fte_mismatch"


def reimbursement_findings(
    config: ChairConfig, memo: SourceMemo, today: dt.date
) -> dict[str, list[Finding]]:
    """Per claims source: a warning for each ARRS role whose claim does not match the FTE the
    workforce file (or tracker) reports, for each practice (for every metric using the ARRS
    calculation; once per source)."""
    found: dict[str, list[Finding]] = {}
    done: set[tuple[str, str]] = set()
    several = len(config.practices) > 1
    for metric in config.metrics:
        others = joined_sources(metric)
        key = (metric.source, ",".join(f"{k}={v}" for k, v in sorted(others.items())))
        if metric.calculation != CALCULATION or key in done:
            continue
        done.add(key)
        if several and any(
            o in config.sources and config.sources[o].format not in NATIONAL_FORMATS
            for o in others.values()
        ):
            continue  # a tracker holds one practice: the metric says it cannot be matched
        frames = memo.joined(metric.source, others)
        for practice in config.practices:
            try:
                month, checks = role_checks(frames, today, practice.code)
            except MetricDataError:
                continue  # the metric's own reading says what is missing
            where = f"ARRS {month:%b %Y}" + (f" {practice.code}" if several else "")
            found.setdefault(metric.source, []).extend(
                Finding(metric.source, frames.source_file, where, f"{FINDING}: {c.words()}",
                        "warning")
                for c in checks if c.mismatch
            )  # fmt: skip
    return {k: v for k, v in found.items() if v}
