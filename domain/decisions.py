"""What makes a decision complete (PRODUCT.md gate rules 2 and 3), and its frozen snapshot.

The messages are whole sentences naming the item, so the decision form can show them beside
the field and the gate can show the same words when it refuses to leave a section.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace

from domain.in_full import EXPERIENCE_PARTS, INVESTMENT_FIELDS
from domain.privacy import nhs_number_problem
from domain.readings import Reading, peers_text, variation_text
from domain.records import Action, ActionStatus, ActionUpdate, Decision, DecisionKind, Snapshot
from domain.status import Status, Thresholds

NEEDS_REVIEW_DATE = frozenset({DecisionKind.MONITOR, DecisionKind.DEFER, DecisionKind.QUERY_DATA})
NEEDS_REASON = NEEDS_REVIEW_DATE | {DecisionKind.ACCEPT}


@dataclass(frozen=True)
class FieldProblem:
    """One problem with one field of the decision form.

    `field` is the form field: kind, data_shows, reason, review_date, escalate_to,
    escalation_owner, not_escalated_reason, cause, risk, success_target, success_by,
    experience.<part>, investment.<field>, actions[i].description, actions[i].owner,
    actions[i].due.
    """

    field: str
    message: str


def subject_of(decision: Decision) -> str:
    """What a decision is about, for messages."""
    return decision.title or decision.metric_id or "this item"


def reading_text(snap: Snapshot) -> str:
    """'18.7% (RED, 5 periods; common cause) as of 2026-10-31': a frozen reading in words."""
    streak = f", {snap.streak} periods" if snap.streak > 1 else ""
    variation = f"; {snap.variation}" if snap.variation else ""
    as_of = snap.as_of.isoformat() if snap.as_of else "—"
    return f"{snap.display_value} ({snap.status}{streak}{variation}) as of {as_of}"


def evidence_of(decision: Decision) -> str:
    """What the data showed when the decision was taken: its frozen reading (and peers), then
    the words typed ('' when there is neither)."""
    if decision.snapshot is None:
        return decision.data_shows
    text = reading_text(decision.snapshot)
    if decision.snapshot.peers:
        text += f"; peers {decision.snapshot.peers}"
    return f"{text}; {decision.data_shows}" if decision.data_shows else text


def action_label(action: Action, index: int, subject: str) -> str:
    """'Action 'Review rota'' or, with no description yet, 'Action 1 on 'DNA rate''."""
    if action.description.strip():
        return f"Action '{action.description.strip()}'"
    return f"Action {index + 1} on '{subject}'"


def validate_decision(
    decision: Decision,
    meeting_date: dt.date,
    known_people: frozenset[str],
    breach_status: Status | None,
) -> list[FieldProblem]:
    """Every reason this decision cannot be recorded (or let its section close) yet.

    Args:
        decision: the decision as entered, with its actions.
        meeting_date: due dates and review dates must be on or after it.
        known_people: ids of the configured people; any other owner counts as no owner.
        breach_status: the status of the breach decided on (None for AOB / escalations in);
            a CRITICAL breach must be escalated or say why not.
    """
    subject = subject_of(decision)
    kind = decision.kind
    problems = text_problems(
        {
            "data_shows": decision.data_shows,
            "reason": decision.reason,
            "not_escalated_reason": decision.not_escalated_reason,
            "cause": decision.cause,
            "risk": decision.risk,
            "success_target": decision.success.target if decision.success else "",
        }
    )
    problems.extend(in_full_problems(decision, meeting_date))
    kind_name = "Query data" if kind is DecisionKind.QUERY_DATA else kind.value.capitalize()
    if kind is DecisionKind.ACT and not decision.actions:
        problems.append(
            FieldProblem("actions[0].description", f"Act decision on '{subject}' has no action")
        )
    if kind is DecisionKind.ESCALATE:
        if not (decision.escalate_to or "").strip():
            problems.append(
                FieldProblem("escalate_to", f"Escalation of '{subject}' does not say where it goes")
            )
        owner = _owner_problem(decision.escalation_owner_id, known_people)
        if owner:
            problems.append(FieldProblem("escalation_owner", f"Escalation of '{subject}' {owner}"))
    if kind in NEEDS_REASON and not decision.reason.strip():
        problems.append(
            FieldProblem("reason", f"{kind_name} decision on '{subject}' has no reason")
        )
    if kind in NEEDS_REVIEW_DATE or kind is DecisionKind.INVESTMENT:
        if decision.review_date is None:
            problems.append(
                FieldProblem(
                    "review_date", f"{kind_name} decision on '{subject}' has no review date"
                )
            )
        elif decision.review_date < meeting_date:
            problems.append(
                FieldProblem(
                    "review_date",
                    f"{kind_name} decision on '{subject}' has a review date before the meeting date",
                )
            )
    if breach_status is Status.CHECK_DATA and kind is not DecisionKind.QUERY_DATA:
        problems.append(
            FieldProblem(
                "kind",
                f"'{subject}' is CHECK DATA (the data is in doubt): decide 'query data', "
                "with who re-checks it and the date to re-check, not an operational decision",
            )
        )
    if (
        breach_status is Status.CHECK_DATA
        and kind is DecisionKind.QUERY_DATA
        and not any((a.owner_id or "").strip() for a in decision.actions)
    ):
        problems.append(
            FieldProblem(
                "actions[0].owner",
                f"Query data decision on '{subject}' has no owner: add an action saying "
                "who re-checks the data",
            )
        )
    if (
        breach_status is Status.CRITICAL
        and kind is not DecisionKind.ESCALATE
        and not decision.not_escalated_reason.strip()
    ):
        problems.append(
            FieldProblem(
                "not_escalated_reason",
                f"CRITICAL breach '{subject}' is not escalated and no reason is recorded",
            )
        )
    if breach_status is not None and kind not in (DecisionKind.ACT, DecisionKind.ESCALATE):
        # Every decision on a breach names an owner, whatever its kind (the gate, rule 3); an
        # act decision's actions name theirs, a re-check's action names who re-checks.
        rechecked = kind is DecisionKind.QUERY_DATA and any(
            (a.owner_id or "").strip() for a in decision.actions
        )
        owner = None if rechecked else _owner_problem(decision.escalation_owner_id, known_people)
        if owner:
            problems.append(
                FieldProblem("escalation_owner", f"{kind_name} decision on '{subject}' {owner}")
            )
    for index, action in enumerate(decision.actions):
        problems.extend(validate_action(action, index, subject, meeting_date, known_people))
    return problems


def in_full_problems(decision: Decision, meeting_date: dt.date) -> list[FieldProblem]:
    """The decision in full: a success measure dated on or after the meeting; an experience
    decision answers all six parts; an investment answers all six questions.

    Fields: success_by, experience.<part>, investment.<field> (and their text problems).
    """
    subject = subject_of(decision)
    problems: list[FieldProblem] = []
    success = decision.success
    if success is not None and success.by is not None and success.by < meeting_date:
        problems.append(
            FieldProblem(
                "success_by",
                f"Decision on '{subject}': how we will know it worked is dated before the meeting",
            )
        )
    shapes = (
        ("experience", decision.experience, EXPERIENCE_PARTS, "Experience decision"),
        ("investment", decision.investment, INVESTMENT_FIELDS, "Investment decision"),
    )
    for prefix, shape, fields, label in shapes:
        if shape is None:
            continue
        texts = {f"{prefix}.{name}": getattr(shape, name) for name, _ in fields}
        problems.extend(text_problems(texts))
        for name, heading in fields:
            if not getattr(shape, name).strip():
                problems.append(
                    FieldProblem(
                        f"{prefix}.{name}", f"{label} on '{subject}' does not say: {heading}"
                    )
                )
    if decision.kind is DecisionKind.INVESTMENT and decision.investment is None:
        problems.append(
            FieldProblem(
                "investment.problem",
                f"Investment decision on '{subject}' does not say: Problem it solves",
            )
        )
    return problems


def with_investment_review(decision: Decision, owner_id: str | None) -> Decision:
    """An investment comes back on its review date as a matter arising, with its success
    measure: it carries one action, owned by `owner_id` (the chair recording it), due then."""
    if decision.kind is not DecisionKind.INVESTMENT or decision.actions:
        return decision
    success = decision.investment.success.strip() if decision.investment else ""
    subject = subject_of(decision)
    text = f"Review the investment '{subject}'" + (f" against: {success}" if success else "")
    review = Action(id=None, description=text, owner_id=owner_id, due=decision.review_date)
    return replace(decision, actions=(review,))


def validate_action(
    action: Action,
    index: int,
    subject: str,
    meeting_date: dt.date,
    known_people: frozenset[str],
) -> list[FieldProblem]:
    """Problems with one action of a decision: description, known owner, due on/after the meeting."""
    prefix = f"actions[{index}]"
    label = action_label(action, index, subject)
    problems = text_problems({f"{prefix}.description": action.description})
    if not action.description.strip():
        problems.append(FieldProblem(f"{prefix}.description", f"{label} has no description"))
    owner = _owner_problem(action.owner_id, known_people)
    if owner:
        problems.append(FieldProblem(f"{prefix}.owner", f"{label} {owner}"))
    if action.due is None:
        problems.append(FieldProblem(f"{prefix}.due", f"{label} has no due date"))
    elif action.due < meeting_date:
        problems.append(FieldProblem(f"{prefix}.due", f"{label} is due before the meeting date"))
    return problems


def text_problems(fields: Mapping[str, str]) -> list[FieldProblem]:
    """Free-text fields that hold a patient identifier (an NHS number), refused by name."""
    problems = []
    for name, text in fields.items():
        message = nhs_number_problem(text)
        if message:
            problems.append(FieldProblem(name, message))
    return problems


def _owner_problem(owner_id: str | None, known_people: frozenset[str]) -> str | None:
    if owner_id is None or not owner_id.strip():
        return "has no owner"
    if owner_id not in known_people:
        return f"has an unknown owner '{owner_id}'"
    return None


def format_number(value: float) -> str:
    """A threshold as people write it: 6 not 6.0, 4.5 as 4.5."""
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def describe_thresholds(thresholds: Thresholds) -> str:
    """Thresholds in words, e.g. 'amber ≥ 4.5, red ≥ 6, critical ≥ 8 (lower is better)'."""
    levels = thresholds.levels()
    if thresholds.direction == "band":
        low = "?" if thresholds.target_low is None else format_number(thresholds.target_low)
        high = "?" if thresholds.target_high is None else format_number(thresholds.target_high)
        parts = [f"{s.word.lower()} ≥ {format_number(v)} outside" for s, v in levels]
        band = f"target {low} to {high}"
        return f"{band}; {', '.join(parts)}" if parts else f"{band} (no alert levels)"
    if not levels:
        return f"no thresholds ({thresholds.direction} is better)"
    sign = "≥" if thresholds.direction == "lower" else "≤"
    parts = [f"{s.word.lower()} {sign} {format_number(v)}" for s, v in levels]
    return f"{', '.join(parts)} ({thresholds.direction} is better)"


def snapshot_of(reading: Reading) -> Snapshot:
    """Freeze the reading a decision is made on, so the minutes can show why."""
    return Snapshot(
        metric_id=reading.metric_id,
        title=reading.title,
        value=reading.value,
        display_value=reading.display_value,
        status=reading.status.word,
        thresholds=describe_thresholds(reading.thresholds),
        as_of=reading.as_of,
        streak=reading.streak,
        source_file=reading.source_file,
        variation=variation_text(reading),
        peers=peers_text(reading),
    )


def validate_update(update: ActionUpdate, action: Action, on: dt.date) -> list[FieldProblem]:
    """Problems with an update to an action (gate rule 4, and updates between meetings).

    Done needs evidence; open / in progress needs a new date on or after `on`; dropped needs a
    reason (the note); blocked is an update in itself. Fields: evidence, new_due, note.
    """
    label = action_label(action, 0, "an action")
    problems = text_problems({"note": update.note, "evidence": update.evidence})
    status = update.status
    if status is ActionStatus.DONE and not (update.evidence.strip() or action.evidence.strip()):
        problems.append(FieldProblem("evidence", f"{label} is done but no evidence is recorded"))
    elif status in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS):
        if update.new_due is None:
            problems.append(FieldProblem("new_due", f"{label} is in progress but has no new date"))
        elif update.new_due < on:
            problems.append(FieldProblem("new_due", f"{label} has a new date in the past"))
    elif status is ActionStatus.DROPPED and not update.note.strip():
        problems.append(FieldProblem("note", f"{label} is dropped but no reason is recorded"))
    return problems
