"""The refill gate: whether a refill may be asked for, and whether it may be approved.

``check_refill_gate`` is the contract's gate (shared/contracts/clinical-safety.md,
"request_refill and approve_refill"). The same gate runs when the patient asks **and
again** when the clinician approves, so anything that happened in between (a serious
reaction, a lapsed subscription) stops the approval too. It refuses with every code that
applies:

- no prescription active in status; the current prescription (the latest one active in
  status) expired; its refills used up;
- the subscription not active; no check-in in the last 14 days (elapsed time);
- an open hold;
- a check-in that was due and is now missed (the practice's own addition: a missed
  check-in holds refills until it is done; ``clinical.schedule``);
- when asking: no fill of the current prescription on hand, or less than half of it
  taken (policy);
- when approving: no request waiting.

A request with half up to (not including) three quarters of the fill taken is allowed and
flagged ``early_refill`` for the clinician. Six months and five refills: 21 CFR 1306.22,
through ``clinical.prescribing.prescription_expired``.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

from clinical.holds import Hold
from clinical.policy import DEFAULT_POLICY, SafetyPolicy
from clinical.prescribing import prescription_expired, prescription_expiry

CHECK_IN_WITHIN = timedelta(days=14)
EARLY_BELOW_PERCENT = 75


class RefillRefusal(StrEnum):
    """A reason the gate refuses, one code per rule."""

    NO_ACTIVE_PRESCRIPTION = "no_active_prescription"
    PRESCRIPTION_EXPIRED = "prescription_expired"
    NO_REFILLS_LEFT = "no_refills_left"
    SUBSCRIPTION_NOT_ACTIVE = "subscription_not_active"
    NO_RECENT_CHECK_IN = "no_recent_check_in"
    MISSED_CHECK_IN = "missed_check_in"
    ADVERSE_EVENT_HOLD = "adverse_event_hold"
    SUICIDALITY_HOLD = "suicidality_hold"
    BLADDER_HOLD = "bladder_hold"
    TOO_EARLY = "too_early"
    NO_PENDING_REQUEST = "no_pending_request"

    @property
    def plain(self) -> str:
        """The reason in plain words for the patient."""
        return _REFUSAL_WORDS[self]


class RefillFlag(StrEnum):
    """Something the clinician should see beside a request that passed the gate."""

    EARLY_REFILL = "early_refill"


_HOLD_WORDS = "Your clinician will talk with you first: {what} Until then, refills are on hold."

_REFUSAL_WORDS = {
    RefillRefusal.NO_ACTIVE_PRESCRIPTION: (
        "You have no active prescription to refill. Your clinician can review your treatment."
    ),
    RefillRefusal.PRESCRIPTION_EXPIRED: (
        "This prescription is more than 6 months old, so by law it cannot be refilled. "
        "Your clinician can review your treatment and write a new one."
    ),
    RefillRefusal.NO_REFILLS_LEFT: (
        "There are no refills left on this prescription. Your clinician can review your "
        "treatment and write a new one."
    ),
    RefillRefusal.SUBSCRIPTION_NOT_ACTIVE: (
        "Your subscription is not active. Once it is up to date, you can ask again."
    ),
    RefillRefusal.NO_RECENT_CHECK_IN: (
        "Please complete a check-in first. We need one from the last 14 days before a refill."
    ),
    RefillRefusal.MISSED_CHECK_IN: (
        "A check-in you were due to complete is overdue, so refills are on hold. "
        "Please complete it; then you can ask again."
    ),
    RefillRefusal.ADVERSE_EVENT_HOLD: _HOLD_WORDS.format(what=Hold.ADVERSE_EVENT.plain),
    RefillRefusal.SUICIDALITY_HOLD: _HOLD_WORDS.format(what=Hold.SUICIDALITY.plain),
    RefillRefusal.BLADDER_HOLD: _HOLD_WORDS.format(what=Hold.BLADDER.plain),
    RefillRefusal.TOO_EARLY: (
        "It is too early to ask: a refill can be asked for once you have taken at least half "
        "of the medicine delivered."
    ),
    RefillRefusal.NO_PENDING_REQUEST: "There is no refill request waiting for an answer.",
}


@dataclass(frozen=True, slots=True)
class FillOnHand:
    """The current prescription's latest delivered fill: its units and the units taken since."""

    units: int
    units_used: int

    def percent_used_below(self, percent: int) -> bool:
        return self.units_used * 100 < self.units * percent


@dataclass(frozen=True, slots=True)
class RefillFacts:
    """What the gate looks at, gathered by the caller at ``now``.

    ``prescription_issued_on`` is None when no prescription is active in status.
    ``refills_used`` counts the approved refills of that prescription.
    """

    now: datetime
    today: date
    prescription_issued_on: date | None
    refills_allowed: int
    refills_used: int
    subscription_active: bool
    last_check_in_at: datetime | None
    fill_on_hand: FillOnHand | None
    open_holds: frozenset[Hold] = field(default_factory=frozenset)
    missed_check_ins: int = 0
    pending_request: bool = False


@dataclass(frozen=True, slots=True)
class RefillDecision:
    """The gate's answer: every refusal, and the flags of an allowed request."""

    refusals: tuple[RefillRefusal, ...]
    flags: tuple[RefillFlag, ...]
    prescription_expires_on: date | None

    @property
    def refused(self) -> bool:
        return bool(self.refusals)

    @property
    def reasons(self) -> tuple[str, ...]:
        return tuple(refusal.plain for refusal in self.refusals)


def check_refill_gate(
    facts: RefillFacts, *, approving: bool, policy: SafetyPolicy = DEFAULT_POLICY
) -> RefillDecision:
    """Refuse with every code that applies, or allow with any flags.

    ``approving`` is False when the patient asks, True when the clinician approves.
    """
    issued = facts.prescription_issued_on
    fill = facts.fill_on_hand
    too_early = fill is None or fill.percent_used_below(policy.refill_from_percent_used)
    candidates = (
        (RefillRefusal.NO_ACTIVE_PRESCRIPTION, issued is None),
        (
            RefillRefusal.PRESCRIPTION_EXPIRED,
            issued is not None and prescription_expired(issued, facts.today),
        ),
        (
            RefillRefusal.NO_REFILLS_LEFT,
            issued is not None and facts.refills_used >= facts.refills_allowed,
        ),
        (RefillRefusal.SUBSCRIPTION_NOT_ACTIVE, not facts.subscription_active),
        (RefillRefusal.NO_RECENT_CHECK_IN, not has_recent_check_in(facts)),
        (RefillRefusal.MISSED_CHECK_IN, facts.missed_check_ins > 0),
        *((RefillRefusal(hold.refusal_code), True) for hold in facts.open_holds),
        (RefillRefusal.TOO_EARLY, not approving and too_early),
        (RefillRefusal.NO_PENDING_REQUEST, approving and not facts.pending_request),
    )
    refusals = tuple(sorted({code for code, applies in candidates if applies}))
    early = (
        not approving
        and not refusals
        and fill is not None
        and fill.percent_used_below(EARLY_BELOW_PERCENT)
    )
    return RefillDecision(
        refusals,
        (RefillFlag.EARLY_REFILL,) if early else (),
        prescription_expiry(issued) if issued is not None else None,
    )


def has_recent_check_in(facts: RefillFacts) -> bool:
    """Whether a check-in was completed at or after now - 14 days."""
    last = facts.last_check_in_at
    return last is not None and last >= facts.now - CHECK_IN_WITHIN
