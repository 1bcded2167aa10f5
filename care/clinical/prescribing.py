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
from typing import TypeIs

from care.clinical.directions import Directions, check_directions
from care.clinical.plan import PhaseDoseLimits, dose_above_plan, doses_per_week_above_plan

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
    """Why a prescription cannot be signed, one code per rule."""

    PATIENT_UNDER_18 = "patient_under_18"
    NO_LICENCE_IN_STATE = "no_licence_in_state"
    NO_DEA_REGISTRATION_IN_STATE = "no_dea_registration_in_state"
    DEA_REGISTRATION_EXPIRED = "dea_registration_expired"
    DEA_SCHEDULE_NOT_COVERED = "dea_schedule_not_covered"
    PDMP_CHECK_MISSING = "pdmp_check_missing"
    PDMP_CHECK_OTHER_STATE = "pdmp_check_other_state"
    PDMP_CHECK_AFTER_PRESCRIPTION = "pdmp_check_after_prescription"
    PDMP_CHECK_TOO_OLD = "pdmp_check_too_old"
    CONSENTS_NOT_CURRENT = "consents_not_current"
    SUBSCRIPTION_PAST_DUE = "subscription_past_due"
    DIRECTIONS_UNCLEAR = "directions_unclear"
    REQUEST_INCOMPLETE = "request_incomplete"
    DOSE_ABOVE_PLAN = "dose_above_plan"
    DOSES_PER_WEEK_ABOVE_PLAN = "doses_per_week_above_plan"
    TOO_MANY_REFILLS = "too_many_refills"
    SUPPLY_TOO_LONG = "supply_too_long"
    QUANTITY_INCONSISTENT = "quantity_inconsistent"
    NO_AUDIO_VIDEO_VISIT = "no_audio_video_visit"
    NO_IN_PERSON_EVALUATION = "no_in_person_evaluation"
    ADVERSE_EVENT_HOLD = "adverse_event_hold"


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
    stops counting (care.models.DeaRegistration).
    """

    state: str
    schedules: frozenset[str]
    expires_on: dt.date

    def counts_on(self, day: dt.date) -> bool:
        return day < self.expires_on


@dataclass(frozen=True)
class PdmpCheckOnRecord:
    """The latest PDMP check this clinician recorded for this patient."""

    checked_at: dt.datetime
    state: str
    reference: str

    def __post_init__(self) -> None:
        _require_aware(self.checked_at, "checked_at")


@dataclass(frozen=True)
class PrescriptionRequest:
    """What the clinician asks to sign: the directions, the quantity, the supply, refills."""

    directions: Directions
    quantity: int
    days_supply: int
    refills: int


@dataclass(frozen=True)
class PrescribingFacts:
    """Everything the checks look at, gathered by the caller at the moment of signing.

    ``issued_at`` is the moment of signing (time-zone aware); ``issued_on`` is the
    practice's calendar day at that moment, on which expiry dates and the telemedicine
    regime are judged. ``licensed_states`` are the states where the clinician's licence
    counts on that day. ``plan_limits`` are the plan's limits for its current phase.
    """

    issued_at: dt.datetime
    issued_on: dt.date
    patient_state: str
    patient_age: int
    licensed_states: frozenset[str]
    dea_registrations: tuple[DeaRegistrationOnRecord, ...]
    pdmp_check: PdmpCheckOnRecord | None
    consents_current: bool
    subscription_past_due: bool
    plan_limits: PhaseDoseLimits
    request: PrescriptionRequest
    audio_video_visit: bool
    in_person_evaluation_on_record: bool
    special_registration_on_record: bool

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


def _add_calendar_months(day: dt.date, months: int) -> dt.date:
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
    return _add_calendar_months(issued_on, VALID_FOR_MONTHS)


def prescription_expired(issued_on: dt.date, on: dt.date) -> bool:
    """Whether a prescription issued on ``issued_on`` can no longer be filled on ``on``."""
    return on > prescription_expiry(issued_on)


def check_prescribing_rules(facts: PrescribingFacts, policy: TelemedicinePolicy) -> list[Refusal]:
    """Every rule the prescription does not meet; [] when the clinician may sign it."""
    return [
        *_check_age(facts),
        *_check_licence(facts),
        *_check_dea_registration(facts),
        *_check_pdmp(facts),
        *_check_consents_and_billing(facts),
        *_check_request(facts),
        *_check_telemedicine(facts, policy),
    ]


def _check_age(facts: PrescribingFacts) -> list[Refusal]:
    if facts.patient_age >= YOUNGEST_PATIENT_AGE:
        return []
    return [
        Refusal(
            RefusalCode.PATIENT_UNDER_18,
            f"The patient is {facts.patient_age}; the practice treats adults 18 or older only.",
        )
    ]


def _check_licence(facts: PrescribingFacts) -> list[Refusal]:
    if facts.patient_state in facts.licensed_states:
        return []
    return [
        Refusal(
            RefusalCode.NO_LICENCE_IN_STATE,
            f"The clinician holds no active licence in {state_name(facts.patient_state)}, "
            "where the patient lives.",
        )
    ]


def _check_dea_registration(facts: PrescribingFacts) -> list[Refusal]:
    where = state_name(facts.patient_state)
    for_state = [r for r in facts.dea_registrations if r.state == facts.patient_state]
    if not for_state:
        return [
            Refusal(
                RefusalCode.NO_DEA_REGISTRATION_IN_STATE,
                f"The clinician has no DEA registration for {where}.",
            )
        ]
    counting = [r for r in for_state if r.counts_on(facts.issued_on)]
    if not counting:
        latest = max(r.expires_on for r in for_state)
        return [
            Refusal(
                RefusalCode.DEA_REGISTRATION_EXPIRED,
                f"The clinician's DEA registration for {where} expired on {_long_date(latest)}.",
            )
        ]
    if not any(KETAMINE_SCHEDULE in r.schedules for r in counting):
        return [
            Refusal(
                RefusalCode.DEA_SCHEDULE_NOT_COVERED,
                f"The clinician's DEA registration for {where} does not cover Schedule III "
                "non-narcotic drugs (3N), which ketamine is.",
            )
        ]
    return []


def _check_pdmp(facts: PrescribingFacts) -> list[Refusal]:
    check = facts.pdmp_check
    why = pdmp_rule_in_words(facts.patient_state, facts.patient_age)
    programme = pdmp_programme(facts.patient_state)
    if check is None:
        return [
            Refusal(
                RefusalCode.PDMP_CHECK_MISSING,
                f"No {programme} check by this clinician is recorded for this patient. {why}",
            )
        ]
    if check.state != facts.patient_state:
        return [
            Refusal(
                RefusalCode.PDMP_CHECK_OTHER_STATE,
                f"The latest PDMP check was of {state_name(check.state)}'s programme; "
                f"the patient lives in {state_name(facts.patient_state)}, so check "
                f"{programme}.",
            )
        ]
    if check.checked_at > facts.issued_at:
        return [
            Refusal(
                RefusalCode.PDMP_CHECK_AFTER_PRESCRIPTION,
                "The PDMP check is dated after the moment of signing; record the check "
                "before the prescription.",
            )
        ]
    if facts.issued_at - check.checked_at > PDMP_CHECK_WINDOW:
        return [
            Refusal(
                RefusalCode.PDMP_CHECK_TOO_OLD,
                f"The latest {programme} check is more than 24 hours old; check again "
                f"before prescribing. {why}",
            )
        ]
    return []


def _check_consents_and_billing(facts: PrescribingFacts) -> list[Refusal]:
    refusals: list[Refusal] = []
    if not facts.consents_current:
        refusals.append(
            Refusal(
                RefusalCode.CONSENTS_NOT_CURRENT,
                "The patient has not signed the current version of every required consent.",
            )
        )
    if facts.subscription_past_due:
        refusals.append(
            Refusal(
                RefusalCode.SUBSCRIPTION_PAST_DUE,
                "The patient's subscription is past due; nothing new is prescribed until "
                "it is settled.",
            )
        )
    return refusals


def _is_whole(value: object) -> TypeIs[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_request(facts: PrescribingFacts) -> list[Refusal]:
    request = facts.request
    unclear = [
        Refusal(RefusalCode.DIRECTIONS_UNCLEAR, reason)
        for reason in check_directions(request.directions)
    ]
    incomplete = _check_request_numbers(request)
    if unclear or incomplete:
        return unclear + incomplete
    return [
        *_check_against_plan(request.directions, facts.plan_limits),
        *_check_refills_and_supply(request),
        *_check_quantity(request),
    ]


def _check_request_numbers(request: PrescriptionRequest) -> list[Refusal]:
    refusals: list[Refusal] = []
    if not _is_whole(request.quantity) or request.quantity < 1:
        refusals.append(
            Refusal(
                RefusalCode.REQUEST_INCOMPLETE, "The quantity must be a whole number, at least 1."
            )
        )
    if not _is_whole(request.days_supply) or request.days_supply < 1:
        refusals.append(
            Refusal(
                RefusalCode.REQUEST_INCOMPLETE,
                "The days' supply must be a whole number of days, at least 1.",
            )
        )
    if not _is_whole(request.refills) or request.refills < 0:
        refusals.append(
            Refusal(RefusalCode.REQUEST_INCOMPLETE, "Refills must be a whole number, 0 or more.")
        )
    return refusals


def _check_against_plan(directions: Directions, limits: PhaseDoseLimits) -> list[Refusal]:
    refusals: list[Refusal] = []
    dose = dose_above_plan(limits, directions.mg_per_dose)
    if dose:
        refusals.append(Refusal(RefusalCode.DOSE_ABOVE_PLAN, dose))
    weekly = doses_per_week_above_plan(limits, directions.max_doses_per_week)
    if weekly:
        refusals.append(Refusal(RefusalCode.DOSES_PER_WEEK_ABOVE_PLAN, weekly))
    return refusals


def _check_refills_and_supply(request: PrescriptionRequest) -> list[Refusal]:
    refusals: list[Refusal] = []
    if request.refills > MOST_REFILLS:
        refusals.append(
            Refusal(
                RefusalCode.TOO_MANY_REFILLS,
                f"Asked for {request.refills} refills; a Schedule III prescription allows "
                f"{MOST_REFILLS} at most.",
            )
        )
    if request.days_supply > MOST_DAYS_SUPPLY:
        refusals.append(
            Refusal(
                RefusalCode.SUPPLY_TOO_LONG,
                f"A {request.days_supply}-day supply is more than the practice's "
                f"{MOST_DAYS_SUPPLY} days at a time; use refills for the months after.",
            )
        )
    return refusals


def _check_quantity(request: PrescriptionRequest) -> list[Refusal]:
    directions = request.directions
    doses = Fraction(directions.max_doses_per_week * request.days_supply, 7)
    allowed = sorted(
        {
            directions.units_per_dose * math.floor(doses),
            directions.units_per_dose * math.ceil(doses),
        }
        - {0}
    )
    if request.quantity in allowed:
        return []
    form = directions.form
    expected = " or ".join([*map(str, allowed[:-1]), form.units(allowed[-1])])
    weekly = directions.max_doses_per_week
    return [
        Refusal(
            RefusalCode.QUANTITY_INCONSISTENT,
            f"A {request.days_supply}-day supply at {weekly} {'dose' if weekly == 1 else 'doses'} "
            f"a week of {form.units(directions.units_per_dose)} is {expected}, "
            f"not {request.quantity}.",
        )
    ]


def _check_telemedicine(facts: PrescribingFacts, policy: TelemedicinePolicy) -> list[Refusal]:
    refusals: list[Refusal] = []
    if not facts.audio_video_visit:
        refusals.append(
            Refusal(
                RefusalCode.NO_AUDIO_VIDEO_VISIT,
                "No audio-video visit with the patient is recorded; the practice prescribes "
                "only after one.",
            )
        )
    period = policy.period_on(facts.issued_on)
    needs_in_person = period.rule is TelemedicineRule.IN_PERSON_EVALUATION_OR_SPECIAL_REGISTRATION
    if needs_in_person and not (
        facts.in_person_evaluation_on_record or facts.special_registration_on_record
    ):
        refusals.append(
            Refusal(
                RefusalCode.NO_IN_PERSON_EVALUATION,
                f"{period.basis} Neither is on record for this patient.",
            )
        )
    return refusals
