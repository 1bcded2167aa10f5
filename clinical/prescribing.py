"""The checks a ketamine prescription must pass before a clinician can sign it.

``check_prescribing_rules`` is one pure function of the facts gathered at signing
(``PrescribingFacts``) and the telemedicine policy in force (``TelemedicinePolicy``). It
returns every refusal at once, each with a code and a reason in plain words, so the
clinician sees all that stands in the way; an empty list means the prescription may be
signed. The software never decides to prescribe: the clinician does, and only when
nothing here refuses.

Sources, by rule:

- Ketamine is Schedule III, non-narcotic (21 CFR 1308.13); the DEA registration must be
  for the patient's state and list schedule 3N. A Schedule III prescription may be
  filled or refilled up to 6 months after issue and refilled at most 5 times
  (21 CFR 1306.22).
- A licence in the patient's state and a DEA registration for it; a PDMP check recorded
  before prescribing; consents current; subscription not past due; the dose within the
  plan (product.md and issue 6).
- The PDMP check within the last 24 hours by this clinician, for every prescription in
  every state (issue 6). Florida law also requires an E-FORCSE check each time a
  controlled substance is prescribed to anyone 16 or older (section 893.055, Florida
  Statutes). New Jersey's law requires a look-up for Schedule II drugs, opioids for pain
  and Schedule III or IV benzodiazepines, not for ketamine, so there the check is
  practice policy.
- Patients are adults, 18 or older (shared/contracts/assessment.md, ``under_18``).
- Telemedicine: the federal flexibilities let a Schedule III drug be prescribed after an
  audio-video visit without an in-person exam through 2026-12-31; after that an in-person
  evaluation or a special registration must be on record (product.md). The date is
  configuration, not code: see ``TelemedicinePolicy``.
- A days' supply of at most 30 days, and quantities that match the dose and days' supply:
  practice policy, so that no more ketamine is at home than a month needs.
"""

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from itertools import pairwise
from types import MappingProxyType

from clinical.directions import MOST_UNITS_PER_DOSE
from clinical.holds import Hold
from clinical.plan import PhaseDoseLimits, dose_above_plan, doses_per_week_above_plan
from clinical.policy import DEFAULT_POLICY, SafetyPolicy

KETAMINE_SCHEDULE = "3N"
"""The DEA registration schedule code that covers ketamine: Schedule III, non-narcotic."""

MOST_REFILLS = 5
VALID_FOR_MONTHS = 6
PDMP_CHECK_WINDOW = dt.timedelta(hours=24)
YOUNGEST_PATIENT_AGE = 18
MOST_DAYS_SUPPLY = 30

FLEXIBILITIES_LAST_DAY = dt.date(2026, 12, 31)
IN_PERSON_REQUIRED_FROM = FLEXIBILITIES_LAST_DAY + dt.timedelta(days=1)
"""The default first day an in-person evaluation or special registration is required."""


class RefusalCode(StrEnum):
    """Why a prescription cannot be signed, one code per rule (the contract's codes)."""

    PATIENT_UNDER_18 = "patient_under_18"
    PATIENT_NOT_APPROVED = "patient_not_approved"
    NO_DIAGNOSIS = "no_diagnosis"
    NO_MONITOR = "no_monitor"
    ID_NOT_VERIFIED = "id_not_verified"
    CONSENTS_NOT_CURRENT = "consents_not_current"
    SUBSCRIPTION_NOT_ACTIVE = "subscription_not_active"
    NO_WEIGHT = "no_weight"
    NO_PLAN = "no_plan"
    ACTIVE_PRESCRIPTION_EXISTS = "active_prescription_exists"
    NO_LICENCE_IN_STATE = "no_licence_in_state"
    NO_DEA_REGISTRATION_IN_STATE = "no_dea_registration_in_state"
    PDMP_CHECK_MISSING = "pdmp_check_missing"
    NO_RECENT_VIDEO_VISIT = "no_recent_video_visit"
    NO_IN_PERSON_EVALUATION = "no_in_person_evaluation"
    PLAN_REVIEW_DUE = "plan_review_due"
    DOSE_ABOVE_PLAN = "dose_above_plan"
    DOSES_PER_WEEK_ABOVE_PLAN = "doses_per_week_above_plan"
    DOSE_ABOVE_CEILING = "dose_above_ceiling"
    STARTING_DOSE_TOO_HIGH = "starting_dose_too_high"
    DOSE_STEP_TOO_LARGE = "dose_step_too_large"
    DOSE_STEP_TOO_SOON = "dose_step_too_soon"
    DOSE_UNITS_MISMATCH = "dose_units_mismatch"
    TOO_MANY_UNITS_PER_DOSE = "too_many_units_per_dose"
    TOO_MANY_REFILLS = "too_many_refills"
    SUPPLY_TOO_LONG = "supply_too_long"
    ADVERSE_EVENT_HOLD = "adverse_event_hold"
    SUICIDALITY_HOLD = "suicidality_hold"
    BLADDER_HOLD = "bladder_hold"


@dataclass(frozen=True)
class Refusal:
    """One rule a prescription does not meet, and why, in words the clinician can act on."""

    code: RefusalCode
    reason: str


@dataclass(frozen=True)
class PdmpStateRule:
    """What a state's law says about looking up its prescription-monitoring programme."""

    state: str
    state_name: str
    programme: str
    law_requires_from_age: int | None
    law: str


PDMP_STATE_RULES: Mapping[str, PdmpStateRule] = MappingProxyType(
    {
        "FL": PdmpStateRule(
            state="FL",
            state_name="Florida",
            programme="E-FORCSE",
            law_requires_from_age=16,
            law=(
                "Florida law requires an E-FORCSE check each time a controlled substance "
                "is prescribed to anyone 16 or older."
            ),
        ),
        "NJ": PdmpStateRule(
            state="NJ",
            state_name="New Jersey",
            programme="NJPMP",
            law_requires_from_age=None,
            law=(
                "New Jersey law does not require a look-up for ketamine, but the practice "
                "does, before every prescription."
            ),
        ),
    }
)
"""The state rules as data. The practice requires a check within 24 hours in every state."""


def state_name(state: str) -> str:
    rule = PDMP_STATE_RULES.get(state)
    return rule.state_name if rule else state


def pdmp_programme(state: str) -> str:
    """The name of the state's prescription-monitoring programme."""
    rule = PDMP_STATE_RULES.get(state)
    return rule.programme if rule else f"{state} prescription-monitoring programme"


def pdmp_rule_in_words(state: str, patient_age: int) -> str:
    """Why a PDMP check is needed for this patient, in plain words."""
    rule = PDMP_STATE_RULES.get(state)
    if rule is None or (
        rule.law_requires_from_age is not None and patient_age < rule.law_requires_from_age
    ):
        return "The practice requires a PDMP check before every prescription."
    return rule.law


def parse_schedules(text: str) -> frozenset[str]:
    """A DEA registration's schedules as stored ("2,2N,3,3N,4,5") as a set of codes."""
    return frozenset(part.strip().upper() for part in text.split(",") if part.strip())


@dataclass(frozen=True)
class DeaRegistrationOnRecord:
    """One of the clinician's DEA registrations, as the checks need it.

    Like a licence, it counts up to the day before ``expires_on``: on its expiry date it
    stops counting (credentials.models.DeaRegistration).
    """

    state: str
    schedules: frozenset[str]
    expires_on: dt.date

    def counts_on(self, day: dt.date) -> bool:
        return day < self.expires_on


@dataclass(frozen=True)
class PrescriptionRequest:
    """What the clinician asks to sign: the dose, in mg and in units, how often, how long.

    The quantity is never typed: it follows from the rest (``quantity``).
    """

    dose_mg: int
    unit_mg: int
    units_per_dose: int
    doses_per_week: int
    days_supply: int
    refills: int

    @property
    def quantity(self) -> int:
        """Units to dispense: units a dose x doses a week x days' supply / 7, rounded down."""
        return self.units_per_dose * self.doses_per_week * self.days_supply // 7


@dataclass(frozen=True)
class PrescribingFacts:
    """Everything the checks look at, gathered by the caller at the moment of signing.

    ``issued_at`` is the moment of signing (time-zone aware); ``issued_on`` is the calendar
    day then in the patient's time zone, on which ages, expiry dates, weights and the
    telemedicine regime are judged. ``licensed_states`` are the states where the
    prescriber's licence counts that day. ``pdmp_checked_at`` is the prescriber's latest
    look-up of the patient's state's programme, ``video_visit_at`` the latest audio-video
    visit the prescriber held with the patient. ``doses_taken_mg`` is the dose of every
    home session so far. ``plan_limits`` are the current plan's limits for its phase, None
    without a plan.
    """

    issued_at: dt.datetime
    issued_on: dt.date
    patient_state: str
    patient_age: int | None
    approved: bool
    diagnosis_on_record: bool
    monitor_confirmed: bool
    id_verified: bool
    consents_current: bool
    subscription_active: bool
    weight_kg: Fraction | None
    weight_on: dt.date | None
    plan_limits: PhaseDoseLimits | None
    active_prescription_exists: bool
    licensed_states: frozenset[str]
    dea_registrations: tuple[DeaRegistrationOnRecord, ...]
    pdmp_checked_at: dt.datetime | None
    video_visit_at: dt.datetime | None
    in_person_evaluation_on_record: bool
    special_registration_on_record: bool
    doses_taken_mg: tuple[int, ...]
    open_holds: frozenset[Hold]
    request: PrescriptionRequest
    plan_review_due_since: dt.date | None = None
    """Florida chronic-pain patients: the day the plan review fell due, if it is overdue."""

    def __post_init__(self) -> None:
        _require_aware(self.issued_at, "issued_at")


def _require_aware(moment: dt.datetime, name: str) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must carry a time zone")


class TelemedicineRule(StrEnum):
    """What must be on record, besides the audio-video visit, to prescribe by telemedicine."""

    AUDIO_VIDEO_VISIT_SUFFICES = "audio_video_visit_suffices"
    IN_PERSON_EVALUATION_OR_SPECIAL_REGISTRATION = "in_person_evaluation_or_special_registration"


@dataclass(frozen=True)
class TelemedicinePeriod:
    """One stretch of time under one telemedicine rule, from ``starts_on`` to the next."""

    starts_on: dt.date
    rule: TelemedicineRule
    basis: str


@dataclass(frozen=True)
class TelemedicinePolicy:
    """The telemedicine rules by date: dated, configurable data, not code.

    The periods are in order and the first starts on ``date.min``, so that every day
    falls in exactly one. ``federal`` builds the policy product.md describes, with the
    day the in-person requirement starts as a setting: if the flexibilities are extended
    again, or a special-registration rule becomes final, only that date or the periods
    change.
    """

    periods: tuple[TelemedicinePeriod, ...]

    def __post_init__(self) -> None:
        if not self.periods or self.periods[0].starts_on != dt.date.min:
            raise ValueError("a telemedicine policy must start with a period from date.min")
        starts = [period.starts_on for period in self.periods]
        if any(earlier >= later for earlier, later in pairwise(starts)):
            raise ValueError("telemedicine periods must be in order of their start dates")

    def period_on(self, day: dt.date) -> TelemedicinePeriod:
        """The period in force on a day."""
        return [period for period in self.periods if period.starts_on <= day][-1]

    @classmethod
    def federal(
        cls, in_person_required_from: dt.date = IN_PERSON_REQUIRED_FROM
    ) -> "TelemedicinePolicy":
        """The federal flexibilities until the day before ``in_person_required_from``."""
        last_day = in_person_required_from - dt.timedelta(days=1)
        return cls(
            periods=(
                TelemedicinePeriod(
                    starts_on=dt.date.min,
                    rule=TelemedicineRule.AUDIO_VIDEO_VISIT_SUFFICES,
                    basis=(
                        "Under the federal telemedicine flexibilities, in force through "
                        f"{_long_date(last_day)}, a Schedule III drug may be prescribed "
                        "after an audio-video visit without an in-person exam."
                    ),
                ),
                TelemedicinePeriod(
                    starts_on=in_person_required_from,
                    rule=TelemedicineRule.IN_PERSON_EVALUATION_OR_SPECIAL_REGISTRATION,
                    basis=(
                        f"From {_long_date(in_person_required_from)}, a Schedule III drug "
                        "may be prescribed by telemedicine only when an in-person evaluation "
                        "or a DEA special registration for telemedicine is on record."
                    ),
                ),
            )
        )


def _long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def add_calendar_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    next_month = dt.date(year + month // 12, month % 12 + 1, 1)
    last_day_of_month = (next_month - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last_day_of_month))


def prescription_expiry(issued_on: dt.date) -> dt.date:
    """The last day a prescription issued on ``issued_on`` may be filled or refilled.

    Six calendar months after issue; when that month is shorter, its last day
    (31 August 2026 gives 28 February 2027). From the next day it is expired.
    """
    return add_calendar_months(issued_on, VALID_FOR_MONTHS)


def prescription_expired(issued_on: dt.date, on: dt.date) -> bool:
    """Whether a prescription issued on ``issued_on`` can no longer be filled on ``on``."""
    return on > prescription_expiry(issued_on)


def check_prescribing_rules(
    facts: PrescribingFacts,
    telemedicine: TelemedicinePolicy,
    policy: SafetyPolicy = DEFAULT_POLICY,
) -> list[Refusal]:
    """Every rule the prescription does not meet; [] when the clinician may sign it."""
    return [
        *_check_patient(facts),
        *_check_weight(facts, policy),
        *_check_treatment(facts),
        *_check_prescriber(facts),
        *_check_pdmp(facts),
        *_check_telemedicine(facts, telemedicine, policy),
        *_check_dose(facts, policy),
        *_check_request(facts.request),
        *_check_holds(facts.open_holds),
    ]


def _refusal(code: RefusalCode, reason: str, applies: bool) -> list[Refusal]:
    return [Refusal(code, reason)] if applies else []


def _check_patient(facts: PrescribingFacts) -> list[Refusal]:
    age = facts.patient_age
    return [
        *_refusal(
            RefusalCode.PATIENT_UNDER_18,
            "No date of birth is on record, so the patient's age is not confirmed."
            if age is None
            else f"The patient is {age}; the practice treats adults 18 or older only.",
            age is None or age < YOUNGEST_PATIENT_AGE,
        ),
        *_refusal(
            RefusalCode.PATIENT_NOT_APPROVED,
            "The patient is not approved for treatment: record a decision to approve first.",
            not facts.approved,
        ),
        *_refusal(
            RefusalCode.NO_DIAGNOSIS,
            "No diagnosis of the condition being treated is on record.",
            not facts.diagnosis_on_record,
        ),
        *_refusal(
            RefusalCode.NO_MONITOR,
            "No treatment monitor is named and confirmed; home sessions need one present.",
            not facts.monitor_confirmed,
        ),
        *_refusal(
            RefusalCode.ID_NOT_VERIFIED,
            "The patient's photo ID is not verified.",
            not facts.id_verified,
        ),
        *_refusal(
            RefusalCode.CONSENTS_NOT_CURRENT,
            "The patient has not signed the current version of every required consent.",
            not facts.consents_current,
        ),
        *_refusal(
            RefusalCode.SUBSCRIPTION_NOT_ACTIVE,
            "The patient's subscription is not active; nothing new is prescribed until it is.",
            not facts.subscription_active,
        ),
    ]


def weight_counts(weight_on: dt.date | None, day: dt.date, policy: SafetyPolicy) -> bool:
    """Whether a weight recorded on ``weight_on`` may set doses on ``day``."""
    return weight_on is not None and (day - weight_on).days <= policy.weight_valid_days


def _has_weight(facts: PrescribingFacts, policy: SafetyPolicy) -> bool:
    return facts.weight_kg is not None and weight_counts(facts.weight_on, facts.issued_on, policy)


def _check_weight(facts: PrescribingFacts, policy: SafetyPolicy) -> list[Refusal]:
    if _has_weight(facts, policy):
        return []
    days = policy.weight_valid_days
    reason = (
        "No weight is on record; record it before prescribing."
        if facts.weight_kg is None or facts.weight_on is None
        else f"The weight on record is from {_long_date(facts.weight_on)}, more than {days} "
        "days ago; record it again before prescribing."
    )
    return [Refusal(RefusalCode.NO_WEIGHT, reason)]


def _check_treatment(facts: PrescribingFacts) -> list[Refusal]:
    return [
        *_refusal(
            RefusalCode.NO_PLAN,
            "The patient has no treatment plan; write one first.",
            facts.plan_limits is None,
        ),
        *_refusal(
            RefusalCode.ACTIVE_PRESCRIPTION_EXISTS,
            "An active prescription exists; cancel it before signing a new one.",
            facts.active_prescription_exists,
        ),
        *_refusal(
            RefusalCode.PLAN_REVIEW_DUE,
            "Florida law (s. 456.44 F.S.) requires the chronic-pain treatment plan to be "
            "reviewed at least every 3 months; the review was due on "
            f"{_long_date(facts.plan_review_due_since)}. Record it first."
            if facts.plan_review_due_since
            else "",
            facts.plan_review_due_since is not None,
        ),
    ]


def _check_prescriber(facts: PrescribingFacts) -> list[Refusal]:
    where = state_name(facts.patient_state)
    for_state = [r for r in facts.dea_registrations if r.state == facts.patient_state]
    counting = [r for r in for_state if r.counts_on(facts.issued_on)]
    covering = [r for r in counting if KETAMINE_SCHEDULE in r.schedules]
    if not for_state:
        dea_reason = f"The prescriber has no DEA registration for {where}."
    elif not counting:
        latest = max(r.expires_on for r in for_state)
        dea_reason = (
            f"The prescriber's DEA registration for {where} expired on {_long_date(latest)}."
        )
    else:
        dea_reason = (
            f"The prescriber's DEA registration for {where} does not cover Schedule III "
            "non-narcotic drugs (3N), which ketamine is."
        )
    return [
        *_refusal(
            RefusalCode.NO_LICENCE_IN_STATE,
            f"The prescriber holds no active licence in {where}, where the patient lives.",
            facts.patient_state not in facts.licensed_states,
        ),
        *_refusal(RefusalCode.NO_DEA_REGISTRATION_IN_STATE, dea_reason, not covering),
    ]


def _check_pdmp(facts: PrescribingFacts) -> list[Refusal]:
    checked = facts.pdmp_checked_at
    if checked is not None and facts.issued_at - PDMP_CHECK_WINDOW <= checked <= facts.issued_at:
        return []
    why = pdmp_rule_in_words(facts.patient_state, facts.patient_age or 0)
    programme = pdmp_programme(facts.patient_state)
    return [
        Refusal(
            RefusalCode.PDMP_CHECK_MISSING,
            f"No {programme} check by the prescriber in the last 24 hours is recorded. {why}",
        )
    ]


def _check_telemedicine(
    facts: PrescribingFacts, telemedicine: TelemedicinePolicy, policy: SafetyPolicy
) -> list[Refusal]:
    visit = facts.video_visit_at
    window = dt.timedelta(days=policy.video_visit_within_days)
    period = telemedicine.period_on(facts.issued_on)
    needs_in_person = period.rule is TelemedicineRule.IN_PERSON_EVALUATION_OR_SPECIAL_REGISTRATION
    return [
        *_refusal(
            RefusalCode.NO_RECENT_VIDEO_VISIT,
            f"No audio-video visit with the prescriber in the last "
            f"{policy.video_visit_within_days} days is recorded.",
            visit is None or visit < facts.issued_at - window,
        ),
        *_refusal(
            RefusalCode.NO_IN_PERSON_EVALUATION,
            f"{period.basis} Neither is on record for this patient.",
            needs_in_person
            and not (facts.in_person_evaluation_on_record or facts.special_registration_on_record),
        ),
    ]


def mg_limit(mg: int, mg_per_kg: Fraction, weight_kg: Fraction) -> int:
    """The lesser of a fixed limit and a limit per kg, rounded down to a whole mg."""
    return min(mg, math.floor(mg_per_kg * weight_kg))


def _check_dose(facts: PrescribingFacts, policy: SafetyPolicy) -> list[Refusal]:
    request = facts.request
    dose = request.dose_mg
    refusals: list[Refusal] = []
    if facts.plan_limits is not None:
        if above := dose_above_plan(facts.plan_limits, dose):
            refusals.append(Refusal(RefusalCode.DOSE_ABOVE_PLAN, above))
        if weekly := doses_per_week_above_plan(facts.plan_limits, request.doses_per_week):
            refusals.append(Refusal(RefusalCode.DOSES_PER_WEEK_ABOVE_PLAN, weekly))
    if _has_weight(facts, policy) and facts.weight_kg is not None:
        refusals += _check_ceilings(dose, facts.weight_kg, bool(facts.doses_taken_mg), policy)
    if facts.doses_taken_mg:
        refusals += _check_step(dose, facts.doses_taken_mg, policy)
    return refusals


def _check_ceilings(
    dose: int, weight_kg: Fraction, dosed_before: bool, policy: SafetyPolicy
) -> list[Refusal]:
    ceiling = mg_limit(policy.dose_ceiling_mg, policy.dose_ceiling_mg_per_kg, weight_kg)
    starting = mg_limit(policy.starting_dose_mg, policy.starting_dose_mg_per_kg, weight_kg)
    kg = _number(weight_kg)
    per_kg, starting_per_kg = (
        _number(policy.dose_ceiling_mg_per_kg),
        _number(policy.starting_dose_mg_per_kg),
    )
    return [
        *_refusal(
            RefusalCode.DOSE_ABOVE_CEILING,
            f"A dose of {dose} mg is above the ceiling of {ceiling} mg for this patient "
            f"(the lesser of {policy.dose_ceiling_mg} mg and {per_kg} mg per kg at {kg} kg).",
            dose > ceiling,
        ),
        *_refusal(
            RefusalCode.STARTING_DOSE_TOO_HIGH,
            f"No dose has been taken yet, so the first is at most {starting} mg (the lesser of "
            f"{policy.starting_dose_mg} mg and {starting_per_kg} mg per "
            f"kg at {kg} kg).",
            not dosed_before and dose > starting,
        ),
    ]


def _check_step(dose: int, doses_taken_mg: tuple[int, ...], policy: SafetyPolicy) -> list[Refusal]:
    highest = max(doses_taken_mg)
    at_highest = doses_taken_mg.count(highest)
    step_limit = policy.step_up_factor * highest
    needed = policy.sessions_before_step_up
    return [
        *_refusal(
            RefusalCode.DOSE_STEP_TOO_LARGE,
            f"A dose of {dose} mg is more than {_number(policy.step_up_factor)} times the "
            f"highest dose taken so far ({highest} mg); go up in smaller steps.",
            dose > step_limit,
        ),
        *_refusal(
            RefusalCode.DOSE_STEP_TOO_SOON,
            f"The highest dose so far, {highest} mg, has been taken {at_highest} "
            f"{'time' if at_highest == 1 else 'times'}; go higher only after {needed} sessions "
            "at it.",
            dose > highest and at_highest < needed,
        ),
    ]


def _check_request(request: PrescriptionRequest) -> list[Refusal]:
    return [
        *_refusal(
            RefusalCode.DOSE_UNITS_MISMATCH,
            f"The units make {request.units_per_dose * request.unit_mg} mg "
            f"({request.units_per_dose} x {request.unit_mg} mg), not the {request.dose_mg} mg "
            "dose written.",
            request.units_per_dose * request.unit_mg != request.dose_mg,
        ),
        *_refusal(
            RefusalCode.TOO_MANY_UNITS_PER_DOSE,
            f"A dose can be at most {MOST_UNITS_PER_DOSE} units; prescribe a higher strength "
            "rather than more units.",
            request.units_per_dose > MOST_UNITS_PER_DOSE,
        ),
        *_refusal(
            RefusalCode.TOO_MANY_REFILLS,
            f"Asked for {request.refills} refills; a Schedule III prescription allows "
            f"{MOST_REFILLS} at most.",
            request.refills > MOST_REFILLS,
        ),
        *_refusal(
            RefusalCode.SUPPLY_TOO_LONG,
            f"A {request.days_supply}-day supply is more than the practice's "
            f"{MOST_DAYS_SUPPLY} days at a time; use refills for the months after.",
            request.days_supply > MOST_DAYS_SUPPLY,
        ),
    ]


def _check_holds(holds: frozenset[Hold]) -> list[Refusal]:
    return [
        Refusal(
            RefusalCode(hold.refusal_code),
            f"A {hold.value.replace('_', ' ')} hold is open; a clinician must speak with the "
            "patient and clear it, with a note, before anything new is prescribed.",
        )
        for hold in sorted(holds)
    ]


def _number(value: Fraction | int) -> str:
    """A policy number as people write it: 5, 1.5, 72.5."""
    fraction = Fraction(value)
    if fraction.denominator == 1:
        return str(fraction.numerator)
    return f"{float(fraction):g}"
