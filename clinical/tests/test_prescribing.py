"""The prescribing checks: each rule passing and refusing, on and either side of its edge.

These are unit tests of the pure function; ``simulation/tests`` checks the same rules from
the outside, through ``manage.py simulate`` and the verbs.
"""

import datetime as dt
from dataclasses import replace
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clinical.holds import Hold
from clinical.plan import PhaseDoseLimits
from clinical.policy import DEFAULT_POLICY
from clinical.prescribing import (
    PDMP_STATE_RULES,
    DeaRegistrationOnRecord,
    PrescribingFacts,
    PrescriptionRequest,
    Refusal,
    RefusalCode,
    TelemedicinePeriod,
    TelemedicinePolicy,
    TelemedicineRule,
    check_prescribing_rules,
    mg_limit,
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
REQUEST = PrescriptionRequest(
    dose_mg=100, unit_mg=100, units_per_dose=1, doses_per_week=2, days_supply=28, refills=5
)
FACTS = PrescribingFacts(
    issued_at=SIGNED_AT,
    issued_on=SIGNED_AT.date(),
    patient_state="FL",
    patient_age=44,
    approved=True,
    diagnosis_on_record=True,
    monitor_confirmed=True,
    id_verified=True,
    consents_current=True,
    subscription_active=True,
    weight_kg=Fraction(80),
    weight_on=SIGNED_AT.date() - dt.timedelta(days=10),
    plan_limits=PhaseDoseLimits(mg_per_session=200, sessions_per_week=2),
    active_prescription_exists=False,
    licensed_states=frozenset({"FL"}),
    dea_registrations=(FLORIDA_DEA,),
    pdmp_checked_at=SIGNED_AT - dt.timedelta(hours=2),
    video_visit_at=SIGNED_AT - dt.timedelta(days=3),
    in_person_evaluation_on_record=False,
    special_registration_on_record=False,
    doses_taken_mg=(),
    open_holds=frozenset(),
    request=REQUEST,
)


def facts(**changes: Any) -> PrescribingFacts:
    return replace(FACTS, **changes)


def on_day(day: dt.date, **changes: Any) -> PrescribingFacts:
    signed_at = dt.datetime.combine(day, dt.time(15), tzinfo=UTC)
    return facts(
        issued_at=signed_at,
        issued_on=day,
        pdmp_checked_at=signed_at - dt.timedelta(hours=1),
        video_visit_at=signed_at - dt.timedelta(days=1),
        weight_on=day,
        **changes,
    )


def request(**changes: Any) -> PrescriptionRequest:
    return replace(REQUEST, **changes)


def codes(refusals: list[Refusal]) -> set[RefusalCode]:
    return {refusal.code for refusal in refusals}


def refused(prescribing: PrescribingFacts, policy: TelemedicinePolicy = POLICY) -> Refusal:
    (refusal,) = check_prescribing_rules(prescribing, policy)
    return refusal


def test_a_prescription_meeting_every_rule_is_not_refused() -> None:
    assert check_prescribing_rules(FACTS, POLICY) == []


def test_it_gives_every_refusal_at_once() -> None:
    everything_wrong = facts(
        approved=False,
        licensed_states=frozenset(),
        pdmp_checked_at=None,
        consents_current=False,
        subscription_active=False,
        video_visit_at=None,
        open_holds=frozenset({Hold.BLADDER}),
    )
    assert codes(check_prescribing_rules(everything_wrong, POLICY)) == {
        RefusalCode.PATIENT_NOT_APPROVED,
        RefusalCode.NO_LICENCE_IN_STATE,
        RefusalCode.PDMP_CHECK_MISSING,
        RefusalCode.CONSENTS_NOT_CURRENT,
        RefusalCode.SUBSCRIPTION_NOT_ACTIVE,
        RefusalCode.NO_RECENT_VIDEO_VISIT,
        RefusalCode.BLADDER_HOLD,
    }


def test_every_reason_is_a_sentence() -> None:
    refusals = check_prescribing_rules(
        facts(
            pdmp_checked_at=None,
            consents_current=False,
            weight_kg=None,
            request=request(refills=6, units_per_dose=3),
            doses_taken_mg=(50,),
            open_holds=frozenset(Hold),
        ),
        POLICY,
    )
    assert len(refusals) >= 8
    assert all(r.reason[0].isupper() and r.reason.endswith(".") for r in refusals)


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"approved": False}, RefusalCode.PATIENT_NOT_APPROVED),
        ({"diagnosis_on_record": False}, RefusalCode.NO_DIAGNOSIS),
        ({"monitor_confirmed": False}, RefusalCode.NO_MONITOR),
        ({"id_verified": False}, RefusalCode.ID_NOT_VERIFIED),
        ({"consents_current": False}, RefusalCode.CONSENTS_NOT_CURRENT),
        ({"subscription_active": False}, RefusalCode.SUBSCRIPTION_NOT_ACTIVE),
        ({"plan_limits": None}, RefusalCode.NO_PLAN),
        ({"active_prescription_exists": True}, RefusalCode.ACTIVE_PRESCRIPTION_EXISTS),
    ],
)
def test_each_readiness_rule_refuses_alone(change: dict[str, Any], code: RefusalCode) -> None:
    assert refused(facts(**change)).code is code


def test_it_refuses_a_patient_of_17_and_allows_one_of_18() -> None:
    assert refused(facts(patient_age=17)).code is RefusalCode.PATIENT_UNDER_18
    assert check_prescribing_rules(facts(patient_age=18), POLICY) == []


def test_it_refuses_a_patient_whose_age_is_not_known() -> None:
    assert "date of birth" in refused(facts(patient_age=None)).reason


def test_it_refuses_a_clinician_without_a_licence_in_the_patients_state() -> None:
    refusal = refused(facts(licensed_states=frozenset({"NJ"})))
    assert refusal.code is RefusalCode.NO_LICENCE_IN_STATE
    assert "Florida" in refusal.reason


def test_it_refuses_a_clinician_without_a_dea_registration_for_the_patients_state() -> None:
    new_jersey = DeaRegistrationOnRecord("NJ", ALL_SCHEDULES, dt.date(2028, 1, 1))
    refusal = refused(facts(dea_registrations=(new_jersey,)))
    assert refusal.code is RefusalCode.NO_DEA_REGISTRATION_IN_STATE


def test_a_dea_registration_counts_the_day_before_it_expires() -> None:
    expiring = DeaRegistrationOnRecord("FL", ALL_SCHEDULES, dt.date(2026, 6, 16))
    assert check_prescribing_rules(facts(dea_registrations=(expiring,)), POLICY) == []


def test_it_refuses_a_dea_registration_on_its_expiry_day_and_says_so() -> None:
    expired = DeaRegistrationOnRecord("FL", ALL_SCHEDULES, dt.date(2026, 6, 15))
    refusal = refused(facts(dea_registrations=(expired,)))
    assert refusal.code is RefusalCode.NO_DEA_REGISTRATION_IN_STATE
    assert "expired on 15 June 2026" in refusal.reason


def test_a_renewed_registration_counts_beside_the_expired_one() -> None:
    expired = DeaRegistrationOnRecord("FL", ALL_SCHEDULES, dt.date(2026, 1, 1))
    assert check_prescribing_rules(facts(dea_registrations=(expired, FLORIDA_DEA)), POLICY) == []


def test_it_refuses_a_registration_without_schedule_3n() -> None:
    narcotics_only = DeaRegistrationOnRecord("FL", parse_schedules("2,2N"), dt.date(2028, 1, 1))
    refusal = refused(facts(dea_registrations=(narcotics_only,)))
    assert refusal.code is RefusalCode.NO_DEA_REGISTRATION_IN_STATE
    assert "3N" in refusal.reason


def test_it_reads_stored_schedules_however_they_are_spaced() -> None:
    assert parse_schedules(" 2, 3n ,4,,5 ") == frozenset({"2", "3N", "4", "5"})


def test_it_refuses_without_a_pdmp_check_and_cites_florida_law() -> None:
    refusal = refused(facts(pdmp_checked_at=None))
    assert refusal.code is RefusalCode.PDMP_CHECK_MISSING
    assert "E-FORCSE" in refusal.reason
    assert "16 or older" in refusal.reason


def test_in_new_jersey_the_pdmp_check_is_practice_policy() -> None:
    new_jersey = DeaRegistrationOnRecord("NJ", ALL_SCHEDULES, dt.date(2028, 1, 1))
    refusal = refused(
        facts(
            patient_state="NJ",
            licensed_states=frozenset({"NJ"}),
            dea_registrations=(new_jersey,),
            pdmp_checked_at=None,
        )
    )
    assert "NJPMP" in refusal.reason
    assert "the practice does" in refusal.reason


def test_the_pdmp_rule_table_holds_both_served_states() -> None:
    assert set(PDMP_STATE_RULES) == {"FL", "NJ"}
    assert pdmp_rule_in_words("FL", 15).startswith("The practice requires")
    assert "Florida law" in pdmp_rule_in_words("FL", 16)


@pytest.mark.parametrize(
    ("age", "passes"),
    [
        (dt.timedelta(hours=24), True),
        (dt.timedelta(hours=24, seconds=1), False),
        (dt.timedelta(0), True),
    ],
)
def test_the_pdmp_check_must_be_within_the_last_24_hours(age: dt.timedelta, passes: bool) -> None:
    result = check_prescribing_rules(facts(pdmp_checked_at=SIGNED_AT - age), POLICY)
    assert (result == []) is passes


def test_a_pdmp_check_dated_after_signing_does_not_count() -> None:
    later = facts(pdmp_checked_at=SIGNED_AT + dt.timedelta(minutes=1))
    assert refused(later).code is RefusalCode.PDMP_CHECK_MISSING


@pytest.mark.parametrize(
    ("age", "passes"),
    [(dt.timedelta(days=90), True), (dt.timedelta(days=90, seconds=1), False)],
)
def test_a_video_visit_counts_for_90_days(age: dt.timedelta, passes: bool) -> None:
    result = check_prescribing_rules(facts(video_visit_at=SIGNED_AT - age), POLICY)
    assert (result == []) is passes


@pytest.mark.parametrize(("days", "passes"), [(90, True), (91, False)])
def test_a_weight_counts_for_90_days(days: int, passes: bool) -> None:
    weighed = facts(weight_on=SIGNED_AT.date() - dt.timedelta(days=days))
    assert (check_prescribing_rules(weighed, POLICY) == []) is passes


def test_without_a_weight_the_weight_based_limits_are_not_asked() -> None:
    heavy_dose = facts(
        weight_kg=None,
        plan_limits=PhaseDoseLimits(600, 2),
        request=request(dose_mg=400, unit_mg=200, units_per_dose=2),
    )
    assert codes(check_prescribing_rules(heavy_dose, POLICY)) == {RefusalCode.NO_WEIGHT}


@pytest.mark.parametrize(
    ("weight", "dose", "refused_code"),
    [
        (Fraction(80), 150, None),
        (Fraction(80), 152, RefusalCode.STARTING_DOSE_TOO_HIGH),
        (Fraction(145, 2), 145, None),
        (Fraction(145, 2), 146, RefusalCode.STARTING_DOSE_TOO_HIGH),
    ],
)
def test_the_first_dose_is_at_most_150_mg_or_2_mg_per_kg(
    weight: Fraction, dose: int, refused_code: RefusalCode | None
) -> None:
    first = facts(
        weight_kg=weight,
        plan_limits=PhaseDoseLimits(300, 2),
        request=request(dose_mg=dose, unit_mg=dose, units_per_dose=1),
    )
    result = codes(check_prescribing_rules(first, POLICY))
    assert result == ({refused_code} if refused_code else set())


@pytest.mark.parametrize(
    ("weight", "dose", "above"),
    [
        (Fraction(80), 300, False),
        (Fraction(80), 302, True),
        (Fraction(59), 295, False),
        (Fraction(59), 296, True),
    ],
)
def test_no_dose_is_above_300_mg_or_5_mg_per_kg(weight: Fraction, dose: int, above: bool) -> None:
    later = facts(
        weight_kg=weight,
        plan_limits=PhaseDoseLimits(400, 2),
        doses_taken_mg=(dose, dose),
        request=request(dose_mg=dose, unit_mg=dose, units_per_dose=1),
    )
    result = codes(check_prescribing_rules(later, POLICY))
    assert (RefusalCode.DOSE_ABOVE_CEILING in result) is above


def test_the_limits_round_down_to_a_whole_mg() -> None:
    assert mg_limit(300, Fraction(5), Fraction(595, 10)) == 297
    assert mg_limit(150, Fraction(2), Fraction(7251, 100)) == 145


@pytest.mark.parametrize(
    ("taken", "dose", "expected"),
    [
        ((100, 100), 150, set()),
        ((100, 100), 151, {RefusalCode.DOSE_STEP_TOO_LARGE}),
        ((100,), 150, {RefusalCode.DOSE_STEP_TOO_SOON}),
        ((100,), 100, set()),
        ((100, 150), 200, {RefusalCode.DOSE_STEP_TOO_SOON}),
        ((100, 150, 150), 200, set()),
        ((150, 150), 50, set()),
    ],
)
def test_a_dose_goes_up_by_half_at_most_after_two_sessions_at_the_highest(
    taken: tuple[int, ...], dose: int, expected: set[RefusalCode]
) -> None:
    stepping = facts(
        plan_limits=PhaseDoseLimits(300, 2),
        doses_taken_mg=taken,
        request=request(dose_mg=dose, unit_mg=dose, units_per_dose=1),
    )
    assert codes(check_prescribing_rules(stepping, POLICY)) == expected


def test_a_stricter_policy_lowers_the_ceiling() -> None:
    strict = DEFAULT_POLICY.stricter(dose_ceiling_mg=200)
    later = facts(
        plan_limits=PhaseDoseLimits(300, 2),
        doses_taken_mg=(200, 200),
        request=request(dose_mg=250, unit_mg=125, units_per_dose=2),
    )
    assert check_prescribing_rules(later, POLICY) == []
    assert codes(check_prescribing_rules(later, POLICY, strict)) == {RefusalCode.DOSE_ABOVE_CEILING}


def test_the_dose_in_mg_must_match_the_units() -> None:
    mismatched = facts(request=request(dose_mg=150, unit_mg=100, units_per_dose=1))
    assert refused(mismatched).code is RefusalCode.DOSE_UNITS_MISMATCH


def test_three_units_a_dose_are_too_many() -> None:
    three = facts(request=request(dose_mg=150, unit_mg=50, units_per_dose=3))
    assert refused(three).code is RefusalCode.TOO_MANY_UNITS_PER_DOSE


def test_a_dose_at_the_plan_is_allowed_and_above_it_refused() -> None:
    assert check_prescribing_rules(facts(plan_limits=PhaseDoseLimits(100, 2)), POLICY) == []
    refusal = refused(facts(plan_limits=PhaseDoseLimits(99, 2)))
    assert refusal.code is RefusalCode.DOSE_ABOVE_PLAN
    assert "99 mg" in refusal.reason


def test_it_refuses_more_doses_a_week_than_the_plan() -> None:
    refusal = refused(facts(request=request(doses_per_week=3)))
    assert refusal.code is RefusalCode.DOSES_PER_WEEK_ABOVE_PLAN


def test_it_allows_five_refills_and_refuses_six() -> None:
    assert check_prescribing_rules(facts(request=request(refills=5)), POLICY) == []
    assert refused(facts(request=request(refills=6))).code is RefusalCode.TOO_MANY_REFILLS


def test_it_allows_a_30_day_supply_and_refuses_31_days() -> None:
    assert check_prescribing_rules(facts(request=request(days_supply=30)), POLICY) == []
    assert refused(facts(request=request(days_supply=31))).code is RefusalCode.SUPPLY_TOO_LONG


@pytest.mark.parametrize(
    ("units", "weekly", "days", "quantity"),
    [(2, 3, 28, 24), (1, 2, 30, 8), (2, 3, 30, 25), (1, 1, 3, 0)],
)
def test_the_quantity_follows_from_the_dose_and_rounds_down(
    units: int, weekly: int, days: int, quantity: int
) -> None:
    assert request(units_per_dose=units, doses_per_week=weekly, days_supply=days).quantity == (
        quantity
    )


@pytest.mark.parametrize("hold", list(Hold))
def test_every_open_hold_refuses(hold: Hold) -> None:
    refusal = refused(facts(open_holds=frozenset({hold})))
    assert refusal.code == hold.refusal_code


def test_on_the_last_day_of_the_flexibilities_a_video_visit_suffices() -> None:
    assert check_prescribing_rules(on_day(dt.date(2026, 12, 31)), POLICY) == []


def test_from_1_january_2027_an_in_person_evaluation_is_needed() -> None:
    refusal = refused(on_day(dt.date(2027, 1, 1)))
    assert refusal.code is RefusalCode.NO_IN_PERSON_EVALUATION
    assert "1 January 2027" in refusal.reason


@pytest.mark.parametrize(
    "on_record", ["in_person_evaluation_on_record", "special_registration_on_record"]
)
def test_after_the_flexibilities_an_evaluation_or_a_registration_suffices(on_record: str) -> None:
    assert check_prescribing_rules(on_day(dt.date(2027, 3, 1), **{on_record: True}), POLICY) == []


def test_the_change_of_regime_follows_a_configured_date() -> None:
    extended = TelemedicinePolicy.federal(in_person_required_from=dt.date(2027, 7, 1))
    assert check_prescribing_rules(on_day(dt.date(2027, 3, 1)), extended) == []
    refusal = refused(on_day(dt.date(2027, 7, 1)), extended)
    assert refusal.code is RefusalCode.NO_IN_PERSON_EVALUATION


def test_the_regime_is_judged_on_the_patients_day_not_the_utc_moment() -> None:
    # 04:30 UTC on 1 January is still 31 December in Florida.
    moment = dt.datetime(2027, 1, 1, 4, 30, tzinfo=UTC)
    new_years_eve = facts(
        issued_at=moment,
        issued_on=dt.date(2026, 12, 31),
        pdmp_checked_at=moment - dt.timedelta(hours=1),
        video_visit_at=moment - dt.timedelta(days=1),
        weight_on=dt.date(2026, 12, 1),
    )
    assert check_prescribing_rules(new_years_eve, POLICY) == []


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
