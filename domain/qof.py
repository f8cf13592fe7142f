"""QOF arithmetic: achievement, points, payment, and how recoverable each indicator still is.

Formulae (NHS England SFE as summarised by PCIT and Lincs LMC):

    achievement D = A / (B - C) x 100     A numerator, B denominator (cohort), C PCAs
    points        = 0 if D <= LT; max if D >= UT; else (D - LT) / (UT - LT) x max
    payment       = points x £/point x CPI x APDF
    CPI           = practice list size / national average list size
    APDF          = practice prevalence / national prevalence (1 for non-prevalence indicators)

Recoverability rule (per indicator, in this order; every number and list is a setting of
`[qof.recoverability]` in chair.toml, defaults shown):

1. "coding uncertainty": the counts cannot be right (B - C <= 0, A > B - C) or the PCA rate
   C / B is above `pca_rate_limit` (25%): the gap may be coding, not care.
2. "nothing at stake": already at or above the upper threshold.
3. "not realistically recoverable": the QOF year is over, or reaching the upper threshold needs
   more than `impossible_per_week_per_10k` (20) patients a week per 10,000 registered patients
   in the weeks left.
4. "needs clinical review": an indicator in `clinical_review` (the treatment targets: blood
   pressure, HbA1c, lipids, anticoagulation, heart-failure medicines): each patient needs a
   clinician's decision.
5. Otherwise by value per patient (£ at stake / patients needed; high is >=
   `high_value_per_patient`, £40) and effort (patients a week per 10,000; low is <=
   `low_effort_per_week_per_10k`, 5): high value + low effort "low effort / high value"; high
   value + high effort "capacity-dependent"; low value + high effort "low value & high effort";
   low value + low effort "capacity-dependent" (small gains that fit spare capacity).

Each class carries a management response (`responses`), e.g. low effort / high value ->
"prioritise quickly". The table is sorted by £ recoverable per patient needed.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

NON_PREVALENCE = frozenset(
    {"BP002", "CHOL001", "CHOL002", "CS005", "CS006", "SMOK002", "SMOK004", "SMOK005"}
    | {"VI001", "VI002", "VI003", "VI004"}
)
TREATMENT_TARGETS = frozenset(
    {"HYP008", "HYP009", "CHD015", "CHD016", "STIA014", "STIA015", "CHOL003", "CHOL004"}
    | {"DM036", "DM020", "DM021", "DM006", "AF006", "AF008", "HF003", "HF006", "HF008"}
)
PCA_RATE_LIMIT = 0.25
WEEKLY_PER_10K_IMPOSSIBLE = 20.0
WEEKLY_PER_10K_LOW_EFFORT = 5.0
HIGH_VALUE_PER_PATIENT = 40.0

LOW_EFFORT_HIGH_VALUE = "low effort / high value"
CLINICAL_REVIEW = "needs clinical review"
CAPACITY = "capacity-dependent"
LOW_VALUE_HIGH_EFFORT = "low value & high effort"
NOT_RECOVERABLE = "not realistically recoverable"
CODING = "coding uncertainty"
NOTHING_AT_STAKE = "nothing at stake"
CLASSES = (LOW_EFFORT_HIGH_VALUE, CLINICAL_REVIEW, CAPACITY, LOW_VALUE_HIGH_EFFORT, NOT_RECOVERABLE,
           CODING, NOTHING_AT_STAKE)  # fmt: skip

RESPONSES = {
    LOW_EFFORT_HIGH_VALUE: "prioritise quickly",
    CLINICAL_REVIEW: "allocate clinical review",
    CAPACITY: "discuss staffing and timing",
    LOW_VALUE_HIGH_EFFORT: "consider proportionality",
    NOT_RECOVERABLE: "document the rationale",
    CODING: "review searches and coding",
    NOTHING_AT_STAKE: "none needed: at the upper threshold",
}
"""The default management response of each recoverability class."""

SHORT_NAMES = {
    "AF006": "AF: stroke risk (CHA2DS2-VASc) assessed",
    "AF008": "AF: anticoagulated if CHA2DS2-VASc 2+",
    "CHD005": "CHD: antiplatelet or anticoagulant",
    "CHD015": "CHD: BP 140/90 or less (79 and under)",
    "CHD016": "CHD: BP 150/90 or less (80 and over)",
    "CHOL003": "CVD: on a statin",
    "CHOL004": "CVD: LDL / non-HDL cholesterol at target",
    "HF003": "Heart failure (LVSD): ACE-I or ARB",
    "HF006": "Heart failure (HFrEF): beta-blocker",
    "HF007": "Heart failure: medicines reviewed",
    "HF008": "Heart failure: annual review",
    "HYP008": "Hypertension: BP 140/90 or less (79 and under)",
    "HYP009": "Hypertension: BP 150/90 or less (80 and over)",
    "STIA007": "Stroke/TIA: antiplatelet or anticoagulant",
    "STIA014": "Stroke/TIA: BP 140/90 or less (79 and under)",
    "STIA015": "Stroke/TIA: BP 150/90 or less (80 and over)",
    "DM006": "Diabetes: nephropathy on ACE-I or ARB",
    "DM012": "Diabetes: foot examination",
    "DM014": "Diabetes: referred to structured education",
    "DM020": "Diabetes: HbA1c 58 or less (no frailty)",
    "DM021": "Diabetes: HbA1c 75 or less (frailty)",
    "DM034": "Diabetes: statin (no CVD)",
    "DM035": "Diabetes: statin (with CVD)",
    "DM036": "Diabetes: BP 140/90 or less (79 and under)",
    "AST007": "Asthma: annual review",
    "AST012": "Asthma: diagnosis confirmed by a test",
    "COPD010": "COPD: annual review",
    "DEM004": "Dementia: care plan reviewed",
    "MH002": "Mental health: care plan",
    "MH003": "Mental health: blood pressure",
    "MH006": "Mental health: BMI",
    "MH007": "Mental health: alcohol consumption",
    "MH011": "Mental health: lipid profile",
    "MH012": "Mental health: HbA1c or glucose",
    "NDH002": "Non-diabetic hyperglycaemia: HbA1c or glucose",
    "BP002": "Blood pressure recorded (45 and over)",
    "SMOK002": "Smoking status recorded (long-term conditions)",
    "SMOK004": "Smokers offered support to stop",
    "VI001": "Childhood vaccines: 3 doses by 8 months",
    "VI002": "Childhood vaccines: primary and boosters by 18 months",
    "VI003": "Childhood vaccines: MMR 2 doses by 5 years",
    "VI004": "Shingles vaccine",
    "CS005": "Cervical screening: 25 to 49",
    "CS006": "Cervical screening: 50 to 64",
}
"""Short names for the indicators Chair ships thresholds for (the published names are long)."""


@dataclass(frozen=True)
class RecoverabilityRules:
    """The tunable numbers of the recoverability rule (module docstring) and the responses."""

    pca_rate_limit: float = PCA_RATE_LIMIT
    impossible_per_week_per_10k: float = WEEKLY_PER_10K_IMPOSSIBLE
    low_effort_per_week_per_10k: float = WEEKLY_PER_10K_LOW_EFFORT
    high_value_per_patient: float = HIGH_VALUE_PER_PATIENT
    clinical_review: frozenset[str] = TREATMENT_TARGETS
    responses: Mapping[str, str] = field(default_factory=lambda: dict(RESPONSES))

    def response(self, recoverability: str) -> str:
        return self.responses.get(recoverability) or RESPONSES.get(recoverability, "")


DEFAULT_RULES = RecoverabilityRules()


@dataclass(frozen=True)
class IndicatorRule:
    """One indicator's points and thresholds for a QOF year (shipped: not in published files)."""

    code: str
    group_code: str
    points: float
    lower: float
    upper: float
    prevalence_adjusted: bool = True


@dataclass(frozen=True)
class QofYear:
    """The money side of a QOF year plus its indicator rules."""

    year: str
    pound_per_point: float
    national_average_list_size: int
    rules: Mapping[str, IndicatorRule] = field(default_factory=dict)
    total_points: float | None = None
    national_prevalence: Mapping[str, float] = field(default_factory=dict)
    """Group code -> prevalence % (register / whole list), the shipped fallback for the APDF."""
    notes: tuple[str, ...] = ()
    provisional: str = ""
    """Why the year's table is provisional (shown on every QOF reading and by `chair check`)."""
    recoverability: RecoverabilityRules = DEFAULT_RULES
    """The practice's recoverability rules (`[qof.recoverability]`)."""

    @property
    def max_points(self) -> float:
        return sum(rule.points for rule in self.rules.values())


def year_start(year: str) -> dt.date:
    """`2025/26` -> 1 April 2025."""
    return dt.date(int(year[:4]), 4, 1)


def year_end(year: str) -> dt.date:
    """`2025/26` -> 31 March 2026."""
    return dt.date(int(year[:4]) + 1, 3, 31)


def previous_year(year: str) -> str:
    start = int(year[:4]) - 1
    return f"{start}/{(start + 1) % 100:02d}"


def next_year(year: str) -> str:
    """`2025/26` -> `2026/27`."""
    start = int(year[:4]) + 1
    return f"{start}/{(start + 1) % 100:02d}"


def has_ended(year: str, today: dt.date) -> bool:
    """Whether the QOF year is over at `today` (after 31 March): its extract is a result."""
    return today > year_end(year)


def weeks_left(today: dt.date, year: str) -> float:
    """Weeks from `today` to 31 March at the end of the QOF year (0 once it has passed)."""
    return max(0.0, (year_end(year) - today).days / 7)


def year_fraction(today: dt.date, year: str) -> float:
    """Share of the QOF year elapsed at `today` (0 on 1 April, 1 from 31 March)."""
    start, end = year_start(year), year_end(year)
    return min(1.0, max(0.0, (today - start).days / (end - start).days))


def achievement_pct(numerator: float, denominator: float, pcas: float = 0.0) -> float | None:
    """D = A / (B - C) x 100; None when nobody is eligible."""
    eligible = denominator - pcas
    return None if eligible <= 0 else numerator / eligible * 100


def points_for(achievement: float | None, rule: IndicatorRule) -> float:
    """Points earned: 0 at or below LT, the maximum at or above UT, linear between."""
    if achievement is None or achievement <= rule.lower:
        return 0.0
    if achievement >= rule.upper:
        return rule.points
    return (achievement - rule.lower) / (rule.upper - rule.lower) * rule.points


def payment(points: float, qof_year: QofYear, list_size: int, apdf: float = 1.0) -> float:
    """points x £/point x CPI x APDF, CPI = list size / national average list size."""
    cpi = list_size / qof_year.national_average_list_size
    return points * qof_year.pound_per_point * cpi * apdf


def apdf_for(
    rule: IndicatorRule, practice_prevalence: float | None, national: float | None
) -> float:
    """Practice prevalence / national prevalence; 1 when not adjusted or either is unknown."""
    if not rule.prevalence_adjusted or rule.code in NON_PREVALENCE:
        return 1.0
    if practice_prevalence is None or not national:
        return 1.0
    return practice_prevalence / national


def patients_needed(numerator: float, eligible: float, upper: float) -> int:
    """More patients (ceil) whose care must be done to reach the upper threshold."""
    gap = upper / 100 * eligible - numerator
    return max(0, math.ceil(round(gap, 9)))


@dataclass(frozen=True)
class IndicatorOutlook:
    """Where one indicator stands and what is still recoverable before 31 March."""

    code: str
    group_code: str
    numerator: float
    denominator: float
    pcas: float
    achievement: float | None
    lower: float
    upper: float
    max_points: float
    points: float
    apdf: float
    payment_now: float
    payment_max: float
    at_stake: float
    patients_needed: int
    weeks_left: float
    recoverability: str
    note: str = ""
    response: str = ""
    """The management response of the recoverability class."""

    @property
    def name(self) -> str:
        """A short name for the indicator (the code where Chair ships none)."""
        return SHORT_NAMES.get(self.code, self.group_code)

    @property
    def per_patient(self) -> float:
        """£ recoverable per patient still needed (0 when nothing is needed)."""
        return self.at_stake / self.patients_needed if self.patients_needed else 0.0


def by_value_per_patient(outlooks: Iterable[IndicatorOutlook]) -> list[IndicatorOutlook]:
    """The table order: most £ recoverable per patient needed first; nothing at stake last."""
    return sorted(outlooks, key=lambda o: (o.patients_needed == 0, -o.per_patient, o.code))


def outlook(
    rule: IndicatorRule,
    numerator: float,
    denominator: float,
    pcas: float,
    qof_year: QofYear,
    list_size: int,
    apdf: float,
    today: dt.date,
) -> IndicatorOutlook:
    """Achievement, points, £ and recoverability for one indicator."""
    achievement = achievement_pct(numerator, denominator, pcas)
    points = points_for(achievement, rule)
    now = payment(points, qof_year, list_size, apdf)
    best = payment(rule.points, qof_year, list_size, apdf)
    eligible = denominator - pcas
    needed = patients_needed(numerator, eligible, rule.upper) if eligible > 0 else 0
    weeks = weeks_left(today, qof_year.year)
    rules = qof_year.recoverability
    recoverability, note = classify(
        rule, numerator, denominator, pcas, best - now, needed, weeks, list_size, rules
    )
    return IndicatorOutlook(
        code=rule.code, group_code=rule.group_code, numerator=numerator, denominator=denominator,
        pcas=pcas, achievement=achievement, lower=rule.lower, upper=rule.upper,
        max_points=rule.points, points=points, apdf=apdf, payment_now=now, payment_max=best,
        at_stake=best - now, patients_needed=needed, weeks_left=weeks,
        recoverability=recoverability, note=note, response=rules.response(recoverability),
    )  # fmt: skip


def classify(
    rule: IndicatorRule,
    numerator: float,
    denominator: float,
    pcas: float,
    at_stake: float,
    needed: int,
    weeks: float,
    list_size: int,
    rules: RecoverabilityRules = DEFAULT_RULES,
) -> tuple[str, str]:
    """The recoverability class and the reason, by the rule in the module docstring."""
    eligible = denominator - pcas
    if eligible <= 0 or numerator > eligible or numerator < 0:
        return CODING, "counts are inconsistent (numerator, denominator and PCAs do not add up)"
    if denominator and pcas / denominator > rules.pca_rate_limit:
        return CODING, f"PCA rate {pcas / denominator:.0%} is above {rules.pca_rate_limit:.0%}"
    if needed == 0 or at_stake <= 0.005:
        return NOTHING_AT_STAKE, "at or above the upper threshold"
    scale = max(list_size, 1) / 10_000
    if weeks <= 0:
        return NOT_RECOVERABLE, "the QOF year has ended"
    per_week = needed / weeks / scale
    if per_week > rules.impossible_per_week_per_10k:
        return NOT_RECOVERABLE, f"{needed} patients in {weeks:.0f} weeks is beyond normal capacity"
    value = at_stake / needed
    why = f"{needed} patients, £{value:,.0f} each, {needed / weeks:.1f} a week"
    if rule.code in rules.clinical_review:
        return CLINICAL_REVIEW, why + "; each needs a treatment decision"
    high_value = value >= rules.high_value_per_patient
    low_effort = per_week <= rules.low_effort_per_week_per_10k
    if high_value and low_effort:
        return LOW_EFFORT_HIGH_VALUE, why
    if not high_value and not low_effort:
        return LOW_VALUE_HIGH_EFFORT, why
    return CAPACITY, why
