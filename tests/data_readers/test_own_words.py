"""Trackers in a practice's own words (none of their headers is in the synonym lists), under
a title and blank lines: the proposed `columns` block, pasted verbatim, loads each with the
values a hand count gives; a column whose contents cannot be the field is never proposed."""

from __future__ import annotations

import datetime as dt
import shutil
import tomllib
from pathlib import Path

import polars as pl
import pytest

from storage.data.readers.files import ReadOptions
from storage.data.readers.tables import normalise
from storage.data.readers.trackers import SYNONYMS, read_tracker

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "own_words"


def proposed(kind: str, path: Path) -> tuple[dict[str, str], list[str]]:
    """The `columns` block Chair proposes for a tracker it cannot read, as pasted into
    chair.toml, and its lines."""
    first = read_tracker(kind, path, None, kind)
    assert "rows" not in first.frames, "the headers alone must not be enough"
    block = "\n".join(first.suggestion)
    assert block.startswith(f"[sources.{kind}.columns]")
    parsed = tomllib.loads(block.replace(f"[sources.{kind}.columns]", "[columns]"))
    return parsed["columns"], first.suggestion


def load(kind: str, path: Path) -> pl.DataFrame:
    columns, _ = proposed(kind, path)
    data = read_tracker(kind, path, ReadOptions(columns=columns), kind)
    assert not [f for f in data.findings if f.level == "error"], data.findings
    return data.frames["rows"]


@pytest.mark.parametrize("kind", ["training", "complaints", "claims"])
def test_the_corpus_is_worded_outside_the_synonym_lists(kind: str) -> None:
    lines = (CORPUS / f"{kind}.csv").read_text(encoding="utf-8").splitlines()
    header = next(line for line in lines if line.count(",") >= 4)
    known = {normalise(s) for names in SYNONYMS[kind].values() for s in names}
    known |= {normalise(c) for c in SYNONYMS[kind]}
    assert not {normalise(h) for h in header.split(",")} & known


def test_training_matrix_loads_as_a_hand_count_gives() -> None:
    columns, lines = proposed("training", CORPUS / "training.csv")
    assert columns == {
        "staff_name": "Team member", "role": "Their job", "course": "What was done",
        "completed_date": "Passed on", "expires_date": "Redo by",
    }  # fmt: skip  # never the title line, never the cost column
    assert any("uncertain" in line for line in lines)  # guesses by contents say so
    rows = load("training", CORPUS / "training.csv")
    assert rows.height == 12
    assert sorted(rows["staff_name"].unique()) == [
        "Amira Shah",
        "Ben Okoro",
        "Cara Lewis",
        "Dan Price",
    ]
    assert sorted(rows["role"].unique()) == ["GP", "Nurse", "Practice manager", "Receptionist"]
    # In date on 6 Dec 2026, counted by hand: Amira 2, Ben 2, Cara 2, Dan 3 = 9 of 12.
    day = dt.date(2026, 12, 6)
    in_date = rows.filter(
        (pl.col("completed_date") <= day) & (pl.col("expires_date") >= day)
    ).height
    assert in_date == 9


def test_complaints_log_loads_as_a_hand_count_gives() -> None:
    rows = load("complaints", CORPUS / "complaints.csv")
    assert rows["reference"].to_list() == [f"C-{n}" for n in range(101, 109)]
    assert rows["category"].to_list()[:3] == ["Access", "Staff attitude", "Prescriptions"]
    # Open on 30 Nov 2026 and past target, by hand: C-104 (12 Oct) and C-106 (17 Nov); C-108
    # is open but due 23 Dec; C-105 closed late on 10 Nov.
    day = dt.date(2026, 11, 30)
    open_ = rows.filter(pl.col("closed_date").is_null() | (pl.col("closed_date") > day))
    assert open_["reference"].to_list() == ["C-104", "C-106", "C-108"]
    assert open_.filter(pl.col("target_date") < day)["reference"].to_list() == ["C-104", "C-106"]


def test_claims_tracker_loads_as_a_hand_count_gives() -> None:
    rows = load("claims", CORPUS / "claims.csv")
    # Not yet submitted (expected or draft), by hand: 4,200 (Oct sessions) + 1,800 + 900.
    waiting = rows.filter(pl.col("status").is_in(["expected", "draft"]))
    assert waiting["expected_amount"].sum() == 6900
    assert rows["claimed_amount"].sum() == 4200 + 4200 + 1350 + 2100 + 3000
    assert rows["received_amount"].sum() == 4200 + 3900 + 2100
    assert rows["claim_month"].min() == dt.date(2026, 7, 1)


def test_a_column_that_cannot_parse_is_never_proposed(tmp_path: Path) -> None:
    """The dates garbled: no date field is offered a column of words, nor the cost column."""
    text = (CORPUS / "training.csv").read_text(encoding="utf-8")
    garbled = tmp_path / "training.csv"
    garbled.write_text(text.replace("/2026", " of 2026").replace("/2027", " or so")
                       .replace("/2025", " last year"), encoding="utf-8")  # fmt: skip
    columns, lines = proposed("training", garbled)
    assert "completed_date" not in columns and "expires_date" not in columns
    assert "Cost (£)" not in columns.values()
    assert any(line.startswith("# completed_date") for line in lines)


def test_the_header_is_found_below_a_title_and_blank_lines(tmp_path: Path) -> None:
    plain = tmp_path / "complaints.csv"
    shutil.copy(CORPUS / "complaints.csv", plain)
    first = read_tracker("complaints", plain, None, "complaints")
    assert any("row 4: the file's headers are: 'Our ref'" in f.line() for f in first.findings)


@pytest.mark.parametrize(
    ("kind", "folder", "real", "renamed"),
    [
        (
            "gpad",
            "gpad",
            "Practice_Level_Crosstab_Jul_25.csv",
            "Practice_Level_Crosstab_Dec_25.csv",
        ),
        ("cbt", "cbt", "CBT_By_Day_and_Time_Aug_25.csv", "CBT_By_Day_and_Time_Dec_25.csv"),
    ],
)
def test_a_release_without_rows_for_its_own_month_is_a_warning(
    tmp_path: Path, kind: str, folder: str, real: str, renamed: str
) -> None:
    from storage.data.readers import read_source

    sample = Path(__file__).resolve().parents[2] / "sample" / "data" / folder
    shutil.copy(sample / real, tmp_path / real)
    clean = read_source(kind, kind, tmp_path)
    assert not [f for f in clean.findings if "named for" in f.line()]
    (tmp_path / real).rename(tmp_path / renamed)  # the right rows under another month's name
    data = read_source(kind, kind, tmp_path)
    found = [f for f in data.findings if "named for December 2025" in f.line()]
    assert len(found) == 1 and found[0].severity == "warning", data.findings
    assert "holds no rows for December 2025" in found[0].line()
