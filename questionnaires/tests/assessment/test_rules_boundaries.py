"""Every rule of the contract, with each threshold tested on the line and either side of it."""

import re
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from questionnaires.assessment import (
    QUESTIONNAIRE,
    RULES,
    Answer,
    Level,
    plain_reason,
    plain_referral,
)
from questionnaires.assessment.rules import (
    FIRST_LINE_TREATMENTS,
    age_on,
    next_section,
    peg_score,
    round_half_up_tenth,
)
from questionnaires.tests.assessment.people import (
    AS_OF,
    CONTRACT,
    CRPS_CONDITIONS,
    HEALTH,
    LOCATION,
    SAFETY,
    assess,
    maria,
    without_conditions,
)


def fibromyalgia(**changes: Any) -> dict[str, Any]:
    """Maria with fibromyalgia (not CRPS) instead."""
    answers = without_conditions(maria())
    answers.update(
        conditions=["fibromyalgia"],
        pain_duration_months=12,
        peg_1=5,
        peg_2=5,
        peg_3=5,
        prior_treatments=[],
    )
    answers.update(changes)
    return answers


# Two different standard treatments tried, so first_line_not_tried stays quiet unless a
# test changes them.
TRIED_FIRST_LINE = ["ssri", "psychotherapy"]


def depression(phq9_items: tuple[int, ...], **changes: Any) -> dict[str, Any]:
    answers = without_conditions(maria())
    answers.update(conditions=["depression"], prior_treatments=TRIED_FIRST_LINE)
    answers.update({f"phq9_{n}": value for n, value in enumerate(phq9_items, start=1)})
    answers.update(changes)
    return answers


def anxiety(gad7_items: tuple[int, ...], condition: str = "anxiety") -> dict[str, Any]:
    answers = without_conditions(maria())
    answers.update(conditions=[condition], prior_treatments=TRIED_FIRST_LINE)
    answers.update({f"gad7_{n}": value for n, value in enumerate(gad7_items, start=1)})
    return answers


def ptsd(yes_count: int) -> dict[str, Any]:
    answers = without_conditions(maria())
    answers.update(conditions=["ptsd"], prior_treatments=TRIED_FIRST_LINE)
    answers.update({f"pc_ptsd5_{n}": "yes" if n <= yes_count else "no" for n in range(1, 6)})
    return answers


def born(years_before: int, as_of: date = AS_OF, days: int = 0) -> str:
    """The date of birth of someone whose birthday number ``years_before`` is ``days`` away."""
    birthday = as_of.replace(year=as_of.year - years_before)
    return (birthday + timedelta(days=days)).isoformat()


# The baseline


def test_maria_is_eligible_for_the_crps_pathway() -> None:
    outcome = assess(maria())
    assert (outcome.outcome, outcome.reasons, outcome.referrals) == ("eligible", (), ())
    assert outcome.pathways == ("crps",)
    assert outcome.scores.peg == Decimal("5.7")


# PEG, and its rounding


@pytest.mark.parametrize(
    ("items", "peg", "qualifies"),
    [
        ((4, 4, 3), "3.7", False),
        ((4, 4, 4), "4.0", True),
        ((4, 4, 5), "4.3", True),
    ],
)
def test_crps_needs_peg_of_at_least_4(
    items: tuple[int, int, int], peg: str, qualifies: bool
) -> None:
    outcome = assess(maria(peg_1=items[0], peg_2=items[1], peg_3=items[2]))
    assert outcome.scores.peg == Decimal(peg)
    assert ("crps" in outcome.pathways) is qualifies
    assert ("no_qualifying_condition" in outcome.reasons) is not qualifies


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        ((5, 5, 6), "5.3"),
        ((6, 6, 5), "5.7"),
        ((4, 4, 5), "4.3"),
        ((0, 0, 1), "0.3"),
        ((0, 1, 1), "0.7"),
        ((10, 10, 10), "10.0"),
        ((0, 0, 0), "0.0"),
    ],
)
def test_peg_is_the_mean_rounded_to_one_decimal(items: tuple[int, int, int], expected: str) -> None:
    assert peg_score(items) == Decimal(expected)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0.05", "0.1"),
        ("0.15", "0.2"),
        ("0.25", "0.3"),
        ("3.95", "4.0"),
        ("3.9499999", "3.9"),
        ("4.05", "4.1"),
        ("4.0499999", "4.0"),
    ],
)
def test_rounding_takes_halves_up_not_to_even(value: str, expected: str) -> None:
    assert round_half_up_tenth(Decimal(value)) == Decimal(expected)


def test_python_round_would_get_the_half_wrong() -> None:
    assert round(0.25, 1) == 0.2
    assert round_half_up_tenth(Decimal("0.25")) == Decimal("0.3")


def test_iv_ketamine_that_helped_qualifies_crps_even_with_low_peg() -> None:
    outcome = assess(maria(peg_1=2, peg_2=2, peg_3=2, iv_ketamine_recent="yes"))
    assert outcome.pathways == ("crps",)
    assert outcome.outcome == "eligible"


# Chronic pain


@pytest.mark.parametrize(("months", "qualifies"), [(2, False), (3, True), (4, True)])
def test_chronic_pain_needs_3_months(months: int, qualifies: bool) -> None:
    outcome = assess(fibromyalgia(pain_duration_months=months))
    assert ("chronic_pain" in outcome.pathways) is qualifies


@pytest.mark.parametrize("condition", ["chronic_pain_other", "fibromyalgia", "migraine"])
def test_each_other_pain_condition_leads_to_chronic_pain(condition: str) -> None:
    assert assess(fibromyalgia(conditions=[condition])).pathways == ("chronic_pain",)


def test_chronic_pain_needs_peg_of_at_least_4() -> None:
    assert assess(fibromyalgia(peg_1=4, peg_2=4, peg_3=3)).pathways == ()
    assert assess(fibromyalgia(peg_1=4, peg_2=4, peg_3=4)).pathways == ("chronic_pain",)


def test_crps_alone_is_not_the_chronic_pain_pathway() -> None:
    assert assess(maria(pain_duration_months=600)).pathways == ("crps",)


# Depression, anxiety, PTSD


@pytest.mark.parametrize(("total", "qualifies"), [(9, False), (10, True), (11, True)])
def test_depression_needs_phq9_of_10(total: int, qualifies: bool) -> None:
    items = (3, 3, 3, total - 9, 0, 0, 0, 0, 0)
    outcome = assess(depression(items))
    assert outcome.scores.phq9 == total
    assert (outcome.pathways == ("depression",)) is qualifies
    assert (outcome.outcome == "eligible") is qualifies


@pytest.mark.parametrize("condition", ["anxiety", "social_anxiety"])
@pytest.mark.parametrize(("total", "qualifies"), [(9, False), (10, True)])
def test_anxiety_needs_gad7_of_10(condition: str, total: int, qualifies: bool) -> None:
    items = (3, 3, 3, total - 9, 0, 0, 0)
    outcome = assess(anxiety(items, condition))
    assert outcome.scores.gad7 == total
    assert (outcome.pathways == ("anxiety",)) is qualifies


@pytest.mark.parametrize(("yes_count", "qualifies"), [(3, False), (4, True), (5, True)])
def test_ptsd_needs_4_yes_answers(yes_count: int, qualifies: bool) -> None:
    outcome = assess(ptsd(yes_count))
    assert outcome.scores.pc_ptsd5 == yes_count
    assert (outcome.pathways == ("ptsd",)) is qualifies


# Blood pressure


@pytest.mark.parametrize(
    ("systolic", "reason"),
    [
        (139, None),
        (140, "elevated_blood_pressure"),
        (159, "elevated_blood_pressure"),
        (160, "uncontrolled_hypertension"),
    ],
)
def test_systolic_thresholds(systolic: int, reason: str | None) -> None:
    outcome = assess(maria(bp_systolic=systolic, bp_diastolic=70))
    assert outcome.reasons == ((reason,) if reason else ())


@pytest.mark.parametrize(
    ("diastolic", "reason"),
    [
        (89, None),
        (90, "elevated_blood_pressure"),
        (99, "elevated_blood_pressure"),
        (100, "uncontrolled_hypertension"),
    ],
)
def test_diastolic_thresholds(diastolic: int, reason: str | None) -> None:
    outcome = assess(maria(bp_systolic=120, bp_diastolic=diastolic))
    assert outcome.reasons == ((reason,) if reason else ())


def test_elevated_does_not_fire_alongside_uncontrolled() -> None:
    outcome = assess(maria(bp_systolic=150, bp_diastolic=105))
    assert outcome.reasons == ("uncontrolled_hypertension",)
    assert outcome.outcome == "ineligible"


def test_no_reading_is_blood_pressure_unknown() -> None:
    outcome = assess(maria(bp_systolic=None, bp_diastolic=None))
    assert (outcome.outcome, outcome.reasons) == ("clinician_review", ("blood_pressure_unknown",))


@pytest.mark.parametrize(
    ("systolic", "diastolic", "reasons"),
    [
        (89, 70, ("low_blood_pressure",)),
        (90, 70, ()),
        (91, 70, ()),
        (120, 59, ("low_blood_pressure",)),
        (120, 60, ()),
        (120, 61, ()),
        (89, 60, ("low_blood_pressure",)),
        (90, 59, ("low_blood_pressure",)),
        (90, 60, ()),
        (89, 59, ("low_blood_pressure",)),
        (60, 30, ("low_blood_pressure",)),
    ],
)
def test_low_blood_pressure_is_below_90_systolic_or_60_diastolic(
    systolic: int, diastolic: int, reasons: tuple[str, ...]
) -> None:
    outcome = assess(maria(bp_systolic=systolic, bp_diastolic=diastolic))
    assert outcome.reasons == reasons
    assert outcome.outcome == ("clinician_review" if reasons else "eligible")
    assert outcome.referrals == ()


@pytest.mark.parametrize(
    ("systolic", "diastolic", "outcome", "reasons"),
    [
        (150, 55, "clinician_review", ("elevated_blood_pressure", "low_blood_pressure")),
        (159, 59, "clinician_review", ("elevated_blood_pressure", "low_blood_pressure")),
        (140, 59, "clinician_review", ("elevated_blood_pressure", "low_blood_pressure")),
        (159, 60, "clinician_review", ("elevated_blood_pressure",)),
        (159, 99, "clinician_review", ("elevated_blood_pressure",)),
        (85, 95, "clinician_review", ("elevated_blood_pressure", "low_blood_pressure")),
        (160, 59, "ineligible", ("low_blood_pressure", "uncontrolled_hypertension")),
        (170, 55, "ineligible", ("low_blood_pressure", "uncontrolled_hypertension")),
        (89, 100, "ineligible", ("low_blood_pressure", "uncontrolled_hypertension")),
    ],
)
def test_low_blood_pressure_fires_whatever_the_other_blood_pressure_rules_say(
    systolic: int, diastolic: int, outcome: str, reasons: tuple[str, ...]
) -> None:
    assessed = assess(maria(bp_systolic=systolic, bp_diastolic=diastolic))
    assert (assessed.outcome, assessed.reasons) == (outcome, reasons)


def test_an_unknown_blood_pressure_is_not_low() -> None:
    outcome = assess(maria(bp_systolic=None, bp_diastolic=None))
    assert "low_blood_pressure" not in outcome.reasons


# Age


@pytest.mark.parametrize(
    ("date_of_birth", "age", "reason"),
    [
        (born(18), 18, None),
        (born(18, days=1), 17, "under_18"),
        (born(18, days=-1), 18, None),
        (born(65), 65, "older_adult"),
        (born(65, days=1), 64, None),
        (born(120), 120, "older_adult"),
    ],
)
def test_age_thresholds(date_of_birth: str, age: int, reason: str | None) -> None:
    outcome = assess(maria(date_of_birth=date_of_birth))
    assert outcome.scores.age == age
    assert outcome.reasons == ((reason,) if reason else ())


def test_a_birthday_on_the_assessment_day_counts() -> None:
    assert age_on(date(2008, 11, 25), date(2026, 11, 25)) == 18
    assert age_on(date(2008, 11, 26), date(2026, 11, 25)) == 17


@pytest.mark.parametrize(
    ("as_of", "age"),
    [
        (date(2026, 2, 28), 17),
        (date(2026, 3, 1), 18),
        (date(2028, 2, 28), 19),
        (date(2028, 2, 29), 20),
    ],
)
def test_29_february_birthdays_count_on_1_march_in_common_years(as_of: date, age: int) -> None:
    outcome = assess(maria(date_of_birth="2008-02-29"), as_of=as_of)
    assert outcome.scores.age == age
    assert ("under_18" in outcome.reasons) is (age < 18)


def test_under_18_is_ineligible() -> None:
    assert assess(maria(date_of_birth=born(17))).outcome == "ineligible"


# Severe and unconfirmed CRPS


@pytest.mark.parametrize(("peg_1", "severe"), [(7, False), (8, True), (10, True)])
def test_severe_crps_needs_peg_1_of_8(peg_1: int, severe: bool) -> None:
    outcome = assess(maria(peg_1=peg_1))
    assert ("severe_crps" in outcome.reasons) is severe
    assert ("iv_infusion_clinic" in outcome.referrals) is severe


def test_severe_crps_does_not_fire_after_helpful_infusions() -> None:
    outcome = assess(maria(peg_1=9, iv_ketamine_recent="yes"))
    assert "severe_crps" not in outcome.reasons


@pytest.mark.parametrize("diagnosed", ["no", "unsure"])
@pytest.mark.parametrize(("symptoms", "qualifies"), [(2, False), (3, True), (4, True)])
def test_undiagnosed_crps_needs_3_budapest_categories(
    diagnosed: str, symptoms: int, qualifies: bool
) -> None:
    categories = ["sensory", "vasomotor", "sudomotor_edema", "motor_trophic"][:symptoms]
    outcome = assess(maria(crps_diagnosed=diagnosed, crps_symptoms=categories))
    assert outcome.scores.budapest_symptom_categories == symptoms
    assert ("crps" in outcome.pathways) is qualifies
    assert ("crps_unconfirmed" in outcome.reasons) is qualifies
    assert outcome.outcome == ("clinician_review" if qualifies else "ineligible")


def test_a_diagnosis_qualifies_crps_with_no_symptom_categories() -> None:
    outcome = assess(maria(crps_symptoms=[]))
    assert outcome.pathways == ("crps",)
    assert outcome.scores.budapest_symptom_categories == 0
    assert outcome.reasons == ()


# Every exclusion, and every reason for a clinician's review


EXCLUSIONS = [
    ({"pregnancy_status": "pregnant"}, "pregnancy"),
    ({"pregnancy_status": "breastfeeding"}, "pregnancy"),
    ({"pregnancy_status": "trying"}, "pregnancy"),
    ({"psychosis_history": "yes"}, "psychosis"),
    ({"mania_current": "yes"}, "mania"),
    ({"cardiac_event_6mo": "yes"}, "recent_cardiovascular_event"),
    ({"liver_disease": "severe"}, "severe_liver_disease"),
    ({"icp_iop": "yes"}, "raised_icp_iop"),
    ({"substance_use_12mo": "yes"}, "substance_use"),
    ({"ketamine_misuse_history": "yes"}, "substance_use"),
    ({"ketamine_adverse_reaction": "yes"}, "ketamine_adverse_reaction"),
    ({"aneurysm_avm": "yes"}, "vascular_malformation"),
    ({"bp_systolic": 200, "bp_diastolic": 80}, "uncontrolled_hypertension"),
    ({"peg_1": 1, "peg_2": 1, "peg_3": 1}, "no_qualifying_condition"),
]


@pytest.mark.parametrize(("changes", "reason"), EXCLUSIONS, ids=[r for _, r in EXCLUSIONS])
def test_each_exclusion_makes_maria_ineligible(changes: dict[str, Any], reason: str) -> None:
    outcome = assess(maria(**changes))
    assert (outcome.outcome, outcome.reasons, outcome.referrals) == ("ineligible", (reason,), ())


def test_a_recent_attempt_is_ineligible_with_the_988_referral() -> None:
    outcome = assess(maria(asq_4="yes", suicide_attempt_12mo="yes", asq_5="no"))
    assert outcome.outcome == "ineligible"
    assert outcome.reasons == ("recent_suicide_attempt", "suicidal_ideation")
    assert outcome.referrals == ("crisis_988",)


def test_an_attempt_longer_ago_needs_a_clinician_review() -> None:
    outcome = assess(maria(asq_4="yes", suicide_attempt_12mo="no", asq_5="no"))
    assert (outcome.outcome, outcome.reasons) == ("clinician_review", ("suicidal_ideation",))


REVIEWS = [
    ({"asq_1": "yes", "asq_5": "no"}, "suicidal_ideation", "crisis_988"),
    ({"asq_2": "yes", "asq_5": "no"}, "suicidal_ideation", "crisis_988"),
    ({"asq_3": "yes", "asq_5": "no"}, "suicidal_ideation", "crisis_988"),
    ({"bipolar": "bipolar_1"}, "bipolar_history", None),
    ({"bipolar": "bipolar_2"}, "bipolar_history", None),
    ({"bp_systolic": 145, "bp_diastolic": 85}, "elevated_blood_pressure", None),
    ({"bp_systolic": None, "bp_diastolic": None}, "blood_pressure_unknown", None),
    ({"heart_condition": "yes"}, "heart_condition", None),
    ({"respiratory_disease": "yes"}, "respiratory_disease", None),
    ({"hyperthyroid_uncontrolled": "yes"}, "hyperthyroidism", None),
    ({"liver_disease": "mild"}, "mild_liver_disease", None),
    ({"medications": ["benzodiazepine"]}, "interacting_medications", None),
    ({"medications": ["lamotrigine"]}, "interacting_medications", None),
    ({"medications": ["maoi"]}, "interacting_medications", None),
    ({"medications": ["opioid", "other"]}, "interacting_medications", None),
    ({"medications": ["stimulant"]}, "interacting_medications", None),
    ({"urinary_symptoms": "yes"}, "urinary_symptoms", None),
    ({"bp_systolic": 88, "bp_diastolic": 58}, "low_blood_pressure", None),
    ({"monitor_available": "no"}, "no_monitor", None),
    ({"date_of_birth": "1950-01-01"}, "older_adult", None),
    ({"crps_diagnosed": "unsure"}, "crps_unconfirmed", None),
    ({"peg_1": 9}, "severe_crps", "iv_infusion_clinic"),
]


@pytest.mark.parametrize(("changes", "reason", "referral"), REVIEWS, ids=[r for _, r, _ in REVIEWS])
def test_each_review_reason_sends_maria_to_a_clinician(
    changes: dict[str, Any], reason: str, referral: str | None
) -> None:
    outcome = assess(maria(**changes))
    assert (outcome.outcome, outcome.reasons) == ("clinician_review", (reason,))
    assert outcome.referrals == ((referral,) if referral else ())


def test_other_medicines_alone_do_not_interact() -> None:
    assert assess(maria(medications=["other"])).outcome == "eligible"


INTERACTING_MEDICINES = [
    "benzodiazepine",
    "lamotrigine",
    "maoi",
    "opioid",
    "stimulant",
    "gabapentinoid",
    "sleep_medicine",
    "barbiturate",
    "muscle_relaxant",
    "memantine_or_dextromethorphan",
]


@pytest.mark.parametrize("medicine", INTERACTING_MEDICINES)
def test_each_interacting_medicine_alone_needs_a_review(medicine: str) -> None:
    for medications in ([medicine], [medicine, "other"]):
        outcome = assess(maria(medications=medications))
        assert (outcome.outcome, outcome.reasons) == (
            "clinician_review",
            ("interacting_medications",),
        )


def test_several_interacting_medicines_are_one_reason() -> None:
    outcome = assess(maria(medications=INTERACTING_MEDICINES))
    assert outcome.reasons == ("interacting_medications",)


def test_every_medicine_but_other_interacts() -> None:
    offered = {str(o.value) for o in QUESTIONNAIRE.questions["medications"].options}
    assert offered - {"other"} == set(INTERACTING_MEDICINES)


@pytest.mark.parametrize("treatment", ["gabapentinoid", "opioid"])
def test_a_medicine_among_prior_treatments_does_not_interact(treatment: str) -> None:
    outcome = assess(maria(prior_treatments=[treatment], medications=[]))
    assert "interacting_medications" not in outcome.reasons


def test_an_aneurysm_or_avm_is_ineligible_whatever_else_is_said() -> None:
    outcome = assess(maria(aneurysm_avm="yes", urinary_symptoms="yes", monitor_available="no"))
    assert outcome.outcome == "ineligible"
    assert outcome.reasons == ("no_monitor", "urinary_symptoms", "vascular_malformation")
    assert outcome.referrals == ()


def test_urinary_symptoms_need_a_review_but_do_not_exclude() -> None:
    outcome = assess(maria(urinary_symptoms="yes"))
    assert (outcome.outcome, outcome.reasons) == ("clinician_review", ("urinary_symptoms",))
    assert outcome.pathways == ("crps",)


# First-line treatments for depression, anxiety and PTSD


FIRST_LINE = ["ssri", "snri", "tricyclic", "psychotherapy", "esketamine", "tms_ect", "iv_ketamine"]
NOT_FIRST_LINE = ["nerve_block", "physical_therapy", "gabapentinoid", "opioid", "other"]
DEPRESSED = (3, 3, 3, 3, 0, 0, 0, 0, 0)


def test_the_first_line_treatments_are_the_contracts() -> None:
    assert set(FIRST_LINE) == FIRST_LINE_TREATMENTS
    offered = {str(o.value) for o in QUESTIONNAIRE.questions["prior_treatments"].options}
    assert offered == set(FIRST_LINE) | set(NOT_FIRST_LINE)


@pytest.mark.parametrize(
    ("prior_treatments", "fires"),
    [
        ([], True),
        (["ssri"], True),
        (["ssri", "ssri"], True),
        (["psychotherapy", "psychotherapy", "psychotherapy"], True),
        (NOT_FIRST_LINE, True),
        (["ssri", *NOT_FIRST_LINE], True),
        (["ssri", "snri"], False),
        (["ssri", "ssri", "snri"], False),
        (["tms_ect", "other", "esketamine"], False),
        (FIRST_LINE, False),
    ],
)
def test_first_line_not_tried_counts_distinct_first_line_treatments(
    prior_treatments: list[str], fires: bool
) -> None:
    outcome = assess(depression(DEPRESSED, prior_treatments=prior_treatments))
    assert outcome.pathways == ("depression",)
    assert outcome.scores.prior_treatments == len(prior_treatments)
    if fires:
        assert (outcome.outcome, outcome.reasons) == ("clinician_review", ("first_line_not_tried",))
    else:
        assert (outcome.outcome, outcome.reasons) == ("eligible", ())
    assert outcome.referrals == ()


@pytest.mark.parametrize("treatment", FIRST_LINE)
def test_any_one_first_line_treatment_is_not_enough_and_any_two_are(treatment: str) -> None:
    alone = assess(depression(DEPRESSED, prior_treatments=[treatment]))
    assert alone.reasons == ("first_line_not_tried",)
    for other in FIRST_LINE:
        if other != treatment:
            both = assess(depression(DEPRESSED, prior_treatments=[treatment, other]))
            assert both.reasons == (), (treatment, other)


@pytest.mark.parametrize("treatment", NOT_FIRST_LINE)
def test_a_treatment_that_is_not_first_line_does_not_count(treatment: str) -> None:
    outcome = assess(depression(DEPRESSED, prior_treatments=["ssri", treatment]))
    assert outcome.reasons == ("first_line_not_tried",)


def mental_health(conditions: list[str], prior_treatments: list[str]) -> dict[str, Any]:
    """Depression, anxiety and PTSD answers that qualify for each one chosen."""
    answers = without_conditions(maria())
    answers.update(conditions=conditions, prior_treatments=prior_treatments)
    if "depression" in conditions:
        answers.update({f"phq9_{n}": v for n, v in enumerate(DEPRESSED, start=1)})
    if "anxiety" in conditions or "social_anxiety" in conditions:
        answers.update({f"gad7_{n}": 2 for n in range(1, 8)})
    if "ptsd" in conditions:
        answers.update({f"pc_ptsd5_{n}": "yes" for n in range(1, 6)})
    return answers


@pytest.mark.parametrize(
    ("conditions", "pathways"),
    [
        (["anxiety"], ("anxiety",)),
        (["social_anxiety"], ("anxiety",)),
        (["ptsd"], ("ptsd",)),
        (["depression", "anxiety", "ptsd"], ("anxiety", "depression", "ptsd")),
    ],
)
def test_first_line_not_tried_covers_anxiety_and_ptsd_too(
    conditions: list[str], pathways: tuple[str, ...]
) -> None:
    untried = assess(mental_health(conditions, ["psychotherapy"]))
    assert untried.pathways == pathways
    assert (untried.outcome, untried.reasons) == ("clinician_review", ("first_line_not_tried",))
    tried = assess(mental_health(conditions, ["psychotherapy", "ssri"]))
    assert (tried.outcome, tried.reasons) == ("eligible", ())


PAIN_ANSWERS = {"pain_duration_months": 12, "peg_1": 5, "peg_2": 5, "peg_3": 5}
CRPS_ANSWERS = {
    link_id: CRPS_CONDITIONS[link_id]
    for link_id in ("crps_diagnosed", "crps_symptoms", "iv_ketamine_recent", *PAIN_ANSWERS)
}


@pytest.mark.parametrize(
    ("condition", "extra", "pathways"),
    [
        ("fibromyalgia", PAIN_ANSWERS, ("chronic_pain", "depression")),
        ("migraine", PAIN_ANSWERS, ("chronic_pain", "depression")),
        ("crps", CRPS_ANSWERS, ("crps", "depression")),
        ("mecfs", {}, ("depression", "mecfs")),
    ],
)
def test_first_line_not_tried_is_quiet_when_another_pathway_qualifies(
    condition: str, extra: dict[str, Any], pathways: tuple[str, ...]
) -> None:
    answers = {**mental_health(["depression", condition], []), **extra}
    outcome = assess(answers)
    assert outcome.pathways == pathways
    assert (outcome.outcome, outcome.reasons) == ("eligible", ())


def test_first_line_not_tried_is_quiet_beside_a_pain_condition_that_does_not_qualify() -> None:
    answers = {**maria(peg_1=1, peg_2=1, peg_3=1), **mental_health(["depression"], [])}
    answers["conditions"] = ["crps", "depression"]
    outcome = assess(answers)
    assert outcome.pathways == ("depression",)
    assert outcome.reasons == ("first_line_not_tried",)


def test_first_line_not_tried_needs_a_qualifying_pathway() -> None:
    outcome = assess(mental_health(["depression"], []) | {"phq9_1": 0})
    assert outcome.scores.phq9 == 9
    assert outcome.pathways == ()
    assert outcome.reasons == ("no_qualifying_condition",)


def test_recent_helpful_infusions_do_not_count_as_a_first_line_treatment() -> None:
    answers = {
        **maria(crps_diagnosed="no", crps_symptoms=["sensory"], iv_ketamine_recent="yes"),
        **mental_health(["crps", "depression"], ["ssri"]),
    }
    outcome = assess(answers)
    assert outcome.pathways == ("depression",)
    assert outcome.reasons == ("first_line_not_tried",)
    assert assess({**answers, "prior_treatments": ["ssri", "iv_ketamine"]}).reasons == ()


def test_first_line_not_tried_is_evaluated_after_a_location_gate_too() -> None:
    answers = mental_health(["depression"], [])
    answers.update(state="NY", zip="10001")
    del answers["county"]
    outcome = assess(answers)
    assert outcome.reasons == ("first_line_not_tried", "outside_service_area")
    assert outcome.outcome == "ineligible"


@pytest.mark.parametrize(("phq9_9", "review"), [(0, False), (1, True), (3, True)])
def test_phq9_item_9_counts_as_suicidal_ideation(phq9_9: int, review: bool) -> None:
    outcome = assess(depression((3, 3, 3, 1, 0, 0, 0, 0, phq9_9)))
    assert ("suicidal_ideation" in outcome.reasons) is review
    assert ("crisis_988" in outcome.referrals) is review


def test_mecfs_alone_is_an_emerging_indication() -> None:
    answers = without_conditions(maria())
    answers.update(conditions=["mecfs"], prior_treatments=[])
    outcome = assess(answers)
    assert outcome.pathways == ("mecfs",)
    assert (outcome.outcome, outcome.reasons) == ("clinician_review", ("emerging_indication",))


def test_mecfs_with_another_pathway_is_not_emerging() -> None:
    answers = maria(conditions=["crps", "mecfs"])
    outcome = assess(answers)
    assert outcome.pathways == ("crps", "mecfs")
    assert outcome.outcome == "eligible"


def test_the_highest_level_wins_and_every_reason_is_listed() -> None:
    outcome = assess(
        maria(asq_3="yes", asq_5="yes", pregnancy_status="pregnant", monitor_available="no")
    )
    assert outcome.outcome == "crisis"
    assert outcome.reasons == ("no_monitor", "pregnancy", "suicidal_ideation", "suicide_risk")
    assert outcome.referrals == ("crisis_988",)


# Gates


LOCATION_GATES = [
    ({"state": "NY", "zip": "10001", "county": ...}, "outside_service_area"),
    ({"date_of_birth": born(16)}, "under_18"),
]


@pytest.mark.parametrize(("changes", "gate"), LOCATION_GATES, ids=[g for _, g in LOCATION_GATES])
def test_a_location_gate_makes_the_later_sections_optional(
    changes: dict[str, Any], gate: str
) -> None:
    outcome = assess({k: v for k, v in maria(**changes).items() if k in LOCATION})
    assert (outcome.outcome, outcome.reasons) == ("ineligible", (gate,))
    assert outcome.pathways == ()
    assert outcome.scores.prior_treatments is None


@pytest.mark.parametrize(("changes", "gate"), LOCATION_GATES, ids=[g for _, g in LOCATION_GATES])
def test_later_sections_given_after_a_gate_are_still_evaluated(
    changes: dict[str, Any], gate: str
) -> None:
    outcome = assess(maria(**changes, pregnancy_status="pregnant", monitor_available="no"))
    assert outcome.reasons == tuple(sorted((gate, "pregnancy", "no_monitor")))
    assert outcome.pathways == ("crps",)


def test_a_crisis_gate_makes_sections_3_to_5_optional() -> None:
    answers = maria(asq_1="yes", asq_5="yes")
    outcome = assess(
        {k: v for k, v in answers.items() if k in LOCATION or k in SAFETY or k == "asq_5"}
    )
    assert (outcome.outcome, outcome.reasons) == ("crisis", ("suicidal_ideation", "suicide_risk"))
    assert outcome.scores.phq9 is None


def test_only_the_sections_given_after_a_gate_are_evaluated() -> None:
    answers = maria(asq_1="yes", asq_5="yes", monitor_available="no")
    outcome = assess({k: v for k, v in answers.items() if k not in HEALTH})
    assert "no_monitor" in outcome.reasons
    assert "blood_pressure_unknown" not in outcome.reasons


def test_next_section_follows_the_order_until_a_gate() -> None:
    clean: dict[str, Answer] = {"state": "FL", "date_of_birth": date(1980, 5, 17)}
    assert next_section(clean, AS_OF, "location") is not None
    assert next_section({**clean, "state": "NY"}, AS_OF, "location") is None
    assert next_section({**clean, "asq_5": "yes"}, AS_OF, "safety") is None
    section = next_section(clean, AS_OF, "health")
    assert section is not None and section.id == "support"
    assert next_section(clean, AS_OF, "support") is None


# The rule table against the contract


def contract_rules() -> dict[str, tuple[str, str | None]]:
    """Each rule code of the contract with its level and referral, read from its Rules part.

    A referral written beside a level's heading applies to every rule under it.
    """
    text = CONTRACT.read_text(encoding="utf-8")
    rules_part = text.split("## Rules", 1)[1].split("\n## ", 1)[0]
    found: dict[str, tuple[str, str | None]] = {}
    level, level_referral = "", None
    for block in re.split(r"\n(?=- |\*\*)", rules_part):
        referral = re.search(r"referral `(\w+)`", block)
        if heading := re.match(r"\*\*(\w+)\*\*", block):
            level, level_referral = heading.group(1), referral.group(1) if referral else None
        elif bullet := re.match(r"- ((?:`\w+`(?:, )?)+):", block):
            for code in re.findall(r"`(\w+)`", bullet.group(1)):
                found[code] = (level, referral.group(1) if referral else level_referral)
    return found


@pytest.mark.skipif(not CONTRACT.exists(), reason="the contract is not there")
def test_the_rule_table_matches_the_contract() -> None:
    actual = {rule.code: (rule.level.code, rule.referral) for rule in RULES}
    assert actual == contract_rules()
    assert len(actual) == 32


def test_levels_rank_as_the_contract_says() -> None:
    ranked = sorted(Level, key=int)
    assert [level.code for level in ranked] == [
        "eligible", "clinician_review", "ineligible", "crisis"
    ]  # fmt: skip


def test_every_rule_and_referral_has_plain_words() -> None:
    for rule in RULES:
        words = plain_reason(rule.code)
        assert words.text.endswith(".") and words.next_step.endswith(".")
        if rule.referral:
            assert plain_referral(rule.referral).next_step
    assert "988" in plain_reason("suicide_risk").next_step
    assert "911" in plain_reason("suicide_risk").next_step
