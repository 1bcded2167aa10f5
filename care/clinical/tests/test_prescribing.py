"""The prescribing checks: each rule passing and refusing, on and either side of its edge."""

import datetime as dt
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from care.clinical.directions import Directions, DosageForm
from care.clinical.plan import PhaseDoseLimits
from care.clinical.prescribing import (
    PDMP_STATE_RULES,
    DeaRegistrationOnRecord,
    PdmpCheckOnRecord,
    PrescribingFacts,
    PrescriptionRequest,
    Refusal,
    RefusalCode,
    TelemedicinePeriod,
    TelemedicinePolicy,
    TelemedicineRule,
    check_prescribing_rules,
    parse_schedules,
    pdmp_rule_in_words,
    prescription_expired,
    prescription_expiry,
)

UTC = dt.UTC
SIGNED_AT = dt.datetime(2026, 6, 15, 15, 0, tzinfo=UTC)
POLICY = TelemedicinePolicy.federal()
ALL_SCHEDULES = parse_schedules("2,2N,3,3N,4,5")
FLORIDA_DEA = DeaRegistrationOnRecord("FL", ALL_SCHEDULES, expires_on=dt.date(2028, 6, 30))
ONE_TROCHE_TWICE_A_WEEK = Directions(
    form=DosageForm.TROCHE,
    strength_mg=100,
    units_per_dose=1,
    max_doses_per_week=2,
    hold_minutes=15,
)
REQUEST = PrescriptionRequest(
    directions=ONE_TROCHE_TWICE_A_WEEK, quantity=8, days_supply=28, refills=5
)
FACTS = PrescribingFacts(
    issued_at=SIGNED_AT,
    issued_on=SIGNED_AT.date(),
    patient_state="FL",
    patient_age=44,
    licensed_states=frozenset({"FL"}),
    dea_registrations=(FLORIDA_DEA,),
    pdmp_check=PdmpCheckOnRecord(
        checked_at=SIGNED_AT - dt.timedelta(hours=2), state="FL", reference="EF-0001"
    ),
    consents_current=True,
    subscription_past_due=False,
    plan_limits=PhaseDoseLimits(mg_per_session=200, sessions_per_week=2),
    request=REQUEST,
    audio_video_visit=True,
    in_person_evaluation_on_record=False,
    special_registration_on_record=False,
)


def facts(**changes: Any) -> PrescribingFacts:
    return replace(FACTS, **changes)


def on_day(day: dt.date, **changes: Any) -> PrescribingFacts:
    signed_at = dt.datetime.combine(day, dt.time(15), tzinfo=UTC)
    check = PdmpCheckOnRecord(signed_at - dt.timedelta(hours=1), "FL", "EF-0002")
    return facts(issued_at=signed_at, issued_on=day, pdmp_check=check, **changes)


def request(**changes: Any) -> PrescriptionRequest:
    return replace(REQUEST, **changes)


def directions(**changes: Any) -> Directions:
    return replace(ONE_TROCHE_TWICE_A_WEEK, **changes)


def codes(refusals: list[Refusal]) -> list[RefusalCode]:
    return [refusal.code for refusal in refusals]


def refused(prescribing: PrescribingFacts, policy: TelemedicinePolicy = POLICY) -> Refusal:
    (refusal,) = check_prescribing_rules(prescribing, policy)
    return refusal


def test_a_prescription_meeting_every_rule_is_not_refused() -> None:
    assert check_prescribing_rules(FACTS, POLICY) == []


def test_it_gives_every_refusal_at_once() -> None:
    everything_wrong = facts(
        licensed_states=frozenset(),
        pdmp_check=None,
        consents_current=False,
        subscription_past_due=True,
        audio_video_visit=False,
    )
    assert codes(check_prescribing_rules(everything_wrong, POLICY)) == [
        RefusalCode.NO_LICENCE_IN_STATE,
        RefusalCode.PDMP_CHECK_MISSING,
        RefusalCode.CONSENTS_NOT_CURRENT,
        RefusalCode.SUBSCRIPTION_PAST_DUE,
        RefusalCode.NO_AUDIO_VIDEO_VISIT,
    ]


def test_every_reason_is_a_sentence() -> None:
    refusals = check_prescribing_rules(
        facts(pdmp_check=None, consents_current=False, request=request(refills=6)), POLICY
    )
    assert all(r.reason[0].isupper() and r.reason.endswith(".") for r in refusals)


def test_it_refuses_a_patient_of_17_and_allows_one_of_18() -> None:
    assert refused(facts(patient_age=17)).code is RefusalCode.PATIENT_UNDER_18
    assert check_prescribing_rules(facts(patient_age=18), POLICY) == []


def test_it_refuses_a_clinician_without_a_licence_in_the_patients_state() -> None:
    refusal = refused(facts(licensed_states=frozenset({"NJ"})))
    assert refusal == Refusal(
        RefusalCode.NO_LICENCE_IN_STATE,
        "The clinician holds no active licence in Florida, where the patient lives.",
    )


def test_it_refuses_a_clinician_without_a_dea_registration_for_the_patients_state() -> None:
    new_jersey_only = (replace(FLORIDA_DEA, state="NJ"),)
    refusal = refused(facts(dea_registrations=new_jersey_only))
    assert refusal.code is RefusalCode.NO_DEA_REGISTRATION_IN_STATE
    assert refusal.reason == "The clinician has no DEA registration for Florida."


def test_a_dea_registration_counts_the_day_before_it_expires() -> None:
    registration = replace(FLORIDA_DEA, expires_on=FACTS.issued_on + dt.timedelta(days=1))
    assert check_prescribing_rules(facts(dea_registrations=(registration,)), POLICY) == []


def test_it_refuses_a_dea_registration_on_its_expiry_day() -> None:
    registration = replace(FLORIDA_DEA, expires_on=FACTS.issued_on)
    refusal = refused(facts(dea_registrations=(registration,)))
    assert refusal.code is RefusalCode.DEA_REGISTRATION_EXPIRED
    assert refusal.reason == "The clinician's DEA registration for Florida expired on 15 June 2026."


def test_a_renewed_registration_counts_beside_the_expired_one() -> None:
    expired = replace(FLORIDA_DEA, expires_on=dt.date(2026, 1, 31))
    assert check_prescribing_rules(facts(dea_registrations=(expired, FLORIDA_DEA)), POLICY) == []


def test_it_refuses_a_registration_without_schedule_3n() -> None:
    narcotic_only = replace(FLORIDA_DEA, schedules=parse_schedules("2, 2n, 3"))
    refusal = refused(facts(dea_registrations=(narcotic_only,)))
    assert refusal.code is RefusalCode.DEA_SCHEDULE_NOT_COVERED
    assert "(3N)" in refusal.reason


def test_it_reads_stored_schedules_however_they_are_spaced() -> None:
    assert parse_schedules(" 2,2n , 3N,,5") == {"2", "2N", "3N", "5"}


def test_it_refuses_without_a_pdmp_check_and_cites_florida_law() -> None:
    refusal = refused(facts(pdmp_check=None))
    assert refusal.code is RefusalCode.PDMP_CHECK_MISSING
    assert refusal.reason == (
        "No E-FORCSE check by this clinician is recorded for this patient. Florida law "
        "requires an E-FORCSE check each time a controlled substance is prescribed to "
        "anyone 16 or older."
    )


def test_in_new_jersey_the_pdmp_check_is_practice_policy() -> None:
    new_jersey = facts(
        patient_state="NJ",
        licensed_states=frozenset({"NJ"}),
        dea_registrations=(replace(FLORIDA_DEA, state="NJ"),),
        pdmp_check=None,
    )
    refusal = refused(new_jersey)
    assert refusal.code is RefusalCode.PDMP_CHECK_MISSING
    assert "No NJPMP check" in refusal.reason
    assert "New Jersey law does not require a look-up for ketamine" in refusal.reason


def test_the_pdmp_rule_table_holds_both_served_states() -> None:
    assert {rule.programme for rule in PDMP_STATE_RULES.values()} == {"E-FORCSE", "NJPMP"}
    assert pdmp_rule_in_words("TX", 40).startswith("The practice requires")
    assert pdmp_rule_in_words("FL", 15).startswith("The practice requires")


@pytest.mark.parametrize(
    ("age", "passes"),
    [
        (dt.timedelta(hours=23, minutes=59, seconds=59), True),
        (dt.timedelta(hours=24), True),
        (dt.timedelta(hours=24, seconds=1), False),
        (dt.timedelta(days=3), False),
        (dt.timedelta(0), True),
    ],
)
def test_the_pdmp_check_must_be_within_the_last_24_hours(age: dt.timedelta, passes: bool) -> None:
    check = PdmpCheckOnRecord(SIGNED_AT - age, "FL", "EF-0003")
    refusals = check_prescribing_rules(facts(pdmp_check=check), POLICY)
    assert codes(refusals) == ([] if passes else [RefusalCode.PDMP_CHECK_TOO_OLD])


def test_the_24_hours_are_measured_across_time_zones() -> None:
    eastern = dt.timezone(dt.timedelta(hours=-4))
    check = PdmpCheckOnRecord(dt.datetime(2026, 6, 14, 11, 0, tzinfo=eastern), "FL", "EF-4")
    assert check_prescribing_rules(facts(pdmp_check=check), POLICY) == []


def test_it_refuses_a_pdmp_check_dated_after_signing() -> None:
    check = PdmpCheckOnRecord(SIGNED_AT + dt.timedelta(minutes=1), "FL", "EF-0005")
    assert refused(facts(pdmp_check=check)).code is RefusalCode.PDMP_CHECK_AFTER_PRESCRIPTION


def test_it_refuses_a_pdmp_check_of_another_states_programme() -> None:
    check = PdmpCheckOnRecord(SIGNED_AT - dt.timedelta(hours=2), "NJ", "NJ-0001")
    refusal = refused(facts(pdmp_check=check))
    assert refusal.code is RefusalCode.PDMP_CHECK_OTHER_STATE
    assert refusal.reason.endswith("so check E-FORCSE.")


def test_it_refuses_a_patient_whose_consents_are_not_current() -> None:
    assert refused(facts(consents_current=False)).code is RefusalCode.CONSENTS_NOT_CURRENT


def test_it_refuses_a_patient_whose_subscription_is_past_due() -> None:
    assert refused(facts(subscription_past_due=True)).code is RefusalCode.SUBSCRIPTION_PAST_DUE


def test_a_dose_at_the_plan_is_allowed() -> None:
    at_plan = request(directions=directions(units_per_dose=2), quantity=16)
    assert check_prescribing_rules(facts(request=at_plan), POLICY) == []


def test_it_refuses_a_dose_above_the_plan() -> None:
    above = request(directions=directions(strength_mg=201))
    assert refused(facts(request=above)) == Refusal(
        RefusalCode.DOSE_ABOVE_PLAN, "A dose of 201 mg is above the plan's 200 mg a session."
    )


def test_it_refuses_more_doses_a_week_than_the_plan() -> None:
    above = request(directions=directions(max_doses_per_week=3), quantity=12)
    assert refused(facts(request=above)).code is RefusalCode.DOSES_PER_WEEK_ABOVE_PLAN


def test_it_allows_five_refills() -> None:
    assert check_prescribing_rules(facts(request=request(refills=5)), POLICY) == []


def test_it_refuses_six_refills() -> None:
    assert refused(facts(request=request(refills=6))) == Refusal(
        RefusalCode.TOO_MANY_REFILLS,
        "Asked for 6 refills; a Schedule III prescription allows 5 at most.",
    )


def test_it_allows_a_30_day_supply_and_refuses_31_days() -> None:
    thirty = request(days_supply=30, quantity=9)
    assert check_prescribing_rules(facts(request=thirty), POLICY) == []
    longer = request(days_supply=31, quantity=9)
    assert refused(facts(request=longer)).code is RefusalCode.SUPPLY_TOO_LONG


@pytest.mark.parametrize(
    ("days_supply", "units", "quantity", "passes"),
    [
        (28, 1, 8, True),
        (28, 1, 7, False),
        (28, 1, 9, False),
        (28, 2, 16, True),
        (28, 2, 15, False),
        (30, 1, 8, True),
        (30, 1, 9, True),
        (30, 1, 10, False),
        (3, 1, 1, True),
    ],
)
def test_the_quantity_must_match_the_doses_and_the_days_supply(
    days_supply: int, units: int, quantity: int, passes: bool
) -> None:
    asked = request(
        directions=directions(units_per_dose=units), days_supply=days_supply, quantity=quantity
    )
    refusals = check_prescribing_rules(facts(request=asked), POLICY)
    assert codes(refusals) == ([] if passes else [RefusalCode.QUANTITY_INCONSISTENT])


def test_a_mismatched_quantity_says_what_it_should_be() -> None:
    asked = request(days_supply=30, quantity=12)
    assert refused(facts(request=asked)).reason == (
        "A 30-day supply at 2 doses a week of 1 troche is 8 or 9 troches, not 12."
    )


def test_unclear_directions_are_refused_before_any_arithmetic() -> None:
    unclear = request(directions=directions(units_per_dose=3), quantity=5)
    assert codes(check_prescribing_rules(facts(request=unclear), POLICY)) == [
        RefusalCode.DIRECTIONS_UNCLEAR
    ]


@pytest.mark.parametrize(
    "change", [{"quantity": 0}, {"days_supply": 0}, {"refills": -1}, {"quantity": 8.5}]
)
def test_it_refuses_a_request_with_a_missing_or_broken_number(change: dict[str, Any]) -> None:
    assert refused(facts(request=request(**change))).code is RefusalCode.REQUEST_INCOMPLETE


def test_it_refuses_without_an_audio_video_visit() -> None:
    assert refused(facts(audio_video_visit=False)).code is RefusalCode.NO_AUDIO_VIDEO_VISIT


def test_on_the_last_day_of_the_flexibilities_a_video_visit_suffices() -> None:
    assert check_prescribing_rules(on_day(dt.date(2026, 12, 31)), POLICY) == []


def test_from_1_january_2027_an_in_person_evaluation_is_needed() -> None:
    refusal = refused(on_day(dt.date(2027, 1, 1)))
    assert refusal.code is RefusalCode.NO_IN_PERSON_EVALUATION
    assert refusal.reason.startswith("From 1 January 2027, a Schedule III drug")
    assert refusal.reason.endswith("Neither is on record for this patient.")


@pytest.mark.parametrize(
    "on_record", ["in_person_evaluation_on_record", "special_registration_on_record"]
)
def test_after_the_flexibilities_an_evaluation_or_a_registration_suffices(on_record: str) -> None:
    assert check_prescribing_rules(on_day(dt.date(2027, 1, 1), **{on_record: True}), POLICY) == []


def test_the_change_of_regime_follows_a_configured_date() -> None:
    extended = TelemedicinePolicy.federal(in_person_required_from=dt.date(2027, 7, 1))
    assert check_prescribing_rules(on_day(dt.date(2027, 1, 1)), extended) == []
    assert check_prescribing_rules(on_day(dt.date(2027, 6, 30)), extended) == []
    refusal = refused(on_day(dt.date(2027, 7, 1)), extended)
    assert refusal.code is RefusalCode.NO_IN_PERSON_EVALUATION
    assert "From 1 July 2027" in refusal.reason


def test_the_regime_is_judged_on_the_practices_day_not_the_utc_moment() -> None:
    late_new_years_eve = dt.datetime(2027, 1, 1, 3, 30, tzinfo=UTC)
    check = PdmpCheckOnRecord(late_new_years_eve - dt.timedelta(hours=1), "FL", "EF-6")
    prescribing = facts(
        issued_at=late_new_years_eve, issued_on=dt.date(2026, 12, 31), pdmp_check=check
    )
    assert check_prescribing_rules(prescribing, POLICY) == []


def test_the_policy_says_which_period_is_in_force() -> None:
    assert POLICY.period_on(dt.date(2026, 12, 31)).basis == (
        "Under the federal telemedicine flexibilities, in force through 31 December 2026, "
        "a Schedule III drug may be prescribed after an audio-video visit without an "
        "in-person exam."
    )
    assert POLICY.period_on(dt.date(2030, 1, 1)).rule is (
        TelemedicineRule.IN_PERSON_EVALUATION_OR_SPECIAL_REGISTRATION
    )


def test_a_policy_must_cover_every_day_in_order() -> None:
    later = TelemedicinePeriod(dt.date(2027, 1, 1), TelemedicineRule.AUDIO_VIDEO_VISIT_SUFFICES, "")
    first = TelemedicinePeriod(dt.date.min, TelemedicineRule.AUDIO_VIDEO_VISIT_SUFFICES, "")
    with pytest.raises(ValueError, match=r"date\.min"):
        TelemedicinePolicy(periods=())
    with pytest.raises(ValueError, match=r"date\.min"):
        TelemedicinePolicy(periods=(later,))
    with pytest.raises(ValueError, match="in order"):
        TelemedicinePolicy(periods=(first, later, later))


def test_it_refuses_facts_without_a_time_zone() -> None:
    with pytest.raises(ValueError, match="issued_at must carry a time zone"):
        facts(issued_at=dt.datetime(2026, 6, 15, 15, 0))  # noqa: DTZ001
    with pytest.raises(ValueError, match="checked_at must carry a time zone"):
        PdmpCheckOnRecord(dt.datetime(2026, 6, 15, 15, 0), "FL", "EF-7")  # noqa: DTZ001


@pytest.mark.parametrize(
    ("issued_on", "expiry"),
    [
        (dt.date(2026, 6, 15), dt.date(2026, 12, 15)),
        (dt.date(2026, 7, 31), dt.date(2027, 1, 31)),
        (dt.date(2026, 8, 31), dt.date(2027, 2, 28)),
        (dt.date(2027, 8, 31), dt.date(2028, 2, 29)),
        (dt.date(2026, 8, 30), dt.date(2027, 2, 28)),
        (dt.date(2026, 12, 31), dt.date(2027, 6, 30)),
        (dt.date(2027, 3, 31), dt.date(2027, 9, 30)),
    ],
)
def test_a_prescription_expires_six_calendar_months_after_issue(
    issued_on: dt.date, expiry: dt.date
) -> None:
    assert prescription_expiry(issued_on) == expiry


def test_it_may_be_filled_on_its_expiry_day_and_not_the_day_after() -> None:
    issued_on = dt.date(2026, 8, 31)
    assert not prescription_expired(issued_on, on=dt.date(2027, 2, 28))
    assert prescription_expired(issued_on, on=dt.date(2027, 3, 1))


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_the_expiry_is_always_in_the_sixth_month_on_or_before_the_same_day(
    issued_on: dt.date,
) -> None:
    expiry = prescription_expiry(issued_on)
    months = (expiry.year - issued_on.year) * 12 + expiry.month - issued_on.month
    assert months == 6
    assert expiry.day <= issued_on.day
    assert 181 <= (expiry - issued_on).days <= 184
