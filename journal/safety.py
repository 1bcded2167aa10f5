"""The home-session safety gate before a dose, and the red flags in the log after it.

Before: ``check_session_safety`` compares the blood pressure and pulse taken now with the
plan's ``SessionLimits`` (``care.clinical.plan.SessionSafetyLimits``, so a plan's limits are
passed straight in) and reads the patient's checklist; the session may start only when
the verdict lists no problem. Each problem says what to do in plain words.
``should_flag_clinician`` decides when failed vital signs reach the clinician.

After: ``red_flags`` reads the after-session log. Each red flag alerts the clinician at once,
tells the patient what to do now, and opens an adverse event of the grade it carries.
A serious grade holds dosing until the clinician closes the event.

A *severe reaction* here means confusion together with vomiting (the person may not be able
to keep their airway clear or look after themselves), or confusion together with the
strongest possible dissociation (10 of 10).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from itertools import pairwise

from care.clinical.plan import SessionSafetyLimits
from care.clinical.vitals import is_believable_blood_pressure, is_believable_reading

VERY_HIGH_SYSTOLIC = 180
VERY_HIGH_DIASTOLIC = 110
FLAG_WINDOW = timedelta(days=7)
NINE_ONE_ONE = "911"
CRISIS_LINE = "988"

SessionLimits = SessionSafetyLimits
"""The plan's home-session limits: no dose at ``no_dose_systolic_from`` or
``no_dose_diastolic_from`` or above, or with a pulse over ``no_dose_heart_rate_above``.
Defined once, in ``care.clinical.plan``, with the practice's 160/100 and 100 as defaults."""


@dataclass(frozen=True, slots=True)
class VitalSigns:
    """Blood pressure (mmHg) and pulse (beats a minute), and when they were taken."""

    systolic: int
    diastolic: int
    heart_rate: int
    taken_at: datetime


@dataclass(frozen=True, slots=True)
class SessionChecklist:
    """The patient's answers to the four checks before a session."""

    monitor_present: bool
    nothing_eaten_for_two_hours: bool
    no_driving_for_rest_of_day: bool
    safe_place_to_rest: bool


class SafetyItem(StrEnum):
    """One check of the gate that can fail."""

    READING = "reading"
    BLOOD_PRESSURE = "blood_pressure"
    HEART_RATE = "heart_rate"
    MONITOR = "monitor"
    FASTING = "fasting"
    DRIVING = "driving"
    SAFE_PLACE = "safe_place"

    @property
    def is_vital_sign(self) -> bool:
        """Whether the check is a measurement rather than a checklist answer."""
        return self in (SafetyItem.BLOOD_PRESSURE, SafetyItem.HEART_RATE)


@dataclass(frozen=True, slots=True)
class SafetyProblem:
    """A failed check and what the patient should do about it."""

    item: SafetyItem
    what_to_do: str


@dataclass(frozen=True, slots=True)
class SafetyVerdict:
    """The gate's answer for one attempt to start a session."""

    checked_at: datetime
    problems: tuple[SafetyProblem, ...]
    very_high_blood_pressure: bool = False

    @property
    def may_start(self) -> bool:
        """Whether the session may start: true only when no check failed."""
        return not self.problems

    @property
    def vital_signs_failed(self) -> bool:
        """Whether the blood pressure or pulse was over the plan's limits."""
        return any(problem.item.is_vital_sign for problem in self.problems)

    @property
    def failed_items(self) -> tuple[SafetyItem, ...]:
        """The checks that failed, in the order they are shown."""
        return tuple(problem.item for problem in self.problems)


def check_session_safety(
    limits: SessionLimits, readings: VitalSigns, checklist: SessionChecklist
) -> SafetyVerdict:
    """The verdict on one attempt to start a home session: every failed check, with advice.

    A reading that cannot be right (see ``is_believable_reading``) fails as a reading to
    take again, so a typing slip such as 12/8 never lets a dose through.
    """
    believable = is_believable_reading(readings.systolic, readings.diastolic, readings.heart_rate)
    very_high = believable and is_very_high_blood_pressure(readings.systolic, readings.diastolic)
    problems: list[SafetyProblem] = []
    if not believable:
        problems.append(SafetyProblem(SafetyItem.READING, _READING_ADVICE))
    elif (
        readings.systolic >= limits.no_dose_systolic_from
        or readings.diastolic >= limits.no_dose_diastolic_from
    ):
        problems.append(
            SafetyProblem(SafetyItem.BLOOD_PRESSURE, _blood_pressure_advice(limits, very_high))
        )
    if believable and readings.heart_rate > limits.no_dose_heart_rate_above:
        problems.append(SafetyProblem(SafetyItem.HEART_RATE, _heart_rate_advice(limits)))
    problems.extend(
        SafetyProblem(item, _CHECKLIST_ADVICE[item])
        for item, passed in _checklist_answers(checklist).items()
        if not passed
    )
    return SafetyVerdict(readings.taken_at, tuple(problems), very_high)


def should_flag_clinician(recent_verdicts: Iterable[SafetyVerdict]) -> bool:
    """Whether failed vital signs must now reach the clinician.

    True when the vital signs failed twice within 7 days of each other (a re-check after
    rest that fails again counts), or once with a very high blood pressure (180/110 or
    more), which the clinician should hear about the same day.
    """
    failed = [verdict for verdict in recent_verdicts if verdict.vital_signs_failed]
    if any(verdict.very_high_blood_pressure for verdict in failed):
        return True
    times = sorted(verdict.checked_at for verdict in failed)
    return any(later - earlier <= FLAG_WINDOW for earlier, later in pairwise(times))


def is_very_high_blood_pressure(systolic: int, diastolic: int) -> bool:
    """Whether a blood pressure is very high: 180 or more on top, or 110 or more below."""
    return systolic >= VERY_HIGH_SYSTOLIC or diastolic >= VERY_HIGH_DIASTOLIC


def _checklist_answers(checklist: SessionChecklist) -> Mapping[SafetyItem, bool]:
    return {
        SafetyItem.MONITOR: checklist.monitor_present,
        SafetyItem.FASTING: checklist.nothing_eaten_for_two_hours,
        SafetyItem.DRIVING: checklist.no_driving_for_rest_of_day,
        SafetyItem.SAFE_PLACE: checklist.safe_place_to_rest,
    }


def _blood_pressure_advice(limits: SessionLimits, very_high: bool) -> str:
    advice = (
        "Your blood pressure is too high for a dose right now. Sit and rest quietly for "
        "15 minutes, then measure it again. If it is still "
        f"{limits.no_dose_systolic_from}/{limits.no_dose_diastolic_from} or higher, do not "
        "take your dose today. If this happens again, your clinician will be told."
    )
    if very_high:
        advice += (
            " Your reading is very high. If you have chest pain, a bad headache, trouble "
            f"breathing, weakness, or trouble seeing or speaking, call {NINE_ONE_ONE} now."
        )
    return advice


def _heart_rate_advice(limits: SessionLimits) -> str:
    return (
        "Your pulse is too fast for a dose right now. Sit and rest quietly for 15 minutes, "
        "breathing slowly, then measure it again. If it is still over "
        f"{limits.no_dose_heart_rate_above} beats a minute, do not take your dose today. "
        "If this happens again, your clinician will be told."
    )


_READING_ADVICE = (
    "Those numbers cannot be right, so no dose yet. Check the cuff is on your bare upper "
    "arm, sit quietly for 5 minutes, then measure again and enter the numbers as shown."
)

_CHECKLIST_ADVICE: Mapping[SafetyItem, str] = {
    SafetyItem.MONITOR: (
        "Your treatment monitor needs to be with you, within earshot, for the whole session. "
        "Wait until they are there before you start."
    ),
    SafetyItem.FASTING: (
        "Eating shortly before a dose can make you sick. Wait until two hours have passed "
        "since you last ate. Sips of water are fine."
    ),
    SafetyItem.DRIVING: (
        "Do not drive, cycle, cook on a stove or do anything risky for the rest of the day "
        "after a dose. If you cannot keep today free of that, skip today's session."
    ),
    SafetyItem.SAFE_PLACE: (
        "Find a bed, sofa or reclining chair where you can sit or lie down safely, away from "
        "stairs and sharp edges, before you start."
    ),
}


class SideEffect(StrEnum):
    """A side effect the patient can tick in the after-session log."""

    NAUSEA = "nausea"
    VOMITING = "vomiting"
    DIZZINESS = "dizziness"
    HEADACHE = "headache"
    CONFUSION = "confusion"
    ANXIETY = "anxiety"
    BLADDER = "bladder"
    """Bladder pain, or a sudden urgent need to pass urine."""


class AdverseEventGrade(StrEnum):
    """How bad an adverse event is; a serious one holds dosing until the clinician closes it."""

    MILD = "mild"
    MODERATE = "moderate"
    SERIOUS = "serious"

    @property
    def holds_dosing(self) -> bool:
        """Whether an open event of this grade stops the page offering a dose."""
        return self is AdverseEventGrade.SERIOUS


class RedFlagKind(StrEnum):
    """What went wrong after a session that the clinician must hear about at once."""

    SELF_HARM_THOUGHTS = "self_harm_thoughts"
    VERY_HIGH_BLOOD_PRESSURE = "very_high_blood_pressure"
    SEVERE_REACTION = "severe_reaction"
    BLADDER_SYMPTOMS = "bladder_symptoms"


@dataclass(frozen=True, slots=True)
class BloodPressure:
    """A blood pressure reading in mmHg."""

    systolic: int
    diastolic: int


@dataclass(frozen=True, slots=True)
class AfterSessionLog:
    """What the patient records when the session is over.

    ``pain_now`` and ``dissociation`` (how detached or dream-like it felt) are 0 to 10.
    """

    pain_now: int
    dissociation: int
    side_effects: frozenset[SideEffect] = field(default_factory=frozenset)
    blood_pressure: BloodPressure | None = None
    self_harm_thoughts: bool = False
    note: str = ""


@dataclass(frozen=True, slots=True)
class RedFlag:
    """One red flag: its kind, the adverse-event grade it opens, and what to do now."""

    kind: RedFlagKind
    grade: AdverseEventGrade
    what_to_do: str


def red_flags(after_log: AfterSessionLog) -> list[RedFlag]:
    """Every red flag in an after-session log, the most urgent first; empty when none."""
    return [
        RedFlag(kind, _RED_FLAG_GRADES[kind], _RED_FLAG_ADVICE[kind])
        for kind, raised in (
            (RedFlagKind.SELF_HARM_THOUGHTS, after_log.self_harm_thoughts),
            (RedFlagKind.VERY_HIGH_BLOOD_PRESSURE, _very_high_after(after_log)),
            (RedFlagKind.SEVERE_REACTION, is_severe_reaction(after_log)),
            (RedFlagKind.BLADDER_SYMPTOMS, SideEffect.BLADDER in after_log.side_effects),
        )
        if raised
    ]


def is_severe_reaction(after_log: AfterSessionLog) -> bool:
    """Confusion with vomiting, or confusion with dissociation at 10 of 10."""
    if SideEffect.CONFUSION not in after_log.side_effects:
        return False
    return SideEffect.VOMITING in after_log.side_effects or after_log.dissociation >= 10


def validate_after_log(after_log: AfterSessionLog) -> list[str]:
    """Problems with an after-session log, in plain words; empty when it can be recorded."""
    problems = [
        f"{name} takes a whole number from 0 to 10."
        for name, value in (
            ("Pain now", after_log.pain_now),
            ("How detached it felt", after_log.dissociation),
        )
        if not 0 <= value <= 10
    ]
    pressure = after_log.blood_pressure
    if pressure is not None and not is_believable_blood_pressure(
        pressure.systolic, pressure.diastolic
    ):
        problems.append("The blood pressure does not look right. Please check both numbers.")
    return problems


def _very_high_after(after_log: AfterSessionLog) -> bool:
    pressure = after_log.blood_pressure
    return pressure is not None and is_very_high_blood_pressure(
        pressure.systolic, pressure.diastolic
    )


_RED_FLAG_GRADES: Mapping[RedFlagKind, AdverseEventGrade] = {
    RedFlagKind.SELF_HARM_THOUGHTS: AdverseEventGrade.SERIOUS,
    RedFlagKind.VERY_HIGH_BLOOD_PRESSURE: AdverseEventGrade.SERIOUS,
    RedFlagKind.SEVERE_REACTION: AdverseEventGrade.SERIOUS,
    RedFlagKind.BLADDER_SYMPTOMS: AdverseEventGrade.MODERATE,
}

_RED_FLAG_ADVICE: Mapping[RedFlagKind, str] = {
    RedFlagKind.SELF_HARM_THOUGHTS: (
        f"Call or text {CRISIS_LINE} now to talk to someone. If you might act on these "
        f"thoughts, call {NINE_ONE_ONE}. Ask your treatment monitor to stay with you. "
        "Your clinician has been told and will contact you today."
    ),
    RedFlagKind.VERY_HIGH_BLOOD_PRESSURE: (
        "Sit quietly and measure your blood pressure again in 15 minutes. If you have chest "
        "pain, a bad headache, trouble breathing, weakness, or trouble seeing or speaking, "
        f"call {NINE_ONE_ONE} now. Your clinician has been told, and no more doses until "
        "they have spoken with you."
    ),
    RedFlagKind.SEVERE_REACTION: (
        "Lie on your side, not on your back, and have your treatment monitor stay with you. "
        "If you cannot be woken, struggle to breathe, or keep vomiting, they should call "
        f"{NINE_ONE_ONE}. Your clinician has been told, and no more doses until they have "
        "spoken with you."
    ),
    RedFlagKind.BLADDER_SYMPTOMS: (
        "Drink water through the day. If you see blood in your urine, cannot pass urine, or "
        "have a fever, get urgent care today. Your clinician has been told and will talk "
        "with you before your next session."
    ),
}
