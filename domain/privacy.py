"""Patient identifiers must never reach the minutes: find NHS numbers in free text."""

from __future__ import annotations

import re
import unicodedata

NHS_NUMBER_MESSAGE = (
    "This text contains what looks like an NHS number ({number}); "
    "minutes must not hold patient identifiers — remove it."
)
"""Shown beside a free-text field that holds a valid NHS number; format with number=..."""

# After normalising (below): ten digits, run together or grouped 3-3-4 with any run of
# separators between the groups, not part of a longer run of digits (so a 12-digit reference
# is not mistaken for one).
_CANDIDATE = re.compile(r"(?<![0-9])([0-9]{3}) *([0-9]{3}) *([0-9]{4})(?![0-9])")
_SEPARATOR_CATEGORIES = frozenset({"Zs", "Pd", "Pc", "Ps", "Pe", "Cf"})
"""Space separators (NBSP, thin and figure spaces...), dashes of every kind, connectors
(underscores), brackets of every kind, and invisible format characters (zero-width space,
soft hyphen)."""
_SEPARATOR_CHARACTERS = frozenset(
    ".\u2024\uff0e\u3002\ufe52\u00b7\u2027/\\\u2215\u2044\uff0f\uff3c\u2212"
)
"""Dots (full stop, one-dot leader, full-width, ideographic, middle dot), slashes and
backslashes (with their division and full-width forms) and the minus sign."""
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


def normalise_for_search(text: str) -> str:
    """The text with any decimal digit (full-width, Arabic-Indic...) as its ASCII digit and
    any separator (tab, NBSP, dot, dash, slash, underscore, bracket...) as a space.

    One character for one, so a match in the result is at the same place in `text`.
    """
    return "".join(_normalise_character(c) for c in text)


def _normalise_character(character: str) -> str:
    if "0" <= character <= "9" or character == " ":
        return character
    if character.isdecimal():
        return str(unicodedata.decimal(character))
    if (
        character.isspace()
        or character in _SEPARATOR_CHARACTERS
        or unicodedata.category(character) in _SEPARATOR_CATEGORIES
    ):
        return " "
    return character


def find_nhs_number(text: str) -> str | None:
    """The first valid NHS number in `text`, as written there (e.g. '943.476.5919'), or None.

    Digits in any script and any separators between the 3-3-4 groups count: what matters is
    what a reader would take for an NHS number, not how it was typed.
    """
    for match in _CANDIDATE.finditer(normalise_for_search(text)):
        if is_valid_nhs_number("".join(match.groups())):
            return text[match.start() : match.end()]
    return None


def format_nhs_number(number: str) -> str:
    """An NHS number in the usual 3-3-4 spaced form ('943 476 5919')."""
    digits = "".join(c for c in normalise_for_search(number) if "0" <= c <= "9")
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}"


def nhs_number_problem(text: str) -> str | None:
    """The refusal message for free text holding an NHS number, or None if the text is fine."""
    found = find_nhs_number(text)
    if found is None:
        return None
    return NHS_NUMBER_MESSAGE.format(number=format_nhs_number(found))
