"""Markdown minutes derived from the meeting record (PRODUCT.md, 'Minutes'): never typed twice."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from domain import minutes_work as work
from domain.decisions import evidence_of, reading_text
from domain.in_full_text import in_full_lines, risk_cell
from domain.keys import FIXED_SECTIONS
from domain.markdown import escape_cell, escape_text, sparkline, table
from domain.minutes_input import (
    Completion,
    MetricRow,
    MinutesInput,
    PreviousMinutes,
    completion_of,
)
from domain.minutes_threshold import below_threshold
from domain.qof_table import minutes_table
from domain.readings import TREND_PERIODS, DetailTable
from domain.records import (
    Action,
    ActionStatus,
    Decision,
    DecisionKind,
    Meeting,
    MeetingState,
    MinutesState,
)

__all__ = [
    "Completion",
    "MetricRow",
    "MinutesInput",
    "PreviousMinutes",
    "completion_of",
    "escape_cell",
    "render_minutes",
    "sparkline",
]

ACTION_HEADERS = ("Issue", "Evidence", "Risk", "Owner", "Action", "Review")


def render_minutes(m: MinutesInput) -> str:
    """The minutes as GitHub-flavoured Markdown.

    Every section of the meeting that is not a fixed one (previous minutes, matters arising,
    escalations in, AOB: each has its own part) gets a part of its own, in agenda order.
    """
    parts = [
        _header(m),
        _previous(m),
        _matters_arising(m),
        *[_section(m, s.key, s.title) for s in m.meeting.sections if s.key not in FIXED_SECTIONS],
        _acknowledgements(m),
        _escalations(m),
        _aob(m),
        _next_meeting(m),
        _time(m),
    ]
    if m.completion is not None:
        parts.append(_completion(m, m.completion))
    return "\n\n".join(p for p in parts if p) + "\n"


def _name(m: MinutesInput, person_id: str | None) -> str:
    if not person_id:
        return "—"
    return m.people.get(person_id, person_id)


def _destination(m: MinutesInput, target: str | None) -> str:
    if not target:
        return "—"
    return m.destinations.get(target) or m.people.get(target) or target


def _day(value: dt.date | None) -> str:
    return value.isoformat() if value else "—"


def _header(m: MinutesInput) -> str:
    meeting = m.meeting
    when = f"{meeting.date:%A} {meeting.date.day} {meeting.date:%B %Y}"
    time = "—"
    if meeting.started:
        time = f"{meeting.started:%H:%M}"
        if meeting.closed:
            time += f"–{meeting.closed:%H:%M}"
    draft = "" if meeting.minutes_state is not MinutesState.DRAFT else " (draft)"
    lines = [
        f"# {escape_text(m.meeting_title)}: {when}{draft}",
        "",
        f"- **Practice:** {escape_text(m.practice_name)}",
        f"- **Meeting:** {escape_text(m.meeting_title)}",
        f"- **Date:** {meeting.date.isoformat()}",
        f"- **Time:** {time}",
        f"- **Chair:** {escape_text(_name(m, meeting.chair_id))}",
        f"- **Present:** {_people(m, meeting.present)}",
        f"- **Apologies:** {_people(m, meeting.apologies)}",
        f"- **Guests:** {escape_text(', '.join(meeting.guests)) if meeting.guests else 'none'}",
        f"- **Minutes:** {meeting.minutes_state.value}",
    ]
    if meeting.abandoned:
        lines += ["", _abandoned(meeting)]
    return "\n".join(lines)


def _abandoned(meeting: Meeting) -> str:
    """The line that says a meeting was abandoned, and at which section."""
    at = ""
    if meeting.sections:
        index = min(meeting.current_section, len(meeting.sections) - 1)
        at = f" at section {index + 1} ({escape_text(meeting.sections[index].title)})"
    when = f" at {meeting.closed:%H:%M}" if meeting.closed else ""
    return (
        f"**This meeting was abandoned{at}{when}.** The sections after it were not held; "
        "what is recorded below stands."
    )


def _people(m: MinutesInput, ids: tuple[str, ...]) -> str:
    return escape_text(", ".join(_name(m, i) for i in ids)) if ids else "none recorded"


def _previous(m: MinutesInput) -> str:
    previous = m.previous
    if previous is None:
        return "## Previous minutes\n\nNo previous meeting of this type."
    on = previous.meeting_date.isoformat()
    if previous.state is MinutesState.APPROVED:
        text = f"The minutes of the meeting on {on} were approved as presented."
    elif previous.state is MinutesState.AMENDED:
        text = (
            f"The minutes of the meeting on {on} were approved with amendments: "
            f"{escape_text(previous.amendments) or 'not recorded'}"
        )
    else:
        text = f"The minutes of the meeting on {on} are not yet approved."
    return f"## Previous minutes\n\n{text}"


def action_outcome(action: Action) -> str:
    latest = action.updates[-1] if action.updates else None
    words = [action.status.value]
    if action.status is ActionStatus.DONE:
        evidence = action.evidence or (latest.evidence if latest else "")
        words.append(f"evidence: {evidence}" if evidence else "no evidence recorded")
    elif latest and latest.new_due:
        words.append(f"new date {latest.new_due.isoformat()}")
    if latest and latest.note:
        words.append(latest.note)
    if not action.updates and action.status is ActionStatus.OPEN:
        words = ["no update"]
    return "; ".join(words)


def _matters_arising(m: MinutesInput) -> str:
    if not m.matters_arising:
        return "## Matters arising\n\nNo actions were due back at this meeting."
    rows = [
        (a.description, _name(m, a.owner_id), _day(a.due), action_outcome(a))
        for a in m.matters_arising
    ]
    text = "## Matters arising\n\n" + table(("Action", "Owner", "Due", "Outcome"), rows)
    verdicts = work.verdicts_part(m.matters_arising, m.decided_on)
    return f"{text}\n\n{verdicts}" if verdicts else text


def _work_section(m: MinutesInput, key: str, title: str) -> str:
    rows = m.section_items.get(key, ())
    if key == "this-week":
        return work.week_part(title, rows, m.people)
    if key == "watch-list":
        return work.watch_part(title, rows, m.watch_notes)
    return work.risk_part(title, rows, m.risk_reviews, m.people)


def _section(m: MinutesInput, key: str, title: str) -> str:
    if key in work.WORK_SECTIONS:
        return _work_section(m, key, title)
    blocks = [f"## {escape_text(title)}"]
    if m.questions.get(key):
        blocks.append(f"*{escape_text(m.questions[key])}*")
    rows = m.metrics.get(key, ())
    if rows:
        headers = (
            "Metric",
            "Value",
            "Status",
            "Variation (SPC)",
            "Peers (median)",
            "Trend",
            "As of",
        )
        blocks.append(table(headers, map(_metric, rows)))
        shown: set[DetailTable] = set()  # the mix is behind several metrics: shown once
        for row in rows:
            for detail in row.tables:
                if detail not in shown:
                    shown.add(detail)
                    blocks.append(detail_table_markdown(row.title, detail))
        metric_ids = {row.metric_id for row in rows}
        excepted = [e for e in m.exceptions if e.metric_id in metric_ids]
        if excepted:
            blocks.append(work.exceptions_part(excepted, m.metric_titles, m.people))
    decisions = [d for d in m.meeting.decisions if d.section_key == key]
    if m.indicators.get(key):
        blocks.append(minutes_table(m.indicators[key], decisions))
    if decisions:
        blocks.append("### Decisions")
        blocks.extend(_decision(m, d) for d in decisions)
        blocks.append(_actions_table(m, decisions))
    else:
        blocks.append(_no_decision(m, key))
    return "\n\n".join(blocks)


def _no_decision(m: MinutesInput, key: str) -> str:
    """A section with no decision: it needed none, unless the meeting is still going and has not
    finished it (a draft said "No decisions were needed" under a RED still being discussed)."""
    meeting = m.meeting
    if meeting.state is MeetingState.IN_PROGRESS:
        index = next((i for i, s in enumerate(meeting.sections) if s.key == key), None)
        if index is not None and not meeting.sections[index].closed:
            if index == meeting.current_section:
                return "Under discussion: nothing decided yet."
            return "Not reached yet."
    below = below_threshold(m, key)
    return f"{below}\n\nNo decisions were needed." if below else "No decisions were needed."


def _metric(row: MetricRow) -> tuple[str, ...]:
    status = row.status + (f" ({row.streak} periods)" if row.streak > 1 else "")
    if row.note:
        status += f": {row.note}"
    trend = sparkline(row.trend[-TREND_PERIODS:], gap="·")
    variation = row.variation or "—"
    return (row.title, row.value, status, variation, row.peers or "—", trend, _day(row.as_of))


def detail_table_markdown(metric: str, detail: DetailTable) -> str:
    """A table behind a metric's value, under its own heading, with its note."""
    block = f"**{escape_text(metric)}: {escape_text(detail.title)}**\n\n"
    block += table(detail.headers, detail.rows)
    return block + (f"\n\n{escape_text(detail.note)}" if detail.note else "")


def _evidence(decision: Decision) -> str:
    return evidence_of(decision) or "—"


def _acknowledgements(m: MinutesInput) -> str:
    if not m.acknowledgements:
        return ""
    rows = [
        (
            m.metric_titles.get(a.metric_id, a.metric_id),
            a.status_at_ack.word,
            _name(m, a.owner_id),
            a.reason,
            _day(a.expires),
            "this meeting" if a.meeting_id == m.meeting.id else "an earlier meeting",
        )
        for a in m.acknowledgements
    ]
    headers = ("Breach", "Status", "Owner", "Reason", "Until", "Acknowledged at")
    return "## Acknowledged breaches\n\n" + table(headers, rows)


def _decision(m: MinutesInput, d: Decision) -> str:
    lines = [f"**{escape_text(d.title or d.metric_id or 'Item')}: {d.kind.value}**", ""]
    if d.snapshot is not None:
        snap = d.snapshot
        source = f"; source {snap.source_file}" if snap.source_file else ""
        text = f"{reading_text(snap)}; thresholds {snap.thresholds}{source}"
        lines.append(f"- Reading decided on: {escape_text(text)}")
    fields = [
        ("What the data shows", d.data_shows),
        ("Reason", d.reason),
        ("Review date", _day(d.review_date) if d.review_date else ""),
        ("Not escalated because", d.not_escalated_reason),
    ]
    if d.kind is DecisionKind.ESCALATE:
        fields.append(("Escalated to", _destination(m, d.escalate_to)))
        fields.append(("Escalation owner", _name(m, d.escalation_owner_id)))
    elif d.escalation_owner_id:
        fields.append(("Owner", _name(m, d.escalation_owner_id)))
    lines.extend(f"- {label}: {escape_text(value)}" for label, value in fields if value)
    lines.extend(in_full_lines(d, m.metric_titles, on_breach=d.snapshot is not None))
    return "\n".join(lines)


def _actions_table(m: MinutesInput, decisions: list[Decision]) -> str:
    rows: list[tuple[str, ...]] = []
    for d in decisions:
        issue = d.title or d.metric_id or "—"
        risk = risk_cell(d)
        for a in d.actions:
            route = f" at {_destination(m, a.review_meeting_type)}" if a.review_meeting_type else ""
            review = f"{_day(a.due)}{route}"
            rows.append((issue, _evidence(d), risk, _name(m, a.owner_id), a.description, review))
        if not d.actions:
            owner = _name(m, d.escalation_owner_id)
            summary = f"{d.kind.value}: {d.reason}" if d.reason else d.kind.value
            if d.kind is DecisionKind.ESCALATE:
                summary = f"escalate to {_destination(m, d.escalate_to)}"
            rows.append((issue, _evidence(d), risk, owner, summary, _day(d.review_date)))
    return table(ACTION_HEADERS, rows)


def _escalations(m: MinutesInput) -> str:
    blocks = ["## Escalations"]
    # An AOB item's decision is among the meeting's decisions too: one row per escalation,
    # titled with the item's title when the decision has none.
    aob_titles = {i.decision.id: i.title for i in m.meeting.aob if i.decision is not None}
    out = [
        replace(d, title=d.title or aob_titles.get(d.id, ""))
        for d in m.meeting.decisions
        if d.kind is DecisionKind.ESCALATE
    ]
    if out:
        rows = [
            (
                d.title or d.metric_id or "—",
                _destination(m, d.escalate_to),
                _name(m, d.escalation_owner_id),
                d.reason or d.data_shows or "—",
            )
            for d in out
        ]
        blocks.append(
            "Escalated from this meeting:\n\n" + table(("Issue", "To", "Owner", "Why"), rows)
        )
    if m.escalations_in:
        answers = {d.answers_escalation_id: d for d in m.meeting.decisions}
        incoming = []
        for e in m.escalations_in:
            answer = answers.get(e.id) if e.id is not None else None
            decided = f"{answer.kind.value}: {answer.reason}" if answer else "no decision recorded"
            sent = e.origin.words() if e.origin is not None else "—"
            incoming.append(
                (e.title or e.metric_id or "—", sent, _evidence(e), e.reason or "—", decided)
            )
        headers = ("Issue", "From", "Evidence", "Why escalated", "Decision")
        blocks.append("Escalated to this meeting:\n\n" + table(headers, incoming))
    answered = [d for d in m.meeting.decisions if d.answers_escalation_id is not None]
    if answered:
        shaped = _shaped(m, answered)
        if shaped:
            blocks.append(shaped.strip())
        blocks.append(_actions_table(m, answered))
    if len(blocks) == 1:
        blocks.append("None.")
    return "\n\n".join(blocks)


def _aob(m: MinutesInput) -> str:
    if not m.meeting.aob:
        return "## Any other business\n\nNone."
    lines = []
    for item in m.meeting.aob:
        raised = f" (raised by {_name(m, item.raised_by_id)})" if item.raised_by_id else ""
        decided = f": {item.decision.kind.value}" if item.decision else ""
        reason = f"; {item.decision.reason}" if item.decision and item.decision.reason else ""
        lines.append(f"- {escape_text(item.title + raised + decided + reason)}")
    decisions = [
        replace(i.decision, title=i.decision.title or i.title)
        for i in m.meeting.aob
        if i.decision is not None
    ]
    text = "## Any other business\n\n" + "\n".join(lines)
    text += _shaped(m, decisions)
    return text + ("\n\n" + _actions_table(m, decisions) if decisions else "")


def _shaped(m: MinutesInput, decisions: list[Decision]) -> str:
    """An AOB item's or an escalation's decision in full (an investment's table), if any."""
    blocks = []
    for d in decisions:
        lines = in_full_lines(d, m.metric_titles, on_breach=False)
        if lines:
            blocks.append(
                f"**{escape_text(d.title or 'Item')}: {d.kind.value}**\n\n"
                + "\n".join(lines).strip("\n")
            )
    return "".join(f"\n\n{b}" for b in blocks)


def _next_meeting(m: MinutesInput) -> str:
    day = m.meeting.next_meeting
    return (
        f"## Next meeting\n\n{day:%A} {day.day} {day:%B %Y}"
        if day
        else "## Next meeting\n\nTo be arranged."
    )


def _minutes_seconds(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"


def _time(m: MinutesInput) -> str:
    rows = []
    for s in m.meeting.sections:
        over = s.seconds_spent - s.time_box_minutes * 60
        note = f" (over by {_minutes_seconds(over)})" if over > 0 else ""
        rows.append(
            (s.title, f"{s.time_box_minutes} min", _minutes_seconds(s.seconds_spent) + note)
        )
    box = sum(s.time_box_minutes for s in m.meeting.sections)
    spent = sum(s.seconds_spent for s in m.meeting.sections)
    rows.append(("Total", f"{box} min", _minutes_seconds(spent)))
    return "## Time\n\n" + table(("Section", "Time box", "Taken"), rows)


def _completion(m: MinutesInput, c: Completion) -> str:
    percent = f" ({round(100 * c.done_on_time / c.due)}%)" if c.due else ""
    overdue = ", ".join(f"{_name(m, owner)} {count}" for owner, count in c.overdue_by_owner)
    lines = [
        "## Action completion",
        "",
        f"- Done on time: {c.done_on_time} of {c.due} due{percent}",
        f"- Carried over: {c.carried_over}",
        f"- Overdue by owner: {escape_text(overdue) if overdue else 'none'}",
    ]
    return "\n".join(lines)
