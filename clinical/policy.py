"""The practice's safety policy: the numbers the medical director may make stricter.

Each number here is a default from the clinical-safety contract
(``shared/contracts/clinical-safety.md``, where it is marked *(policy)*). A practice may
set any of them stricter in ``CLINICAL_SAFETY_POLICY`` (settings), never looser:
``SafetyPolicy.stricter`` refuses a looser value with the reason, and the settings refuse
to start with one. ``manage.py simulate`` always uses the defaults.

Which way is stricter depends on the number: a lower dose ceiling is stricter, a higher
blood-pressure floor is stricter. ``DIRECTION`` says which way each number may move.
"""

from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import Enum
from fractions import Fraction
from typing import Any


class Stricter(Enum):
    """Which way a policy number may move."""

    LOWER = "lower"
    HIGHER = "higher"


@dataclass(frozen=True)
class SafetyPolicy:
    """The policy numbers of prescribing, home sessions and refills."""

    weight_valid_days: int = 90
    """A weight counts for dosing for this many days after the day it was recorded."""
    video_visit_within_days: int = 90
    """A prescription needs an audio-video visit with the prescriber within this many days."""
    dose_ceiling_mg: int = 300
    """No dose above this many mg ..."""
    dose_ceiling_mg_per_kg: Fraction = Fraction(5)
    """... nor above this many mg per kg of body weight (rounded down to a whole mg)."""
    starting_dose_mg: int = 150
    """A first prescription (no dose taken yet) is at most this many mg ..."""
    starting_dose_mg_per_kg: Fraction = Fraction(2)
    """... and at most this many mg per kg."""
    step_up_factor: Fraction = Fraction(3, 2)
    """A new dose is at most this many times the highest dose taken so far."""
    sessions_before_step_up: int = 2
    """A dose goes up only after this many sessions at the highest dose taken so far."""
    low_systolic_below: int = 90
    low_diastolic_below: int = 50
    low_pulse_below: int = 50
    """No dose at home below these numbers: low blood pressure and a slow pulse."""
    hours_between_doses: int = 20
    """At most one dose a day, measured as elapsed time between session starts."""
    refill_from_percent_used: int = 50
    """A refill may be asked for once this share of the fill on hand has been taken."""
    escalate_after_hours: int = 2
    """An urgent flag or serious adverse event nobody has seen to by then goes to every
    clinician licensed in the patient's state and to the medical director."""
    welfare_check_after_hours: int = 6
    """A session started with no after-log this long after raises a welfare flag."""

    def stricter(self, **overrides: Any) -> "SafetyPolicy":
        """This policy with some numbers changed; a looser or unknown one raises ValueError."""
        problems = [
            problem
            for name, value in overrides.items()
            if (problem := self._refusal(name, value)) is not None
        ]
        if problems:
            raise ValueError(" ".join(problems))
        changes: dict[str, Any] = {
            name: _converted(name, value) for name, value in overrides.items()
        }
        return replace(self, **changes)

    def _refusal(self, name: str, value: object) -> str | None:
        if name not in DIRECTION:
            return f"{name} is not a policy number (known: {', '.join(sorted(DIRECTION))})."
        number = _converted(name, value)
        if number is None or number <= 0:
            whole = isinstance(getattr(DEFAULT_POLICY, name), int)
            return f"{name} must be a {'whole ' if whole else ''}number above 0."
        default = getattr(DEFAULT_POLICY, name)
        looser = number > default if DIRECTION[name] is Stricter.LOWER else number < default
        if looser:
            way = "at most" if DIRECTION[name] is Stricter.LOWER else "at least"
            return f"{name} may only be made stricter: {way} {default}, not {value}."
        return None


def _converted(name: str, value: object) -> Fraction | int | None:
    """The value as the policy keeps it (a whole number where the default is one), or None."""
    if isinstance(value, bool) or not isinstance(value, int | float | str | Fraction):
        return None
    try:
        number = Fraction(value)
    except (ValueError, ZeroDivisionError):
        return None
    if isinstance(getattr(DEFAULT_POLICY, name), int):
        return int(number) if number.denominator == 1 else None
    return number


DIRECTION: Mapping[str, Stricter] = {
    "weight_valid_days": Stricter.LOWER,
    "video_visit_within_days": Stricter.LOWER,
    "dose_ceiling_mg": Stricter.LOWER,
    "dose_ceiling_mg_per_kg": Stricter.LOWER,
    "starting_dose_mg": Stricter.LOWER,
    "starting_dose_mg_per_kg": Stricter.LOWER,
    "step_up_factor": Stricter.LOWER,
    "sessions_before_step_up": Stricter.HIGHER,
    "low_systolic_below": Stricter.HIGHER,
    "low_diastolic_below": Stricter.HIGHER,
    "low_pulse_below": Stricter.HIGHER,
    "hours_between_doses": Stricter.HIGHER,
    "refill_from_percent_used": Stricter.HIGHER,
    "escalate_after_hours": Stricter.LOWER,
    "welfare_check_after_hours": Stricter.LOWER,
}

DEFAULT_POLICY = SafetyPolicy()
