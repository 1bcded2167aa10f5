"""The Budapest criteria for Complex Regional Pain Syndrome, as a structured exam.

The clinician records, for each of the four categories, which symptoms the patient
reports and which signs they see at the visit; ``evaluate_budapest`` says whether the
clinical criteria and the research criteria are met and, when they are not, which part
is missing, in plain words for the consult note.

Source: Harden RN, Bruehl S, Perez RSGM, et al. Validation of proposed diagnostic
criteria (the "Budapest Criteria") for Complex Regional Pain Syndrome. Pain 2010;
150(2):268-274. Clinical criteria: continuing pain disproportionate to any inciting
event; at least one symptom in three of the four categories; at least one sign in two
or more; no other diagnosis that better explains them. Research criteria: the same, with
a symptom in all four categories.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType


class Category(StrEnum):
    """The four categories of the Budapest criteria, in their published order."""

    SENSORY = "sensory"
    VASOMOTOR = "vasomotor"
    SUDOMOTOR_OEDEMA = "sudomotor_oedema"
    MOTOR_TROPHIC = "motor_trophic"

    @property
    def label(self) -> str:
        """The category as a clinician writes it ("sudomotor/oedema")."""
        return self.value.replace("_", "/")


class Finding(StrEnum):
    """One specific finding, reported by the patient, seen by the clinician, or both."""

    HYPERESTHESIA = "hyperesthesia"
    ALLODYNIA = "allodynia"
    HYPERALGESIA_TO_PINPRICK = "hyperalgesia_to_pinprick"
    ALLODYNIA_TO_LIGHT_TOUCH = "allodynia_to_light_touch"
    ALLODYNIA_TO_TEMPERATURE = "allodynia_to_temperature"
    ALLODYNIA_TO_DEEP_PRESSURE = "allodynia_to_deep_pressure"
    ALLODYNIA_TO_JOINT_MOVEMENT = "allodynia_to_joint_movement"
    TEMPERATURE_ASYMMETRY = "temperature_asymmetry"
    SKIN_COLOUR_CHANGE = "skin_colour_change"
    SKIN_COLOUR_ASYMMETRY = "skin_colour_asymmetry"
    OEDEMA = "oedema"
    SWEATING_CHANGE = "sweating_change"
    SWEATING_ASYMMETRY = "sweating_asymmetry"
    DECREASED_RANGE_OF_MOTION = "decreased_range_of_motion"
    WEAKNESS = "weakness"
    TREMOR = "tremor"
    DYSTONIA = "dystonia"
    HAIR_CHANGE = "hair_change"
    NAIL_CHANGE = "nail_change"
    SKIN_CHANGE = "skin_change"

    @property
    def label(self) -> str:
        """The finding in a clinician's words ("allodynia to light touch")."""
        return self.value.replace("_", " ")


_VASOMOTOR = frozenset(
    {Finding.TEMPERATURE_ASYMMETRY, Finding.SKIN_COLOUR_CHANGE, Finding.SKIN_COLOUR_ASYMMETRY}
)
_SUDOMOTOR_OEDEMA = frozenset({Finding.OEDEMA, Finding.SWEATING_CHANGE, Finding.SWEATING_ASYMMETRY})
_MOTOR_TROPHIC = frozenset(
    {
        Finding.DECREASED_RANGE_OF_MOTION,
        Finding.WEAKNESS,
        Finding.TREMOR,
        Finding.DYSTONIA,
        Finding.HAIR_CHANGE,
        Finding.NAIL_CHANGE,
        Finding.SKIN_CHANGE,
    }
)

SYMPTOMS: Mapping[Category, frozenset[Finding]] = MappingProxyType(
    {
        Category.SENSORY: frozenset({Finding.HYPERESTHESIA, Finding.ALLODYNIA}),
        Category.VASOMOTOR: _VASOMOTOR,
        Category.SUDOMOTOR_OEDEMA: _SUDOMOTOR_OEDEMA,
        Category.MOTOR_TROPHIC: _MOTOR_TROPHIC,
    }
)
"""What a patient can report, by category."""

SIGNS: Mapping[Category, frozenset[Finding]] = MappingProxyType(
    {
        Category.SENSORY: frozenset(
            {
                Finding.HYPERALGESIA_TO_PINPRICK,
                Finding.ALLODYNIA_TO_LIGHT_TOUCH,
                Finding.ALLODYNIA_TO_TEMPERATURE,
                Finding.ALLODYNIA_TO_DEEP_PRESSURE,
                Finding.ALLODYNIA_TO_JOINT_MOVEMENT,
            }
        ),
        Category.VASOMOTOR: _VASOMOTOR,
        Category.SUDOMOTOR_OEDEMA: _SUDOMOTOR_OEDEMA,
        Category.MOTOR_TROPHIC: _MOTOR_TROPHIC,
    }
)
"""What a clinician can see at the visit, by category."""

CLINICAL_SYMPTOM_CATEGORIES = 3
RESEARCH_SYMPTOM_CATEGORIES = 4
SIGN_CATEGORIES = 2


@dataclass(frozen=True)
class BudapestExam:
    """What the clinician recorded at the visit, before any conclusion is drawn.

    ``symptoms`` are what the patient reports; ``signs`` are what the clinician sees
    at the time of the exam. Each must be a finding of the right kind (a patient reports
    allodynia; a clinician sees allodynia to light touch, to temperature, to deep
    pressure or to joint movement), or the exam is refused with a ``ValueError``.
    """

    continuing_disproportionate_pain: bool
    symptoms: frozenset[Finding]
    signs: frozenset[Finding]
    better_explained_by_another_diagnosis: bool

    def __post_init__(self) -> None:
        _require_findings_of_kind(self.symptoms, SYMPTOMS, "a symptom the patient reports")
        _require_findings_of_kind(self.signs, SIGNS, "a sign seen at the exam")


def _require_findings_of_kind(
    findings: Iterable[Finding], allowed: Mapping[Category, frozenset[Finding]], kind: str
) -> None:
    known = frozenset().union(*allowed.values())
    for finding in findings:
        if finding not in known:
            label = finding.label if isinstance(finding, Finding) else repr(finding)
            raise ValueError(f"{label} is not {kind} in the Budapest criteria")


def categories_with(
    findings: frozenset[Finding], table: Mapping[Category, frozenset[Finding]]
) -> frozenset[Category]:
    """The categories in which at least one of the findings appears."""
    return frozenset(category for category, members in table.items() if findings & members)


@dataclass(frozen=True)
class BudapestResult:
    """Which criteria an exam meets, and in plain words what is missing when not."""

    exam: BudapestExam
    symptom_categories: frozenset[Category]
    sign_categories: frozenset[Category]

    @property
    def clinical_criteria_met(self) -> bool:
        return not self.unmet_clinical_criteria

    @property
    def research_criteria_met(self) -> bool:
        return not self.unmet_research_criteria

    @property
    def unmet_clinical_criteria(self) -> tuple[str, ...]:
        """Each part of the clinical criteria that is not met, in plain words."""
        return self._unmet(CLINICAL_SYMPTOM_CATEGORIES, "clinical")

    @property
    def unmet_research_criteria(self) -> tuple[str, ...]:
        """Each part of the research criteria that is not met, in plain words."""
        return self._unmet(RESEARCH_SYMPTOM_CATEGORIES, "research")

    @property
    def explanation(self) -> str:
        """One short paragraph for the consult note: the result, then what is missing."""
        if self.research_criteria_met:
            return (
                "The clinical and the research criteria are both met: symptoms are reported "
                f"in {_count_and_names(self.symptom_categories)} and signs are seen in "
                f"{_count_and_names(self.sign_categories)}."
            )
        if self.clinical_criteria_met:
            missing = " ".join(self.unmet_research_criteria)
            return f"The clinical criteria are met; the research criteria are not. {missing}"
        return f"The clinical criteria are not met. {' '.join(self.unmet_clinical_criteria)}"

    def _unmet(self, symptom_categories_needed: int, criteria: str) -> tuple[str, ...]:
        unmet: list[str] = []
        if not self.exam.continuing_disproportionate_pain:
            unmet.append("Continuing pain out of proportion to any inciting event is not recorded.")
        if len(self.symptom_categories) < symptom_categories_needed:
            unmet.append(
                _too_few(
                    "Symptoms are reported",
                    self.symptom_categories,
                    symptom_categories_needed,
                    criteria,
                )
            )
        if len(self.sign_categories) < SIGN_CATEGORIES:
            unmet.append(
                _too_few("Signs are seen", self.sign_categories, SIGN_CATEGORIES, criteria)
            )
        if self.exam.better_explained_by_another_diagnosis:
            unmet.append("Another diagnosis better explains the signs and symptoms.")
        return tuple(unmet)


def _names(categories: Iterable[Category]) -> str:
    return ", ".join(category.label for category in Category if category in categories)


def _count_and_names(categories: frozenset[Category]) -> str:
    if not categories:
        return "none of the 4 categories"
    return f"{len(categories)} of the 4 categories ({_names(categories)})"


def _too_few(found_what: str, found: frozenset[Category], needed: int, criteria: str) -> str:
    missing = _names(frozenset(Category) - found)
    return (
        f"{found_what} in {_count_and_names(found)}; the {criteria} criteria need {needed} "
        f"(none in {missing})."
    )


def evaluate_budapest(exam: BudapestExam) -> BudapestResult:
    """The result of a recorded exam under the Budapest criteria."""
    return BudapestResult(
        exam=exam,
        symptom_categories=categories_with(exam.symptoms, SYMPTOMS),
        sign_categories=categories_with(exam.signs, SIGNS),
    )
