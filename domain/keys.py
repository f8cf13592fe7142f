"""Typed keys: which section of a meeting (`SectionKey`), and which row the gate points at
(`Target`).

Both are built and read here only: nowhere else writes or parses a "dashboard:" prefix or a
"metric:" target. Each is a `str` whose text is the form the database has always stored
(`SectionRow.key`, `DecisionRow.section_key`, a draft's item key), so nothing stored changes
and a key read back compares equal to the one written.

    SectionKey.of_dashboard("access")      # 'dashboard:access': kind 'dashboard', dashboard 'access'
    SectionKey.fixed("aob")                # 'aob': kind 'aob', dashboard ''
    SectionKey.parse(row.key)              # at the storage edge
    Target.metric("dna-rate")              # 'metric:dna-rate': kind 'metric', id 'dna-rate'
"""

from __future__ import annotations

from typing import Literal, cast, get_args

FixedSection = Literal[
    "previous-minutes",
    "matters-arising",
    "escalations-in",
    "aob",
    "this-week",
    "watch-list",
    "risk-register",
]
SectionKind = Literal["dashboard", FixedSection]
FIXED_SECTIONS: frozenset[str] = frozenset(get_args(FixedSection))

TargetKind = Literal["metric", "action", "decision", "aob", "escalation", "minutes", "risk", "due"]
_TARGET_KINDS: frozenset[str] = frozenset(get_args(TargetKind))


class SectionKey(str):
    """A section of a meeting type: a dashboard's (kind 'dashboard' and its id) or a fixed
    one (previous-minutes, matters-arising, escalations-in, aob, and the work behind the
    number: this-week, watch-list, risk-register)."""

    __slots__ = ()

    @classmethod
    def of_dashboard(cls, dashboard_id: str) -> SectionKey:
        return cls(f"dashboard:{dashboard_id}")

    @classmethod
    def fixed(cls, kind: FixedSection) -> SectionKey:
        return cls(kind)

    @classmethod
    def parse(cls, text: str) -> SectionKey:
        """A key as stored; a text that is neither form is kept as it is (kind 'aob' is not
        assumed: `kind` says what it is)."""
        return text if isinstance(text, SectionKey) else cls(text)

    @property
    def is_dashboard(self) -> bool:
        return self.startswith("dashboard:")

    @property
    def kind(self) -> SectionKind:
        if self.is_dashboard:
            return "dashboard"
        return cast(SectionKind, str(self))

    @property
    def dashboard(self) -> str:
        """The dashboard's id ('' for a fixed section)."""
        return self.removeprefix("dashboard:") if self.is_dashboard else ""


class Target(str):
    """What the gate points at, and the key of the table row showing it: a metric, an action,
    a decision, an AOB item, an escalation in, or the previous minutes."""

    __slots__ = ()

    @classmethod
    def of(cls, kind: TargetKind, ident: object = "") -> Target:
        return cls(f"{kind}:{ident}" if ident != "" else kind)

    @classmethod
    def metric(cls, metric_id: str) -> Target:
        return cls.of("metric", metric_id)

    @classmethod
    def action(cls, action_id: int | None) -> Target:
        return cls.of("action", action_id)

    @property
    def kind(self) -> TargetKind | None:
        head = self.split(":", 1)[0]
        return cast(TargetKind, head) if head in _TARGET_KINDS else None

    @property
    def ident(self) -> str:
        """The id after the kind ('' for 'minutes')."""
        return self.split(":", 1)[1] if ":" in self else ""
