"""A witness of the hash chain kept outside the database: the chain head printed in minutes.

The chains are plain SHA-256: someone who rewrites a row and recomputes every hash after it
leaves a chain that verifies. So when minutes are approved, their locked text ends with the
audit log's chain head at that moment (its row id and hash). Every copy of those minutes (`chair
minutes`, the screen's export, a printout) then holds a point the history must still pass
through: `chair check --witness FILE…` finds each printed head and checks that the audit log's
row still has that hash. A rewrite of anything before it, recomputed or not, changes it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, text

WITNESS_PATTERN = re.compile(r"audit log row (\d+) had chain head ([0-9a-f]{64})")


@dataclass(frozen=True)
class Witness:
    """A chain head printed in minutes: the audit log's row `row_id` had hash `head`."""

    row_id: int
    head: str

    def line(self) -> str:
        """The paragraph the locked minutes end with (one line: it must survive copying)."""
        return (
            f"*Record witness: at approval the audit log row {self.row_id} had chain head "
            f"{self.head}. Keep a copy of these minutes: `chair check --witness FILE` shows "
            "whether the record's history still passes through it.*"
        )


def current(connection: Connection) -> Witness | None:
    """The audit log's newest row and its chain hash (None while the log is empty)."""
    row = connection.execute(
        text("SELECT id, chain_hash FROM audit_log ORDER BY id DESC LIMIT 1")
    ).first()
    if row is None or not row[1]:
        return None
    return Witness(int(row[0]), str(row[1]))


def with_witness(minutes: str, witness: Witness | None) -> str:
    """Minutes as locked: the text, then the witness paragraph."""
    if witness is None:
        return minutes
    return minutes.rstrip("\n") + "\n\n" + witness.line() + "\n"


def without_witness(minutes: str) -> str:
    """Locked minutes without their witness paragraph (for comparing with a re-render)."""
    lines = minutes.rstrip("\n").split("\n")
    if lines and WITNESS_PATTERN.search(lines[-1]):
        return "\n".join(lines[:-1]).rstrip("\n") + "\n"
    return minutes


def found_in(text_: str) -> list[Witness]:
    """Every chain head printed in a text (one per approved minutes it holds)."""
    return [Witness(int(m.group(1)), m.group(2)) for m in WITNESS_PATTERN.finditer(text_)]


def check_files(connection: Connection, files: list[Path]) -> tuple[list[str], list[str]]:
    """(problems, confirmations): one line each per witness in each file."""
    problems: list[str] = []
    confirmed: list[str] = []
    for path in files:
        if not path.is_file():
            problems.append(f"{path}: not a file of minutes (give the exported minutes)")
            continue
        try:
            content = path.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            problems.append(f"{path}: cannot be read as a witness ({exc.strerror})")
            continue
        witnesses = found_in(content)
        if not witnesses:
            problems.append(
                f"{path}: holds no chain head (only minutes approved by this version of Chair "
                "carry one): nothing to check it against"
            )
        for each in witnesses:
            problem = _verify(connection, each)
            if problem is None:
                confirmed.append(
                    f"{path}: the audit log still passes through row {each.row_id} "
                    f"(chain head {each.head[:12]})"
                )
            else:
                problems.append(f"{path}: {problem}")
    return problems, confirmed


def _verify(connection: Connection, witness: Witness) -> str | None:
    stored = connection.execute(
        text("SELECT chain_hash FROM audit_log WHERE id = :id"), {"id": witness.row_id}
    ).scalar()
    if stored is None:
        return (
            f"the audit log row {witness.row_id}, whose chain head these minutes printed "
            f"({witness.head[:12]}), is missing: the history was cut or rewritten since"
        )
    if stored != witness.head:
        return (
            f"the audit log no longer passes through the chain head these minutes printed "
            f"(row {witness.row_id}: printed {witness.head[:12]}, now {str(stored)[:12]}): "
            "the history up to that row was rewritten and its hashes recomputed"
        )
    return None
