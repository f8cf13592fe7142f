"""The data layer's front door: readings per dashboard, and the source report for `chair check`.

Nothing here raises for bad data: a missing or broken file gives NO DATA readings with the
reason. Polars and the readers are imported only when something must be computed, so a warm
cache (nothing changed since the last meeting) answers without loading them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from config.models import STALE_DAYS_BY_FORMAT, ChairConfig, Metric, Practice
from domain.readings import Reading
from domain.words import counted
from storage.data.cache import (
    ReadingsCache,
    cache_key,
    fingerprints,
    joined_sources,
    reference_files,
    resolve_files,
)
from storage.data.quality import Finding, SourceReport

if TYPE_CHECKING:
    from domain.qof_table import QofTable
    from storage.data.readers.common import SourceData
    from storage.data.readers.compute import SourceMemo


def _practice(config: ChairConfig, practice_code: str | None) -> Practice:
    if practice_code is None:
        return config.practice
    return next((p for p in config.practices if p.code == practice_code), config.practice)


def source_part(config: ChairConfig, source_id: str, seen: dict[str, object]) -> object:
    """A source's part of a cache key: its settings and its files' fingerprints (memoised in
    `seen` for one run); for QOF, also the QOF settings and the shipped reference tables."""
    if source_id not in seen:
        source = config.sources[source_id]
        files = resolve_files(config.source_path(source_id))
        part: list[object] = [source_id, source.model_dump_json(), fingerprints(files)]
        if source.format == "qof":
            part += [config.qof.model_dump_json(), fingerprints(reference_files())]
        seen[source_id] = part
    return seen[source_id]


def _key(
    config: ChairConfig,
    practice: Practice,
    metrics: list[Metric],
    today: dt.date,
    source_id: str,
    seen: dict[str, object] | None = None,
) -> str:
    """The cache key of the readings of `metrics`, which all read `source_id`."""
    parts: list[object] = [today.isoformat(), practice.model_dump_json()]
    parts += [m.model_dump_json() for m in metrics]
    seen = {} if seen is None else seen
    parts.append(source_part(config, source_id, seen))
    joined = sorted({j for m in metrics for j in joined_sources(m).values() if j in config.sources})
    parts += [source_part(config, j, seen) for j in joined]
    return cache_key(parts)


def _by_source(metrics: list[Metric]) -> dict[str, list[Metric]]:
    groups: dict[str, list[Metric]] = {}
    for metric in metrics:
        groups.setdefault(metric.source, []).append(metric)
    return groups


def parts_dir(cache_dir: Path | None) -> Path | None:
    """Where each file's partial aggregates are kept, beside the readings (readers.parts)."""
    return cache_dir / "parts" if cache_dir is not None else None


def _dashboard_readings(
    config: ChairConfig,
    practice: Practice,
    dashboard_id: str,
    today: dt.date,
    cache: ReadingsCache | None,
    memo: SourceMemo | None,
    seen: dict[str, object],
) -> tuple[list[Reading], SourceMemo | None]:
    """One dashboard's readings in config order. Cached per source: a changed file recomputes
    the metrics of its own source only, and the other sources' readings come from the cache."""
    metrics = config.metrics_for(dashboard_id)
    found: dict[str, Reading] = {}
    missed: list[tuple[str, str, list[Metric]]] = []
    for source_id, group in _by_source(metrics).items():
        name = f"{practice.code}-{dashboard_id}-{source_id}"
        key = _key(config, practice, group, today, source_id, seen) if cache else ""
        stored = cache.load(name, key) if cache else None
        if isinstance(stored, list) and len(stored) == len(group):
            found.update((r.metric_id, r) for r in stored)
        else:
            missed.append((name, key, group))
    if missed:
        from storage.data.readers.compute import SourceMemo, readings_for

        memo = memo or SourceMemo(config, parts_dir(cache.directory if cache else None))
        # Every source the computed readings read, side by side (a new national file and
        # the sources joined to it).
        memo.read_together(
            s
            for _, _, group in missed
            for m in group
            for s in (m.source, *joined_sources(m).values())
        )
        for name, key, group in missed:
            readings = readings_for(config, practice, group, today, memo)
            if cache is not None:
                cache.store(name, key, readings)
            found.update((r.metric_id, r) for r in readings)
    return [found[m.id] for m in metrics], memo


def compute_dashboard(
    config: ChairConfig,
    dashboard_id: str,
    today: dt.date,
    cache_dir: Path | None = None,
    practice_code: str | None = None,
) -> list[Reading]:
    """Readings for every metric of a dashboard, in config order. Never raises for bad data.

    `practice_code` picks one practice of a PCN deployment (default: the first practice).
    With `cache_dir`, the readings of each source whose inputs are unchanged come from the
    cache without reading any file; only a changed source is read again.
    """
    practice = _practice(config, practice_code)
    cache = ReadingsCache(cache_dir) if cache_dir is not None else None
    readings, _ = _dashboard_readings(config, practice, dashboard_id, today, cache, None, {})
    return readings


def compute_all(
    config: ChairConfig, today: dt.date, cache_dir: Path | None = None
) -> dict[str, dict[str, list[Reading]]]:
    """Every dashboard for every practice: {practice code: {dashboard id: readings}}.

    Each source is read once for the whole run, however many practices and dashboards use it.
    """
    cache = ReadingsCache(cache_dir) if cache_dir is not None else None
    result: dict[str, dict[str, list[Reading]]] = {}
    seen: dict[str, object] = {}
    memo: SourceMemo | None = None
    for practice in config.practices:
        per_dashboard: dict[str, list[Reading]] = {}
        for dashboard in config.dashboards:
            per_dashboard[dashboard.id], memo = _dashboard_readings(
                config, practice, dashboard.id, today, cache, memo, seen
            )
        result[practice.code] = per_dashboard
    return result


def qof_table(config: ChairConfig, today: dt.date, practice_code: str | None = None) -> QofTable:
    """The QOF indicator table (most £ recoverable per patient needed first), its as-of date and
    source; `problem` says why there is none. Never raises for bad data."""
    from storage.data.readers.compute import SourceMemo, qof_table_for

    return qof_table_for(config, _practice(config, practice_code), today, SourceMemo(config))


def source_report(
    config: ChairConfig,
    source_id: str,
    data: SourceData,
    today: dt.date,
    findings: tuple[Finding, ...] | None = None,
) -> SourceReport:
    """What a source's data says, as read: its files, rows, period, freshness, and `findings`
    (default: the reader's own)."""
    source = config.sources[source_id]
    stale_days = [config.stale_after(m) for m in config.metrics if m.source == source_id]
    as_of = min(data.as_of, today) if data.as_of else None
    return SourceReport(
        source_id=source_id,
        format=source.format,
        path=source.path,
        files=tuple(data.files),
        rows=data.rows,
        period_start=data.period_start,
        period_end=data.period_end,
        as_of=as_of,
        age_days=(today - as_of).days if as_of else None,
        stale_after_days=min(stale_days)
        if stale_days
        else source.stale_after_days or STALE_DAYS_BY_FORMAT.get(source.format, 62),
        findings=tuple(data.findings) if findings is None else findings,
        suggestion=tuple(data.suggestion),
    )


def check_sources(config: ChairConfig, today: dt.date) -> list[SourceReport]:
    """Read every configured source and report rows, period, freshness and findings."""
    from storage.data.readers.compute import SourceMemo, config_findings, practice_doubts
    from storage.data.reconcile import reimbursement_findings

    memo = SourceMemo(config)
    extra = config_findings(config)
    for source_id, found in reimbursement_findings(config, memo, today).items():
        extra.setdefault(source_id, []).extend(found)
    reports: list[SourceReport] = []
    for source_id, source in config.sources.items():
        data: SourceData = memo.get(source_id)
        notes: list[Finding] = []
        if source.format == "qof":
            year = memo.frames(source_id).qof
            if year is not None and year.provisional:
                notes.append(Finding(source_id, "chair.toml", "[qof]", year.provisional, "warning"))
        for practice in config.practices:
            for doubt in practice_doubts(memo, source_id, practice.code):
                notes.append(Finding(source_id, practice.code, "", doubt, "error", doubt=True))
        findings = (*data.findings, *extra.get(source_id, []), *notes)
        reports.append(source_report(config, source_id, data, today, findings))
    return reports


def format_source_report(reports: list[SourceReport]) -> str:
    """The `chair check` text: one block per source, then a summary line."""
    lines: list[str] = []
    for report in reports:
        state = "ERROR" if report.errors else "STALE" if report.stale else "OK"
        lines.append(f"{state:5} {report.source_id} ({report.format}): {report.path}")
        files = f"{len(report.files)} file{'s' if len(report.files) != 1 else ''}"
        period = (
            f"{report.period_start} to {report.period_end}" if report.period_start else "no period"
        )
        fresh = (
            f"as of {report.as_of} ({counted(report.age_days or 0, 'day')} old; stale after "
            f"{report.stale_after_days})"
            if report.as_of
            else "freshness unknown"
        )
        lines.append(f"      {files}, {counted(report.rows, 'row')}, {period}, {fresh}")
        lines.extend(f"      {finding.line()}" for finding in report.findings)
        if any(f.doubt for f in report.findings):
            lines.append("      readings from this source show CHECK DATA until the file is right")
        if report.suggestion:
            lines.append("      paste into chair.toml (check each header is the right one):")
            lines.extend(f"        {line}" for line in report.suggestion)
    errors = sum(r.errors for r in reports)
    warnings = sum(r.warnings for r in reports)
    stale = sum(1 for r in reports if r.stale and not r.errors)
    lines.append(
        f"{len(reports)} {plural(len(reports), 'source')}: {errors} {plural(errors, 'error')}, "
        f"{warnings} {plural(warnings, 'warning')}, {stale} stale"
    )
    return "\n".join(lines)


def has_errors(reports: list[SourceReport]) -> bool:
    """True when `chair check` should exit non-zero."""
    return any(r.errors for r in reports)


def plural(count: int, noun: str) -> str:
    """'error' for 1, 'errors' otherwise."""
    return noun if count == 1 else f"{noun}s"
