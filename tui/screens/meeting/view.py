"""What the meeting screen shows for one section, built from plain domain records (no widgets)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rich.text import Text

from domain.decisions import evidence_of
from domain.gate import Unmet, breaches_for
from domain.keys import SectionKey, Target
from domain.markdown import sparkline
from domain.minutes_work import snapshot_words
from domain.readings import peers_text
from domain.records import Action, ActionStatus, AobItem, Decision, Meeting, MinutesState
from domain.status import Status
from tui.format import status_text, styled

if TYPE_CHECKING:
    from config.models import ChairConfig
    from domain.gate import Acknowledgement, SectionContext, Unmet
    from domain.qof_table import QofTable
    from domain.readings import Reading
    from domain.records import Snapshot
    from domain.risks import Risk
    from domain.watch import WatchItem
    from domain.week import DueItem

INTRO = {
    "previous-minutes": "Approve the minutes of the last meeting of this type: d to approve "
    "(as presented or with amendments).",
    "matters-arising": "Actions due back at this meeting: d on each to record its update "
    "(done with evidence, progress with a new date, blocked, dropped with a reason).",
    "escalations-in": "Items escalated to this meeting: d on each to decide.",
    "aob": "o adds an item, d decides on the highlighted one.",  # after the title
    "this-week": "What falls due in the next 7 days across every tracker and every open action, "
    "most urgent first: say who does what; n moves on.",
    "watch-list": "AMBER readings not decided since they turned amber: d on each to give a "
    "one-line note (noted, act, escalate). A reading leaves the list when GREEN or decided.",
    "risk-register": "Risks due review or scoring 15 and over: d on each one due to record "
    "its review (note, score now, next review date).",
}


WORK_KINDS = frozenset({"this-week", "watch-list", "risk-register"})
"""The sections of the work behind the number (their rows: work_view.py)."""


@dataclass(frozen=True)
class SectionView:
    """One section as loaded by a worker: the meeting, its readings, context and the gate."""

    index: int
    meeting: Meeting
    kind: str
    key: SectionKey
    title: str
    question: str
    readings: list[Reading]
    context: SectionContext
    unmet: list[Unmet]
    qof: QofTable | None = None
    """A QOF section's indicator table (each indicator decidable like a breach)."""
    rows: tuple[Row, ...] = ()
    """The rows its table shows (rows.py), built with it in the loader's worker."""

    @property
    def layout_kind(self) -> str:
        """The table's columns: a QOF section with its indicators has its own."""
        return "qof" if self.qof is not None and self.qof.rows else self.kind

    def can_decide(self, row: Row) -> bool:
        """`d` (and enter) on this row: approve, update an action, or decide on an item."""
        if self.kind == "previous-minutes":
            return self.context.previous_minutes is MinutesState.DRAFT
        if self.kind == "matters-arising":
            return row.action is not None
        if self.kind == "watch-list":
            return row.watch is not None
        if self.kind == "risk-register":
            return row.risk is not None and row.risk.id is not None
        if self.kind == "this-week":
            return False
        return row.reading is not None or row.aob is not None or row.escalation is not None

    def can_acknowledge(self, row: Row) -> bool:
        """A breach on a dashboard (status at or above the meeting type's decide level)."""
        return self.kind == "dashboard" and row.breach and row.reading is not None

    def can_add_to_risk_register(self, row: Row) -> bool:
        """An escalation received by this meeting, saved (it has an id)."""
        return (
            self.kind == "escalations-in"
            and row.escalation is not None
            and row.escalation.id is not None
        )


@dataclass(frozen=True)
class Row:
    """One table row; `key` matches the gate's Unmet.target so the cursor can go to it."""

    key: Target
    cells: tuple[str | Text, ...]
    reading: Reading | None = None
    action: Action | None = None
    decision: Decision | None = None
    aob: AobItem | None = None
    escalation: Decision | None = None
    breach: bool = False
    acknowledged: str = ""
    """For an acknowledged breach: "acknowledged until YYYY-MM-DD (owner)"."""
    note: str = ""
    extra: dict[str, str] = field(default_factory=dict)
    due: DueItem | None = None
    """This week: the item falling due."""
    watch: WatchItem | None = None
    """Watch list: the AMBER reading waiting for a note."""
    risk: Risk | None = None
    """Risk register: the risk listed."""


def latest_decisions(view: SectionView) -> dict[str, Decision]:
    """The latest decision per metric in this section (later ones replace earlier)."""
    found: dict[str, Decision] = {}
    for decision in view.meeting.decisions:
        if decision.section_key == view.key and decision.metric_id:
            found[decision.metric_id] = decision
    return found


def build_rows(view: SectionView, config: ChairConfig, variables: dict[str, str]) -> list[Row]:
    names = {p.id: p.name for p in config.people}
    if view.kind == "dashboard":
        return _dashboard_rows(view, config, variables)
    if view.kind == "previous-minutes":
        state = view.context.previous_minutes
        if state is None:
            return [
                Row(
                    Target.of("minutes"),
                    ("No previous meeting of this type", "—", "nothing to approve"),
                )
            ]
        todo = "d to approve" if state is MinutesState.DRAFT else "done"
        word = styled(
            state.value, "warning" if state is MinutesState.DRAFT else "success", variables
        )
        if view.context.previous_minutes_altered:
            # Two cells, so the warning reads whole in the narrow state column.
            word = styled("ALTERED", "error", variables, bold=True)
            todo = "since approval: restore a backup (chair db restore)"
        return [Row(Target.of("minutes"), ("Minutes of the last meeting", word, todo))]
    if view.kind == "matters-arising":
        rows = []
        for action in view.context.actions_due_back:
            updated = action.id in view.context.updated_action_ids
            latest = action.updates[-1] if updated and action.updates else None
            update = (
                styled("✗ update needed", "error", variables, bold=True)
                if latest is None
                else styled(f"✓ {latest.verdict.value}", "success", variables)
                if latest.verdict is not None
                else styled("✗ did it work?", "error", variables, bold=True)
                if action.metric_id and action.status is not ActionStatus.DROPPED
                else styled("✓ updated", "success", variables)
            )
            rows.append(
                Row(
                    Target.action(action.id),
                    (
                        action.description,
                        update,
                        names.get(action.owner_id or "", action.owner_id or "—"),
                        action.due.isoformat() if action.due else "—",
                        action.status.value,
                    ),
                    action=action,
                    note=did_it_work_line(view.context.did_it_work.get(action.id or 0)),
                )
            )
        return rows
    if view.kind == "escalations-in":
        answers = {
            d.answers_escalation_id: d for d in view.context.decisions if d.answers_escalation_id
        }
        rows = []
        for escalation in view.context.escalations_in:
            answer = answers.get(escalation.id) if escalation.id is not None else None
            owner = names.get(escalation.escalation_owner_id or "", "")
            rows.append(
                Row(
                    Target.of("escalation", escalation.id),
                    (
                        escalation.title or escalation.metric_id or "item",
                        escalation.origin.short if escalation.origin else "—",
                        owner or "—",
                        _decision_cell(answer, variables),
                    ),
                    escalation=escalation,
                    decision=answer,
                    note=escalation_lines(escalation, owner),
                )
            )
        return rows
    rows = []
    for item in view.meeting.aob:
        rows.append(
            Row(
                Target.of("aob", item.id),
                (
                    item.title,
                    names.get(item.raised_by_id or "", "—"),
                    _decision_cell(item.decision, variables),
                ),
                aob=item,
                decision=item.decision,
            )
        )
    return rows


def escalation_lines(escalation: Decision, owner: str = "", evidence: bool = True) -> str:
    """An escalation in, in full: what, from which meeting, date and section, its owner; why
    it was sent; what the data showed (unless `evidence` is False: the decision form has it
    in 'what the data shows')."""
    sent = f"escalated by the {escalation.origin.words()}" if escalation.origin else "escalated"
    lines = [
        f"{escalation.title or 'Item'}, {sent}" + (f"; owner {owner}" if owner else ""),
        f"Why escalated: {escalation.reason}" if escalation.reason else "",
        f"Evidence: {shown}" if evidence and (shown := evidence_of(escalation)) else "",
    ]
    return "\n".join(line for line in lines if line)


def did_it_work_line(judged: tuple[Snapshot | None, Snapshot | None] | None) -> str:
    """'Did it work? When decided: 27 RED; common cause · Now: 18 AMBER' ('' without a metric)."""
    if judged is None:
        return ""
    then, now = judged
    return f"Did it work? When decided: {snapshot_words(then)} · Now: {snapshot_words(now)}"


def _decision_cell(decision: Decision | None, variables: dict[str, str]) -> Text:
    if decision is None:
        return styled("✗ decision needed", "error", variables, bold=True)
    return styled(f"✓ {decision.kind.value}", "success", variables)


def _dashboard_rows(view: SectionView, config: ChairConfig, variables: dict[str, str]) -> list[Row]:
    breach_ids = {b.metric_id for b in view.context.breaches}
    acknowledged = {
        b.metric_id: acknowledged_text(b.acknowledgement, config)
        for b in view.context.breaches
        if b.acknowledgement is not None
    }
    decided = latest_decisions(view)
    rows = []
    for reading in view.readings:
        metric = config.metric(reading.metric_id)
        owner = config.owner_role_of(metric) if metric else ""
        decision = decided.get(reading.metric_id)
        breach = reading.metric_id in breach_ids
        if reading.status in (Status.NO_DATA, Status.STALE):
            last: str | Text = styled(reading.reason or "no reason given", "warning", variables)
        elif decision is not None:
            last = _decision_cell(decision, variables)
        elif reading.metric_id in acknowledged:
            last = styled(acknowledged[reading.metric_id], "warning", variables)
        elif breach:
            last = _decision_cell(None, variables)
        else:
            last = ""
        streak = f"{reading.streak}" if reading.streak else ""
        if reading.streak >= 3 and reading.status.severity >= 2:
            streak = styled(f"{reading.streak} ‼", "error", variables, bold=True)  # type: ignore[assignment]
        rows.append(
            Row(
                Target.metric(reading.metric_id),
                (
                    reading.title,
                    reading.display_value,
                    _status_cell(reading, variables),
                    sparkline(reading.trend),
                    streak,
                    reading.as_of.isoformat() if reading.as_of else "—",
                    owner,
                    last,
                    peers_text(reading),
                ),
                reading=reading,
                decision=decision,
                breach=breach,
                acknowledged=acknowledged.get(reading.metric_id, ""),
                note=reading.reason or "",
            )
        )
    return rows


def acknowledged_text(acknowledgement: Acknowledgement, config: ChairConfig) -> str:
    """'acknowledged until 2026-12-24 (Dr Lee)'."""
    person = config.person(acknowledgement.owner_id)
    owner = person.name if person else acknowledgement.owner_id
    return f"acknowledged until {acknowledgement.expires.isoformat()} ({owner})"


STATUS_WIDTH = 10
"""The status column's width: a data-problem mark drops the symbol rather than the word."""


def status_cell(reading: Reading, variables: dict[str, str]) -> Text:
    """The status word with the SPC variation beside it (`~` common cause, `!H` / `!L` special
    cause concern, `+H` / `+L` improvement), and ⚠ when the data has a known problem."""
    cell = status_text(reading.status, variables)
    spc = reading.spc() if reading.status.severity >= 0 else None
    if spc is not None:
        icon = spc.icon.split(" ")[0]
        concern = icon.startswith("!")
        cell.append(f" {icon}", style="bold" if concern else "dim")
    if reading.detail.data_problem:
        cell.append(" ⚠", style=styled("", "warning", variables, bold=True).style)
    return cell


_status_cell = status_cell


def caveats(reading: Reading) -> list[str]:
    """The reading's data caveats in words: a data problem, completeness, a provisional table."""
    lines = []
    problem = reading.detail.data_problem
    if problem:
        lines.append(f"⚠ data problem: {problem}")
    if reading.completeness is not None and reading.completeness < 1:
        lines.append(f"completeness {reading.completeness:.0%}")
    provisional = reading.detail.provisional
    if provisional:
        lines.append(f"provisional: {provisional}")
    return lines


def loop_steps(
    row: Row | None, reviewed: bool, unmet: list[Unmet] | None = None
) -> dict[str, bool | None] | None:
    """Data → Review → Decision → Owner → Follow-up for a breach (None: not a breach).

    Drawn from the gate's own list of what is missing (`unmet`, the section's): a step is
    missing only when the gate says so for this row, so the strip says handled exactly when
    the gate lets the section close (an acknowledgement counts as handled until it expires).
    """
    if row is None or row.reading is None or not (row.breach or row.decision):
        return None
    decision = row.decision
    targets = {row.key}
    if decision is not None:
        targets |= {Target.action(a.id) for a in decision.actions if a.id is not None}
    said = [u.message.lower() for u in unmet or [] if u.target in targets]
    owner: bool | None = True
    follow: bool | None = True
    if decision is not None and decision.kind.value == "accept":
        follow = None  # an accepted breach has no review date to follow
    if decision is not None and not row.breach and decision.kind.value not in ("act", "escalate"):
        owner = None  # below the decision level only an act or escalate decision names one
    missing_decision = any("no decision yet" in m for m in said)
    if missing_decision:
        owner, follow = False, False
    if any("owner" in m for m in said):
        owner = False
    if any(w in m for m in said for w in ("due", "review date", "where it goes", "no action")):
        follow = False
    return {
        "Data": row.reading.value is not None,
        "Review": reviewed or decision is not None or bool(row.acknowledged),
        "Decision": not missing_decision,
        "Owner": owner,
        "Follow-up": follow,
    }


def breach_count(readings: list[Reading], decide_at: Status) -> int:
    """The readings that need a decision (as the gate counts them: CHECK DATA always does)."""
    return len(breaches_for(readings, decide_at, persistent_after=2))
