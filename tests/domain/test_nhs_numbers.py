"""NHS numbers: the modulus-11 check, and finding one in free text."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from domain.privacy import (
    find_nhs_number,
    is_valid_nhs_number,
    nhs_number_problem,
)


@pytest.mark.parametrize("number", ["9434765919", "4010232137"])
def test_known_valid_numbers(number: str) -> None:
    assert is_valid_nhs_number(number)


@pytest.mark.parametrize("last", "012345678")
def test_every_other_check_digit_is_invalid(last: str) -> None:
    assert is_valid_nhs_number("943476591" + last) is False


@pytest.mark.parametrize("last", "0123456789")
def test_check_digit_ten_makes_every_number_invalid(last: str) -> None:
    # 0*10 + ... + 6*2 = 12, remainder 1, check digit 11 - 1 = 10: no valid number.
    assert is_valid_nhs_number("000000006" + last) is False


@pytest.mark.parametrize("text", ["943476591", "94347659190", "943 476 5919", "94347659１9", ""])
def test_only_exactly_ten_ascii_digits(text: str) -> None:
    assert is_valid_nhs_number(text) is False


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("patient 9434765919 seen", "9434765919"),
        ("ref 943 476 5919.", "943 476 5919"),
        ("ref 943-476-5919", "943-476-5919"),
        ("(9434765919)", "9434765919"),
    ],
)
def test_finds_numbers_in_the_usual_forms(text: str, found: str) -> None:
    assert find_nhs_number(text) == found


@pytest.mark.parametrize(
    "text",
    [
        "DNA rate 6.8% in 2026",
        "9434765918",  # wrong check digit
        "19434765919",  # part of a longer number
        "94347659190",
        "943 476 59190",  # the last group runs on into a longer number
        "DNA rate 6.8% on 12/11/2026 at 10:42",
    ],
)
def test_ignores_what_is_not_an_nhs_number(text: str) -> None:
    assert find_nhs_number(text) is None


def test_a_valid_number_after_an_invalid_one_is_still_found() -> None:
    assert find_nhs_number("1234567890 then 943 476 5919") == "943 476 5919"


def test_the_refusal_message_names_the_number_in_spaced_form() -> None:
    message = nhs_number_problem("call about 943-476-5919")
    assert message is not None
    assert "(943 476 5919)" in message
    assert "patient identifiers" in message
    assert nhs_number_problem("nothing here") is None


# Issue 12: each of these reached the minutes before separators and digits were normalised.
SPELLINGS = [
    "943.476.5919",
    "943  476  5919",
    "943\u00a0476\u00a05919",
    "943\u2013476\u20135919",
    "943\u2014476\u20145919",
    "943/476/5919",
    "943\t476\t5919",
    "\uff19\uff14\uff13\uff14\uff17\uff16\uff15\uff19\uff11\uff19",
    "(943) 476 5919",
    "[943] 476-5919",
    "943_476_5919",
    "943\u200b476\u200b5919",
    "\u0669\u0664\u0663\u0664\u0667\u0666\u0665\u0669\u0661\u0669",
    # Issue 18: any grouping, any separator, compatibility digits and combining marks.
    "9 4 3 4 7 6 5 9 1 9",
    "943,476,5919",
    "94 34 76 59 19",
    "943:476:5919",
    "943+476+5919",
    "943~476~5919",
    "943#476#5919",
    "943*476*5919",
    "943'476'5919",
    "\u2079\u2074\u00b3\u2074\u2077\u2076\u2075\u2079\u00b9\u2079",  # superscript
    "\u2468\u2463\u2462\u2463\u2466\u2465\u2464\u2468\u2460\u2468",  # circled
    "9\u03014\u03013\u0301 476 5919",  # combining acute accents
]


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_every_spelling_of_an_nhs_number_is_found(spelling: str) -> None:
    message = nhs_number_problem(f"Call the patient about {spelling} today")
    assert message is not None, spelling
    assert "(943 476 5919)" in message


# ---------------------------------------------------------------- any grouping (issue 18)

DIGIT_FORMS = (
    "0123456789",
    "\uff10\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18\uff19",  # full-width
    "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079",  # superscript
    "\u24ea\u2460\u2461\u2462\u2463\u2464\u2465\u2466\u2467\u2468",  # circled
    "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669",  # Arabic-Indic
    "\U0001d7ce\U0001d7cf\U0001d7d0\U0001d7d1\U0001d7d2"
    "\U0001d7d3\U0001d7d4\U0001d7d5\U0001d7d6\U0001d7d7",  # mathematical bold
)


def _is_separator(character: str) -> bool:
    """Neither a letter nor a digit, before or after Unicode normalisation."""
    import unicodedata

    if unicodedata.category(character) in ("Cs", "Co", "Cn"):
        return False
    folded = unicodedata.normalize("NFKC", character)
    return not character.isalnum() and not any(c.isalnum() for c in folded)


SEPARATORS = st.text(
    alphabet=st.characters(codec="utf-8").filter(_is_separator), min_size=1, max_size=3
)


@st.composite
def valid_numbers(draw: st.DrawFn) -> str:
    first = draw(st.lists(st.integers(0, 9), min_size=9, max_size=9))
    total = sum(d * w for d, w in zip(first, (10, 9, 8, 7, 6, 5, 4, 3, 2), strict=True))
    check = (11 - total % 11) % 11
    assume(check != 10)
    return "".join(map(str, first)) + str(check)


@st.composite
def written(draw: st.DrawFn) -> tuple[str, str]:
    """A valid NHS number written in 1 to 10 parts, any separators, digits in any form."""
    number = draw(valid_numbers())
    parts = draw(st.integers(1, 10))
    cuts = sorted(draw(st.sets(st.integers(1, 9), min_size=parts - 1, max_size=parts - 1)))
    pieces = [number[a:b] for a, b in zip([0, *cuts], [*cuts, 10], strict=True)]
    text = ""
    for index, piece in enumerate(pieces):
        forms = draw(
            st.lists(st.sampled_from(DIGIT_FORMS), min_size=len(piece), max_size=len(piece))
        )
        text += "".join(form[int(d)] for form, d in zip(forms, piece, strict=True))
        if index < len(pieces) - 1:
            text += draw(SEPARATORS)
    return number, text


@settings(max_examples=400, deadline=None)
@given(written(), st.sampled_from(["Call {} today", "{}", "Ref: {}.", "(NHS {})"]))
def test_any_grouping_and_any_separator_is_found(case: tuple[str, str], frame: str) -> None:
    number, text = case
    found = find_nhs_number(frame.format(text))
    assert found == text, (text, found)
    assert nhs_number_problem(frame.format(text)) is not None
    assert f"({number[:3]} {number[3:6]} {number[6:]})" in (nhs_number_problem(text) or "")


PHONE_GROUPINGS = ((2, 4, 4), (4, 6), (3, 3, 4), (10,), (2, 3, 3, 2))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.integers(0, 9), min_size=10, max_size=10),
    st.sampled_from(PHONE_GROUPINGS),
    st.sampled_from([" ", "-", ".", "\u00a0"]),
    st.sampled_from(["+44{}", "+44 {}", "0044 {}", "44 {}"]),
)
def test_a_twelve_digit_phone_number_is_not_flagged(
    digits: list[int], grouping: tuple[int, ...], separator: str, prefix: str
) -> None:
    national = "".join(map(str, digits))
    groups, at = [], 0
    for size in grouping:
        groups.append(national[at : at + size])
        at += size
    if prefix == "44 {}" and grouping == (10,):
        return  # '44 9434765919' may well be a count then a number: not a phone's form
    # Without '+' or '00' the country code is told apart only by the same separator.
    phone = prefix.replace(" ", separator).format(separator.join(groups))
    assert find_nhs_number(f"Ring {phone} after 2pm") is None, phone


@settings(max_examples=300, deadline=None)
@given(
    st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)),
    st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)),
    st.sampled_from(
        [
            "{:%d/%m/%Y}-{:%d/%m/%Y}",
            "{:%d/%m/%Y} - {:%d/%m/%Y}",
            "{:%d.%m.%Y}\u2013{:%d.%m.%Y}",
            "{:%Y-%m-%d}-{:%Y-%m-%d}",
            "{:%d/%m/%Y}/{:%d/%m/%Y}",
            "{:%d/%m/%Y} {:%H:%M}",
        ]
    ),
)
def test_a_date_range_is_not_flagged(first: dt.date, second: dt.date, form: str) -> None:
    text = form.format(first, second)
    assert find_nhs_number(f"Clinic closed {text} for training") is None, text


def test_a_hash_in_hex_is_not_flagged_but_a_number_beside_one_is() -> None:
    # A chain head with the valid 9434765919 inside it (c...f): a hash, not an NHS number
    # (chair check said approved minutes held one when a head happened to contain one).
    head = "3fa9434765919c0d1e2f3a4b5c6d7e8f90ab" + "0" * 28
    assert len(head) == 64
    witness = f"*Record witness: at approval the audit log row 12 had chain head {head}."
    assert find_nhs_number(witness) is None
    assert find_nhs_number(f"{witness} Patient 943 476 5919 discussed") == "943 476 5919"
    assert find_nhs_number("ref ab9434765919cd") == "9434765919"  # short: read as written


@settings(max_examples=300, deadline=None)
@given(st.binary(min_size=32, max_size=32))
def test_no_hash_in_hex_is_flagged(digest: bytes) -> None:
    assert find_nhs_number(f"chain head {digest.hex()}.") is None
