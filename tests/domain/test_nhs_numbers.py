"""NHS numbers: the modulus-11 check, and finding one in free text."""

from __future__ import annotations

import pytest

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
]


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_every_spelling_of_an_nhs_number_is_found(spelling: str) -> None:
    message = nhs_number_problem(f"Call the patient about {spelling} today")
    assert message is not None, spelling
    assert "(943 476 5919)" in message
