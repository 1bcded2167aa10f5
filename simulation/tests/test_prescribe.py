"""``prescribe``: every refusal code of the contract, on and on either side of each limit."""

import datetime as dt
from typing import Any

import pytest

from simulation.tests.scenarios import (
    NOW,
    PHQ9_CLEAR,
    Json,
    action,
    before,
    event,
    moment,
    ready_to_prescribe,
    refusals,
    run,
    scenario,
)

pytestmark = pytest.mark.django_db


def prescribe(
    fields: Json | None = None,
    *extra: Json,
    now: dt.datetime = NOW,
    history: list[Json] | None = None,
    **sections: Any,
) -> Json:
    """A prescription for a patient ready for treatment, plus ``extra`` history."""
    base = ready_to_prescribe(now) if history is None else history
    return scenario(action("prescribe", **(fields or {})), [*base, *extra], now=now, **sections)


def dosed(*doses: int) -> list[Json]:
    """Sessions taken at these doses (mg), under a cancelled earlier prescription."""
    return [
        event("prescription", before(days=40), status="cancelled"),
        *(
            event("session", before(days=30 - 2 * number), dose_mg=dose)
            for number, dose in enumerate(doses)
        ),
    ]


def one_unit(dose: int, **fields: Any) -> Json:
    """A prescription of one unit of ``dose`` mg, so any whole dose matches its units."""
    return {"dose_mg": dose, "unit_mg": dose, "units_per_dose": 1, **fields}


def test_a_patient_ready_for_treatment_may_be_prescribed_the_default_dose():
    assert run(prescribe()) == {
        "action": "prescribe",
        "allowed": True,
        "refusals": [],
        "dose_mg": 150,
        "flags": [],
        "holds": [],
        "crisis_resources": False,
    }


def test_an_allowed_prescription_reports_the_dose_signed():
    result = run(prescribe(one_unit(120)))
    assert (result["allowed"], result["dose_mg"]) == (True, 120)


def test_a_refused_prescription_has_no_dose_and_every_code_sorted():
    result = run(
        prescribe(
            {"dose_mg": 140},
            history=[event("video_visit", before(days=2))],
            patient={"decision": "declined", "monitor": False},
        )
    )
    assert result["allowed"] is False
    assert result["dose_mg"] is None
    assert result["refusals"] == [
        "dose_units_mismatch",
        "no_monitor",
        "patient_not_approved",
        "pdmp_check_missing",
    ]


# The patient ------------------------------------------------------------------------------


def test_a_patient_who_turns_18_on_the_day_may_be_prescribed():
    assert refusals(prescribe(patient={"date_of_birth": "2008-12-10"})) == []


def test_a_patient_who_turns_18_the_next_day_is_under_18():
    assert refusals(prescribe(patient={"date_of_birth": "2008-12-11"})) == ["patient_under_18"]


def test_age_is_taken_on_the_day_in_the_patients_time_zone():
    late_evening_in_new_york = moment("2026-12-11T03:30:00+00:00")
    raw = prescribe(now=late_evening_in_new_york, patient={"date_of_birth": "2008-12-11"})
    assert refusals(raw) == ["patient_under_18"]


def test_age_turns_at_midnight_in_the_patients_time_zone():
    just_after_midnight_in_new_york = moment("2026-12-11T05:30:00+00:00")
    raw = prescribe(now=just_after_midnight_in_new_york, patient={"date_of_birth": "2008-12-11"})
    assert refusals(raw) == []


FEBRUARY = {"date_of_birth": "2008-02-29", "weight_on": "2026-02-01"}


def test_a_29_february_birthday_is_not_yet_18_on_28_february_of_a_common_year():
    now = moment("2026-02-28T12:00:00-05:00")
    assert refusals(prescribe(now=now, patient=FEBRUARY)) == ["patient_under_18"]


def test_a_29_february_birthday_turns_18_on_1_march_of_a_common_year():
    now = moment("2026-03-01T12:00:00-05:00")
    assert refusals(prescribe(now=now, patient=FEBRUARY)) == []


def test_a_29_february_birthday_is_still_17_late_on_28_february_in_the_patients_zone():
    now = moment("2026-03-01T03:00:00+00:00")  # 22:00 on 28 February in New York
    assert refusals(prescribe(now=now, patient=FEBRUARY)) == ["patient_under_18"]


@pytest.mark.parametrize("decision", ["none", "declined", "paused"])
def test_a_patient_not_approved_is_refused(decision: str):
    assert refusals(prescribe(patient={"decision": decision})) == ["patient_not_approved"]


@pytest.mark.parametrize(
    ("patient", "code"),
    [
        ({"diagnosis": False}, "no_diagnosis"),
        ({"monitor": False}, "no_monitor"),
        ({"id_verified": False}, "id_not_verified"),
        ({"consents_current": False}, "consents_not_current"),
    ],
    ids=["diagnosis", "monitor", "id", "consents"],
)
def test_a_missing_readiness_item_is_refused_with_its_code(patient: Json, code: str):
    assert refusals(prescribe(patient=patient)) == [code]


@pytest.mark.parametrize("subscription", ["past_due", "cancelled", "none"])
def test_a_subscription_that_is_not_active_is_refused(subscription: str):
    raw = prescribe(patient={"subscription": subscription})
    assert refusals(raw) == ["subscription_not_active"]


def test_every_patient_refusal_is_reported_at_once():
    raw = prescribe(
        patient={
            "date_of_birth": "2010-01-01",
            "decision": "none",
            "diagnosis": False,
            "monitor": False,
            "id_verified": False,
            "consents_current": False,
            "subscription": "none",
        }
    )
    assert refusals(raw) == [
        "consents_not_current",
        "id_not_verified",
        "no_diagnosis",
        "no_monitor",
        "patient_not_approved",
        "patient_under_18",
        "subscription_not_active",
    ]


# Weight -----------------------------------------------------------------------------------


def test_no_weight_on_record_is_refused():
    assert refusals(prescribe(patient={"weight_kg": None})) == ["no_weight"]


def test_a_weight_recorded_exactly_90_days_before_the_day_counts():
    assert refusals(prescribe(patient={"weight_on": "2026-09-11"})) == []


def test_a_weight_recorded_91_days_before_the_day_does_not_count():
    assert refusals(prescribe(patient={"weight_on": "2026-09-10"})) == ["no_weight"]


def test_the_weights_age_is_counted_from_the_day_in_the_patients_time_zone():
    late_evening_in_new_york = moment("2026-12-11T04:00:00+00:00")
    raw = prescribe(now=late_evening_in_new_york, patient={"weight_on": "2026-09-11"})
    assert refusals(raw) == []


def test_without_a_weight_neither_ceiling_nor_starting_dose_is_evaluated():
    raw = prescribe(one_unit(300), patient={"weight_kg": None}, plan={"dose_mg": 300})
    assert refusals(raw) == ["no_weight"]


def test_with_a_stale_weight_neither_ceiling_nor_starting_dose_is_evaluated():
    raw = prescribe(
        one_unit(300), patient={"weight_kg": 40, "weight_on": "2026-09-10"}, plan={"dose_mg": 300}
    )
    assert refusals(raw) == ["no_weight"]


def test_a_weight_dated_after_the_day_is_on_record_and_counts():
    now = moment("2026-03-01T12:00:00-05:00")  # the default weight_on is 20 November 2026
    raw = prescribe(now=now, patient={"date_of_birth": "2008-02-29"})
    assert refusals(raw) == []


def test_the_starting_dose_at_74_99_kg_is_149_mg():
    assert refusals(prescribe(one_unit(149), patient={"weight_kg": 74.99})) == []
    raw = prescribe(one_unit(150), patient={"weight_kg": 74.99})
    assert refusals(raw) == ["starting_dose_too_high"]


def test_the_dose_ceiling_at_59_99_kg_is_299_mg():
    raw = prescribe(
        {"dose_mg": 300, "unit_mg": 150},
        *dosed(200, 200),
        patient={"weight_kg": 59.99},
        plan={"dose_mg": 300},
    )
    assert refusals(raw) == ["dose_above_ceiling"]


# Plan and prescriptions -------------------------------------------------------------------


def test_no_treatment_plan_is_refused():
    assert refusals(prescribe(plan=None)) == ["no_plan"]


def test_without_a_plan_the_dose_is_not_compared_with_one():
    raw = prescribe(one_unit(150, doses_per_week=7), plan=None)
    assert refusals(raw) == ["no_plan"]


def test_a_dose_at_the_plans_dose_is_allowed():
    assert refusals(prescribe(one_unit(120), plan={"dose_mg": 120})) == []


def test_a_dose_above_the_plans_dose_is_refused():
    assert refusals(prescribe(one_unit(121), plan={"dose_mg": 120})) == ["dose_above_plan"]


def test_doses_per_week_at_the_plans_number_are_allowed():
    raw = prescribe({"doses_per_week": 2}, plan={"doses_per_week": 2})
    assert refusals(raw) == []


def test_doses_per_week_above_the_plans_number_are_refused():
    raw = prescribe({"doses_per_week": 3}, plan={"doses_per_week": 2})
    assert refusals(raw) == ["doses_per_week_above_plan"]


def test_an_active_prescription_is_refused_until_it_is_cancelled():
    raw = prescribe({}, event("prescription", before(days=30)))
    assert refusals(raw) == ["active_prescription_exists"]


def test_a_cancelled_prescription_does_not_stop_a_new_one():
    raw = prescribe({}, event("prescription", before(days=30), status="cancelled"))
    assert refusals(raw) == []


def test_a_prescription_issued_31_may_is_active_on_30_november():
    now = moment("2026-11-30T23:30:00-05:00")
    raw = prescribe({}, event("prescription", "2026-05-31T12:00:00-04:00"), now=now)
    assert refusals(raw) == ["active_prescription_exists"]


def test_a_prescription_issued_31_may_has_expired_on_1_december():
    now = moment("2026-12-01T00:30:00-05:00")
    raw = prescribe({}, event("prescription", "2026-05-31T12:00:00-04:00"), now=now)
    assert refusals(raw) == []


def test_a_prescription_is_active_through_the_same_day_six_months_on():
    now = moment("2026-12-10T23:59:59-05:00")
    raw = prescribe({}, event("prescription", "2026-06-10T09:00:00-04:00"), now=now)
    assert refusals(raw) == ["active_prescription_exists"]


def test_a_prescriptions_issue_day_is_the_day_in_the_patients_time_zone():
    issued_late_on_10_june_in_new_york = "2026-06-11T02:00:00+00:00"
    now = moment("2026-12-11T09:00:00-05:00")
    raw = prescribe({}, event("prescription", issued_late_on_10_june_in_new_york), now=now)
    assert refusals(raw) == []


def test_a_prescription_issued_just_after_midnight_in_the_patients_zone_is_active_longer():
    issued_early_on_11_june_in_new_york = "2026-06-11T05:00:00+00:00"
    now = moment("2026-12-11T09:00:00-05:00")
    raw = prescribe({}, event("prescription", issued_early_on_11_june_in_new_york), now=now)
    assert refusals(raw) == ["active_prescription_exists"]


def test_a_prescription_issued_31_august_is_active_on_28_february():
    now = moment("2027-02-28T23:00:00-05:00")
    raw = prescribe(
        {},
        event("in_person_evaluation", "2026-08-20T10:00:00-04:00"),
        event("prescription", "2026-08-31T12:00:00-04:00"),
        now=now,
        patient={"weight_on": "2027-02-01"},
    )
    assert refusals(raw) == ["active_prescription_exists"]


def test_a_prescription_issued_31_august_has_expired_on_1_march():
    now = moment("2027-03-01T00:30:00-05:00")
    raw = prescribe(
        {},
        event("in_person_evaluation", "2026-08-20T10:00:00-04:00"),
        event("prescription", "2026-08-31T12:00:00-04:00"),
        now=now,
        patient={"weight_on": "2027-02-01"},
    )
    assert refusals(raw) == []


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        ("2028-02-29T23:00:00-05:00", ["active_prescription_exists"]),
        ("2028-03-01T00:30:00-05:00", []),
    ],
    ids=["29_february", "1_march"],
)
def test_a_prescription_issued_31_august_2027_lasts_to_29_february_of_a_leap_year(
    now: str, expected: list[str]
):
    raw = prescribe(
        {},
        event("in_person_evaluation", "2027-08-20T10:00:00-04:00"),
        event("prescription", "2027-08-31T12:00:00-04:00"),
        now=moment(now),
        patient={"weight_on": now[:10]},
    )
    assert refusals(raw) == expected


# The prescriber ---------------------------------------------------------------------------


def test_a_prescriber_without_a_licence_in_the_patients_state_is_refused():
    assert refusals(prescribe(prescriber={"licences": ["NJ"]})) == ["no_licence_in_state"]


def test_a_prescriber_with_no_licence_at_all_is_refused():
    assert refusals(prescribe(prescriber={"licences": []})) == ["no_licence_in_state"]


def test_a_new_jersey_patient_needs_a_new_jersey_licence():
    raw = prescribe(patient={"state": "NJ"}, prescriber={"licences": ["FL"]})
    assert refusals(raw) == ["no_licence_in_state"]


def test_a_prescriber_without_a_dea_registration_in_the_patients_state_is_refused():
    raw = prescribe(prescriber={"dea": ["NJ"]})
    assert refusals(raw) == ["no_dea_registration_in_state"]


def test_a_new_jersey_patient_needs_a_new_jersey_dea_registration():
    raw = prescribe(patient={"state": "NJ"}, prescriber={"dea": ["FL"]})
    assert refusals(raw) == ["no_dea_registration_in_state"]


def test_a_new_jersey_patient_with_a_new_jersey_prescriber_may_be_prescribed():
    raw = prescribe(patient={"state": "NJ"}, prescriber={"licences": ["NJ"], "dea": ["NJ"]})
    assert refusals(raw) == []


# PDMP -------------------------------------------------------------------------------------


def with_pdmp(**pdmp: Any) -> list[Json]:
    return [event("video_visit", before(days=2)), event("pdmp_check", **pdmp)]


def test_a_pdmp_check_exactly_24_hours_old_counts():
    assert refusals(prescribe(history=with_pdmp(at=before(hours=24)))) == []


def test_a_pdmp_check_24_hours_and_a_second_old_does_not_count():
    raw = prescribe(history=with_pdmp(at=before(hours=24, seconds=1)))
    assert refusals(raw) == ["pdmp_check_missing"]


def test_no_pdmp_check_is_refused():
    raw = prescribe(history=[event("video_visit", before(days=2))])
    assert refusals(raw) == ["pdmp_check_missing"]


def test_a_pdmp_check_by_someone_else_does_not_count():
    raw = prescribe(history=with_pdmp(at=before(hours=1), by="other"))
    assert refusals(raw) == ["pdmp_check_missing"]


def test_a_pdmp_check_of_another_state_does_not_count():
    raw = prescribe(history=with_pdmp(at=before(hours=1), state="NJ"))
    assert refusals(raw) == ["pdmp_check_missing"]


def test_a_pdmp_check_naming_the_patients_state_counts():
    assert refusals(prescribe(history=with_pdmp(at=before(hours=1), state="FL"))) == []


def test_a_new_jersey_patients_pdmp_check_is_of_new_jersey_by_default():
    raw = prescribe(history=with_pdmp(at=before(hours=1)), patient={"state": "NJ"})
    assert refusals(raw) == []


def test_a_new_jersey_patient_needs_a_new_jersey_pdmp_check():
    raw = prescribe(history=with_pdmp(at=before(hours=1), state="FL"), patient={"state": "NJ"})
    assert refusals(raw) == ["pdmp_check_missing"]


def test_a_recent_check_by_someone_else_does_not_make_up_for_an_old_one():
    history = [
        *with_pdmp(at=before(hours=30)),
        event("pdmp_check", before(hours=1), by="other"),
    ]
    assert refusals(prescribe(history=history)) == ["pdmp_check_missing"]


# Video visit ------------------------------------------------------------------------------


def with_visit(**visit: Any) -> list[Json]:
    return [event("video_visit", **visit), event("pdmp_check", before(hours=2))]


def test_a_video_visit_exactly_90_days_old_counts():
    assert refusals(prescribe(history=with_visit(at=before(days=90)))) == []


def test_a_video_visit_90_days_and_a_second_old_does_not_count():
    raw = prescribe(history=with_visit(at=before(days=90, seconds=1)))
    assert refusals(raw) == ["no_recent_video_visit"]


def test_a_video_visit_with_another_clinician_does_not_count():
    raw = prescribe(history=with_visit(at=before(days=2), **{"with": "other"}))
    assert refusals(raw) == ["no_recent_video_visit"]


def test_no_video_visit_is_refused():
    raw = prescribe(history=[event("pdmp_check", before(hours=2))])
    assert refusals(raw) == ["no_recent_video_visit"]


# The in-person evaluation from 2027 -------------------------------------------------------


def test_on_31_december_2026_no_in_person_evaluation_is_needed():
    now = moment("2026-12-31T23:30:00-05:00")
    assert refusals(prescribe(now=now)) == []


def test_from_1_january_2027_an_in_person_evaluation_is_needed():
    now = moment("2027-01-01T00:30:00-05:00")
    assert refusals(prescribe(now=now)) == ["no_in_person_evaluation"]


def test_the_first_day_of_2027_is_the_day_in_the_patients_time_zone():
    still_31_december_in_new_york = moment("2027-01-01T04:30:00+00:00")
    assert refusals(prescribe(now=still_31_december_in_new_york)) == []


def test_a_patient_in_central_time_reaches_2027_an_hour_later():
    now = moment("2027-01-01T00:30:00-05:00")
    raw = prescribe(now=now, patient={"time_zone": "America/Chicago"})
    assert refusals(raw) == []


def test_an_in_person_evaluation_lifts_the_requirement():
    now = moment("2027-01-15T09:00:00-05:00")
    raw = prescribe({}, event("in_person_evaluation", "2026-10-01T10:00:00-04:00"), now=now)
    assert refusals(raw) == []


def test_a_special_registration_lifts_the_requirement():
    now = moment("2027-01-15T09:00:00-05:00")
    raw = prescribe(now=now, prescriber={"special_registration": True})
    assert refusals(raw) == []


# Dose ceilings ----------------------------------------------------------------------------


def test_the_dose_ceiling_is_5_mg_per_kg_at_60_kg():
    raw = prescribe(
        {"dose_mg": 300, "unit_mg": 150},
        *dosed(200, 200),
        patient={"weight_kg": 60},
        plan={"dose_mg": 300},
    )
    assert refusals(raw) == []


def test_the_dose_ceiling_per_kg_is_rounded_down_to_a_whole_mg():
    raw = prescribe(
        {"dose_mg": 300, "unit_mg": 150},
        *dosed(200, 200),
        patient={"weight_kg": 59.9},
        plan={"dose_mg": 300},
    )
    assert refusals(raw) == ["dose_above_ceiling"]


def test_a_dose_at_the_rounded_down_ceiling_is_allowed():
    raw = prescribe(
        one_unit(299), *dosed(200, 200), patient={"weight_kg": 59.9}, plan={"dose_mg": 300}
    )
    assert refusals(raw) == []


def test_the_dose_ceiling_is_never_above_300_mg():
    raw = prescribe(
        one_unit(301), *dosed(201, 201), patient={"weight_kg": 100}, plan={"dose_mg": 400}
    )
    assert refusals(raw) == ["dose_above_ceiling"]


def test_300_mg_is_allowed_for_a_heavy_patient():
    raw = prescribe(
        one_unit(300), *dosed(200, 200), patient={"weight_kg": 100}, plan={"dose_mg": 400}
    )
    assert refusals(raw) == []


def test_a_first_dose_above_both_ceilings_reports_both():
    raw = prescribe(one_unit(251), patient={"weight_kg": 50}, plan={"dose_mg": 300})
    assert refusals(raw) == ["dose_above_ceiling", "starting_dose_too_high"]


# The starting dose ------------------------------------------------------------------------


def test_the_starting_dose_ceiling_at_72_5_kg_is_145_mg():
    assert refusals(prescribe(one_unit(145), patient={"weight_kg": 72.5})) == []


def test_a_starting_dose_of_146_mg_at_72_5_kg_is_too_high():
    raw = prescribe(one_unit(146), patient={"weight_kg": 72.5})
    assert refusals(raw) == ["starting_dose_too_high"]


def test_the_starting_dose_per_kg_is_rounded_down_to_a_whole_mg():
    assert refusals(prescribe(one_unit(149), patient={"weight_kg": 74.9})) == []
    raw = prescribe(one_unit(150), patient={"weight_kg": 74.9})
    assert refusals(raw) == ["starting_dose_too_high"]


def test_the_starting_dose_is_never_above_150_mg():
    raw = prescribe(one_unit(151), patient={"weight_kg": 100}, plan={"dose_mg": 200})
    assert refusals(raw) == ["starting_dose_too_high"]


def test_the_starting_dose_rule_does_not_apply_once_a_session_was_taken():
    raw = prescribe({}, *dosed(100, 100), patient={"weight_kg": 70})
    assert refusals(raw) == []


# Stepping the dose up ---------------------------------------------------------------------


def test_a_step_up_to_one_and_a_half_times_the_highest_dose_is_allowed():
    raw = prescribe(one_unit(225), *dosed(150, 150), plan={"dose_mg": 300})
    assert refusals(raw) == []


def test_a_step_up_above_one_and_a_half_times_the_highest_dose_is_too_large():
    raw = prescribe(one_unit(226), *dosed(150, 150), plan={"dose_mg": 300})
    assert refusals(raw) == ["dose_step_too_large"]


def test_the_step_up_is_measured_from_the_highest_dose_taken_not_the_latest():
    raw = prescribe(one_unit(226), *dosed(150, 150, 100, 100), plan={"dose_mg": 300})
    assert refusals(raw) == ["dose_step_too_large"]


def test_a_step_up_after_one_session_at_the_highest_dose_is_too_soon():
    raw = prescribe(one_unit(151), *dosed(100, 100, 150), plan={"dose_mg": 300})
    assert refusals(raw) == ["dose_step_too_soon"]


def test_a_step_up_after_two_sessions_at_the_highest_dose_is_allowed():
    raw = prescribe(one_unit(151), *dosed(150, 100, 150), plan={"dose_mg": 300})
    assert refusals(raw) == []


def test_the_same_dose_as_the_highest_taken_once_is_not_a_step_up():
    raw = prescribe({}, *dosed(100, 100, 150))
    assert refusals(raw) == []


def test_a_large_early_step_is_both_too_large_and_too_soon():
    raw = prescribe({"dose_mg": 300, "unit_mg": 150}, *dosed(100, 150), plan={"dose_mg": 300})
    assert refusals(raw) == ["dose_step_too_large", "dose_step_too_soon"]


def test_a_sessions_dose_defaults_to_its_prescriptions_dose():
    history = [
        *ready_to_prescribe(),
        event("prescription", before(days=40), dose_mg=100, unit_mg=50, status="cancelled"),
        event("session", before(days=30)),
        event("session", before(days=28)),
    ]
    assert refusals(prescribe(one_unit(150), history=history)) == []
    raw = prescribe(one_unit(151), history=history, plan={"dose_mg": 200})
    assert refusals(raw) == ["dose_step_too_large"]


# The request itself -----------------------------------------------------------------------


def test_a_dose_that_is_not_the_units_times_their_strength_is_a_mismatch():
    raw = prescribe({"dose_mg": 150, "unit_mg": 70, "units_per_dose": 2})
    assert refusals(raw) == ["dose_units_mismatch"]


def test_two_units_a_dose_are_allowed():
    raw = prescribe({"dose_mg": 100, "unit_mg": 50, "units_per_dose": 2})
    assert refusals(raw) == []


def test_three_units_a_dose_are_too_many():
    raw = prescribe({"dose_mg": 150, "unit_mg": 50, "units_per_dose": 3})
    assert refusals(raw) == ["too_many_units_per_dose"]


def test_five_refills_are_allowed():
    assert refusals(prescribe({"refills": 5})) == []


def test_six_refills_are_too_many():
    assert refusals(prescribe({"refills": 6})) == ["too_many_refills"]


def test_no_refills_are_allowed():
    assert refusals(prescribe({"refills": 0})) == []


def test_a_30_day_supply_is_allowed():
    assert refusals(prescribe({"days_supply": 30})) == []


def test_a_31_day_supply_is_too_long():
    assert refusals(prescribe({"days_supply": 31})) == ["supply_too_long"]


# Holds ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cause", "code", "hold"),
    [
        (event("red_flag", before(days=1), kind="bladder"), "bladder_hold", "bladder"),
        (event("red_flag", before(days=1), kind="self_harm"), "suicidality_hold", "suicidality"),
        (
            event("red_flag", before(days=1), kind="severe_reaction"),
            "adverse_event_hold",
            "adverse_event",
        ),
        (
            event("red_flag", before(days=1), kind="very_high_bp"),
            "adverse_event_hold",
            "adverse_event",
        ),
        (
            event("adverse_event", before(days=1), severity="serious"),
            "adverse_event_hold",
            "adverse_event",
        ),
        (
            event("check_in", before(days=1), instrument="phq9", items=[0] * 8 + [1]),
            "suicidality_hold",
            "suicidality",
        ),
    ],
    ids=["bladder", "self_harm", "severe_reaction", "very_high_bp", "serious_ae", "phq9_item9"],
)
def test_an_open_hold_refuses_a_prescription(cause: Json, code: str, hold: str):
    result = run(prescribe({}, cause))
    assert (result["allowed"], result["refusals"], result["holds"]) == (False, [code], [hold])
    assert result["crisis_resources"] is False


@pytest.mark.parametrize("severity", ["mild", "moderate"])
def test_an_adverse_event_that_is_not_serious_opens_no_hold(severity: str):
    result = run(prescribe({}, event("adverse_event", before(days=1), severity=severity)))
    assert (result["refusals"], result["holds"]) == ([], [])


def test_a_phq9_check_in_with_item_9_at_0_opens_no_hold():
    cause = event("check_in", before(days=1), instrument="phq9", items=PHQ9_CLEAR)
    assert run(prescribe({}, cause))["holds"] == []


def test_every_open_hold_is_reported():
    result = run(
        prescribe(
            {},
            event("red_flag", before(days=3), kind="bladder"),
            event("red_flag", before(days=2), kind="self_harm"),
            event("adverse_event", before(days=1), severity="serious"),
        )
    )
    assert result["refusals"] == ["adverse_event_hold", "bladder_hold", "suicidality_hold"]
    assert result["holds"] == ["adverse_event", "bladder", "suicidality"]
