"""ARRS reimbursement against the workforce the practice reports: each ARRS role claimed in the
latest claim month beside the FTE reported for that role.

"Workforce data is questioned after reimbursement does not match expectations": a role claimed
at a WTE the workforce data does not show (or shows no one in) is a finding, in the metric's
detail and in `chair check`. A claimed role is matched first by the workforce detailed file's
staff-role columns (`ROLE_COLUMNS`: a clinical pharmacist is TOTAL_DPC_PHARMA_FTE plus
TOTAL_DPC_ADV_PHARMA_PRAC_FTE), and only where the file has no figure for it (the role has no
column, or the column is NA; PCN-employed ARRS staff are not in the practice file) by the words
of the roles in the practice's own workforce tracker.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import polars as pl

from domain.dates import month_end
from domain.detail import Detail, Fact
from domain.metrics.base import MetricDataError, Params, PracticeContext, SourceFrames
from domain.metrics.staff import FULL_TIME_HOURS, latest_posts
from domain.readings import DetailTable, Series

TOLERANCE = 0.05
"""WTE either way that still counts as a match (rounding of hours)."""
FINDING = "workforce data is questioned: ARRS reimbursement does not match the FTE reported"

ROLE_COLUMNS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("trainee nursing associate", "trainee nurse associate", "tna"),
     ("DPC_TRAINEE_NURSE_ASSOC",)),
    (("nursing associate", "nurse associate"), ("DPC_NURSE_ASSOC",)),
    (("advanced nurse practitioner", "anp"), ("N_ADV_NURSE_PRAC",)),
    (("general practice nurse", "practice nurse", "gpn"), ("N_PRAC_NURSE",)),
    (("pharmacy technician", "pharmacy tech"), ("DPC_PHARMT",)),
    (("clinical pharmacist", "pharmacist"), ("DPC_PHARMA", "DPC_ADV_PHARMA_PRAC")),
    (("social prescribing link worker", "social prescriber", "link worker", "splw"),
     ("DPC_SPLW",)),
    (("first contact physiotherapist", "physiotherapist", "physio", "fcp"),
     ("DPC_PHYSIO", "DPC_ADV_PHYSIO_PRAC")),
    (("paramedic",), ("DPC_PARAMED", "DPC_ADV_PARAMED_PRAC")),
    (("physician associate", "physician assistant"), ("DPC_PHYSICIAN_ASSOC",)),
    (("dietitian", "dietician"), ("DPC_DIETICIAN", "DPC_ADV_DIETICIAN_PRAC")),
    (("podiatrist",), ("DPC_PODIA", "DPC_ADV_PODIA_PRAC")),
    (("occupational therapist",), ("DPC_THERA_OCC", "DPC_ADV_THERA_OCC_PRAC")),
    (("healthcare assistant", "health care assistant", "hca", "health care support worker"),
     ("DPC_HCA",)),
)  # fmt: skip
"""A claimed role's words (the first found in the claim's item wins, most specific first) ->
its staff-role columns in the workforce detailed file, each TOTAL_<stem>_FTE. Roles the file
has no column for (care coordinator, health and wellbeing coach, mental health practitioner)
are matched by words against the tracker."""


@dataclass(frozen=True)
class RoleCheck:
    """One ARRS role claimed: the WTE claimed (None: the tracker has no wte column), the FTE
    reported for it, where that figure comes from, and whether they disagree."""

    role: str
    claimed: float | None
    reported: float
    mismatch: bool
    source: str = "the workforce tracker"

    def words(self) -> str:
        claimed = "claimed" if self.claimed is None else f"claimed {self.claimed:.2f} WTE"
        return f"{self.role}: {claimed}, reported {self.reported:.2f} FTE ({self.source})"


def _words(text: str) -> str:
    """Lower-case words only, without parenthesised parts: 'Clinical pharmacist (ARRS-014)' ->
    'clinical pharmacist'."""
    return " ".join(re.sub(r"[^a-z]+", " ", re.sub(r"\([^)]*\)", " ", text.lower())).split())


def role_columns(item: str) -> tuple[str, ...]:
    """The workforce file's FTE columns for a claimed item ('' words: none). A column named in
    the item itself ('TOTAL_DPC_SPLW_FTE' or 'DPC_SPLW') counts too."""
    named = re.search(r"\b(?:TOTAL_)?((?:DPC|N|GP|ADMIN)_[A-Z0-9_]+?)(?:_FTE)?\b", item.upper())
    if named:
        return (f"TOTAL_{named.group(1)}_FTE",)
    padded = f" {_words(item)} "
    for names, stems in ROLE_COLUMNS:
        if any(f" {name} " in padded for name in names):
            return tuple(f"TOTAL_{stem}_FTE" for stem in stems)
    return ()


def _file_fte(
    frames: SourceFrames, practice: str | None, month: dt.date
) -> tuple[dict[str, float], str]:
    """The practice's FTE per column in the workforce file's latest month up to the claim
    month's end (else its earliest), with that month in words; empty without the file."""
    staff = frames.tables.get("workforce_source:practice")
    if staff is None or practice is None:
        return {}, ""
    rows = staff.filter(pl.col("practice") == practice).sort("period")
    if rows.height == 0:
        return {}, ""
    upto = rows.filter(pl.col("period") <= month_end(month))
    row = (upto if upto.height else rows).row(-1 if upto.height else 0, named=True)
    found = {k: float(v) for k, v in row.items() if k.endswith("_FTE") and v is not None}
    return found, f"{row['period']:%b %Y}"


def _tracker_posts(frames: SourceFrames, month: dt.date) -> list[tuple[str, float]] | None:
    """The tracker's filled posts (role words, contracted hours) in its snapshot at or before
    the claim month's end (else its earliest; a tracker without `as_at` is one snapshot)."""
    rows = frames.tables.get("staff_source:rows", frames.tables.get("workforce_source:rows"))
    if rows is None:
        return None
    if "as_at" in rows.columns and rows["as_at"].is_not_null().any():
        dated = rows["as_at"].drop_nulls()
        upto = dated.filter(dated <= month_end(month))
        when = upto.max() if upto.len() else dated.min()
        rows = rows.filter(pl.col("as_at").is_null() | (pl.col("as_at") <= when))
    filled = latest_posts(rows).filter(~pl.col("vacant"))
    return [(_words(str(r["role"])), float(r["contracted_hours"] or 0.0))
            for r in filled.iter_rows(named=True)]  # fmt: skip


def _arrs_claims(frames: SourceFrames, today: dt.date) -> pl.DataFrame:
    """The ARRS rows (scheme naming ARRS) claimed for a month up to today, not rejected."""
    claims = frames.table("rows").filter(
        pl.col("scheme").fill_null("").str.to_lowercase().str.contains("arrs")
        & pl.col("claim_month").is_not_null()
        & (pl.col("claim_month") <= today)
        & (pl.col("status").fill_null("") != "rejected")
    )
    if claims.height == 0:
        raise MetricDataError("no ARRS claims (a scheme naming ARRS) in the claims tracker")
    return claims


def role_checks(
    frames: SourceFrames, today: dt.date, practice: str | None = None
) -> tuple[dt.date, list[RoleCheck]]:
    """The latest claim month with ARRS rows (scheme naming ARRS) up to today, and each role's
    check (`month_checks`)."""
    claims = _arrs_claims(frames, today)
    month: dt.date = claims["claim_month"].max()  # type: ignore[assignment]
    return month, month_checks(frames, claims, month, practice)


def month_checks(
    frames: SourceFrames, claims: pl.DataFrame, month: dt.date, practice: str | None
) -> list[RoleCheck]:
    """Each ARRS role claimed for `month`: the workforce file's columns for the role where it
    has a figure (its month at or before the claim month), else the tracker's roles (its
    snapshot then) whose words contain the item's or are contained in them."""
    fte, when = _file_fte(frames, practice, month)
    posts = _tracker_posts(frames, month)
    if not fte and posts is None:
        if "workforce_source:practice" in frames.tables:
            raise MetricDataError(f"practice {practice} is not in the workforce file")
        raise MetricDataError(
            "ARRS claims need the workforce to compare with: name the workforce file (or the "
            "workforce tracker) in params workforce_source"
        )
    checks = []
    for row in claims.filter(pl.col("claim_month") == month).iter_rows(named=True):
        text = str(row["item"] or "")
        role = re.sub(r"\s*\([^)]*\)", "", text).strip() or "(no item)"
        columns = [c for c in role_columns(text) if c in fte]
        if columns:
            reported, source = sum(fte[c] for c in columns), f"{' + '.join(columns)}, {when}"
        elif posts is not None:
            item = _words(text)
            hours = sum(h for r, h in posts if r and (r in item or item in r))
            reported, source = hours / FULL_TIME_HOURS, "the workforce tracker"
        else:
            reported, source = 0.0, f"no figure for the role in the workforce file, {when}"
        claimed = None if row.get("wte") is None else float(row["wte"])
        mismatch = reported == 0 or (claimed is not None and abs(claimed - reported) > TOLERANCE)
        checks.append(RoleCheck(role, claimed, reported, mismatch, source))
    return checks


def arrs_fte_mismatch(
    frames: SourceFrames, params: Params, practice: PracticeContext, today: dt.date
) -> Series:
    """ARRS roles not matching reported FTE, per claim month: ARRS roles claimed for the month
    (rows whose scheme names ARRS) whose claimed WTE (the optional `wte` column) differs by more than
    0.05 from the FTE reported for that role, or for which no one is reported. Reported: the
    workforce detailed file's staff-role columns for the role (e.g. TOTAL_DPC_SPLW_FTE for a
    social prescribing link worker; its month at or before the claim month); where the file
    has no figure for the role, the contracted hours / 37.5 of the workforce tracker's filled
    posts whose role matches the item's words (its snapshot at or before the claim month).
    params `workforce_source` names the workforce file (or the tracker), `staff_source` the
    tracker. Denominator: ARRS roles claimed. Per claim month, each against the workforce as it
    was reported then.

    The detail carries the table of roles; a mismatch is also a finding in `chair check`.
    """
    claims = _arrs_claims(frames, today)
    months: list[dt.date] = sorted(claims["claim_month"].unique().to_list())
    counts = []
    for earlier in months[:-1]:
        each = month_checks(frames, claims, earlier, practice.code)
        counts.append((float(sum(c.mismatch for c in each)), float(len(each))))
    month = months[-1]
    checks = month_checks(frames, claims, month, practice.code)
    wrong = [c for c in checks if c.mismatch]
    counts.append((float(len(wrong)), float(len(checks))))
    rows = tuple(
        (c.role, "—" if c.claimed is None else f"{c.claimed:.2f}", f"{c.reported:.2f}",
         c.source, "mismatch" if c.mismatch else "matches")
        for c in checks
    )  # fmt: skip
    table = DetailTable(
        f"ARRS roles claimed for {month:%b %Y} against the FTE reported",
        ("Role claimed", "WTE claimed", "FTE reported", "Reported by", ""), rows,
        "" if any(c.claimed is not None for c in checks)
        else "The claims tracker has no wte column: only roles with no one reported are found.",
    )  # fmt: skip
    detail = (
        Detail.of(Fact("finding", f"{FINDING} ({'; '.join(c.words() for c in wrong)})"))
        if wrong
        else Detail()
    )
    values = tuple(n for n, _ in counts)
    return Series(
        periods=tuple(month_end(m) for m in months), values=values, numerators=values,
        denominators=tuple(d for _, d in counts), as_of=frames.as_of,
        source_file=frames.source_file, detail=detail, tables=(table,),
    )  # fmt: skip
