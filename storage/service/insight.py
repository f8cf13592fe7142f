"""What the meeting sees beyond its readings: attendance, the QOF indicator table, the source
facts behind a metric."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from domain.records import Meeting, MeetingState
from storage.database import convert
from storage.database.models import MeetingRow
from storage.errors import InvalidEntry, NotAllowed, NotFound, Problem
from storage.service.meetings import MeetingsMixin

if TYPE_CHECKING:
    import datetime as dt

    from domain.qof_table import QofTable


@dataclass(frozen=True)
class Attendance:
    """Who was at a meeting: person ids present and with apologies, guests by name."""

    present: tuple[str, ...] = ()
    apologies: tuple[str, ...] = ()
    guests: tuple[str, ...] = ()


@dataclass(frozen=True)
class SourceFacts:
    """The data behind a metric: its source's files, rows, period and problems."""

    source_id: str
    format: str
    path: str
    files: tuple[str, ...]
    rows: int
    period_start: dt.date | None
    period_end: dt.date | None
    findings: tuple[str, ...]


class InsightMixin(MeetingsMixin):
    _qof_tables: dict[str, QofTable]

    # ------------------------------------------------------------------ attendance

    def default_attendance(self, meeting_id: int) -> Attendance:
        """The attendance recorded at this meeting, else at the last meeting of its type that
        recorded any (the chair's starting point), else nobody."""
        with self._sessions() as session:
            row = self._meeting_row(session, meeting_id)
            candidates = session.scalars(
                select(MeetingRow)
                .where(MeetingRow.meeting_type == row.meeting_type, MeetingRow.id <= meeting_id)
                .order_by(MeetingRow.id.desc())
            ).all()
            for candidate in candidates:
                found = convert.meeting(candidate)
                if found.present or found.apologies or found.guests:
                    known = self.known_people
                    return Attendance(
                        tuple(p for p in found.present if p in known),
                        tuple(p for p in found.apologies if p in known),
                        found.guests,
                    )
        return Attendance()

    def record_attendance(
        self,
        meeting_id: int,
        present: tuple[str, ...],
        apologies: tuple[str, ...] = (),
        guests: tuple[str, ...] = (),
    ) -> Meeting:
        """Record who is present, who sent apologies, and guests by name (chair only)."""
        self._require_chair("record attendance")
        guests = tuple(dict.fromkeys(g.strip() for g in guests if g.strip()))
        problems = [
            Problem("present", f"'{p}' is not a person in the config")
            for p in (*present, *apologies)
            if p not in self.known_people
        ]
        both = sorted(set(present) & set(apologies))
        if both:
            problems.append(Problem("apologies", f"'{both[0]}' cannot be present and absent"))
        problems += [
            Problem("guests", f"guest name '{g[:40]}' is too long (at most 80 characters)")
            for g in guests
            if len(g) > 80
        ]
        if problems:
            raise InvalidEntry(problems)
        self._check_free_text(guests="\n".join(guests))
        with self._tx() as session:
            from storage.service.holder_rules import refuse_unless_holder

            refuse_unless_holder(self, session, meeting_id)
            row = self._meeting_row(session, meeting_id)
            if row.state == MeetingState.CLOSED.value:
                raise NotAllowed("this meeting is closed; its attendance can no longer change")
            before = {"present": row.present, "apologies": row.apologies, "guests": row.guests}
            row.present = ",".join(dict.fromkeys(present))
            row.apologies = ",".join(dict.fromkeys(apologies))
            row.guests = "\n".join(guests)
            after = {"present": row.present, "apologies": row.apologies, "guests": row.guests}
            self._audit(session, "meeting", row.id, "attendance", before=before, after=after)
        return self.meeting(meeting_id)

    # ------------------------------------------------------------------ QOF

    def qof_table(self) -> QofTable:
        """The QOF indicator table for today (computed once per service)."""
        from storage.data.dashboards import qof_table

        tables = self.__dict__.setdefault("_qof_tables", {})
        code = self.config.practice.code
        if code not in tables:
            tables[code] = qof_table(self.config, self.today)
        return tables[code]  # type: ignore[no-any-return]

    def section_has_qof(self, section_key: str) -> bool:
        """Whether a dashboard section reads a QOF source (and so shows the indicator table)."""
        dashboard_id = section_key.removeprefix("dashboard:")
        return any(
            self.config.sources[m.source].format == "qof"
            for m in self.config.metrics_for(dashboard_id)
        )

    def section_indicators(self, section_key: str) -> str | None:
        """The indicator table as stored with a QOF section when it closes (JSON rows)."""
        if not section_key.startswith("dashboard:") or not self.section_has_qof(section_key):
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

    # ------------------------------------------------------------------ metric facts

    def source_facts(self, metric_id: str) -> SourceFacts:
        """The files, rows, period and problems of the source behind a metric."""
        from storage.data.readers.compute import SourceMemo

        metric = self.config.metric(metric_id)
        if metric is not None:
            source_id = metric.source
        elif metric_id.startswith("qof:"):  # an indicator of the QOF table: the QOF source
            qof = [k for k, v in self.config.sources.items() if v.format == "qof"]
            if not qof:
                raise NotFound("no QOF source in the config")
            source_id = qof[0]
        else:
            raise NotFound(f"no metric '{metric_id}' in the config")
        source = self.config.sources[source_id]
        data = SourceMemo(self.config).get(source_id)
        return SourceFacts(
            source_id=source_id,
            format=source.format,
            path=source.path,
            files=tuple(f.name for f in data.files),
            rows=data.rows,
            period_start=data.period_start,
            period_end=data.period_end,
            findings=tuple(f.line() for f in data.findings),
        )
