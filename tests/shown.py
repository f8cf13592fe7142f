"""What a reading's metric detail shows against a label, for tests that check the words a person
reads. Code acts on domain.detail's typed entries (`detail.data_problem`, `detail.indicator`),
never on a label."""

from __future__ import annotations

from domain.detail import Detail


def shown(detail: Detail, label: str) -> str:
    """The words shown against `label` (KeyError: the detail has no such line)."""
    return dict(detail.lines())[label]


def labels(detail: Detail) -> list[str]:
    """The labels the metric detail shows, in order."""
    return [label for label, _ in detail.lines()]
