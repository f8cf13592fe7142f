"""Patient identifiers must never reach the minutes: find NHS numbers in free text."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

NHS_NUMBER_MESSAGE = (
    "This text contains what looks like an NHS number ({number}); "
    "minutes must not hold patient identifiers — remove it."
)
"""Shown beside a free-text field that holds a valid NHS number; format with number=..."""

_WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)


def is_valid_nhs_number(digits: str) -> bool:
    """True if `digits` is exactly ten ASCII digits whose last passes the modulus-11 check.

    The first nine digits are weighted 10 down to 2; the check digit is 11 minus the remainder
    of the sum divided by 11 (11 becomes 0; 10 means the number cannot be valid).
    """
    if len(digits) != 10 or not all("0" <= c <= "9" for c in digits):
        return False
    total = sum(int(d) * w for d, w in zip(digits, _WEIGHTS, strict=False))
    check = 11 - total % 11
    if check == 11:
        check = 0
    if check == 10:
        return False
    return check == int(digits[9])


def normalised_characters(text: str) -> list[tuple[str, int]]:
    """The text as a reader sees it, each character with the index in `text` it came from:
    Unicode compatibility forms folded (NFKC: superscript, circled, full-width and
    mathematical digits become 0-9), combining marks removed (a digit with an accent is the
    digit), and any other decimal digit (Arabic-Indic...) written as its ASCII digit."""
    found: list[tuple[str, int]] = []
    for index, character in enumerate(text):
        for part in unicodedata.normalize("NFKC", character):
            if unicodedata.combining(part) or unicodedata.category(part) in ("Mn", "Me"):
                continue
            if part.isdecimal() and not "0" <= part <= "9":
                part = str(unicodedata.decimal(part))
            found.append((part, index))
    return found


def _runs(text: str) -> Iterator[tuple[str, list[tuple[str, int, int, str]]]]:
    """Runs of digit groups joined only by characters that are neither letters nor digits:
    each run as (what comes just before it, [(digits, start, end, separator before the next
    group)...]), with start and end indexes in `text`."""
    run: list[tuple[str, int, int, str]] = []
    lead = digits = separator = ""
    start = end = 0
    for character, index in [*normalised_characters(text), ("a", len(text))]:
        if "0" <= character <= "9":
            if not digits:
                if run:
                    run[-1] = (*run[-1][:3], separator)
                else:
                    lead = separator
                start = index
            digits += character
            end = index + 1
            continue
        if digits:
            run.append((digits, start, end, ""))
            digits, separator = "", ""
        if character.isalnum():  # a letter (or a digit of no decimal value) ends the run
            if run:
                yield lead, run
            run, separator = [], ""
        else:
            separator += character
    if run:
        yield lead, run


def _candidates(text: str) -> Iterator[tuple[str, int, int]]:
    """Ten digits that may be one number: (digits, start, end in `text`).

    A run of exactly ten digits, however grouped and separated. In a longer run (a phone
    number, a date range, a list of numbers), consecutive whole groups of ten digits joined by
    one separator throughout, when the groups beside them are joined by another one
    ('943 476 5919, 943 476 5919'); the same separator beyond them makes them part of a longer
    number ('+44 20 7946 0958' is not one). A longer run written as an international phone
    number ('+44 7700900123', '0044 ...') holds none.
    """
    for lead, run in _runs(text):
        if sum(len(group[0]) for group in run) == 10:
            yield "".join(group[0] for group in run), run[0][1], run[-1][2]
            continue
        if lead.endswith("+") or run[0][0].startswith("00"):
            continue
        for first in range(len(run)):
            count = 0
            for last in range(first, len(run)):
                count += len(run[last][0])
                if count > 10:
                    break
                if count < 10:
                    continue
                inside = {run[k][3] for k in range(first, last)}
                before = run[first - 1][3] if first > 0 else None
                after = run[last][3] if last < len(run) - 1 else None
                if len(inside) <= 1 and not inside & {before, after}:
                    yield "".join(g[0] for g in run[first : last + 1]), run[first][1], run[last][2]


def find_nhs_number(text: str) -> str | None:
    """The first valid NHS number in `text`, as written there (e.g. '943.476.5919'), or None.

    Any ten digits that may be one number (see `_candidates`), in any script or compatibility
    form, grouped any way and separated by anything but letters and digits, are put to the
    modulus-11 test: what matters is what a reader would take for an NHS number, not how it
    was typed.
    """
    for digits, start, end in _candidates(_HEX_WORD.sub(_letters_only, text)):
        if is_valid_nhs_number(digits):
            return text[start:end]
    return None


_HEX_WORD = re.compile(r"\b(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{16,}\b")
"""A hash written in hex (the chain head an approval prints in the minutes): its digits are
no number a reader would take for an NHS number ('…c5529446663f…' passed the modulus-11
test, and `chair check` said the minutes held one)."""


def _letters_only(match: re.Match[str]) -> str:
    return "x" * len(match.group())  # the same length: found numbers keep their indexes


def format_nhs_number(number: str) -> str:
    """An NHS number in the usual 3-3-4 spaced form ('943 476 5919')."""
    digits = "".join(c for c, _ in normalised_characters(number) if "0" <= c <= "9")
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}"


def nhs_number_problem(text: str) -> str | None:
    """The refusal message for free text holding an NHS number, or None if the text is fine."""
    found = find_nhs_number(text)
    if found is None:
        return None
    return NHS_NUMBER_MESSAGE.format(number=format_nhs_number(found))
