"""ARRS reimbursement against the workforce the practice reports: each ARRS role claimed in the
latest claim month beside the FTE the workforce tracker holds for that role.

"Workforce data is questioned after reimbursement does not match expectations": a role claimed
at a WTE the workforce file does not show (or shows no one in) is a finding, in the metric's
detail and in `chair check`. The practice-level national workforce file leaves PCN (ARRS) staff
out, so the comparison is with the practice's own workforce tracker.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import polars as pl

from domain.dates import month_end
from domain.metrics.base import MetricDataError, Params, PracticeContext, SourceFrames
from domain.metrics.staff import FULL_TIME_HOURS
from domain.metrics.trackers import _shared
from domain.readings import DetailTable, Series

TOLERANCE = 0.05
"""WTE either way that still counts as a match (rounding of hours)."""
FINDING = "workforce data is questioned: ARRS reimbursement does not match the FTE reported"


@dataclass(frozen=True)
class RoleCheck:
    """One ARRS role claimed: the WTE claimed (None: the tracker has no wte column), the FTE the
    workforce tracker reports for it, and whether they disagree."""

    role: str
    claimed: float | None
    reported: float
    mismatch: bool

    def words(self) -> str:
        claimed = "claimed" if self.claimed is None else f"claimed at {self.claimed:g} WTE"
        return f"{self.role} {claimed}; the workforce tracker reports {self.reported:.2f} FTE"


def _words(text: str) -> str:
    """Lower-case words only, without parenthesised parts: 'Clinical pharmacist (ARRS-014)' ->
    'clinical pharmacist'."""
    return " ".join(re.sub(r"[^a-z]+", " ", re.sub(r"\([^)]*\)", " ", text.lower())).split())


def role_checks(frames: SourceFrames, today: dt.date) -> tuple[dt.date, list[RoleCheck]]:
    """The latest claim month with ARRS rows (scheme naming ARRS) up to today, and each role's
    check. A tracker role matches a claimed item when either's words contain the other's."""
    claims = frames.table("rows").filter(
        pl.col("scheme").fill_null("").str.to_lowercase().str.contains("arrs")
        & pl.col("claim_month").is_not_null()
        & (pl.col("claim_month") <= today)
        & (pl.col("status").fill_null("") != "rejected")
    )
    if claims.height == 0:
        raise MetricDataError("no ARRS claims (a scheme naming ARRS) in the claims tracker")
    staff = frames.tables.get("workforce_source:rows")
    if staff is None:
        raise MetricDataError(
            "ARRS claims need the workforce tracker to compare with: name it in params "
            "workforce_source"
        )
    month: dt.date = claims["claim_month"].max()  # type: ignore[assignment]
    latest = claims.filter(pl.col("claim_month") == month)
    vacant = pl.col("vacancy").fill_null("").str.to_lowercase().is_in(("yes", "y", "vacant"))
    filled = staff.filter(pl.col("role").is_not_null())
    if "vacancy" in filled.columns:
        filled = filled.filter(~vacant)
    posts = [
        (_words(str(r["role"])), float(r["contracted_hours"] or 0.0))
        for r in filled.iter_rows(named=True)
    ]
    checks = []
    for row in latest.iter_rows(named=True):
        item = _words(str(row["item"] or ""))
        hours = sum(h for role, h in posts if role and (role in item or item in role))
        reported = hours / FULL_TIME_HOURS
        claimed = row.get("wte")
        claimed = None if claimed is None else float(claimed)
        mismatch = reported == 0 or (claimed is not None and abs(claimed - reported) > TOLERANCE)
        role = re.sub(r"\s*\([^)]*\)", "", str(row["item"] or "")).strip() or "(no item)"
        checks.append(RoleCheck(role, claimed, reported, mismatch))
    return month, checks


@_shared
def arrs_fte_mismatch(
    frames: SourceFrames, params: Params, practice: PracticeContext, today: dt.date
) -> Series:
    """ARRS roles not matching reported FTE: ARRS roles claimed in the latest claim month (rows
    whose scheme names ARRS) whose claimed WTE (the optional `wte` column) differs by more than
    0.05 from the FTE the workforce tracker reports for that role (contracted hours / 37.5 of
    filled posts whose role matches the item), or for which it reports no one. params
    `workforce_source` names the workforce tracker. Denominator: ARRS roles claimed.

    The detail carries the table of roles; a mismatch is also a finding in `chair check`.
    """
    month, checks = role_checks(frames, today)
    wrong = [c for c in checks if c.mismatch]
    rows = tuple(
        (c.role, "—" if c.claimed is None else f"{c.claimed:.2f}", f"{c.reported:.2f}",
         "mismatch" if c.mismatch else "matches")
        for c in checks
    )  # fmt: skip
    table = DetailTable(
        f"ARRS roles claimed for {month:%b %Y} against the workforce tracker",
        ("Role claimed", "WTE claimed", "FTE reported", ""), rows,
        "" if any(c.claimed is not None for c in checks)
        else "The claims tracker has no wte column: only roles with no one reported are found.",
    )  # fmt: skip
    detail = {"finding": f"{FINDING} ({'; '.join(c.words() for c in wrong)})"} if wrong else {}
    return Series(
        periods=(month_end(month),), values=(float(len(wrong)),), numerators=(float(len(wrong)),),
        denominators=(float(len(checks)),), as_of=frames.as_of, source_file=frames.source_file,
        detail=detail, tables=(table,),
    )  # fmt: skip
