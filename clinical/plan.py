"""A treatment plan's dose limits and home-session safety limits.

A plan has an induction phase and a maintenance phase, each with a dose per session in
mg and a most sessions per week that the clinician writes (the dose is never defaulted),
and safety limits that default to the practice's: no dose when blood pressure is 160/100
or above, or the pulse is over 100. A clinician may make the safety limits stricter for
a patient, never looser.

``check_plan_limits`` says what is wrong with a plan before it is saved. The home-session
gate that applies the safety limits is ``clinical.safety.check_session_start``.
"""

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TypeIs

from clinical.policy import DEFAULT_POLICY

MOST_SESSIONS_PER_WEEK = 7
"""One session a day at the most."""

PRACTICE_SYSTOLIC_LIMIT = 160
PRACTICE_DIASTOLIC_LIMIT = 100
PRACTICE_HEART_RATE_LIMIT = 100

LOWEST_SYSTOLIC_LIMIT = 120
LOWEST_DIASTOLIC_LIMIT = 70
LOWEST_HEART_RATE_LIMIT = 60


class Phase(StrEnum):
    INDUCTION = "induction"
    MAINTENANCE = "maintenance"


@dataclass(frozen=True)
class PhaseDoseLimits:
    """The most a patient may take in one phase of the plan."""

    mg_per_session: int
    sessions_per_week: int


@dataclass(frozen=True)
class SessionSafetyLimits:
    """When not to dose at home: at or above either blood pressure number, or above the pulse."""

    no_dose_systolic_from: int = PRACTICE_SYSTOLIC_LIMIT
    no_dose_diastolic_from: int = PRACTICE_DIASTOLIC_LIMIT
    no_dose_heart_rate_above: int = PRACTICE_HEART_RATE_LIMIT


@dataclass(frozen=True)
class PlanLimits:
    """A treatment plan's limits: the dose in each phase and the home-session safety limits."""

    induction: PhaseDoseLimits
    maintenance: PhaseDoseLimits
    safety: SessionSafetyLimits = field(default_factory=SessionSafetyLimits)

    def for_phase(self, phase: Phase) -> PhaseDoseLimits:
        return self.induction if phase is Phase.INDUCTION else self.maintenance


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _is_whole(value: object) -> TypeIs[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def check_plan_limits(
    plan: PlanLimits, ceiling_mg: int = DEFAULT_POLICY.dose_ceiling_mg
) -> list[str]:
    """What is wrong with a plan's limits, in plain words; [] when they are sound.

    No phase may allow more than the practice's dose ceiling (``ceiling_mg``).
    """
    problems = [
        *_check_phase("induction", plan.induction, ceiling_mg),
        *_check_phase("maintenance", plan.maintenance, ceiling_mg),
        *_check_safety(plan.safety),
    ]
    if problems:
        return problems
    if plan.maintenance.mg_per_session > plan.induction.mg_per_session:
        problems.append(
            f"The maintenance dose ({plan.maintenance.mg_per_session} mg) is above the "
            f"induction dose ({plan.induction.mg_per_session} mg); maintenance is never more."
        )
    if plan.maintenance.sessions_per_week > plan.induction.sessions_per_week:
        problems.append(
            f"Maintenance allows {plan.maintenance.sessions_per_week} sessions a week, more "
            f"than induction's {plan.induction.sessions_per_week}; maintenance is never more."
        )
    return problems


def _check_phase(name: str, phase: PhaseDoseLimits, ceiling_mg: int) -> list[str]:
    problems: list[str] = []
    mg = phase.mg_per_session
    if not _is_whole(mg) or mg < 1:
        problems.append(f"The {name} dose must be a whole number of mg, at least 1.")
    elif mg > ceiling_mg:
        problems.append(
            f"The {name} dose of {mg} mg is above the practice's ceiling of {ceiling_mg} mg "
            "a session."
        )
    sessions = phase.sessions_per_week
    if not _is_whole(sessions) or not 1 <= sessions <= MOST_SESSIONS_PER_WEEK:
        problems.append(
            f"The {name} phase must allow a whole number of sessions a week from 1 to "
            f"{MOST_SESSIONS_PER_WEEK} (at most one a day)."
        )
    return problems


def _check_safety(safety: SessionSafetyLimits) -> list[str]:
    limits = (
        (
            "top blood pressure number",
            safety.no_dose_systolic_from,
            LOWEST_SYSTOLIC_LIMIT,
            PRACTICE_SYSTOLIC_LIMIT,
        ),
        (
            "bottom blood pressure number",
            safety.no_dose_diastolic_from,
            LOWEST_DIASTOLIC_LIMIT,
            PRACTICE_DIASTOLIC_LIMIT,
        ),
        (
            "pulse",
            safety.no_dose_heart_rate_above,
            LOWEST_HEART_RATE_LIMIT,
            PRACTICE_HEART_RATE_LIMIT,
        ),
    )
    return [
        f"The {name} limit must be a whole number from {lowest} to {practice}: a plan may "
        f"be stricter than the practice's {practice}, never looser."
        for name, value, lowest, practice in limits
        if not _is_whole(value) or not lowest <= value <= practice
    ]


def dose_above_plan(limits: PhaseDoseLimits, mg_per_dose: int) -> str | None:
    """Why a dose is more than the plan allows in one session, or None when it is within."""
    if mg_per_dose <= limits.mg_per_session:
        return None
    return f"A dose of {mg_per_dose} mg is above the plan's {limits.mg_per_session} mg a session."


def doses_per_week_above_plan(limits: PhaseDoseLimits, doses_per_week: int) -> str | None:
    """Why a weekly number of doses is more than the plan allows, or None when it is within."""
    if doses_per_week <= limits.sessions_per_week:
        return None
    return (
        f"The plan allows {_count(limits.sessions_per_week, 'session')} a week at the most; "
        f"{doses_per_week} doses a week is more."
    )
