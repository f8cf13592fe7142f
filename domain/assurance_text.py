"""The assurance pack as GitHub-flavoured Markdown, readable cold by a partner or a CQC
inspector who was in none of the meetings."""

from __future__ import annotations

from domain.assurance import AssuranceInput, DashboardPack, Review, did_it_work
from domain.in_full_text import in_full_lines, risk_cell
from domain.markdown import escape_text, sparkline, table
from domain.minutes import action_outcome
from domain.records import Decision, DecisionKind

INTRO = (
    "Evidence alone is not assurance. For each dashboard this pack shows who reviewed the "
    "information, what they saw, what the practice understood from it and decided, what action "
    "was taken and whether it worked, what was escalated and where it went, and the risks still "
    "open. Everything here is drawn from the meeting record (never retyped); the chain heads at "
    "the end identify the record it was drawn from, so it can be checked later with "
    "`chair check`."
)


def render_assurance(pack: AssuranceInput) -> str:
    parts = [_header(pack), _summary(pack)]
    for dashboard in pack.dashboards:
        parts.append(_dashboard(pack, dashboard))
    parts.append(_record(pack))
    return "\n\n".join(p for p in parts if p) + "\n"


def _header(pack: AssuranceInput) -> str:
    period = f"{pack.start.isoformat()} to {pack.end.isoformat()}"
    return "\n".join(
        [
            f"# Assurance pack: {escape_text(pack.practice_name)}",
            "",
            f"- **Period:** {period}",
            f"- **Drawn from the record on:** {pack.drawn_on.isoformat()}",
            f"- **Dashboards:** {len(pack.dashboards)}",
            "",
            INTRO,
        ]
    )


def _summary(pack: AssuranceInput) -> str:
    rows = []
    for d in pack.dashboards:
        done = sum(1 for a in d.actions if a.status.value == "done")
        open_ = sum(1 for a in d.actions if not a.status.closed)
        rows.append(
            (
                d.title,
                d.layer,
                _owner(d),
                str(len(d.reviews)),
                str(len(d.decisions)),
                f"{open_} open, {done} done",
                str(len(d.escalations)),
                str(len(d.open_risks())),
            )
        )
    headers = (
        "Dashboard",
        "Layer",
        "Owner",
        "Reviews",
        "Decisions",
        "Actions",
        "Escalations",
        "Open risks",
    )
    return "## Summary\n\n" + table(headers, rows)


def _owner(d: DashboardPack) -> str:
    return f"{d.owner_role} ({', '.join(d.owners)})" if d.owners else d.owner_role


def _dashboard(pack: AssuranceInput, d: DashboardPack) -> str:
    blocks = [
        f"## {escape_text(d.title)}",
        f"*{escape_text(d.question)}*",
        f"- **Owner:** {escape_text(_owner(d))}\n- **Layer:** {d.layer}",
    ]
    if not d.reviews:
        blocks.append("No meeting reviewed this dashboard in the period.")
    else:
        blocks.append("### Who reviewed it\n\n" + _who(d.reviews))
        seen: tuple[tuple[str, str, str], ...] = ()
        for review in d.reviews:
            readings = tuple((m.metric_id, m.value, m.status) for m in review.metrics)
            blocks.append(_review(pack, review, unchanged=readings == seen))
            seen = readings
    blocks.append(_actions(pack, d))
    blocks.append(_escalations(pack, d))
    blocks.append(_acknowledged(pack, d))
    blocks.append(_open_risks(d))
    blocks.append(_quality(d))
    return "\n\n".join(b for b in blocks if b)


def _who(reviews: tuple[Review, ...]) -> str:
    rows = [
        (
            r.date.isoformat(),
            r.meeting_title,
            r.chair,
            ", ".join(r.present) or "none recorded",
            ", ".join(r.apologies) or "none",
            r.minutes_state,
        )
        for r in reviews
    ]
    return table(("Date", "Meeting", "Chair", "Present", "Apologies", "Minutes"), rows)


def _review(pack: AssuranceInput, r: Review, unchanged: bool = False) -> str:
    """One review: the readings as shown (said in a line when they are the same as at the
    review before), and what was decided."""
    blocks = [f"### {r.date.isoformat()}, {escape_text(r.meeting_title)}: what they saw"]
    if r.metrics and unchanged:
        blocks.append("The same readings as at the review before (values and statuses unchanged).")
    elif r.metrics:
        rows = [
            (
                m.title,
                m.value,
                m.status + (f" ({m.streak} periods)" if m.streak > 1 else ""),
                m.variation or "—",
                sparkline(m.trend, gap="·"),
                m.as_of.isoformat() if m.as_of else "—",
            )
            for m in r.metrics
        ]
        headers = ("Metric", "Value", "Status", "Variation (SPC)", "Trend", "As of")
        blocks.append(table(headers, rows))
    else:
        blocks.append("The readings shown were not kept with this section.")
    if r.decisions:
        blocks.append("What they decided and why:")
        blocks.extend(_decision(pack, d) for d in r.decisions)
    else:
        blocks.append("No decision was needed (nothing at the meeting's decision level).")
    return "\n\n".join(blocks)


def _decision(pack: AssuranceInput, d: Decision) -> str:
    lines = [f"**{escape_text(d.title or d.metric_id or 'Item')}: {d.kind.value}**", ""]
    if d.snapshot is not None:
        s = d.snapshot
        streak = f", {s.streak} periods" if s.streak > 1 else ""
        as_of = s.as_of.isoformat() if s.as_of else "—"
        text = f"{s.display_value} ({s.status}{streak}) as of {as_of}; thresholds {s.thresholds}"
        lines.append(f"- Reading decided on: {escape_text(text)}")
    fields = [("What the data shows", d.data_shows), ("Reason", d.reason)]
    if d.kind is DecisionKind.ESCALATE:
        to = pack.destinations.get(d.escalate_to or "") or pack.people.get(d.escalate_to or "")
        fields.append(("Escalated to", to or d.escalate_to or "—"))
    if d.not_escalated_reason:
        fields.append(("Not escalated because", d.not_escalated_reason))
    lines.extend(f"- {label}: {escape_text(value)}" for label, value in fields if value)
    lines.extend(in_full_lines(d, pack.metric_titles, on_breach=d.snapshot is not None))
    return "\n".join(lines)


def _actions(pack: AssuranceInput, d: DashboardPack) -> str:
    if not d.actions:
        return "### Actions and outcomes\n\nNo actions were raised in the period."
    by_id = {x.id: x for x in d.decisions}
    rows = []
    for a in d.actions:
        decided_on = by_id.get(a.decision_id)
        owner = pack.people.get(a.owner_id or "", a.owner_id or "—")
        due = a.due.isoformat() if a.due else "—"
        rows.append((a.description, owner, due, action_outcome(a), did_it_work(a, d, decided_on)))
    headers = ("Action", "Owner", "Due", "Outcome and evidence", "Did it work? (then → latest)")
    return "### Actions and outcomes\n\n" + table(headers, rows)


def _escalations(pack: AssuranceInput, d: DashboardPack) -> str:
    if not d.escalations:
        return ""
    rows = []
    for e in d.escalations:
        to = pack.destinations.get(e.escalate_to or "") or pack.people.get(e.escalate_to or "")
        answer = d.answers.get(e.id) if e.id is not None else None
        taken = "not yet taken up"
        if answer is not None:
            said = answer.decision.reason or answer.decision.data_shows
            taken = f"{answer.meeting_title} {answer.meeting_date.isoformat()}: "
            taken += f"{answer.decision.kind.value}" + (f"; {said}" if said else "")
        owner = pack.people.get(e.escalation_owner_id or "", e.escalation_owner_id or "—")
        rows.append((e.title or e.metric_id or "—", to or e.escalate_to or "—", owner, taken))
    return "### Escalations and where they went\n\n" + table(
        ("Issue", "Escalated to", "Owner", "What was decided there"), rows
    )


def _acknowledged(pack: AssuranceInput, d: DashboardPack) -> str:
    if not d.acknowledgements:
        return ""
    rows = [
        (
            pack.metric_titles.get(a.metric_id, a.metric_id),
            a.status_at_ack.word,
            pack.people.get(a.owner_id, a.owner_id),
            a.reason,
            a.expires.isoformat(),
        )
        for a in d.acknowledgements
    ]
    headers = ("Breach", "Status", "Owner", "Reason", "Until")
    return "### Acknowledged breaches\n\n" + table(headers, rows)


def _open_risks(d: DashboardPack) -> str:
    risks = d.open_risks()
    decided_on = {x.id: r.date.isoformat() for r in d.reviews for x in r.decisions}
    if not risks:
        return "### Open risks\n\nNone: no metric was RED or CRITICAL at its latest review."
    rows = [
        (
            row.title,
            f"{row.status} {row.value}",
            day.isoformat(),
            risk_cell(decision) if decision else "no decision in the period",
            f"{decision.kind.value} ({decided_on.get(decision.id, '—')})" if decision else "—",
        )
        for row, day, decision in risks
    ]
    headers = ("Metric", "Latest reading", "Reviewed", "Risk (as last put in words)", "Decided")
    return "### Open risks\n\n" + table(headers, rows)


def _quality(d: DashboardPack) -> str:
    findings = d.quality_findings()
    if not findings:
        return "### Data quality\n\nNo data-quality findings in the period."
    rows = [(day.isoformat(), metric, status, what) for day, metric, status, what in findings]
    return "### Data quality\n\n" + table(("Date", "Metric", "Finding", "What was found"), rows)


def _record(pack: AssuranceInput) -> str:
    if not pack.chain_heads:
        return ""
    rows = [(c.table, str(c.rows), c.head) for c in pack.chain_heads]
    return (
        "## The record this was drawn from\n\nThe newest link of each hash chain when this "
        "pack was drawn. `chair check` verifies the chains; a later record still passes "
        "through these heads.\n\n" + table(("Chain", "Rows", "Head"), rows)
    )
