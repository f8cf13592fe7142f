"""From configured sources to readings: read each source once, call the catalogue, classify."""

from __future__ import annotations

import dataclasses
import datetime as dt

from config.models import ChairConfig, Metric, Practice
from domain.metrics import CATALOGUE, FORMATS, PracticeContext, SourceFrames, calculate
from domain.metrics import qof as qof_metrics
from domain.metrics.base import MetricDataError
from domain.qof import IndicatorOutlook
from domain.readings import Reading, Series, make_reading
from storage.quality import Finding
from storage.readers import read_source
from storage.readers.common import SourceData
from storage.readers.reference import load_qof_year, previous_total_points


class SourceMemo:
    """Reads each configured source at most once per run."""

    def __init__(self, config: ChairConfig) -> None:
        self.config = config
        self._data: dict[str, SourceData] = {}
        self._frames: dict[str, SourceFrames] = {}

    def get(self, source_id: str) -> SourceData:
        if source_id not in self._data:
            source = self.config.sources[source_id]
            path = self.config.source_path(source_id)
            self._data[source_id] = read_source(source_id, source.format, path, source.sheet)
        return self._data[source_id]

    def frames(self, source_id: str) -> SourceFrames:
        if source_id not in self._frames:
            data = self.get(source_id)
            qof = None
            settings: dict[str, str] = {}
            if data.format == "qof":
                q = self.config.qof
                qof = load_qof_year(q.year, q.pound_per_point, q.national_average_list_size)
                previous = previous_total_points(q.year)
                if previous:
                    settings["previous_total_points"] = str(previous)
            self._frames[source_id] = SourceFrames(
                tables=data.frames, source_file=_file_label(data), as_of=data.as_of, qof=qof,
                file_date=data.file_date,
                settings=settings,
            )  # fmt: skip
        return self._frames[source_id]


def _file_label(data: SourceData) -> str:
    if not data.files:
        return ""
    newest = data.latest_file or data.files[-1]
    more = len(data.files) - 1
    return newest.name + (f" (+{more} more)" if more else "")


def context(practice: Practice) -> PracticeContext:
    return PracticeContext(
        code=practice.code, list_size=practice.list_size, pcn_code=practice.pcn_code,
        icb_code=practice.icb_code,
    )  # fmt: skip


def series_for(metric: Metric, practice: Practice, today: dt.date, memo: SourceMemo) -> Series:
    data = memo.get(metric.source)
    problem = data.problem()
    if problem is not None:
        return Series(problem=problem, source_file=_file_label(data))
    frames = memo.frames(metric.source)
    try:
        series = calculate(metric.calculation, frames, metric.params, context(practice), today)
    except Exception as exc:  # a calculation bug must not stop the meeting
        return Series(problem=f"calculation failed ({type(exc).__name__}: {exc})",
                      source_file=frames.source_file)  # fmt: skip
    errors = [f for f in data.findings if f.severity == "error"]
    if errors and series.problem is None:
        detail = dict(series.detail)
        detail["data quality"] = (
            f"{len(errors)} problem{'s' if len(errors) > 1 else ''} in {metric.source} "
            f"(first: {errors[0].file} {errors[0].where}: {errors[0].message}); run chair check"
        )
        series = dataclasses.replace(series, detail=detail)
    return series


def readings_for(
    config: ChairConfig, practice: Practice, metrics: list[Metric], today: dt.date, memo: SourceMemo
) -> list[Reading]:
    return [make_reading(m, series_for(m, practice, today, memo), today) for m in metrics]


def qof_outlooks(
    config: ChairConfig, practice: Practice, today: dt.date, memo: SourceMemo
) -> list[IndicatorOutlook]:
    for source_id, source in config.sources.items():
        if source.format == "qof" and memo.get(source_id).problem() is None:
            try:
                return qof_metrics.outlooks(memo.frames(source_id), context(practice), today)
            except MetricDataError:
                return []
    return []


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
        if message:
            found.setdefault(metric.source, []).append(
                Finding(metric.source, "chair.toml", where, message, "error")
            )
    return found
