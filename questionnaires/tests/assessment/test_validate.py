"""The validator: every kind of problem, all named at once, in plain words."""

from datetime import date
from typing import Any

import pytest

from questionnaires.assessment import QUESTIONNAIRE, validate, validate_section
from questionnaires.assessment.validate import today
from questionnaires.tests.assessment.people import (
    AS_OF,
    CRPS_CONDITIONS,
    HEALTH,
    LOCATION,
    SAFETY,
    error_fields,
    maria,
    without_conditions,
)


def errors_for(answers: Any, as_of: str | None = AS_OF.isoformat()) -> dict[str, str]:
    payload: dict[str, Any] = {"answers": answers}
    if as_of is not None:
        payload["as_of"] = as_of
    return {error["field"]: error["message"] for error in validate(payload)[1]}


def test_maria_is_valid_and_clean() -> None:
    clean, errors = validate({"as_of": "2026-11-25", "answers": maria()})
    assert errors == []
    assert clean.as_of == AS_OF
    assert clean.answers["date_of_birth"] == date(1980, 5, 17)
    assert clean.answers["conditions"] == ("crps",)
    assert set(clean.answers) == set(maria())


# The envelope


@pytest.mark.parametrize("payload", [None, [], "answers", 3, True, [{"answers": {}}]])
def test_input_that_is_not_an_object_is_one_problem_under_answers(payload: Any) -> None:
    clean, errors = validate(payload)
    assert [e["field"] for e in errors] == ["answers"]
    assert clean.answers == {}


@pytest.mark.parametrize("answers", [None, [], "x", 1, [["state", "FL"]]])
def test_answers_must_be_an_object(answers: Any) -> None:
    assert error_fields(answers) == ["answers"]


def test_missing_answers_is_named() -> None:
    _, errors = validate({"as_of": "2026-11-25"})
    assert errors == [
        {
            "field": "answers",
            "message": 'The input needs "answers": an object of question ids and answers.',
        }
    ]


def test_unknown_top_level_keys_are_problems() -> None:
    _, errors = validate({"answers": maria(), "asof": "2026-11-25"})
    assert [e["field"] for e in errors] == ["answers"]
    assert "'asof'" in errors[0]["message"]


@pytest.mark.parametrize(
    "as_of",
    ["2026-13-01", "2026-02-30", "25/11/2026", "20261125", "2026-W48-3", "", 20261125, None],
)
def test_as_of_must_be_an_iso_date(as_of: Any) -> None:
    _, errors = validate({"as_of": as_of, "answers": maria()})
    assert [e["field"] for e in errors] == ["as_of"]


def test_as_of_defaults_to_today() -> None:
    clean, errors = validate({"answers": maria()})
    assert errors == []
    assert clean.as_of == today()


def test_as_of_and_answers_problems_are_named_together() -> None:
    _, errors = validate({"as_of": "soon", "answers": maria(zip="1")})
    assert [e["field"] for e in errors] == ["as_of", "zip"]


# Each kind of problem with an answer


def test_an_unknown_question_is_named() -> None:
    assert errors_for(maria(favourite_colour="blue")) == {
        "favourite_colour": "This is not a question in the assessment."
    }


@pytest.mark.parametrize(
    ("link_id", "value"),
    [
        ("asq_1", "Yes"),
        ("asq_1", True),
        ("asq_1", 1),
        ("asq_1", None),
        ("asq_1", ["no"]),
        ("liver_disease", "bad"),
        ("state", "fl"),
        ("state", "Florida"),
        ("state", "AE"),
        ("crps_diagnosed", "maybe"),
    ],
)
def test_a_choice_must_be_one_of_its_codes(link_id: str, value: Any) -> None:
    assert list(errors_for(maria(**{link_id: value}))) == [link_id]


def test_a_wrong_choice_lists_the_codes() -> None:
    assert errors_for(maria(liver_disease="bad")) == {
        "liver_disease": "Choose one of: none, mild, severe."
    }


@pytest.mark.parametrize(
    "value",
    [
        True,
        False,
        5.0,
        5.5,
        "5",
        None,
        [5],
        {"value": 5},
        -1,
        11,
    ],
)
def test_an_integer_answer_must_be_a_whole_number_in_range(value: Any) -> None:
    assert list(errors_for(maria(peg_2=value))) == ["peg_2"]


def test_bool_is_not_taken_for_an_integer() -> None:
    message = errors_for(maria(peg_1=True))["peg_1"]
    assert message == "Give a whole number from 0 to 10."


def test_out_of_range_says_the_range() -> None:
    assert errors_for(maria(peg_2=-1)) == {"peg_2": "-1 is outside the allowed range, 0 to 10."}


@pytest.mark.parametrize(
    ("link_id", "low", "high"),
    [
        ("pain_duration_months", 0, 600),
        ("bp_systolic", 60, 260),
        ("bp_diastolic", 30, 160),
        ("phq9_1", 0, 3),
    ],
)
def test_ranges_are_inclusive(link_id: str, low: int, high: int) -> None:
    base = maria(conditions=["crps", "depression"], **{f"phq9_{n}": 0 for n in range(1, 10)})
    for good in (low, high):
        assert errors_for({**base, link_id: good}) == {}
    for bad in (low - 1, high + 1):
        assert list(errors_for({**base, link_id: bad})) == [link_id]


@pytest.mark.parametrize(
    "value",
    [
        "crps",
        ["crps", "crps"],
        ["crps", "gout"],
        [],
        ["crps", 1],
        ["crps", None],
        [["crps"]],
        [{"crps": True}],
        None,
    ],
)
def test_conditions_must_be_a_list_of_known_unique_codes_with_at_least_one(value: Any) -> None:
    assert list(errors_for(maria(conditions=value))) == ["conditions"]


def test_an_empty_list_is_fine_where_it_may_be_empty() -> None:
    assert errors_for(maria(crps_symptoms=[], prior_treatments=[], medications=[])) == {}


def test_prior_treatments_may_name_a_treatment_more_than_once() -> None:
    clean, errors = validate({"answers": maria(prior_treatments=["ssri", "ssri", "other"])})
    assert errors == []
    assert clean.answers["prior_treatments"] == ("ssri", "ssri", "other")


@pytest.mark.parametrize(
    ("link_id", "value"),
    [
        ("conditions", ["crps", "crps"]),
        ("crps_symptoms", ["sensory", "sensory"]),
        ("medications", ["opioid", "opioid"]),
    ],
)
def test_other_lists_take_each_choice_once(link_id: str, value: list[str]) -> None:
    assert errors_for(maria(**{link_id: value})) == {link_id: "Each choice may be given only once."}


@pytest.mark.parametrize(
    "medicine",
    [
        "gabapentinoid",
        "sleep_medicine",
        "barbiturate",
        "muscle_relaxant",
        "memantine_or_dextromethorphan",
    ],
)
def test_the_version_2_medicines_are_choices(medicine: str) -> None:
    assert errors_for(maria(medications=[medicine])) == {}
    assert errors_for(maria(medications=[medicine, "other", "opioid"])) == {}


@pytest.mark.parametrize("value", ["ssri", "ibuprofen", "Gabapentin", "sleep medicine"])
def test_a_medicine_not_offered_is_named(value: str) -> None:
    assert list(errors_for(maria(medications=[value]))) == ["medications"]


@pytest.mark.parametrize("link_id", ["aneurysm_avm", "urinary_symptoms"])
def test_the_version_2_health_questions_are_always_asked_yes_or_no(link_id: str) -> None:
    assert errors_for(maria(**{link_id: ...})) == {link_id: "Please answer this question."}
    for wrong in ("maybe", "Yes", True, None, ["no"]):
        assert errors_for(maria(**{link_id: wrong})) == {link_id: "Choose one of: yes, no."}
    for right in ("yes", "no"):
        assert errors_for(maria(**{link_id: right})) == {}


@pytest.mark.parametrize("link_id", ["aneurysm_avm", "urinary_symptoms"])
def test_the_version_2_health_questions_may_be_left_out_only_with_the_section_after_a_gate(
    link_id: str,
) -> None:
    gated = {"state": "NY", "zip": "10001", "date_of_birth": "1980-05-17"}
    assert errors_for(gated) == {}
    assert errors_for({**gated, **HEALTH}) == {}
    without = {k: v for k, v in HEALTH.items() if k != link_id}
    assert errors_for({**gated, **without}) == {link_id: "Please answer this question."}


@pytest.mark.parametrize(
    "value",
    ["1980-5-17", "17/05/1980", "1980-02-30", "19800517", 19800517, None, "", "1980-05-17T00:00"],
)
def test_date_of_birth_must_be_a_real_iso_date(value: Any) -> None:
    assert list(errors_for(maria(date_of_birth=value))) == ["date_of_birth"]


def test_date_of_birth_may_not_be_after_as_of() -> None:
    assert errors_for(maria(date_of_birth="2026-11-26")) == {
        "date_of_birth": "This date is after the assessment date, 2026-11-25."
    }
    assert errors_for(maria(date_of_birth="2026-11-25")) == {}


@pytest.mark.parametrize(
    ("date_of_birth", "valid"),
    [("1906-11-25", True), ("1906-11-26", True), ("1905-11-25", False), ("1905-11-26", True)],
)
def test_age_may_be_at_most_120(date_of_birth: str, valid: bool) -> None:
    assert (errors_for(maria(date_of_birth=date_of_birth)) == {}) is valid


def test_blood_pressure_needs_both_numbers_or_neither() -> None:
    assert errors_for(maria(bp_systolic=None)) == {
        "bp_systolic": "Give both blood pressure numbers, or leave both blank (null)."
    }
    assert list(errors_for(maria(bp_diastolic=None))) == ["bp_diastolic"]
    assert errors_for(maria(bp_systolic=None, bp_diastolic=None)) == {}


def test_an_unknown_blood_pressure_must_still_be_given_as_null() -> None:
    assert errors_for(maria(bp_systolic=..., bp_diastolic=...)) == {
        "bp_systolic": "Please answer this question.",
        "bp_diastolic": "Please answer this question.",
    }


# Location


@pytest.mark.parametrize(
    "value", ["3313", "331333", "33133-1234", 33133, "abcde", "", None, " 33133"]
)
def test_zip_must_be_five_digits_as_text(value: Any) -> None:
    assert errors_for(maria(zip=value)) == {"zip": "Give the five-digit ZIP code, as text."}


def test_an_unknown_zip_is_named() -> None:
    assert errors_for(maria(zip="00000")) == {
        "zip": "We do not know this ZIP code; please check it."
    }


def test_a_zip_of_another_state_is_named() -> None:
    assert errors_for(maria(zip="10001")) == {"zip": "This ZIP code is in New York, not Florida."}
    assert errors_for(maria(zip="07030")) == {"zip": "This ZIP code is in New Jersey, not Florida."}


def test_a_new_jersey_resident_is_valid() -> None:
    assert errors_for(maria(state="NJ", county="Hudson", zip="07030")) == {}


def test_a_county_of_another_state_is_named() -> None:
    assert errors_for(maria(county="Bergen")) == {"county": "'Bergen' is not a county in Florida."}
    assert list(errors_for(maria(county="Kings County"))) == ["county"]


@pytest.mark.parametrize(
    ("spelling", "official"),
    [
        ("miami dade county", "Miami-Dade"),
        ("MIAMI-DADE", "Miami-Dade"),
        ("Miami-Dade County", "Miami-Dade"),
        ("Saint Johns", "St. Johns"),
        ("St Johns County", "St. Johns"),
        ("st. johns", "St. Johns"),
        ("St Lucie", "St. Lucie"),
        ("Desoto", "DeSoto"),
        ("DeSoto County", "DeSoto"),
        ("palm-beach", "Palm Beach"),
        ("  Indian River  ", "Indian River"),
    ],
)
def test_county_spellings_are_cleaned_to_the_official_name(spelling: str, official: str) -> None:
    clean, errors = validate({"as_of": "2026-11-25", "answers": maria(county=spelling)})
    assert errors == []
    assert clean.answers["county"] == official


@pytest.mark.parametrize("value", ["", "   ", 12, None, ["Miami-Dade"]])
def test_a_county_must_be_a_name(value: Any) -> None:
    assert errors_for(maria(county=value)) == {"county": "Give the name of your county."}


def test_a_county_is_not_asked_outside_the_service_area() -> None:
    answers = {"state": "NY", "zip": "10001", "date_of_birth": "1980-05-17", "county": "Kings"}
    assert errors_for(answers) == {
        "county": "This question is only asked when you live in Florida or New Jersey; "
        "leave it out."
    }


def test_a_wrong_state_leaves_the_county_and_zip_unjudged_against_it() -> None:
    assert errors_for(maria(state="XX")) == {
        "state": "Give the two-letter USPS code of a US state or territory, such as FL."
    }


# Asked-when conditions


NOT_ASKED = [
    ({"suicide_attempt_12mo": "no"}, "suicide_attempt_12mo"),
    ({"asq_5": "no"}, "asq_5"),
    ({"phq9_1": 1}, "phq9_1"),
    ({"gad7_3": 1}, "gad7_3"),
    ({"pc_ptsd5_2": "no"}, "pc_ptsd5_2"),
]


@pytest.mark.parametrize(("extra", "field"), NOT_ASKED, ids=[f for _, f in NOT_ASKED])
def test_an_answer_to_a_question_not_asked_is_an_error(extra: dict[str, Any], field: str) -> None:
    message = errors_for(maria(**extra))[field]
    assert message.startswith("This question is only asked when")


@pytest.mark.parametrize(
    "link_id",
    ["crps_diagnosed", "crps_symptoms", "iv_ketamine_recent", "pain_duration_months", "peg_1"],
)
def test_crps_and_pain_questions_are_not_asked_without_those_conditions(link_id: str) -> None:
    answers = without_conditions(maria())
    answers.update(conditions=["mecfs"], prior_treatments=[], **{link_id: CRPS_CONDITIONS[link_id]})
    assert list(errors_for(answers)) == [link_id]


def test_pain_questions_are_asked_for_any_pain_condition_but_crps_questions_only_for_crps() -> None:
    answers = maria(conditions=["migraine"])
    assert set(errors_for(answers)) == {"crps_diagnosed", "crps_symptoms", "iv_ketamine_recent"}


def test_questions_that_apply_are_required() -> None:
    assert set(errors_for(maria(asq_4="yes"))) == {"suicide_attempt_12mo", "asq_5"}
    assert set(errors_for(maria(asq_2="yes"))) == {"asq_5"}
    missing_phq9 = maria(conditions=["crps", "depression"])
    assert set(errors_for(missing_phq9)) == {f"phq9_{n}" for n in range(1, 10)}
    missing_gad7 = maria(conditions=["crps", "social_anxiety"])
    assert set(errors_for(missing_gad7)) == {f"gad7_{n}" for n in range(1, 8)}


def test_a_wrong_trigger_answer_leaves_its_follow_ups_unjudged() -> None:
    assert set(errors_for(maria(conditions="crps"))) == {"conditions"}
    assert set(errors_for(maria(asq_4="often", suicide_attempt_12mo="no"))) == {"asq_4"}


# Gates and missing sections


def test_without_a_gate_every_section_is_required() -> None:
    answers = {**LOCATION, **SAFETY}
    missing = set(errors_for(answers))
    expected = {"conditions", "prior_treatments", *HEALTH, "monitor_available"}
    assert missing == expected
    assert all(m == "Please answer this question." for m in errors_for(answers).values())


@pytest.mark.parametrize(
    "location",
    [
        {"state": "NY", "zip": "10001", "date_of_birth": "1980-05-17"},
        {**LOCATION, "date_of_birth": "2010-01-01"},
    ],
)
def test_after_a_location_gate_later_sections_may_be_left_out(location: dict[str, Any]) -> None:
    assert errors_for(location) == {}
    assert errors_for({**location, "monitor_available": "no"}) == {}


def test_after_a_gate_a_section_given_in_part_is_checked_in_full() -> None:
    answers = {"state": "NY", "zip": "10001", "date_of_birth": "1980-05-17", "asq_1": "no"}
    assert set(errors_for(answers)) == {"asq_2", "asq_3", "asq_4"}
    partial_health = {
        "state": "NY",
        "zip": "10001",
        "date_of_birth": "1980-05-17",
        "bipolar": "none",
    }
    assert set(errors_for(partial_health)) == set(HEALTH) - {"bipolar"}


def test_after_the_crisis_gate_sections_3_to_5_may_be_left_out() -> None:
    answers = {**LOCATION, **SAFETY, "asq_3": "yes", "asq_5": "yes"}
    assert errors_for(answers) == {}


def test_without_the_crisis_gate_section_3_is_required_after_a_yes() -> None:
    answers = {**LOCATION, **SAFETY, "asq_3": "yes", "asq_5": "no"}
    assert "conditions" in errors_for(answers)


def test_section_2_is_required_without_a_location_gate() -> None:
    assert set(errors_for(LOCATION)) >= {"asq_1", "asq_2", "asq_3", "asq_4"}


def test_a_wrong_gate_answer_does_not_also_demand_every_later_section() -> None:
    assert errors_for({**LOCATION, "state": "ZZ"}) == {
        "state": "Give the two-letter USPS code of a US state or territory, such as FL."
    }
    assert set(errors_for({**LOCATION, "date_of_birth": "yesterday"})) == {"date_of_birth"}


# Every problem at once


def test_every_problem_is_named_at_once_in_questionnaire_order() -> None:
    answers = maria(
        zip="10001",
        county="Bergen",
        asq_1=1,
        peg_2=11,
        conditions=["crps", "gout"],
        liver_disease=None,
        medications="opioid",
        monitor_available="maybe",
        bp_systolic=None,
        mystery=True,
    )
    del answers["psychosis_history"]
    _, errors = validate({"as_of": "2026-11-25", "answers": answers})
    fields = [error["field"] for error in errors]
    assert fields == [
        "mystery",
        "county",
        "zip",
        "asq_1",
        "conditions",
        "peg_2",
        "psychosis_history",
        "liver_disease",
        "medications",
        "bp_systolic",
        "monitor_available",
    ]
    assert all(error["message"] for error in errors)


def test_each_field_is_named_at_most_once() -> None:
    answers = {link_id: [{"x": None}] for link_id in QUESTIONNAIRE.questions}
    fields = [e["field"] for e in validate({"answers": answers})[1]]
    assert len(fields) == len(set(fields))


# One section at a time (the web flow)


def test_validate_section_reports_only_that_section() -> None:
    answers = maria(zip="10001", peg_2=-1)
    clean, errors = validate_section("conditions", answers, AS_OF)
    assert [e["field"] for e in errors] == ["peg_2"]
    assert "peg_3" in clean
    assert "monitor_available" not in clean


def test_validate_section_uses_earlier_answers_for_the_conditions() -> None:
    answers = {**LOCATION, **SAFETY, "asq_4": "yes"}
    _, errors = validate_section("safety", answers, AS_OF)
    assert {e["field"] for e in errors} == {"suicide_attempt_12mo", "asq_5"}
    clean, errors = validate_section(
        "safety", {**answers, "suicide_attempt_12mo": "no", "asq_5": "no"}, AS_OF
    )
    assert errors == []
    assert clean["county"] == "Miami-Dade"


def test_validate_section_checks_the_zip_against_the_state() -> None:
    _, errors = validate_section("location", {**LOCATION, "zip": "07030"})
    assert errors == [{"field": "zip", "message": "This ZIP code is in New Jersey, not Florida."}]


def test_validate_section_with_an_unknown_section_raises_key_error() -> None:
    with pytest.raises(KeyError):
        validate_section("nowhere", {})


def test_clean_answers_are_not_shared_between_calls() -> None:
    first, _ = validate({"answers": maria()})
    second, _ = validate({"answers": maria(county="St Lucie")})
    assert first.answers["county"] == "Miami-Dade"
    assert second.answers["county"] == "St. Lucie"


def test_validate_does_not_change_its_input() -> None:
    answers = maria()
    before = repr(answers)
    validate({"answers": answers})
    assert repr(answers) == before


def test_error_fields_helper_sees_the_same_as_validate() -> None:
    assert error_fields(maria(zip="10001")) == ["zip"]
    mecfs = {**without_conditions(maria()), "conditions": ["mecfs"], "prior_treatments": []}
    assert error_fields(mecfs) == []
