"""The most a home-session page may offer now.

``dose_offer`` caps the prescribed dose by every limit at once: the plan's most mg per
session, the sessions allowed in a rolling week (the plan's or the prescription's, whichever
is fewer), the prescription's doses a day, the units left in the fill, and a hold while a
serious adverse event is open. With no fill on hand (``supply_left_units`` is None: nothing
delivered or on its way) the offer is zero and says so. The rolling week is the 7 days
ending today, today included. A session dated after today (a clock or time-zone slip)
still counts towards the week, so a wrong date can only make the page more careful.

The plan's limits are ``care.clinical.plan.PhaseDoseLimits`` (the limits of the plan's
current phase), named ``PlanDoseLimits`` here. Doses are whole dosage units (troches or
rapid-dissolve tablets of one strength). When the supply left or the plan's mg is below the
prescribed dose, the offer is the smaller number of units and says so; the page decides
whether to show a part dose or none.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from care.clinical.plan import PhaseDoseLimits

ROLLING_WEEK_DAYS = 7

PlanDoseLimits = PhaseDoseLimits


@dataclass(frozen=True, slots=True)
class PrescribedDose:
    """The prescription's dose: whole units of one strength, and how often it may be taken.

    The fields are named as in ``care.clinical.directions.Directions``.
    """

    strength_mg: int
    units_per_dose: int
    max_doses_per_week: int
    max_doses_per_day: int = 1

    def __post_init__(self) -> None:
        if self.strength_mg <= 0:
            raise ValueError("the strength must be more than 0 mg")
        if min(self.units_per_dose, self.max_doses_per_week, self.max_doses_per_day) < 1:
            raise ValueError("a dose is at least one unit, taken at least once")


class DoseLimit(StrEnum):
    """A reason the offer is below the prescribed dose."""

    ON_HOLD = "on_hold"
    DAILY_DOSES = "daily_doses"
    WEEKLY_SESSIONS = "weekly_sessions"
    SUPPLY = "supply"
    NO_FILL = "no_fill"
    PLAN_PER_SESSION = "plan_per_session"


@dataclass(frozen=True, slots=True)
class DoseOffer:
    """The most the page may offer now, and every limit that held it below the prescription."""

    units: int
    mg: int
    prescribed_units: int
    limits: tuple[DoseLimit, ...]
    reasons: tuple[str, ...]
    next_session_from: date | None = None
    """When the day's or week's limit holds the offer at zero: the first day a dose fits."""

    @property
    def may_dose(self) -> bool:
        """Whether any dose may be offered at all."""
        return self.units > 0

    @property
    def is_full_dose(self) -> bool:
        """Whether the offer is the whole prescribed dose."""
        return self.units == self.prescribed_units


def sessions_in_rolling_week(session_dates: Iterable[date], today: date) -> list[date]:
    """The sessions in the 7 days ending today (later dates count as well), newest first."""
    first_day = today - timedelta(days=ROLLING_WEEK_DAYS - 1)
    return sorted((day for day in session_dates if day >= first_day), reverse=True)


def sessions_allowed_per_week(plan_limits: PlanDoseLimits, prescription: PrescribedDose) -> int:
    """The fewer of the plan's sessions a week and the prescription's doses a week."""
    return min(plan_limits.sessions_per_week, prescription.max_doses_per_week)


def has_room_on(day: date, session_dates: Sequence[date], per_week: int, per_day: int) -> bool:
    """Whether one more session fits on ``day`` under a weekly and a daily limit."""
    on_the_day = sum(1 for session in session_dates if session == day)
    return len(sessions_in_rolling_week(session_dates, day)) < per_week and on_the_day < per_day


def next_session_from(
    session_dates: Sequence[date], today: date, per_week: int, per_day: int
) -> date | None:
    """The first day after today with room for a session (None when none comes in a week)."""
    for offset in range(1, ROLLING_WEEK_DAYS + 1):
        day = today + timedelta(days=offset)
        if has_room_on(day, session_dates, per_week, per_day):
            return day
    return None


def dose_offer(
    plan_limits: PlanDoseLimits,
    prescription: PrescribedDose,
    sessions_this_week: Iterable[date],
    supply_left_units: int | None,
    on_hold: bool,
    *,
    today: date,
) -> DoseOffer:
    """The most the page may offer today.

    ``sessions_this_week`` are the dates of the patient's recent sessions (any span; only
    those in the rolling week count). ``supply_left_units`` is what is left in the fill the
    dose would come from, or None when no fill is on hand. ``on_hold`` is true while a
    serious adverse event is open.
    """
    sessions = list(sessions_this_week)
    per_week = sessions_allowed_per_week(plan_limits, prescription)
    per_day = prescription.max_doses_per_day
    day_full = sum(1 for session in sessions if session == today) >= per_day
    week_full = len(sessions_in_rolling_week(sessions, today)) >= per_week
    next_from = next_session_from(sessions, today, per_week, per_day)
    plan_units = plan_limits.mg_per_session // prescription.strength_mg
    no_fill = supply_left_units is None
    supply = max(supply_left_units or 0, 0)

    held: list[tuple[DoseLimit, str]] = []
    if on_hold:
        held.append((DoseLimit.ON_HOLD, _ON_HOLD))
    if day_full:
        held.append((DoseLimit.DAILY_DOSES, _daily(per_day, next_from)))
    if week_full:
        held.append((DoseLimit.WEEKLY_SESSIONS, _weekly(per_week, next_from)))
    if no_fill:
        held.append((DoseLimit.NO_FILL, _NO_FILL))
    elif supply < prescription.units_per_dose:
        held.append((DoseLimit.SUPPLY, _supply(supply)))
    if plan_units < prescription.units_per_dose:
        held.append((DoseLimit.PLAN_PER_SESSION, _PLAN_PER_SESSION))

    blocked = on_hold or day_full or week_full
    units = 0 if blocked else min(prescription.units_per_dose, plan_units, supply)
    return DoseOffer(
        units=units,
        mg=units * prescription.strength_mg,
        prescribed_units=prescription.units_per_dose,
        limits=tuple(limit for limit, _ in held),
        reasons=tuple(reason for _, reason in held),
        next_session_from=next_from if day_full or week_full else None,
    )


_ON_HOLD = (
    "Your doses are paused while your clinician looks into a serious side effect. "
    "Please do not take a dose. Your care team will contact you."
)
_NO_FILL = (
    "There is no medicine from the pharmacy on hand for you: nothing has been delivered or "
    "is on its way, or what you have is past its use-by date. Please do not take a dose. "
    "You can follow your order on your orders page."
)
_PLAN_PER_SESSION = (
    "Your prescribed dose is more than your treatment plan allows in one session, so only "
    "the plan's amount is offered. Please ask your care team to check your directions."
)


def _next(next_from: date | None) -> str:
    if next_from is None:
        return "Your care team will tell you when your next session can be."
    return f"Your next session can be on {next_from:%A, %B} {next_from.day} or later."


def _daily(most: int, next_from: date | None) -> str:
    doses = "dose" if most == 1 else "doses"
    return f"You have already had the {most} {doses} allowed today. {_next(next_from)}"


def _weekly(most: int, next_from: date | None) -> str:
    if most < 1:
        return "Your treatment plan does not allow a session at the moment."
    sessions = "session" if most == 1 else "sessions"
    return f"You have had the {most} {sessions} allowed in 7 days. {_next(next_from)}"


def _supply(left: int) -> str:
    if left == 0:
        return "There is no medicine left in this fill. You can ask for a refill."
    unit = "unit" if left == 1 else "units"
    return (
        f"Only {left} {unit} left in this fill, less than your usual dose. "
        "You can ask for a refill."
    )
