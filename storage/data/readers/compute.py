"""From configured sources to readings: read each source once, call the catalogue, classify."""

from __future__ import annotations

import dataclasses
import datetime as dt
import statistics
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import polars as pl

from config.models import ChairConfig, Metric, Practice
from domain.detail import Fact
from domain.metrics import CATALOGUE, FORMATS, PracticeContext, SourceFrames, calculate
from domain.metrics import qof as qof_metrics
from domain.metrics.base import MetricDataError
from domain.qof_table import QofTable, rows_of
from domain.readings import Reading, Series, make_reading
from storage.data.cache import joined_sources
from storage.data.quality import Column, Finding, Row
from storage.data.readers import read_source
from storage.data.readers.common import SourceData
from storage.data.readers.files import ReadOptions, display_name
from storage.data.readers.kept_source import SourceStore
from storage.data.readers.reference import load_qof_year, previous_total_points


class SourceMemo:
    """Reads each configured source at most once per run."""

    def __init__(self, config: ChairConfig, parts_dir: Path | None = None) -> None:
        self.config = config
        self.parts_dir = parts_dir
        """Where the readers keep each file's partial aggregates (readers.parts); None: not."""
        self._data: dict[str, SourceData] = {}
        self._frames: dict[str, SourceFrames] = {}
        self._facts: dict[tuple[str, str], tuple[list[str], tuple[str, str] | None]] = {}

    def get(self, source_id: str) -> SourceData:
        if source_id not in self._data:
            self._data[source_id] = self._read(source_id)
        return self._data[source_id]

    def read_together(self, source_ids: Iterable[str]) -> None:
        """Read the sources not read yet side by side (a thread each: polars works outside
        the interpreter's lock), so a national file being read does not wait for the kept
        sources and trackers a section joins to it, nor they for it. Only a speed-up: a source
        whose read failed here is read again by `get`."""
        todo = sorted({s for s in source_ids if s in self.config.sources} - self._data.keys())
        if len(todo) < 2:
            return
        with ThreadPoolExecutor(max_workers=len(todo)) as pool:
            futures = {source_id: pool.submit(self._read, source_id) for source_id in todo}
        for source_id, future in futures.items():
            if future.exception() is None:
                self._data[source_id] = future.result()

    def _read(self, source_id: str) -> SourceData:
        """The source as kept whole from an earlier run (readers.kept_source), else read."""
        source = self.config.sources[source_id]
        path = self.config.source_path(source_id)
        options = ReadOptions(
            sheet=source.sheet, header_row=source.header_row, columns=dict(source.columns),
            max_mb=source.max_file_mb, parts_dir=self.parts_dir,
        )  # fmt: skip
        kept = SourceStore(self.parts_dir)
        key = kept.key(source_id, source.format, path, options)
        data = kept.load(source_id, key)
        if data is None:
            whole = kept.from_parts(source.format, path)
            data = read_source(source_id, source.format, path, options)
            if whole:
                kept.store(key, data, path)
        return data

    def practice_facts(
        self, source_id: str, practice_code: str
    ) -> tuple[list[str], tuple[str, str] | None]:
        """What puts the source's data for this practice in doubt, and its provenance (label,
        detail); worked out once per source and practice, however many metrics ask."""
        key = (source_id, practice_code)
        if key not in self._facts:
            data = self.get(source_id)
            doubts = [f"{' '.join(p for p in (f.file, f.where) if p)}: {f.message}"
                      for f in data.doubts()]  # fmt: skip
            doubts += practice_doubts(self, source_id, practice_code)
            self._facts[key] = (doubts, provenance(data, self._spans(data, practice_code)))
        return self._facts[key]

    def _spans(self, data: SourceData, practice_code: str) -> list[tuple[str, dt.date, dt.date]]:
        """The practice's (file, first period, last period) per file that gave its rows, newest
        first: the practice's few rows of the origin, grouped by file."""
        if data.origin is None:
            return []
        mine = (
            data.origin.filter(pl.col("practice") == practice_code)
            .group_by("file")
            .agg(pl.col("period").min().alias("first"), pl.col("period").max().alias("last"))
            .sort("last", "first", "file", descending=True)
        )
        return list(mine.select("file", "first", "last").iter_rows())

    def frames(self, source_id: str) -> SourceFrames:
        if source_id not in self._frames:
            data = self.get(source_id)
            qof = None
            settings: dict[str, str] = {}
            if data.format == "qof":
                q = self.config.qof
                qof = load_qof_year(q.year, q.pound_per_point, q.national_average_list_size)
                qof = dataclasses.replace(qof, recoverability=q.recoverability.rules())
                previous = previous_total_points(q.year)
                if previous:
                    settings["previous_total_points"] = str(previous)
            self._frames[source_id] = SourceFrames(
                tables=data.frames, source_file=_file_label(data), as_of=data.as_of, qof=qof,
                file_date=data.file_date,
                settings=settings,
            )  # fmt: skip
        return self._frames[source_id]

    def joined(self, source_id: str, others: dict[str, str]) -> SourceFrames:
        """The source's frames plus each other source's, named `<param>:<table>` (e.g.
        `appointments_source:monthly`); a missing or unusable other source adds nothing, so
        the calculation says what it lacks."""
        key = f"{source_id}+" + ",".join(f"{k}={v}" for k, v in sorted(others.items()))
        if key not in self._frames:
            own = self.frames(source_id)
            tables = dict(own.tables)
            for param, other in others.items():
                if other in self.config.sources and self.get(other).problem() is None:
                    tables |= {f"{param}:{n}": t for n, t in self.frames(other).tables.items()}
            self._frames[key] = dataclasses.replace(own, tables=tables, memo={})
        return self._frames[key]


def _file_label(data: SourceData) -> str:
    if not data.files:
        return ""
    newest = data.latest_file or data.files[-1]
    more = len(data.files) - 1
    return display_name(newest) + (f" (+{more} more)" if more else "")


VOLUME_COLUMNS = {"gpad": ("total", "appointments"), "cbt": ("CBT001", "inbound calls")}
"""Per national format: the monthly practice total checked against its own recent months."""
DROP_SHARE = 0.5
DROP_MONTHS = 6


def volume_doubt(data: SourceData, practice_code: str) -> str | None:
    """Why the practice's latest month looks cut short: its total under half the median of the
    months before it (up to six, at least three), e.g. a file cut off part-way."""
    column = VOLUME_COLUMNS.get(data.format)
    frame = data.frames.get("monthly")
    if column is None or frame is None or column[0] not in frame.columns:
        return None
    name, what = column
    rows = frame.filter(pl.col("practice") == practice_code).sort("month")
    values = [v for v in rows[name].to_list()]
    if "working_days" in rows.columns and int(rows["days"].max() or 0) > 1:  # type: ignore[arg-type]
        # daily telephony: a month still in progress is partial, not cut; compare per working day
        days = rows["working_days"].to_list()
        values = [v / d if v is not None and d else None for v, d in zip(values, days, strict=True)]
        what += " a working day"
    if len(values) < 4 or values[-1] is None:
        return None
    before = sorted(v for v in values[-1 - DROP_MONTHS : -1] if v is not None)
    if len(before) < 3:
        return None
    median = statistics.median(before)
    if median <= 0 or values[-1] >= DROP_SHARE * median:
        return None
    month: dt.date = rows["month"][-1]
    return (
        f"{month:%b %Y} has {values[-1]:,.0f} {what} for {practice_code}, under half the "
        f"median of the {len(before)} months before ({median:,.0f}): the file may be cut off "
        "or incomplete"
    )


def practice_doubts(memo: SourceMemo, source_id: str, practice_code: str) -> list[str]:
    """What puts one practice's data in doubt: its latest month far below its recent months;
    for QOF, a cohort (denominator + PCAs) above its register."""
    data = memo.get(source_id)
    found = []
    drop = volume_doubt(data, practice_code)
    if drop:
        found.append(drop)
    if data.format == "qof" and data.problem() is None:
        code = PracticeContext(code=practice_code, list_size=1)
        found += [
            f"{p}: check the extract"
            for p in qof_metrics.register_problems(memo.frames(source_id), code)
        ]
    return found


def provenance(
    data: SourceData, mine: list[tuple[str, dt.date, dt.date]]
) -> tuple[str, str] | None:
    """(label, detail) naming the files that gave the practice's rows (`mine`: file, first and
    last period, newest first) and, where releases overlap, which one each month came from;
    None when the reader cannot say."""
    if data.origin is None or not mine:
        return None
    names = {f.name: display_name(f) for f in data.files}
    parts = []
    for file, first, last in mine:
        same = (first.year, first.month) == (last.year, last.month)
        span = f"{first:%b %Y}" if same else f"{first:%b %Y} to {last:%b %Y}"
        parts.append(f"{names.get(file, file)} ({span})")
    files = [names.get(file, file) for file, _, _ in mine]
    label = files[0] + (f" (+{len(files) - 1} more)" if len(files) > 1 else "")
    overlap = len(data.files) > len(files) or len(files) > 1
    note = "; where releases overlap, the latest release's months are used" if overlap else ""
    return label, "; ".join(parts) + note


def context(practice: Practice) -> PracticeContext:
    return PracticeContext(
        code=practice.code, list_size=practice.list_size, pcn_code=practice.pcn_code,
        icb_code=practice.icb_code,
    )  # fmt: skip


def series_for(metric: Metric, practice: Practice, today: dt.date, memo: SourceMemo) -> Series:
    series = _series_for(metric, practice, today, memo)
    if series.problem is not None:
        return series
    doubts, origin = memo.practice_facts(metric.source, practice.code)
    detail = series.detail
    if origin is not None:
        series = dataclasses.replace(series, source_file=origin[0])
        detail = detail.plus(Fact.files(origin[1]))
    if doubts:
        more = f" (+{len(doubts) - 1} more; run chair check)" if len(doubts) > 1 else ""
        text = doubts[0] + more
        detail = detail.plus(Fact.data_problem(text))
        series = dataclasses.replace(series, doubt=text)
    return dataclasses.replace(series, detail=detail)


NATIONAL_FORMATS = frozenset({"gpad", "cbt", "qof", "workforce", "gpps"})
"""Files that hold every practice (filtered by code); any other source is one practice's own."""


def _trackers_of_another_practice(
    joined: dict[str, str], practice: Practice, config: ChairConfig
) -> str | None:
    """A practice tracker has no practice column: in a deployment of several practices, joining
    it to one member's national rows would mix two practices' numbers, so the metric says so."""
    if len(config.practices) < 2:
        return None
    for other in joined.values():
        source = config.sources.get(other)
        if source is not None and source.format not in NATIONAL_FORMATS:
            return (
                f"the {other} tracker holds no practice column: in a PCN it cannot be matched "
                f"to {practice.code}'s national figures"
            )
    return None


def _series_for(metric: Metric, practice: Practice, today: dt.date, memo: SourceMemo) -> Series:
    data = memo.get(metric.source)
    problem = data.problem()
    if problem is not None:
        return Series(problem=problem, source_file=_file_label(data))
    frames = memo.frames(metric.source)
    joined = joined_sources(metric)
    if joined:
        foreign = _trackers_of_another_practice(joined, practice, memo.config)
        if foreign:
            return Series(problem=foreign, source_file=frames.source_file)
        frames = memo.joined(metric.source, joined)
    try:
        series = calculate(metric.calculation, frames, metric.params, context(practice), today)
    except Exception as exc:  # a calculation bug must not stop the meeting
        return Series(problem=f"calculation failed ({type(exc).__name__}: {exc})",
                      source_file=frames.source_file)  # fmt: skip
    flagged = data_problem(data)
    if flagged is not None and series.problem is None:
        text, share = flagged
        detail = series.detail.plus(Fact.data_problem(text))
        completeness = series.completeness
        if share is not None:
            completeness = share if completeness is None else min(completeness, share)
        series = dataclasses.replace(series, detail=detail, completeness=completeness)
    return series


def data_problem(data: SourceData) -> tuple[str, float | None] | None:
    """What a reading computed from a source with error findings must say: the problem in plain
    words and the share (0..1) of rows read cleanly (None when not per row); None when clean.

    e.g. ("1 row could not be read (row 29: received_date '31/09/2026' is not a valid date);
    run chair check", 0.97)."""
    errors = [f for f in data.findings if f.severity == "error"]
    if not errors:
        return None
    row_errors = [f for f in errors if isinstance(f.place, Row)]
    rows = {(f.file, f.place) for f in row_errors}
    # values beyond those reported row by row, counted in one finding on their column
    more = sum(f.bad.count for f in errors if isinstance(f.place, Column) and f.bad is not None)
    if row_errors and all(f.place is not None for f in errors):
        bad = len(rows) + more
        first = row_errors[0]
        what = first.bad.what if first.bad is not None else first.message
        text = (
            f"{bad} row{'s' if bad != 1 else ''} could not be read ({first.where}: {what}); "
            "run chair check"
        )
        share = 1 - bad / data.rows if data.rows else None
        return text, None if share is None else max(0.0, share)
    first = errors[0]
    place = " ".join(p for p in (first.file, first.where) if p)
    text = (
        f"{len(errors)} problem{'s' if len(errors) != 1 else ''} in the source "
        f"(first: {place}: {first.message}); run chair check"
    )
    return text, None


def readings_for(
    config: ChairConfig, practice: Practice, metrics: list[Metric], today: dt.date, memo: SourceMemo
) -> list[Reading]:
    return [
        make_reading(m, series_for(m, practice, today, memo), today, config.stale_after(m))
        for m in metrics
    ]


def qof_table_for(
    config: ChairConfig, practice: Practice, today: dt.date, memo: SourceMemo
) -> QofTable:
    """The meeting's QOF indicator table from the first usable QOF source."""
    problem = "no QOF source is configured"
    for source_id, source in config.sources.items():
        if source.format != "qof":
            continue
        data = memo.get(source_id)
        problem = data.problem() or ""
        if problem:
            continue
        frames = memo.frames(source_id)
        try:
            found = qof_metrics.history(frames, context(practice), today)
        except MetricDataError as exc:
            problem = str(exc)
            continue
        as_of = found.totals[-1][0] if found.totals else None
        return QofTable(tuple(rows_of(found.latest)), as_of, frames.source_file)
    return QofTable(problem=problem or "the QOF data cannot be used")


def config_findings(config: ChairConfig) -> dict[str, list[Finding]]:
    """Metric definitions that cannot work: unknown calculation, or one for another format."""
    found: dict[str, list[Finding]] = {}
    for metric in config.metrics:
        source = config.sources[metric.source]
        where = f"metric {metric.id}"
        message = None
        if metric.calculation not in CATALOGUE:
            message = f"unknown calculation '{metric.calculation}'"
        else:
            prefix = metric.calculation.split(".")[0]
            expected = FORMATS.get(prefix)
            if expected and expected != source.format:
                message = (f"calculation {metric.calculation} needs a '{expected}' source, "
                           f"but '{metric.source}' is '{source.format}'")  # fmt: skip
        for param, other in joined_sources(metric).items():
            if other not in config.sources:
                message = (f"params {param} = '{other}' names no configured source "
                           f"(sources: {', '.join(config.sources)})")  # fmt: skip
        if message:
            found.setdefault(metric.source, []).append(
                Finding(metric.source, "chair.toml", where, message, "error")
            )
    return found
