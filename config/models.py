"""Pydantic models of chair.toml. Attribute docstrings here are the configuration reference."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from config.people import MeetingTypeEntry, PersonEntry, PracticeEntry, Roster
from domain import qof as qof_rules
from domain.keys import FixedSection, SectionKey
from domain.status import Direction, Status, Thresholds

Cadence = Literal["daily", "weekly", "fortnightly", "monthly", "quarterly", "ad hoc"]
Period = Literal["day", "week", "month", "quarter", "year"]
Layer = Literal["operational", "management", "strategic"]
SourceFormat = Literal[
    "gpad",
    "cbt",
    "qof",
    "workforce",
    "gpps",
    "claims",
    "training",
    "prescribing",
    "complaints",
    "significant-events",
    "risk-register",
    "measures",
    "sessions",
    "workforce-tracker",
]


class Model(BaseModel):
    """Config values are frozen and unknown keys are errors (a typo must not pass silently)."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


class Practice(Model):
    name: str
    """The practice's name as shown in headers and minutes."""
    code: str = Field(pattern=r"^[A-Z][0-9A-Z]{5}$")
    """ODS code (e.g. Y00001): filters national files to this practice."""
    list_size: int = Field(gt=0)
    """Registered patients: used for per-1,000 rates and QOF payment estimates."""
    pcn_code: str | None = None
    """PCN code (e.g. U00001): peer context from national files."""
    icb_code: str | None = None
    """ICB or sub-ICB code: peer context from national files."""


class Person(Model):
    id: str
    """Short id used elsewhere in the config and in the database."""
    name: str
    role: str
    """Role, matched against the owner_role of dashboards and metrics."""
    login: str
    """Operating-system (SSH) login: identifies this person at the keyboard."""
    chair: bool = False
    """May run meetings and approve minutes."""


class StatusResponse(Model):
    meaning: str
    """What this status means for the practice."""
    response: str
    """The agreed response, shown beside the status."""


StatusKey = Literal["green", "amber", "red", "critical"]


def _default_statuses() -> dict[StatusKey, StatusResponse]:
    return {
        "green": StatusResponse(meaning="Within expected range", response="No action needed"),
        "amber": StatusResponse(
            meaning="Early concern", response="Noted; review at the next operational meeting"
        ),
        "red": StatusResponse(
            meaning="Material risk or worsening trend", response="Allocate owner and action"
        ),
        "critical": StatusResponse(
            meaning="Immediate concern", response="Escalate to partners / leadership"
        ),
    }


class Section(Model):
    fixed: FixedSection | None = None
    """One of previous-minutes, matters-arising, this-week, watch-list, risk-register,
    escalations-in, aob."""
    dashboard: str | None = None
    """The id of the dashboard this section reviews."""
    minutes: int = Field(default=5, gt=0)
    """The time box, in minutes."""

    @model_validator(mode="after")
    def _one_kind(self) -> Section:
        if (self.fixed is None) == (self.dashboard is None):
            raise ValueError("a section needs exactly one of 'fixed' or 'dashboard'")
        return self

    @property
    def key(self) -> SectionKey:
        """A stable key for the section within its meeting type."""
        if self.fixed is not None:
            return SectionKey.fixed(self.fixed)
        return SectionKey.of_dashboard(self.dashboard or "")


class MeetingType(Model):
    id: str
    title: str
    cadence: Cadence = "monthly"
    minutes: int = Field(default=60, gt=0)
    """Default length of the meeting."""
    decide_at: Literal["amber", "red", "critical"] = "red"
    """The lowest status that needs a decision before the section can close."""
    persistent_after: int = Field(default=3, ge=2)
    """Consecutive periods at RED or worse before a breach is marked persistent."""
    sections: list[Section] = Field(min_length=1)
    layer: Layer | None = None
    """The layer this meeting is meant to serve (operational, management, strategic); `chair
    report dashboards` flags a meeting whose metrics mostly serve another. Default: none declared
    (the layer its metrics mostly serve is shown)."""
    scope: Literal["practice", "pcn"] = "practice"
    """practice: each practice holds its own; pcn: one meeting for the PCN, its sections showing
    the member practices side by side per metric with the PCN median (decisions at PCN level)."""

    @property
    def decide_status(self) -> Status:
        return Status[self.decide_at.upper()]


class Dashboard(Model):
    id: str
    title: str
    question: str
    """The management question this dashboard answers."""
    owner_role: str
    layer: Layer = "management"
    experience: bool = False
    """A patient-experience dashboard: its decisions are made in the method's six parts (what
    patients tell us; what the operational data shows; within our control; constrained by the
    wider system; what we will change; how we will measure it)."""
    linked: list[str] = Field(default_factory=list)
    """Dashboards whose readings fill 'what the operational data shows' of an experience
    decision, beside what patients tell us (e.g. ["access", "telephony"])."""
    prompts: list[str] = Field(default_factory=list)
    """The questions the meeting asks of this dashboard (the method's), shown under its question
    in the meeting and in the minutes."""

    @property
    def asks(self) -> str:
        """The question, and the prompts after it: "Ask: ... · ..." (just the question without)."""
        return (
            f"{self.question}\nAsk: {' · '.join(self.prompts)}" if self.prompts else self.question
        )


class Metric(Model):
    id: str
    dashboard: str
    title: str
    source: str
    """The id of a [sources.*] entry."""
    calculation: str
    """A named calculation from the metric catalogue, e.g. gpad.dna_rate."""
    params: dict[str, str | int | float | bool] = Field(default_factory=dict)
    """Extra arguments for the calculation (e.g. indicator = "HYP008", metric = "...")."""
    unit: str = ""
    period: Period = "month"
    layer: Layer | None = None
    """operational, management or strategic. Defaults to the dashboard's layer."""
    owner_role: str | None = None
    """Defaults to the dashboard's owner role."""
    better: Direction = "lower"
    """higher, lower, or band (inside target_low..target_high is best)."""
    amber: float | None = None
    red: float | None = None
    critical: float | None = None
    target_low: float | None = None
    """For better = "band": the lower edge of the target band."""
    target_high: float | None = None
    """For better = "band": the upper edge; amber/red/critical are distances outside the band."""
    stale_after_days: int | None = Field(default=None, gt=0)
    """Data older than this (from the meeting date) shows STALE. Default: the source's
    `stale_after_days`, else its format's publishing cadence (see the README)."""
    precision: int = Field(default=1, ge=0, le=4)
    """Decimal places shown: precision is not accuracy."""

    @property
    def thresholds(self) -> Thresholds:
        return Thresholds(
            direction=self.better,
            amber=self.amber,
            red=self.red,
            critical=self.critical,
            target_low=self.target_low,
            target_high=self.target_high,
        )

    @model_validator(mode="after")
    def _thresholds_in_order(self) -> Metric:
        self.thresholds.check()
        return self


STALE_DAYS_BY_FORMAT: dict[str, int] = {
    "gpad": 75, "cbt": 75, "workforce": 105, "gpps": 430, "qof": 430, "claims": 62,
    "training": 62, "prescribing": 62, "complaints": 62, "significant-events": 62,
    "risk-register": 100, "measures": 62, "sessions": 62, "workforce-tracker": 62,
}  # fmt: skip
"""Default days before a source's data is STALE, by its publishing cadence: GPAD and telephony
monthly (a month is published about five weeks after it ends, so its end is ~65 days old just
before the next release); workforce monthly with a longer lag; the GP Patient Survey and QOF
year-end once a year (a year plus two months); practice trackers are kept live (two months);
the risk register is reviewed quarterly."""


class Source(Model):
    format: SourceFormat
    path: str
    """A file, a glob (`qof/*.csv`) or a folder, relative to the directory of chair.toml; `.zip`
    archives among them are read directly (their CSV and Excel members; readmes are skipped)."""
    sheet: str | int | None = None
    """For .xlsx trackers: the sheet's name, or its position counting from 1 (default: the first
    sheet)."""
    header_row: int | None = Field(default=None, ge=1)
    """For trackers: the row (line) of the header, counting from 1 (default: found under any
    title rows by matching the column names and their synonyms)."""
    columns: dict[str, str] = Field(default_factory=dict)
    """For trackers: Chair's column name -> the header in your file, for headers that are not a
    listed synonym, e.g. `[sources.training.columns]` `expires_date = "Renewal due"`
    (`chair check` prints these lines when a column is missing)."""
    max_file_mb: float = Field(default=1024, gt=0)
    """Files (or unzipped archive members) larger than this many MB are refused with their size."""
    stale_after_days: int | None = Field(default=None, gt=0)
    """Data older than this (from the meeting date) shows STALE, for every metric of the source
    that sets none itself. Default: by the format's publishing cadence (see the README)."""

    @model_validator(mode="after")
    def _sheet_position(self) -> Source:
        if isinstance(self.sheet, int) and self.sheet < 1:
            raise ValueError("sheet: a sheet's position counts from 1 (or give its name)")
        return self


class QofRecoverability(Model):
    """How each QOF indicator's recoverability class is chosen, and the response to each class.

    In order: coding uncertainty (counts that cannot be right, or PCA rate above the limit);
    nothing at stake (at the upper threshold); not realistically recoverable (year over, or more
    patients a week than the impossible rate); needs clinical review (the listed indicators);
    then by value per patient and effort: high value + low effort is low effort / high value,
    low value + high effort is low value & high effort, anything else capacity-dependent.
    """

    pca_rate_limit: float = Field(default=qof_rules.PCA_RATE_LIMIT, ge=0, le=1)
    """A PCA rate (PCAs / cohort, 0..1) above this is coding uncertainty: the gap may be coding."""
    impossible_per_week_per_10k: float = Field(default=qof_rules.WEEKLY_PER_10K_IMPOSSIBLE, gt=0)
    """More patients a week (per 10,000 registered) than this to reach the upper threshold by 31 March is not realistically recoverable."""
    low_effort_per_week_per_10k: float = Field(default=qof_rules.WEEKLY_PER_10K_LOW_EFFORT, gt=0)
    """At most this many patients a week (per 10,000 registered) is low effort."""
    high_value_per_patient: float = Field(default=qof_rules.HIGH_VALUE_PER_PATIENT, ge=0)
    """£ recoverable per patient needed at or above this is high value."""
    clinical_review: list[str] = Field(default_factory=lambda: sorted(qof_rules.TREATMENT_TARGETS))
    """Indicators where each patient needs a clinician's treatment decision (needs clinical review); default: the blood pressure, HbA1c, lipid, anticoagulation and heart-failure medicine indicators."""
    responses: dict[str, str] = Field(default_factory=lambda: dict(qof_rules.RESPONSES))
    """Class -> the management response shown beside it, e.g. "low effort / high value" = "prioritise quickly" (a class left out keeps its default)."""

    @model_validator(mode="after")
    def _known_classes(self) -> QofRecoverability:
        unknown = sorted(set(self.responses) - set(qof_rules.CLASSES))
        if unknown:
            known = ", ".join(f'"{c}"' for c in qof_rules.CLASSES)
            raise ValueError(f"responses: unknown class '{unknown[0]}' (one of {known})")
        return self

    def rules(self) -> qof_rules.RecoverabilityRules:
        """The domain rules these settings describe."""
        return qof_rules.RecoverabilityRules(
            pca_rate_limit=self.pca_rate_limit,
            impossible_per_week_per_10k=self.impossible_per_week_per_10k,
            low_effort_per_week_per_10k=self.low_effort_per_week_per_10k,
            high_value_per_patient=self.high_value_per_patient,
            clinical_review=frozenset(c.upper() for c in self.clinical_review),
            responses={**qof_rules.RESPONSES, **self.responses},
        )


class Qof(Model):
    year: str = "2025/26"
    """QOF year whose points and thresholds apply."""
    pound_per_point: float | None = None
    """Override the shipped £ per point for the year."""
    national_average_list_size: int | None = None
    """Override the shipped national average list size (the CPI denominator)."""
    recoverability: QofRecoverability = Field(default_factory=QofRecoverability)
    """How each indicator's recoverability class is chosen: see `[qof.recoverability]`."""


class Review(Model):
    """How Chair reviews its own dashboards (`chair report dashboards`)."""

    retire_after_days: int = Field(default=180, gt=0)
    """A metric that led to no decision for this many days is flagged as a candidate to retire."""


class ChairConfig(Model):
    practices: list[Practice] = Field(min_length=1)
    """One practice, or several for a PCN deployment (`[practice]` is accepted for one)."""
    people: list[Person] = Field(min_length=1)
    statuses: dict[StatusKey, StatusResponse] = Field(default_factory=_default_statuses)
    meeting_types: list[MeetingType] = Field(min_length=1)
    dashboards: list[Dashboard] = Field(default_factory=list)
    metrics: list[Metric] = Field(default_factory=list)
    sources: dict[str, Source] = Field(default_factory=dict)
    qof: Qof = Field(default_factory=Qof)
    review: Review = Field(default_factory=Review)
    """[review]: settings for `chair report dashboards`."""
    keymap: dict[str, str] = Field(default_factory=dict)
    """Binding id -> keys, e.g. next-section = "n,right"."""
    base_dir: Path = Path(".")
    """Set by the loader: the directory of chair.toml (relative paths start here)."""

    @model_validator(mode="before")
    @classmethod
    def _single_practice(cls, data: object) -> object:
        if isinstance(data, dict) and "practice" in data:
            data = dict(data)
            if "practices" in data:
                raise ValueError("give either [practice] or [[practices]], not both")
            data["practices"] = [data.pop("practice")]
        return data

    @model_validator(mode="after")
    def _references(self) -> ChairConfig:
        _unique("practices", [p.code for p in self.practices])
        _unique("people", [p.id for p in self.people])
        _unique("people (login)", [p.login for p in self.people])
        _unique("meeting_types", [m.id for m in self.meeting_types])
        _unique("dashboards", [d.id for d in self.dashboards])
        _unique("metrics", [m.id for m in self.metrics])
        dashboards = {d.id for d in self.dashboards}
        roles = {p.role for p in self.people}
        for i, mt in enumerate(self.meeting_types):
            for j, section in enumerate(mt.sections):
                if section.dashboard and section.dashboard not in dashboards:
                    raise ValueError(
                        f"meeting_types[{i}].sections[{j}]: dashboard '{section.dashboard}' "
                        "is not defined in [[dashboards]]"
                    )
        for i, d in enumerate(self.dashboards):
            if d.owner_role not in roles:
                raise ValueError(
                    f"dashboards[{i}].owner_role: no person has role '{d.owner_role}' "
                    "(add them to [[people]] or change the role)"
                )
            for link in d.linked:
                if link not in dashboards:
                    raise ValueError(f"dashboards[{i}].linked: '{link}' is not a dashboard")
        for i, m in enumerate(self.metrics):
            if m.dashboard not in dashboards:
                raise ValueError(f"metrics[{i}].dashboard: '{m.dashboard}' is not a dashboard")
            if m.source not in self.sources:
                raise ValueError(f"metrics[{i}].source: '{m.source}' is not in [sources]")
            if m.owner_role is not None and m.owner_role not in roles:
                raise ValueError(f"metrics[{i}].owner_role: no person has role '{m.owner_role}'")
        if not any(p.chair for p in self.people):
            raise ValueError("people: nobody has chair = true (someone must chair meetings)")
        return self

    # Lookups used everywhere; lists are short so a scan is fine.
    @property
    def practice(self) -> Practice:
        """The first (or only) practice."""
        return self.practices[0]

    @property
    def pcn_code(self) -> str:
        """The PCN's code (the first practice's pcn_code), under which PCN meetings are kept."""
        return self.practices[0].pcn_code or "PCN"

    def scope_code(self, meeting_type: MeetingType) -> str:
        """Whose meetings these are: the current practice's code, or the PCN's."""
        return self.pcn_code if meeting_type.scope == "pcn" else self.practice.code

    def practice_name(self, code: str) -> str:
        """The name shown for a meeting kept under `code`: a practice's, or the PCN's."""
        practice = next((p for p in self.practices if p.code == code), None)
        if practice is not None:
            return practice.name
        if code == self.pcn_code:
            return f"PCN {code} ({len(self.practices)} practices)"
        return code

    def with_practice(self, code: str) -> ChairConfig:
        """This config with `code` as the current practice (first); ValueError if unknown."""
        chosen = next((p for p in self.practices if p.code == code.upper()), None)
        if chosen is None:
            known = ", ".join(p.code for p in self.practices)
            raise ValueError(f"no practice '{code}' in the config (known: {known})")
        others = [p for p in self.practices if p is not chosen]
        return self.model_copy(update={"practices": [chosen, *others]})

    def person(self, person_id: str) -> Person | None:
        return next((p for p in self.people if p.id == person_id), None)

    def roster(self) -> Roster:
        """Who is who, the practices and the meeting types' titles: what the fast commands
        read from chair.toml without validating it (config.people), from this config."""
        return Roster(
            people=tuple(PersonEntry(p.id, p.name, p.login, p.chair) for p in self.people),
            practice=PracticeEntry(self.practice.code, self.practice.name),
            meeting_types=tuple(MeetingTypeEntry(m.id, m.title) for m in self.meeting_types),
            practice_codes=tuple(p.code for p in self.practices),
            pcn_code=self.pcn_code,
        )

    def person_by_login(self, login: str) -> Person | None:
        return next((p for p in self.people if p.login == login), None)

    def meeting_type(self, type_id: str) -> MeetingType | None:
        return next((m for m in self.meeting_types if m.id == type_id), None)

    def dashboard(self, dashboard_id: str) -> Dashboard | None:
        return next((d for d in self.dashboards if d.id == dashboard_id), None)

    def metrics_for(self, dashboard_id: str) -> list[Metric]:
        return [m for m in self.metrics if m.dashboard == dashboard_id]

    def metric(self, metric_id: str) -> Metric | None:
        return next((m for m in self.metrics if m.id == metric_id), None)

    def metric_layers(self, meeting_type: MeetingType) -> list[str]:
        """The layer of every metric its dashboard sections show (a metric once per section)."""
        return [
            self.layer_of(m)
            for section in meeting_type.sections
            if section.dashboard
            for m in self.metrics
            if m.dashboard == section.dashboard
        ]

    def meeting_layer(self, meeting_type: MeetingType) -> str:
        """The layer a meeting type serves: its declared layer, else the one most of its
        metrics serve."""
        from domain.layers import main_layer

        return meeting_type.layer or main_layer(self.metric_layers(meeting_type))

    def layer_of(self, metric: Metric) -> str:
        if metric.layer:
            return metric.layer
        dashboard = self.dashboard(metric.dashboard)
        return dashboard.layer if dashboard else "management"

    def owner_role_of(self, metric: Metric) -> str:
        if metric.owner_role:
            return metric.owner_role
        dashboard = self.dashboard(metric.dashboard)
        return dashboard.owner_role if dashboard else ""

    def stale_after(self, metric: Metric) -> int:
        """Days before a metric's data is STALE: the metric's own setting, else its source's,
        else the default for the source's format (STALE_DAYS_BY_FORMAT)."""
        if metric.stale_after_days is not None:
            return metric.stale_after_days
        source = self.sources[metric.source]
        if source.stale_after_days is not None:
            return source.stale_after_days
        return STALE_DAYS_BY_FORMAT.get(source.format, 62)

    def source_path(self, source_id: str) -> Path:
        return self.base_dir / self.sources[source_id].path


def _unique(what: str, ids: list[str]) -> None:
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            raise ValueError(f"{what}: id '{item}' is used twice (ids must be unique)")
        seen.add(item)


__all__ = [
    "ChairConfig",
    "Dashboard",
    "MeetingType",
    "Metric",
    "Person",
    "Practice",
    "Review",
    "Section",
    "Source",
    "StatusResponse",
]
