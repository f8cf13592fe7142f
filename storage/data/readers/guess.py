"""Proposing a tracker's column mapping when its headers are in the practice's own words.

Each of Chair's columns wants a kind of content: dates, money or counts, short repeated words
(a role, a status), people's names, free text (a course, a description), or references. Each
column of the file is profiled from its values; a column is proposed for a field only if its
contents can be read as that field (a date field is never given the course names). Among the
columns that fit, the header's words (likeness to the field's name and synonyms) and how well
the contents fit decide; where the words say little, fields of one kind are told apart by their
order (a course is completed before it expires; £ expected, then claimed, then received), and
the guess is marked uncertain.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from storage.data.readers.common import DATE_FORMATS

SAMPLE_VALUES = 200
SURE_HEADER = 0.75
"""A header at least this like a field's name or synonym is a sure match by its words."""
_MONTH = re.compile(r"^(\d{4}-\d{2}|\d{1,2}/\d{4}|[A-Za-z]{3,9}[ -]\d{2,4})$")
_NAME = re.compile(r"^(dr|mr|mrs|ms|miss)?\.?\s*[A-Z][A-Za-z'’-]+(\s+[A-Z][A-Za-z'’.-]*){1,3}$")


@dataclass(frozen=True)
class Profile:
    """What a column's non-empty values look like."""

    index: int
    header: str
    key: str
    """The header normalised (case, spacing, punctuation and unit suffix ignored)."""
    count: int
    dates: float
    numbers: float
    names: float
    distinct: int
    length: float
    """Mean characters per value."""
    median_date: dt.date | None
    total: float
    words: frozenset[str] = frozenset()
    """Its distinct values, lower case (up to 50), to compare with a field's known values."""
    months: float = 0.0
    """Share of values that are a month ('2026-07', 'Jul 2026', '07/2026') or a date."""
    by_row: tuple[dt.date | None, ...] = ()
    """Each row's date (None where none), to tell which of two date columns comes first."""


@dataclass(frozen=True)
class Guess:
    field: str
    header: str
    why: str
    uncertain: bool


def _date(text: str) -> dt.date | None:
    text = text.strip()
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def _number(text: str) -> float | None:
    try:
        return float(re.sub(r"[£,\s]", "", text))
    except ValueError:
        return None


def profile(index: int, header: str, body: Sequence[Sequence[str]], key: str = "") -> Profile:
    """`key`: the header normalised as the reader matches headers (compared with names)."""
    values = [r[index].strip() for r in body if index < len(r) and r[index].strip()]
    values = values[:SAMPLE_VALUES]
    count = len(values) or 1
    dates = [d for d in map(_date, values) if d is not None]
    months = sum(_date(v) is not None or bool(_MONTH.match(v)) for v in values)
    numbers = [n for n in map(_number, values) if n is not None]
    return Profile(
        index=index, header=header, key=key or header.lower(), count=len(values), dates=len(dates) / count,
        numbers=len(numbers) / count,
        names=sum(bool(_NAME.match(v)) for v in values) / count,
        distinct=len(set(values)), length=sum(map(len, values)) / count,
        median_date=statistics.median_low(dates) if dates else None, total=sum(numbers),
        words=frozenset(list(dict.fromkeys(v.lower() for v in values))[:50]),
        months=months / count,
        by_row=tuple(
            _date(r[index]) if index < len(r) and r[index].strip() else None
            for r in body[:SAMPLE_VALUES]
        ),
    )  # fmt: skip


def content_fit(kind: str, column: Profile, known: frozenset[str] = frozenset()) -> float:
    """0 when the column's contents cannot be read as the kind, else how well they fit (0..1)."""
    if column.count == 0:
        return 0.0
    if kind == "date":
        return column.dates if column.dates >= 0.8 else 0.0
    if kind == "month":
        return column.months if column.months >= 0.8 else 0.0
    if kind == "number":
        return column.numbers if column.numbers >= 0.8 and column.dates < 0.5 else 0.0
    if column.dates >= 0.5 or column.numbers >= 0.5:
        return 0.0  # words are wanted: dates and amounts cannot be names, roles or courses
    repeated = 1 - column.distinct / column.count
    if kind == "category":
        if known:  # a status: its values are Chair's words
            share = len(column.words & known) / len(column.words) if column.words else 0.0
            return share if share >= 0.5 else 0.0
        short = 1.0 if column.length <= 14 else 14 / column.length
        if column.distinct > max(8, column.count // 2):
            return 0.0
        return (0.5 + 0.5 * repeated) * short * (1 - column.names)  # people are not a category
    if kind == "name":
        return column.names if column.names >= 0.6 else 0.0
    if kind == "id":
        return 0.7 if column.distinct >= 0.9 * column.count else 0.0
    return 0.4 + min(0.4, column.length / 50)  # free text: the longer, the likelier


def header_likeness(text: str, names: Sequence[str]) -> float:
    """How like any of `names` the header is (both normalised): letters and words."""
    words = set(text.split())
    best = 0.0
    for name in names:
        ratio = difflib.SequenceMatcher(None, text, name).ratio()
        theirs = set(name.split())
        overlap = len(words & theirs) / len(words | theirs) if words and theirs else 0.0
        best = max(best, ratio, overlap)
    return best


def propose(
    fields: Sequence[str],
    columns: Sequence[Profile],
    kinds: Mapping[str, str],
    names: Mapping[str, Sequence[str]],
    orders: Sequence[tuple[str, ...]] = (),
    known: Mapping[str, frozenset[str]] | None = None,
) -> dict[str, Guess]:
    """A column for each of `fields` whose contents fit it (fields with none fitting are left
    out), each column used once."""
    pairs = []
    for field in fields:
        for column in columns:
            fit = content_fit(
                kinds.get(field, "text"), column, (known or {}).get(field, frozenset())
            )
            if fit <= 0:
                continue
            words = header_likeness(column.key, names.get(field, (field,)))
            pairs.append((fit * 0.5 + words * 0.5, words, fit, field, column))
    pairs.sort(key=lambda p: (-p[0], p[4].index))
    chosen: dict[str, tuple[float, Profile]] = {}
    taken: set[int] = set()
    for _score, words, _fit, field, column in pairs:
        if field not in chosen and column.index not in taken:
            chosen[field] = (words, column)
            taken.add(column.index)
    guesses = {
        field: Guess(
            field, column.header,
            "its header" if words >= SURE_HEADER else f"its contents ({_kind_words(kinds.get(field, 'text'))})",
            words < SURE_HEADER,
        )
        for field, (words, column) in chosen.items()
    }  # fmt: skip
    for order in orders:  # fields of one kind told apart by the order of their values
        weak = [f for f in order if f in chosen and chosen[f][0] < SURE_HEADER]
        if len(weak) < 2:
            continue
        held = _in_order([chosen[f][1] for f in weak])
        for field, column in zip(weak, held, strict=True):
            way = "dates" if kinds.get(field) == "date" else "amounts"
            guesses[field] = Guess(
                field, column.header, f"its contents and the order of its {way}", True
            )
    return guesses


def _in_order(columns: list[Profile]) -> list[Profile]:
    """Date columns by how many of the others they come before in most rows where both are
    filled; amounts fullest and largest first."""
    if not all(c.by_row and c.dates >= 0.8 for c in columns):
        return sorted(columns, key=lambda c: (-c.count, -c.total))

    def before(a: Profile, b: Profile) -> bool:
        pairs = [(x, y) for x, y in zip(a.by_row, b.by_row, strict=False) if x and y]
        return sum(x < y for x, y in pairs) > len(pairs) / 2

    return sorted(columns, key=lambda c: -sum(before(c, o) for o in columns if o is not c))


def _kind_words(kind: str) -> str:
    return {
        "date": "dates", "month": "months", "number": "amounts", "category": "short repeated words",
        "name": "people's names", "id": "references", "text": "free text",
    }.get(kind, kind)  # fmt: skip


def looks_like_header(row: Sequence[str], widest: int) -> bool:
    """A header row: at least two cells, most of the widest row's, none a date or a number."""
    cells = [c.strip() for c in row if c.strip()]
    if len(cells) < max(2, int(widest * 0.6)):
        return False
    return not any(_date(c) is not None or _number(c) is not None for c in cells)
