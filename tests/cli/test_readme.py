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
        "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/chair demo",
        f"python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && {TEST_COMMAND}",
    ]


def test_ci_runs_the_readme_test_command() -> None:
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(rf"^{re.escape(TEST_COMMAND)}( |$)", ci, flags=re.MULTILINE)
    assert "pip install --quiet -e '.[test" in ci


def test_readme_lists_every_command() -> None:
    import argparse

    from chair.cli import build_parser

    parser = build_parser()
    (subparsers,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    assert "actions" in subparsers.choices
    for name in subparsers.choices:
        assert f"chair {name}" in README, name
