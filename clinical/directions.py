"""A prescription's directions, written from structured fields as one sentence a patient
cannot misread.

Confusing dose instructions have led to real overdoses, so the directions are never typed
by hand: the clinician chooses the form, strength, number of units, the most doses a week
and the time under the tongue, and ``write_directions`` turns them into words. Every
number is a numeral, the dose is stated in units and in mg, and there is never a range
("1-2"), never "as needed", and never more than the plan allows.

``check_directions`` refuses, with the reason, any set of fields that would be ambiguous
or unsafe: a part of a unit, more than 2 units in a dose, more than one dose a day, a
time under the tongue outside 10 to 30 minutes, or more than the plan allows.
"""

from dataclasses import dataclass
from enum import StrEnum
from typing import TypeIs

from clinical.plan import PhaseDoseLimits, dose_above_plan, doses_per_week_above_plan

MOST_UNITS_PER_DOSE = 2
MOST_DOSES_PER_DAY = 1
MOST_DOSES_PER_WEEK = 7
SHORTEST_HOLD_MINUTES = 10
LONGEST_HOLD_MINUTES = 30


class DosageForm(StrEnum):
    """The compounded sublingual forms the practice prescribes."""

    TROCHE = "troche"
    RAPID_DISSOLVE_TABLET = "rapid_dissolve_tablet"

    def units(self, count: int) -> str:
        """The count with the form's noun: "1 troche", "2 rapid-dissolve tablets"."""
        noun = self.value.replace("_", "-", 1).replace("_", " ")
        return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


@dataclass(frozen=True)
class Directions:
    """The structured fields the directions sentence is written from."""

    form: DosageForm
    strength_mg: int
    units_per_dose: int
    max_doses_per_week: int
    hold_minutes: int
    max_doses_per_day: int = 1

    @property
    def mg_per_dose(self) -> int:
        return self.strength_mg * self.units_per_dose


class UnclearDirections(ValueError):
    """Directions that cannot be written because their fields are ambiguous or unsafe."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__(" ".join(reasons))
        self.reasons = reasons


def _is_whole(value: object) -> TypeIs[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def check_directions(directions: Directions, limits: PhaseDoseLimits | None = None) -> list[str]:
    """Why these fields cannot make clear, safe directions, in plain words; [] when they can.

    With ``limits`` (the plan's current phase), a dose or a weekly number of doses above
    the plan is refused too.
    """
    problems = [
        reason
        for reason in (
            _check_form(directions.form),
            _check_strength(directions.strength_mg),
            _check_units(directions),
            _check_doses_per_day(directions.max_doses_per_day),
            _check_doses_per_week(directions.max_doses_per_week),
            _check_hold(directions.hold_minutes),
        )
        if reason
    ]
    if problems:
        return problems
    if limits is not None:
        problems += [
            reason
            for reason in (
                dose_above_plan(limits, directions.mg_per_dose),
                doses_per_week_above_plan(limits, directions.max_doses_per_week),
            )
            if reason
        ]
    return problems


def _check_form(form: object) -> str | None:
    if isinstance(form, DosageForm):
        return None
    return "Choose the form: a troche or a rapid-dissolve tablet."


def _check_strength(strength_mg: object) -> str | None:
    if _is_whole(strength_mg) and strength_mg > 0:
        return None
    return "The strength must be a whole number of mg, at least 1."


def _check_units(directions: Directions) -> str | None:
    units = directions.units_per_dose
    if not _is_whole(units):
        return "A dose must be a whole number of units, 1 or 2: never part of a troche or tablet."
    if units < 1:
        return "A dose must be at least 1 unit."
    if units > MOST_UNITS_PER_DOSE:
        return (
            f"A dose can be at most {MOST_UNITS_PER_DOSE} units; prescribe a higher "
            "strength rather than more units."
        )
    return None


def _check_doses_per_day(doses: object) -> str | None:
    if _is_whole(doses) and doses == MOST_DOSES_PER_DAY:
        return None
    return "The directions allow 1 dose a day at the most, never more."


def _check_doses_per_week(doses: object) -> str | None:
    if _is_whole(doses) and 1 <= doses <= MOST_DOSES_PER_WEEK:
        return None
    return f"The weekly limit must be a whole number of doses from 1 to {MOST_DOSES_PER_WEEK}."


def _check_hold(minutes: object) -> str | None:
    if _is_whole(minutes) and SHORTEST_HOLD_MINUTES <= minutes <= LONGEST_HOLD_MINUTES:
        return None
    return (
        "The time under the tongue must be a whole number of minutes from "
        f"{SHORTEST_HOLD_MINUTES} to {LONGEST_HOLD_MINUTES}."
    )


def write_directions(directions: Directions, limits: PhaseDoseLimits | None = None) -> str:
    """The directions as the patient reads them on the label and in the portal.

    Raises ``UnclearDirections`` with every reason when ``check_directions`` finds any.
    """
    problems = check_directions(directions, limits)
    if problems:
        raise UnclearDirections(problems)
    units = directions.units_per_dose
    if units == 1:
        amount = f"{directions.form.units(1)} ({directions.strength_mg} mg)"
        it = "it"
    else:
        amount = (
            f"{directions.form.units(units)} ({directions.strength_mg} mg each, "
            f"{directions.mg_per_dose} mg in all)"
        )
        it = "them"
    weekly = directions.max_doses_per_week
    return (
        f"Place {amount} under your tongue and let {it} dissolve without swallowing for "
        f"{directions.hold_minutes} minutes, then spit out what is left. "
        f"Take 1 dose at most once a day and no more than {weekly} "
        f"{'dose' if weekly == 1 else 'doses'} in 7 days, only with your treatment monitor "
        "present."
    )
