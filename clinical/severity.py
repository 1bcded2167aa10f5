"""The CRPS Severity Score: 16 present-or-absent items, scored 0 to 16.

The clinician records it at the first consult (the baseline) and at follow-ups;
``compare`` says whether the change between two scores is a real change. Eight items
are symptoms the patient reports and eight are signs the clinician sees; each present
item scores one point.

Sources: Harden RN, Bruehl S, Perez RSGM, et al. Development of a severity score for
CRPS. Pain 2010;151(3):870-876. Harden RN, Maihofner C, Abousaad E, et al. A
prospective, multisite, international validation of the Complex Regional Pain Syndrome
Severity Score. Pain 2017;158(8):1430-1436, which scores the 16 items used here and
found that a change of 4.9 points or more is a real difference (95% confidence); the
practice counts a change of 5 whole points or more as real.
"""

from dataclasses import dataclass
from enum import StrEnum

MEANINGFUL_CHANGE = 5
"""The smallest change in whole points that counts as a real change."""


class ReportedSymptom(StrEnum):
    """The eight symptoms the patient reports, in the order of the published sheet."""

    CONTINUING_PAIN = "continuing_pain"
    ALLODYNIA_OR_HYPERALGESIA = "allodynia_or_hyperalgesia"
    TEMPERATURE_ASYMMETRY = "temperature_asymmetry"
    COLOUR_ASYMMETRY = "colour_asymmetry"
    SWEATING_ASYMMETRY = "sweating_asymmetry"
    OEDEMA = "oedema"
    TROPHIC_CHANGES = "trophic_changes"
    MOTOR_CHANGES = "motor_changes"


class SignSeen(StrEnum):
    """The eight signs the clinician sees at the exam, in the order of the published sheet."""

    HYPERALGESIA_TO_PINPRICK = "hyperalgesia_to_pinprick"
    ALLODYNIA = "allodynia"
    TEMPERATURE_ASYMMETRY = "temperature_asymmetry"
    COLOUR_ASYMMETRY = "colour_asymmetry"
    SWEATING_ASYMMETRY = "sweating_asymmetry"
    ASYMMETRIC_OEDEMA = "asymmetric_oedema"
    TROPHIC_CHANGES = "trophic_changes"
    MOTOR_CHANGES = "motor_changes"


HIGHEST_SCORE = len(ReportedSymptom) + len(SignSeen)


@dataclass(frozen=True)
class CrpsSeverityScore:
    """One CRPS Severity Score: which items are present. Every item not listed is absent."""

    symptoms: frozenset[ReportedSymptom]
    signs: frozenset[SignSeen]

    def __post_init__(self) -> None:
        for symptom in self.symptoms:
            if not isinstance(symptom, ReportedSymptom):
                raise ValueError(f"{symptom!r} is not a symptom item of the CRPS Severity Score")
        for sign in self.signs:
            if not isinstance(sign, SignSeen):
                raise ValueError(f"{sign!r} is not a sign item of the CRPS Severity Score")

    @property
    def total(self) -> int:
        """The score, 0 to 16: one point for each item present."""
        return len(self.symptoms) + len(self.signs)


class Direction(StrEnum):
    """Which way the score moved. A lower score means less severe CRPS."""

    LOWER = "lower"
    HIGHER = "higher"
    SAME = "same"


@dataclass(frozen=True)
class SeverityChange:
    """The change from a baseline score to a follow-up score, and what it means."""

    baseline: int
    follow_up: int

    @property
    def points(self) -> int:
        """Follow-up minus baseline: negative when the CRPS is less severe."""
        return self.follow_up - self.baseline

    @property
    def direction(self) -> Direction:
        if self.points < 0:
            return Direction.LOWER
        if self.points > 0:
            return Direction.HIGHER
        return Direction.SAME

    @property
    def meaningful(self) -> bool:
        """Whether the change is large enough to be a real change, not ordinary variation."""
        return abs(self.points) >= MEANINGFUL_CHANGE

    @property
    def in_words(self) -> str:
        """The change in one sentence for the chart."""
        if self.direction is Direction.SAME:
            return f"No change: the CRPS Severity Score is {self.baseline} at both visits."
        moved = "fell" if self.direction is Direction.LOWER else "rose"
        what = (
            f"the CRPS Severity Score {moved} by {abs(self.points)} "
            f"{_points(abs(self.points))}, from {self.baseline} to {self.follow_up}"
        )
        if not self.meaningful:
            return (
                f"No real change: {what}, less than the {MEANINGFUL_CHANGE} points "
                "that mark a real change."
            )
        verdict = "Better" if self.direction is Direction.LOWER else "Worse"
        return f"{verdict}: {what}, a real change ({MEANINGFUL_CHANGE} points or more)."


def _points(count: int) -> str:
    return "point" if count == 1 else "points"


def compare(baseline: CrpsSeverityScore, follow_up: CrpsSeverityScore) -> SeverityChange:
    """How a follow-up score compares with the baseline."""
    return SeverityChange(baseline=baseline.total, follow_up=follow_up.total)
