"""Exceptions on tracker rows (recorded, withdrawn, audited) and the rows behind a tracker
metric's latest value, with the readings judged without the live exceptions."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING

from sqlalchemy import select

from domain.exceptions import RowBehind, RowException, RowsBehind, exception_problems
from storage.database.models import RowExceptionRow
from storage.errors import InvalidEntry, NotFound, Problem

if TYPE_CHECKING:
    from domain.readings import Reading
    from domain.risks import Risk
    from storage.data.readers.compute import SourceMemo
    from storage.service.store import Store

RISK_CALCULATION = "risks.high_overdue_review"


def to_exception(row: RowExceptionRow) -> RowException:
    return RowException(
        id=row.id, metric_id=row.metric_id, row_key=row.row_key, reason=row.reason,
        expires=row.expires, note=row.note, count=row.count, created=row.created,
        by_login=row.by_login, meeting_id=row.meeting_id,
    )  # fmt: skip


class RowExceptions:
    """Exceptions staff record on the rows behind a tracker metric."""

    def __init__(self, store: Store, risks: object | None = None) -> None:
        self._store = store
        self._risks = risks
        self._memo: tuple[object, object] | None = None
        """(config, today) and the sources read for them: trackers are read once per day."""
        self._behind: dict[str, tuple[object, dt.date, RowsBehind | None]] = {}
        """Per metric: the rows behind it as computed from the sources read (and the day);
        each section read, each detail opened judged them again (polars, 5-20 ms)."""
        self._any_day = False
        """The risk register part (storage.service.register.RiskRegister): the rows behind
        'High risks past review date' are its risks."""

    def live(self, metric_id: str | None = None) -> list[RowException]:
        """Exceptions not withdrawn and not expired today (of one metric, or all)."""
        today = self._store.today
        with self._store.sessions() as session:
            query = select(RowExceptionRow).where(
                RowExceptionRow.withdrawn.is_(None), RowExceptionRow.expires >= today
            )
            if metric_id is not None:
                query = query.where(RowExceptionRow.metric_id == metric_id)
            rows = session.scalars(query.order_by(RowExceptionRow.id)).all()
        return [to_exception(r) for r in rows]

    def add(self, exception: RowException, meeting_id: int | None = None) -> RowException:
        """Record an exception (any known person may: staff know the rows); refused in words
        when the reason, the count, the expiry or the row is wrong."""
        store = self._store
        if store.person is None:
            raise InvalidEntry(
                [Problem("login", f"{store.login} is not one of the practice's people")]
            )
        behind = self.rows(exception.metric_id)
        problems = exception_problems(exception, store.today, behind)
        if problems:
            raise InvalidEntry([Problem("exception", p) for p in problems])
        with store.tx() as session:
            row = RowExceptionRow(
                metric_id=exception.metric_id, row_key=exception.row_key,
                reason=exception.reason, note=exception.note.strip(), count=exception.count,
                expires=exception.expires, meeting_id=meeting_id, created=store.now(),
                by_login=store.login,
            )  # fmt: skip
            session.add(row)
            session.flush()
            store.audit(session, "exception", row.id, "add", after={
                "metric_id": row.metric_id, "row": row.row_key, "reason": row.reason,
                "note": row.note, "count": row.count, "expires": row.expires})  # fmt: skip
            return to_exception(row)

    def withdraw(self, exception_id: int) -> None:
        store = self._store
        with store.tx() as session:
            row = session.get(RowExceptionRow, exception_id)
            if row is None:
                raise NotFound(f"no exception {exception_id}")
            row.withdrawn = store.now()
            store.audit(session, "exception", row.id, "withdraw", before={"row": row.row_key})

    # ------------------------------------------------------------------ rows behind

    def rows(self, metric_id: str) -> RowsBehind | None:
        """The rows behind a tracker metric's latest value (None for other metrics)."""
        config = self._store.config
        metric = config.metric(metric_id)
        if metric is None:
            return None
        if metric.calculation == RISK_CALCULATION and self._risks is not None:
            risks: list[Risk] = self._risks.all()  # type: ignore[attr-defined]
            if risks:
                return risk_rows(metric_id, risks, self._store.today, metric.params)
        from domain.metrics.behind import BEHIND

        function = BEHIND.get(metric.calculation)
        if function is None:
            return None
        sources, today = self._sources(), self._store.today
        kept = self._behind.get(metric_id)
        if kept is not None and kept[0] is sources and kept[1] == today:
            return kept[2]  # the same frames on the same day: the same rows
        try:
            found = function(sources.frames(metric.source), today, metric_id)
        except Exception:  # a broken tracker shows NO DATA on its reading; no rows here
            found = None
        self._behind[metric_id] = (sources, today, found)
        return found

    def keep_sources(self) -> None:
        """Read each tracker once for the life of this part, whatever day `today` moves to
        (the demo's seeding: the sample's files are the same on each past meeting's day; the
        rows behind are still judged against the day)."""
        self._any_day = True

    def _sources(self) -> SourceMemo:
        from storage.data.readers.compute import SourceMemo

        key = (self._store.config, None if self._any_day else self._store.today)
        if self._memo is None or self._memo[0] != key:
            self._memo = (key, SourceMemo(self._store.config))
        memo = self._memo[1]
        assert isinstance(memo, SourceMemo)
        return memo

    def judged(self, readings: list[Reading]) -> list[Reading]:
        """The readings with live exceptions taken off (and the risk metric read from the
        register when it holds risks); other readings unchanged."""
        from domain.exceptions import with_exceptions

        live = self.live()
        by_metric: dict[str, list[RowException]] = {}
        for exception in live:
            by_metric.setdefault(exception.metric_id, []).append(exception)
        out = []
        for reading in readings:
            reading = self._from_register(reading)
            chosen = by_metric.get(reading.metric_id)
            if chosen:
                behind = self.rows(reading.metric_id)
                if behind is not None:
                    reading = with_exceptions(reading, behind, chosen, self._store.today)
            out.append(reading)
        return out

    def _from_register(self, reading: Reading) -> Reading:
        config = self._store.config
        metric = config.metric(reading.metric_id)
        if metric is None or metric.calculation != RISK_CALCULATION or self._risks is None:
            return reading
        risks: list[Risk] = self._risks.all()  # type: ignore[attr-defined]
        if not risks:
            return reading  # nothing imported yet: the practice's file still speaks
        from domain.readings import make_reading
        from domain.risks import high_overdue_series

        series = high_overdue_series(risks, self._store.today, metric.params)
        made = make_reading(metric, series, self._store.today)
        return dataclasses.replace(made, peer=reading.peer)


def risk_rows(
    metric_id: str, risks: list[Risk], today: dt.date, params: Mapping[str, object]
) -> RowsBehind:
    """High risks (score at least min_score, default 15) not closed and past review: 1 each."""
    from domain.risks import HIGH_SCORE

    least = float(str(params.get("min_score", HIGH_SCORE)))
    found = []
    for risk in sorted(risks, key=lambda r: (r.review_date or dt.date.min, r.ref)):
        if not risk.is_open or risk.score < least:
            continue
        late = risk.review_date is None or risk.review_date < today
        when = risk.review_date.isoformat() if risk.review_date else "none"
        found.append(
            RowBehind(
                key=risk.ref,
                cells=(risk.ref, risk.title, str(risk.score), risk.owner, when),
                share=1.0 if late else 0.0,
                due=risk.review_date,
                what=f"Review risk {risk.ref}: {risk.title}",
            )  # fmt: skip
        )
    return RowsBehind(metric_id, ("Risk", "Title", "Score", "Owner", "Review"), tuple(found))
