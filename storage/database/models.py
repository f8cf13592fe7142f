"""SQLAlchemy 2 typed models: the meeting record, its decisions and actions, and the audit log."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class MeetingRow(Base):
    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_type: Mapped[str] = mapped_column(String(64), index=True)
    practice_code: Mapped[str] = mapped_column(String(16))
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    state: Mapped[str] = mapped_column(String(16), default="in progress")
    chair_id: Mapped[str | None] = mapped_column(String(64))
    present: Mapped[str] = mapped_column(Text, default="")
    """Person ids, comma-separated."""
    apologies: Mapped[str] = mapped_column(Text, default="")
    guests: Mapped[str] = mapped_column(Text, default="", server_default="")
    """Guests' names, one a line (guests are not in [[people]])."""
    current_section: Mapped[int] = mapped_column(Integer, default=0)
    highlighted_row: Mapped[int] = mapped_column(Integer, default=0)
    elapsed_seconds: Mapped[int] = mapped_column(Integer, default=0)
    timer_paused: Mapped[bool] = mapped_column(Boolean, default=False)
    minutes_state: Mapped[str] = mapped_column(String(32), default="draft")
    minutes_text: Mapped[str | None] = mapped_column(Text)
    """The minutes as locked on approval (immutable from then on)."""
    minutes_hash: Mapped[str | None] = mapped_column(String(64))
    """SHA-256 of minutes_text: `chair check` verifies locked minutes were not altered."""
    started: Mapped[dt.datetime | None] = mapped_column(DateTime)
    closed: Mapped[dt.datetime | None] = mapped_column(DateTime)
    next_meeting: Mapped[dt.date | None] = mapped_column(Date)
    abandoned: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    """Closed as abandoned (something was recorded first; see Meetings.abandon)."""
    previous_meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    sections: Mapped[list[SectionRow]] = relationship(
        back_populates="meeting", order_by="SectionRow.position", cascade="all, delete-orphan"
    )


class SectionRow(Base):
    __tablename__ = "meeting_sections"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    key: Mapped[str] = mapped_column(String(128))
    title: Mapped[str] = mapped_column(String(200))
    time_box_minutes: Mapped[int] = mapped_column(Integer)
    seconds_spent: Mapped[int] = mapped_column(Integer, default=0)
    closed: Mapped[bool] = mapped_column(Boolean, default=False)
    readings: Mapped[str | None] = mapped_column(Text)
    """The readings shown in this section (JSON rows), so minutes never depend on later data."""
    indicators: Mapped[str | None] = mapped_column(Text)
    """A QOF section's indicator table as reviewed (JSON rows), for the minutes."""
    items: Mapped[str | None] = mapped_column(Text)
    """What a This week, Watch list or Risk register section showed (JSON rows), for the minutes."""

    meeting: Mapped[MeetingRow] = relationship(back_populates="sections")


class DecisionRow(Base):
    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    section_key: Mapped[str] = mapped_column(String(128))
    kind: Mapped[str] = mapped_column(String(16))
    metric_id: Mapped[str | None] = mapped_column(String(64), index=True)
    title: Mapped[str] = mapped_column(String(300), default="")
    data_shows: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    review_date: Mapped[dt.date | None] = mapped_column(Date)
    escalate_to: Mapped[str | None] = mapped_column(String(64))
    escalation_owner_id: Mapped[str | None] = mapped_column(String(64))
    not_escalated_reason: Mapped[str] = mapped_column(Text, default="")
    snapshot: Mapped[str | None] = mapped_column(Text)
    """The frozen reading, as JSON."""
    aob_item_id: Mapped[int | None] = mapped_column(ForeignKey("aob_items.id"))
    escalated_from_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id"))
    """For a decision in 'Escalations in': the escalate decision it answers."""
    created: Mapped[dt.datetime] = mapped_column(DateTime)
    created_by: Mapped[str] = mapped_column(String(64))
    superseded: Mapped[bool] = mapped_column(Boolean, default=False)
    """A later decision on the same item in the same meeting replaces this one."""
    cause: Mapped[str] = mapped_column(Text, default="", server_default="")
    """Why this is happening (the decision in full)."""
    risk_areas: Mapped[str] = mapped_column(String(200), default="", server_default="")
    """The risk areas in full, comma-separated (domain.in_full.RISK_AREAS)."""
    risk: Mapped[str] = mapped_column(Text, default="", server_default="")
    """The risk in a phrase."""
    success_metric: Mapped[str | None] = mapped_column(String(64))
    success_target: Mapped[str] = mapped_column(String(200), default="", server_default="")
    success_by: Mapped[dt.date | None] = mapped_column(Date)
    shape: Mapped[str | None] = mapped_column(Text)
    """A shaped decision as JSON: {"experience": {...six parts}} or {"investment": {...}}."""


class ActionRow(Base):
    __tablename__ = "actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id"), index=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    description: Mapped[str] = mapped_column(Text)
    owner_id: Mapped[str | None] = mapped_column(String(64), index=True)
    due: Mapped[dt.date | None] = mapped_column(Date, index=True)
    review_meeting_type: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    metric_id: Mapped[str | None] = mapped_column(String(64))
    evidence: Mapped[str] = mapped_column(Text, default="")
    carried: Mapped[int] = mapped_column(Integer, default=0)
    created: Mapped[dt.date] = mapped_column(Date)
    completed: Mapped[dt.date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class ActionUpdateRow(Base):
    __tablename__ = "action_updates"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id"), index=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"), index=True)
    when: Mapped[dt.datetime] = mapped_column(DateTime)
    by_login: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    new_due: Mapped[dt.date | None] = mapped_column(Date)
    new_owner_id: Mapped[str | None] = mapped_column(String(64))
    evidence: Mapped[str] = mapped_column(Text, default="")
    verdict: Mapped[str | None] = mapped_column(String(16))
    """Did it work? worked, no change, worse, too early (an action raised on a metric)."""
    reading_now: Mapped[str | None] = mapped_column(Text)
    """The metric's reading when the update was given (a snapshot, JSON), beside the decision's."""


class AobItemRow(Base):
    __tablename__ = "aob_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    title: Mapped[str] = mapped_column(Text)
    raised_by_id: Mapped[str | None] = mapped_column(String(64))
    created: Mapped[dt.datetime] = mapped_column(DateTime)


class MinutesApprovalRow(Base):
    __tablename__ = "minutes_approvals"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    """The meeting whose minutes were approved."""
    approved_at_meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"))
    amendments: Mapped[str] = mapped_column(Text, default="")
    """Empty when approved as presented; otherwise the addendum."""
    when: Mapped[dt.datetime] = mapped_column(DateTime)
    by_login: Mapped[str] = mapped_column(String(64))
    minutes_hash: Mapped[str | None] = mapped_column(String(64))
    """SHA-256 of the minutes as locked by this approval."""
    chain_hash: Mapped[str | None] = mapped_column(String(64))
    """Hash of this approval chained to the one before (storage.security.chain)."""


class AuditRow(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    when: Mapped[dt.datetime] = mapped_column(DateTime)
    login: Mapped[str] = mapped_column(String(64))
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    what: Mapped[str] = mapped_column(String(64))
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str | None] = mapped_column(Text)
    chain_hash: Mapped[str | None] = mapped_column(String(64))
    """Hash of this row chained to the one before (storage.security.chain)."""


class RosterRow(Base):
    """A registered roster: who is who and who chairs, kept with the record (append-only)."""

    __tablename__ = "rosters"

    id: Mapped[int] = mapped_column(primary_key=True)
    registered: Mapped[dt.datetime] = mapped_column(DateTime)
    by_login: Mapped[str] = mapped_column(String(64))
    people: Mapped[str] = mapped_column(Text)
    """The [[people]] of the registered configuration, as JSON."""
    chain_hash: Mapped[str | None] = mapped_column(String(64))
    """Hash of this registration chained to the one before (storage.security.chain)."""


class AcknowledgementRow(Base):
    """A breach acknowledged at a meeting: no new decision until it expires or worsens."""

    __tablename__ = "acknowledgements"

    id: Mapped[int] = mapped_column(primary_key=True)
    metric_id: Mapped[str] = mapped_column(String(64), index=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    owner_id: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text)
    expires: Mapped[dt.date] = mapped_column(Date)
    status_at_ack: Mapped[str] = mapped_column(String(16))
    """The status word when acknowledged; a worse status needs a decision again."""
    created: Mapped[dt.datetime] = mapped_column(DateTime)
    by_login: Mapped[str] = mapped_column(String(64))


class MeetingHolderRow(Base):
    """Who has the keyboard of a meeting: a lease its screen renews (one hand at a time)."""

    __tablename__ = "meeting_holders"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), primary_key=True)
    token: Mapped[str] = mapped_column(String(64))
    """One per running screen (a random id): two windows of one login are two holders."""
    login: Mapped[str] = mapped_column(String(64))
    since: Mapped[dt.datetime] = mapped_column(DateTime)
    renewed: Mapped[dt.datetime] = mapped_column(DateTime)


class DraftRow(Base):
    """Form text typed but not saved: per login, meeting and item. Never part of the record."""

    __tablename__ = "drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(64), index=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"), index=True)
    """None for drafts typed between meetings (the action review)."""
    item_key: Mapped[str] = mapped_column(String(160))
    title: Mapped[str] = mapped_column(Text, default="")
    fields: Mapped[str] = mapped_column(Text, default="{}")
    """The form's fields as JSON: {field name: text typed}."""
    updated: Mapped[dt.datetime] = mapped_column(DateTime)


class PeriodNoteRow(Base):
    """A short note on one period of a metric ("flu outbreak", "new appointment release"),
    kept with the record; one marked as a change of process or recording starts a new SPC
    baseline from that period (append-only, signed by its writer)."""

    __tablename__ = "period_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    metric_id: Mapped[str] = mapped_column(String(64), index=True)
    period_end: Mapped[dt.date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    change: Mapped[bool] = mapped_column(Boolean, default=False)
    """A change of process or recording: the SPC limits start again from this period."""
    created: Mapped[dt.datetime] = mapped_column(DateTime)
    by_login: Mapped[str] = mapped_column(String(64))


class RowExceptionRow(Base):
    """A tracker row staff know should not count (a search's patients, a member of staff, a
    claim), with a reason and an expiry. No patient identifiers: the row is the tracker's."""

    __tablename__ = "row_exceptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    metric_id: Mapped[str] = mapped_column(String(64), index=True)
    row_key: Mapped[str] = mapped_column(String(300))
    reason: Mapped[str] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(Text, default="")
    count: Mapped[int] = mapped_column(Integer, default=1)
    """How many of the row's count are excepted (a search's patients); 1 for a person or claim."""
    expires: Mapped[dt.date] = mapped_column(Date)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"))
    created: Mapped[dt.datetime] = mapped_column(DateTime)
    by_login: Mapped[str] = mapped_column(String(64))
    withdrawn: Mapped[dt.datetime | None] = mapped_column(DateTime)


class WatchNoteRow(Base):
    """A one-line note on an AMBER reading on a meeting's watch list."""

    __tablename__ = "watch_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    metric_id: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    """noted, act or escalate."""
    note: Mapped[str] = mapped_column(Text, default="")
    since: Mapped[dt.date | None] = mapped_column(Date)
    streak: Mapped[int] = mapped_column(Integer, default=0)
    created: Mapped[dt.datetime] = mapped_column(DateTime)
    by_login: Mapped[str] = mapped_column(String(64))


class RiskRow(Base):
    """One risk of the practice's risk register."""

    __tablename__ = "risks"

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(32), unique=True)
    title: Mapped[str] = mapped_column(Text)
    cause: Mapped[str] = mapped_column(Text, default="")
    likelihood: Mapped[int] = mapped_column(Integer)
    impact: Mapped[int] = mapped_column(Integer)
    owner: Mapped[str] = mapped_column(String(120), default="")
    """A person id from the roster, or the name the imported register gave."""
    controls: Mapped[str] = mapped_column(Text, default="")
    review_date: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="open")
    origin: Mapped[str] = mapped_column(String(200), default="")
    """Where it came from: 'imported from FILE', 'decision 12'."""
    created: Mapped[dt.datetime] = mapped_column(DateTime)
    updated: Mapped[dt.datetime] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class RiskLinkRow(Base):
    """A risk's link to a decision, an action or a metric."""

    __tablename__ = "risk_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    risk_id: Mapped[int] = mapped_column(ForeignKey("risks.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    """decision, action or metric."""
    ref: Mapped[str] = mapped_column(String(64))


class RiskReviewRow(Base):
    """A review of a risk (at a Risk register section or between meetings)."""

    __tablename__ = "risk_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    risk_id: Mapped[int] = mapped_column(ForeignKey("risks.id"), index=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"), index=True)
    note: Mapped[str] = mapped_column(Text)
    likelihood: Mapped[int] = mapped_column(Integer)
    impact: Mapped[int] = mapped_column(Integer)
    next_review: Mapped[dt.date | None] = mapped_column(Date)
    when: Mapped[dt.datetime] = mapped_column(DateTime)
    by_login: Mapped[str] = mapped_column(String(64))
