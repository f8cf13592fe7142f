"""The README stays true: its config reference is the generated one, its commands are CI's."""

from __future__ import annotations

import re

from config import reference
from tests.cli.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
TEST_COMMAND = ".venv/bin/python -m pytest"


def test_config_reference_is_current() -> None:
    start = README.index(reference.START)
    end = README.index(reference.END) + len(reference.END)
    assert README[start:end] == reference.readme_section(), (
        "README.md is out of date: run `python -m config.reference --write README.md`"
    )


def test_reference_covers_every_setting() -> None:
    from config.models import ChairConfig, Metric

    text = reference.markdown()
    for name in [*Metric.model_fields, *ChairConfig.model_fields]:
        if name not in {"base_dir", "practices"}:
            assert f"`{name}`" in text or f"[{name}" in text, name


def test_readme_gives_the_two_setup_commands() -> None:
    commands = re.findall(r"^    (python3 -m venv .*)$", README, flags=re.MULTILINE)
    assert commands == [
        "python3 -m venv .venv && .venv/bin/pip install -c constraints.txt . && .venv/bin/chair demo",
        "python3 -m venv .venv && .venv/bin/pip install -c constraints.txt -e '.[test]' && "
        + TEST_COMMAND,
    ]


def test_constraints_pin_textual_inside_the_tested_range() -> None:
    """Snapshots are taken with the pinned Textual; the pin must satisfy pyproject's range."""
    import tomllib

    from packaging.requirements import Requirement

    pins = dict(
        line.split("==")
        for line in (REPO / "constraints.txt").read_text(encoding="utf-8").splitlines()
        if "==" in line and not line.startswith("#")
    )
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    textual = next(Requirement(d) for d in project["dependencies"] if d.startswith("textual"))
    assert textual.specifier.contains(pins["textual"]), (textual, pins["textual"])
    assert textual.specifier.contains("8.2.8") and not textual.specifier.contains("9.0")


def test_ci_runs_the_readme_test_command() -> None:
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(rf"^{re.escape(TEST_COMMAND)}( |$)", ci, flags=re.MULTILINE)
    assert "pip install --quiet -c constraints.txt -e '.[test" in ci


def test_readme_lists_every_command() -> None:
    import argparse

    from chair.cli import build_parser

    parser = build_parser()
    (subparsers,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    assert "actions" in subparsers.choices
    for name in subparsers.choices:
        assert f"chair {name}" in README, name


def test_calculation_and_tracker_tables_are_current() -> None:
    from storage.data import docs

    for start, end, body in docs.blocks():
        a, b = README.index(start), README.index(end) + len(end)
        assert README[a:b] == docs.section(start, end, body), (
            "README.md is out of date: run `python -m storage.data.docs --write README.md`"
        )
    for name in __import__("domain.metrics", fromlist=["CATALOGUE"]).CATALOGUE:
        assert f"`{name}`" in README, name


def test_readme_states_the_trust_model_and_every_db_command() -> None:
    """What SQLite in a group folder protects against, and what needs PostgreSQL roles."""
    import argparse

    from chair.cli import build_parser

    section = README[README.index("### The trust model") :]
    section = section[: section.index("\n## ")]
    assert "**detected** by `chair check`" in section
    assert "**not detectable from the file alone**" in section
    assert section.count("**prevented**") == 2
    (subparsers,) = [
        a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)
    ]
    (db_commands,) = [
        a for a in subparsers.choices["db"]._actions if isinstance(a, argparse._SubParsersAction)
    ]
    for name in db_commands.choices:
        assert f"chair db {name}" in README, name


def test_the_postgresql_owner_joins_the_practice_group_to_read_chair_toml() -> None:
    """The owner runs `chair db upgrade` and `db grant` with CHAIR_CONFIG in the group folder
    (mode 2770): without the group it cannot read chair.toml (issue 18, part 8)."""
    section = README[README.index("### PostgreSQL, for a PCN or federation") :]
    setup = section[: section.index("chair db upgrade")]
    group = re.search(r"sudo groupadd (\w+)", README)
    assert group is not None
    assert f"sudo usermod -aG {group.group(1)} chairowner" in setup
    assert "must be in the practice group" in setup
