"""The refill gate: whether a patient's refill request goes to the clinician or is refused.

``check_refill_gate`` refuses a request, with every reason in plain words, unless all hold:

- the subscription is active;
- a check-in was completed in the last 14 days (14 days ago still counts, 15 does not);
- no scheduled check-in is missed (``journal.schedule``: due, not completed, and past
  its day of grace); completing it lifts the hold;
- no serious adverse event is open;
- refills remain on the prescription;
- the prescription is within 6 months of issue: a Schedule III prescription may not be
  filled or refilled *more than* six months after it was issued (21 CFR 1306.22), so the
  day six calendar months on is the last good day, and six months after 31 August is the
  last day of February. The rule is ``care.clinical.prescribing.prescription_expiry``,
  the same one the prescribing checks use.

A request that passes goes to the clinician's queue. It is flagged, not refused, when it
comes early: before 75% of the last fill's days' supply has passed, or when the sessions
logged since that fill account for less than 75% of the units dispensed.
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from care.clinical.prescribing import prescription_expired, prescription_expiry

CHECK_IN_WITHIN_DAYS = 14
EARLY_BELOW_PERCENT = 75


class RefillOutcome(StrEnum):
    """Where the gate sends a refill request."""

    REFUSED = "refused"
    AWAITING_CLINICIAN = "awaiting_clinician"


class RefillRefusal(StrEnum):
    """A reason the gate refuses a refill request."""

    SUBSCRIPTION_INACTIVE = "subscription_inactive"
    NO_RECENT_CHECK_IN = "no_recent_check_in"
    MISSED_CHECK_IN = "missed_check_in"
    SERIOUS_ADVERSE_EVENT_OPEN = "serious_adverse_event_open"
    NO_REFILLS_LEFT = "no_refills_left"
    PRESCRIPTION_EXPIRED = "prescription_expired"
    NOT_YET_FILLED = "not_yet_filled"

    @property
    def plain(self) -> str:
        """The reason in plain words for the patient."""
        return _REFUSAL_WORDS[self]


class RefillFlag(StrEnum):
    """Something the clinician should see beside a request that passed the gate."""

    EARLY = "early"
    FEW_SESSIONS_LOGGED = "few_sessions_logged"


_REFUSAL_WORDS = {
    RefillRefusal.SUBSCRIPTION_INACTIVE: (
        "Your subscription is not active. Once it is up to date, you can ask again."
    ),
    RefillRefusal.NO_RECENT_CHECK_IN: (
        "Please complete a check-in first. We need one from the last 14 days before a refill."
    ),
    RefillRefusal.MISSED_CHECK_IN: (
        "A check-in you were due to complete is overdue, so refills are on hold. "
        "Please complete it; then you can ask again."
    ),
    RefillRefusal.SERIOUS_ADVERSE_EVENT_OPEN: (
        "Your clinician is still looking into a serious side effect you reported. "
        "They will talk with you before any refill."
    ),
    RefillRefusal.NO_REFILLS_LEFT: (
        "There are no refills left on this prescription. Your clinician can review your "
        "treatment and write a new one."
    ),
    RefillRefusal.PRESCRIPTION_EXPIRED: (
        "This prescription is more than 6 months old, so by law it cannot be refilled. "
        "Your clinician can review your treatment and write a new one."
    ),
    RefillRefusal.NOT_YET_FILLED: (
        "Your first fill of this prescription has not been sent yet, so there is nothing to refill."
    ),
}


@dataclass(frozen=True, slots=True)
class RefillFacts:
    """What the gate looks at, gathered by the caller on the day of the request.

    ``units_per_dose`` is the prescription's dose in dosage units (the "doses per session").
    ``last_fill_on`` is None when the prescription has never been dispensed.
    ``missed_check_ins`` counts scheduled check-ins missed and still not completed.
    """

    today: date
    subscription_active: bool
    last_check_in_on: date | None
    serious_adverse_event_open: bool
    refills_remaining: int
    prescription_issued_on: date
    last_fill_on: date | None
    days_supply: int
    quantity_dispensed: int
    sessions_since_last_fill: int
    units_per_dose: int
    missed_check_ins: int = 0


@dataclass(frozen=True, slots=True)
class RefillDecision:
    """The gate's answer: refused with reasons, or on to the clinician with any flags."""

    outcome: RefillOutcome
    refusals: tuple[RefillRefusal, ...]
    flags: tuple[RefillFlag, ...]
    prescription_expires_on: date

    @property
    def refused(self) -> bool:
        """Whether the request stops here."""
        return self.outcome is RefillOutcome.REFUSED

    @property
    def reasons(self) -> tuple[str, ...]:
        """Every refusal in plain words, in the order the gate checks them."""
        return tuple(refusal.plain for refusal in self.refusals)


def check_refill_gate(facts: RefillFacts) -> RefillDecision:
    """Refuse the request with every reason that applies, or pass it on with its flags."""
    expires_on = prescription_expiry(facts.prescription_issued_on)
    refusals = tuple(
        refusal
        for refusal, applies in (
            (RefillRefusal.SUBSCRIPTION_INACTIVE, not facts.subscription_active),
            (RefillRefusal.NO_RECENT_CHECK_IN, not has_recent_check_in(facts)),
            (RefillRefusal.MISSED_CHECK_IN, facts.missed_check_ins > 0),
            (RefillRefusal.SERIOUS_ADVERSE_EVENT_OPEN, facts.serious_adverse_event_open),
            (RefillRefusal.NO_REFILLS_LEFT, facts.refills_remaining < 1),
            (
                RefillRefusal.PRESCRIPTION_EXPIRED,
                prescription_expired(facts.prescription_issued_on, facts.today),
            ),
            (RefillRefusal.NOT_YET_FILLED, facts.last_fill_on is None),
        )
        if applies
    )
    flags = tuple(
        flag
        for flag, applies in (
            (RefillFlag.EARLY, is_early(facts)),
            (RefillFlag.FEW_SESSIONS_LOGGED, too_few_sessions_logged(facts)),
        )
        if applies
    )
    outcome = RefillOutcome.REFUSED if refusals else RefillOutcome.AWAITING_CLINICIAN
    return RefillDecision(outcome, refusals, flags, expires_on)


def has_recent_check_in(facts: RefillFacts) -> bool:
    """Whether a check-in was completed in the last 14 days, counting 14 days ago."""
    if facts.last_check_in_on is None:
        return False
    return (facts.today - facts.last_check_in_on).days <= CHECK_IN_WITHIN_DAYS


def is_early(facts: RefillFacts) -> bool:
    """Whether less than 75% of the last fill's days' supply has passed."""
    if facts.last_fill_on is None:
        return False
    days_passed = (facts.today - facts.last_fill_on).days
    return days_passed * 100 < facts.days_supply * EARLY_BELOW_PERCENT


def too_few_sessions_logged(facts: RefillFacts) -> bool:
    """Whether the sessions logged since the last fill used under 75% of the units dispensed."""
    if facts.last_fill_on is None:
        return False
    units_logged = facts.sessions_since_last_fill * facts.units_per_dose
    return units_logged * 100 < facts.quantity_dispensed * EARLY_BELOW_PERCENT
