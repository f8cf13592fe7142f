"""Every broken config gives one clear line on stderr (file, place, what), exit 2, no traceback."""

from __future__ import annotations

import pytest

from tests.cli.conftest import CONFIGS, RunChair

# file -> fragments the one line must contain (the place and the problem).
BROKEN = {
    "malformed.toml": ["malformed.toml:3:", "TOML syntax error"],
    "unknown_key.toml": ["practice.colour", "unknown setting"],
    "misspelt_key.toml": ["practice.list_sise", "unknown setting"],
    "threshold_order.toml": ["metrics[0]", "turnaround", "amber >= red >= critical"],
    "missing_dashboard.toml": ["sections[1]", "'finance'", "[[dashboards]]"],
    "owner_role_unknown.toml": ["dashboards[0].owner_role", "'operations lead'"],
    "duplicate_ids.toml": ["people", "'pm'", "twice"],
    "missing_field.toml": ["practice.code", "missing"],
    "wrong_type.toml": ["practice.list_size", "integer"],
    "empty.toml": ["empty.toml", "is empty", "chair init"],
    "not_utf8.toml": ["not_utf8.toml", "UTF-8"],
    "no_chair.toml": ["people", "chair = true"],
    "unknown_source.toml": ["metrics[0].source", "'appointments'"],
    "bad_direction.toml": ["metrics[0].better", "'higher', 'lower' or 'band'"],
}


def test_the_corpus_is_complete() -> None:
    on_disk = {p.name for p in CONFIGS.glob("*.toml")} - {"valid.toml"}
    assert on_disk == set(BROKEN)


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_config_is_one_clear_line(run_chair: RunChair, name: str) -> None:
    result = run_chair("--config", str(CONFIGS / name), "check")
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("chair: error: ")
    for fragment in BROKEN[name]:
        assert fragment in lines[0]
    assert result.stdout == ""


def test_missing_config_file_says_how_to_make_one(run_chair: RunChair) -> None:
    result = run_chair("--config", "nowhere/chair.toml", "check")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "chair: error: nowhere/chair.toml: file not found (run 'chair init DIR' to write one)"
    ]


def test_a_directory_is_not_a_config(run_chair: RunChair) -> None:
    result = run_chair("--config", str(CONFIGS), "check")
    assert result.returncode == 2
    assert "is a directory" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_config_from_the_environment(run_chair: RunChair) -> None:
    result = run_chair("check", env={"CHAIR_CONFIG": str(CONFIGS / "wrong_type.toml")})
    assert result.returncode == 2
    assert "wrong_type.toml:practice.list_size" in result.stderr


def test_config_option_beats_the_environment(run_chair: RunChair) -> None:
    result = run_chair(
        "check",
        "--config",
        str(CONFIGS / "empty.toml"),
        env={"CHAIR_CONFIG": str(CONFIGS / "wrong_type.toml")},
    )
    assert result.returncode == 2
    assert "empty.toml" in result.stderr
