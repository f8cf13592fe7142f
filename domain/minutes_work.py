"""The minutes' parts for the work behind the number: This week, the Watch list, the Risk
register, exceptions under a section's metrics, and 'did it work?' in matters arising."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from domain.exceptions import RowException
from domain.markdown import escape_text, table
from domain.records import Action, Snapshot
from domain.watch import WatchNote

WORK_SECTIONS = frozenset({"this-week", "watch-list", "risk-register"})

Rows = Sequence[Mapping[str, str]]


def week_part(title: str, rows: Rows, names: Mapping[str, str]) -> str:
    head = f"## {escape_text(title)}"
    if not rows:
        return f"{head}\n\nNothing fell due in the seven days from the meeting."
    cells = [(r["due"], r.get("when", ""), r["what"], r.get("source", ""), r.get("owner", ""))
             for r in rows]  # fmt: skip
    return f"{head}\n\n" + table(("Due", "When", "What", "From", "Owner"), cells)


def watch_part(title: str, rows: Rows, notes: Mapping[str, WatchNote]) -> str:
    head = f"## {escape_text(title)}"
    if not rows:
        return f"{head}\n\nNo AMBER reading was waiting for a note."
    cells = []
    for r in rows:
        note = notes.get(r["metric_id"])
        streak = r.get("streak", "1")
        cells.append((
            r["title"], r.get("dashboard", ""), r.get("value", ""),
            f"AMBER for {streak} period{'s' if streak != '1' else ''}" +
            (f" (since {r['since']})" if r.get("since") else ""),
            r.get("variation") or "—",
            f"{note.kind}: {note.note}" if note else "no note",
        ))  # fmt: skip
    headers = ("Metric", "Dashboard", "Value", "Streak", "Variation (SPC)", "Note")
    return f"{head}\n\n" + table(headers, cells)


def risk_part(title: str, rows: Rows, reviews: Mapping[str, str], names: Mapping[str, str]) -> str:
    head = f"## {escape_text(title)}"
    if not rows:
        return f"{head}\n\nNo risk was due review or scored 15 or more."
    cells = [
        (
            r["ref"], r["title"], f"{r['score']} ({r['likelihood']} x {r['impact']})",
            names.get(r.get("owner", ""), r.get("owner", "")) or "—", r.get("controls") or "—",
            r.get("review_date") or "—", reviews.get(r["ref"], "not due" if r.get("due") != "yes"
                                                     else "no review note"),
        )
        for r in rows
    ]  # fmt: skip
    headers = ("Risk", "Title", "Score", "Owner", "Controls", "Next review", "Review note")
    return f"{head}\n\n" + table(headers, cells)


def exceptions_part(
    exceptions: Sequence[RowException], titles: Mapping[str, str], names: Mapping[str, str]
) -> str:
    """The exceptions live under a section's metrics (no patient identifiers: tracker rows)."""
    if not exceptions:
        return ""
    cells = [
        (titles.get(e.metric_id, e.metric_id), e.row_key, e.reason_text, str(e.count),
         e.expires.isoformat(), names.get(e.by_login, e.by_login))
        for e in exceptions
    ]  # fmt: skip
    headers = ("Metric", "Row", "Reason", "Count", "Until", "Recorded by")
    return "### Exceptions (off the count)\n\n" + table(headers, cells)


def snapshot_words(snap: Snapshot | None) -> str:
    """'27 RED; common cause' (the value, its status, its variation), or '—'."""
    if snap is None:
        return "—"
    words = f"{snap.display_value} {snap.status}"
    return f"{words}; {snap.variation}" if snap.variation else words


def verdicts_part(actions: Sequence[Action], decided_on: Mapping[int, Snapshot]) -> str:
    """Each action raised on a metric: the reading when decided, the reading now, the verdict."""
    cells = []
    for action in actions:
        if not action.metric_id or action.id is None:
            continue
        latest = action.updates[-1] if action.updates else None
        verdict = latest.verdict.value if latest and latest.verdict else "not judged"
        now = latest.reading_now if latest else None
        then = decided_on.get(action.id)
        shown = now or then
        title = shown.title if shown is not None else action.metric_id
        cells.append(
            (action.description, title, snapshot_words(then), snapshot_words(now), verdict)
        )
    if not cells:
        return ""
    headers = ("Action", "Metric", "When decided", "Now", "Did it work?")
    return "### Did it work?\n\n" + table(headers, cells)
