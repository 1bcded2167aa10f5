"""The FHIR R4 export: a Questionnaire and QuestionnaireResponses that R4 tools accept.

fhir.resources checks structure and data types but not the Questionnaire invariants, so the
ones that matter here (que-1, que-2, que-12, enableWhen pointing at an earlier answer
option) and the engine's own meaning of the branching are checked below.
"""

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from questionnaires.assessment import QUESTIONNAIRE, evaluate, validate
from questionnaires.assessment.fhir import (
    LOINC,
    OUTCOME_EXTENSION_URL,
    QUESTIONNAIRE_URL,
    questionnaire_json,
    questionnaire_resource,
    questionnaire_response,
)
from questionnaires.tests.assessment.people import AS_OF, VIGNETTES, maria

ITEM_TYPES = {"group", "display", "choice", "integer", "date", "string"}

CONFIRMED_LOINC = {
    "phq9": "44249-1",
    "phq9_1": "44250-9",
    "phq9_2": "44255-8",
    "phq9_3": "44259-0",
    "phq9_4": "44254-1",
    "phq9_5": "44251-7",
    "phq9_6": "44258-2",
    "phq9_7": "44252-5",
    "phq9_8": "44253-3",
    "phq9_9": "44260-8",
    "gad7": "69737-5",
    "gad7_1": "69725-0",
    "gad7_2": "68509-9",
    "gad7_3": "69733-4",
    "gad7_4": "69734-2",
    "gad7_5": "69735-9",
    "gad7_6": "69689-8",
    "gad7_7": "69736-7",
    "peg": "91148-7",
    "peg_2": "91145-3",
    "peg_3": "91146-1",
}


def walk(items: list[dict[str, Any]], parent: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every item in document order, with its parent's linkId."""
    for item in items:
        yield parent, item
        yield from walk(item.get("item", []), item["linkId"])


@pytest.fixture(scope="module")
def exported() -> dict[str, Any]:
    return questionnaire_json()


@pytest.fixture(scope="module")
def items(exported: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["linkId"]: item for _, item in walk(exported["item"])}


def test_it_is_a_valid_r4_questionnaire_that_round_trips(exported: dict[str, Any]) -> None:
    assert isinstance(questionnaire_resource(), Questionnaire)
    again = Questionnaire.model_validate_json(json.dumps(exported))
    assert again.model_dump(mode="json", exclude_none=True) == exported
    assert exported["url"] == QUESTIONNAIRE_URL
    assert exported["version"] == QUESTIONNAIRE.version
    assert exported["status"] == "active"


def test_each_section_is_a_group_in_order(exported: dict[str, Any]) -> None:
    groups = [(item["linkId"], item["type"]) for item in exported["item"]]
    assert groups == [(f"section-{s.id}", "group") for s in QUESTIONNAIRE.sections]


def test_every_question_is_an_item_and_link_ids_are_unique(exported: dict[str, Any]) -> None:
    link_ids = [item["linkId"] for _, item in walk(exported["item"])]
    assert len(link_ids) == len(set(link_ids))
    assert set(QUESTIONNAIRE.questions) <= set(link_ids)


def test_only_the_first_section_and_enabled_instruments_are_required_groups(
    exported: dict[str, Any],
) -> None:
    required_groups = [
        item["linkId"]
        for _, item in walk(exported["item"])
        if item["type"] == "group" and item.get("required")
    ]
    assert required_groups == ["section-location", "peg", "phq9", "gad7", "pc_ptsd5"]


def test_item_types_and_nesting_follow_the_r4_rules(exported: dict[str, Any]) -> None:
    for _, item in walk(exported["item"]):
        assert item["type"] in ITEM_TYPES
        if item["type"] == "group":
            assert item["item"], item["linkId"]
        if item["type"] == "display":
            assert "item" not in item and "required" not in item and "repeats" not in item
        if "answerOption" in item:
            assert item["type"] == "choice"


def test_enable_when_points_back_at_an_earlier_answer_option(exported: dict[str, Any]) -> None:
    seen: dict[str, dict[str, Any]] = {}
    conditional = 0
    for _, item in walk(exported["item"]):
        conditions = item.get("enableWhen", [])
        conditional += bool(conditions)
        for condition in conditions:
            target = seen[condition["question"]]
            assert condition["operator"] == "="
            options = [o["valueCoding"] for o in target["answerOption"]]
            assert condition["answerCoding"] in [
                {"system": o["system"], "code": o["code"]} for o in options
            ]
        assert ("enableBehavior" in item) is (len(conditions) > 1)
        if len(conditions) > 1:
            assert item["enableBehavior"] == "any"
        seen[item["linkId"]] = item
    assert conditional == 11


def test_the_branching_matches_the_contract(items: dict[str, dict[str, Any]]) -> None:
    def triggers(link_id: str) -> set[tuple[str, str]]:
        return {
            (c["question"], c["answerCoding"]["code"]) for c in items[link_id].get("enableWhen", [])
        }

    assert triggers("county") == {("state", "FL"), ("state", "NJ")}
    assert triggers("suicide_attempt_12mo") == {("asq_4", "yes")}
    assert triggers("asq_5") == {(f"asq_{n}", "yes") for n in range(1, 5)}
    for crps_item in ("crps_diagnosed", "crps_symptoms", "iv_ketamine_recent"):
        assert triggers(crps_item) == {("conditions", "crps")}
    pain = {("conditions", c) for c in ("crps", "chronic_pain_other", "fibromyalgia", "migraine")}
    assert triggers("pain_duration_months") == pain
    assert triggers("peg") == pain
    assert triggers("phq9") == {("conditions", "depression")}
    assert triggers("gad7") == {("conditions", "anxiety"), ("conditions", "social_anxiety")}
    assert triggers("pc_ptsd5") == {("conditions", "ptsd")}


def test_loinc_codes_are_the_confirmed_ones_only(exported: dict[str, Any]) -> None:
    coded = {
        item["linkId"]: item["code"][0]["code"]
        for _, item in walk(exported["item"])
        if "code" in item
    }
    assert coded == CONFIRMED_LOINC
    for _, item in walk(exported["item"]):
        for coding in item.get("code", []):
            assert coding["system"] == LOINC


def test_instrument_items_sit_in_their_panel_group(exported: dict[str, Any]) -> None:
    parents = {item["linkId"]: parent for parent, item in walk(exported["item"])}
    for n in range(1, 10):
        assert parents[f"phq9_{n}"] == "phq9"
    for n in range(1, 8):
        assert parents[f"gad7_{n}"] == "gad7"
    assert [parents[f"peg_{n}"] for n in range(1, 4)] == ["peg"] * 3
    assert parents["pain_duration_months"] == "section-conditions"


def test_answer_options_and_limits(items: dict[str, dict[str, Any]]) -> None:
    assert len(items["state"]["answerOption"]) == 56
    assert items["conditions"]["repeats"] is True
    assert items["conditions"]["required"] is True
    assert items["crps_symptoms"]["required"] is False
    assert items["bp_systolic"]["required"] is False
    assert items["date_of_birth"]["type"] == "date"
    assert items["zip"]["maxLength"] == 5
    limits = {e["url"].rsplit("/", 1)[1]: e["valueInteger"] for e in items["peg_1"]["extension"]}
    assert limits == {"minValue": 0, "maxValue": 10}
    scored = items["phq9_1"]["answerOption"]
    assert [o["extension"][0]["valueDecimal"] for o in scored] == [0, 1, 2, 3]


def assessed(answers: dict[str, Any]) -> tuple[dict[str, Any], Any, date]:
    clean, errors = validate({"as_of": AS_OF.isoformat(), "answers": answers})
    assert errors == []
    return dict(clean.answers), evaluate(clean.answers, clean.as_of), clean.as_of


def response_json(answers: dict[str, Any]) -> dict[str, Any]:
    clean, outcome, as_of = assessed(answers)
    response = questionnaire_response(clean, outcome, authored=as_of)
    assert isinstance(response, QuestionnaireResponse)
    dumped: dict[str, Any] = response.model_dump(mode="json", exclude_none=True)
    return dumped


def enabled(item: dict[str, Any], answers: dict[str, set[str]]) -> bool:
    """FHIR's enableWhen for the "=" operator on codings, as an R4 form filler applies it."""
    conditions = item.get("enableWhen", [])
    if not conditions:
        return True
    hits = [c["answerCoding"]["code"] in answers.get(c["question"], set()) for c in conditions]
    return any(hits) if item.get("enableBehavior") == "any" else all(hits)


def answered_codes(response: dict[str, Any]) -> dict[str, set[str]]:
    codes: dict[str, set[str]] = {}
    for _, item in walk(response["item"]):
        for answer in item.get("answer", []):
            if "valueCoding" in answer:
                codes.setdefault(item["linkId"], set()).add(answer["valueCoding"]["code"])
    return codes


def vignette_answers() -> list[dict[str, Any]]:
    cases = [json.loads(p.read_text()) for p in sorted(VIGNETTES.glob("*.json"))]
    return [c["input"]["answers"] for c in cases if "expected" in c]


RESPONSE_CASES = [
    maria(),
    maria(
        conditions=["crps", "depression", "anxiety", "ptsd", "mecfs"],
        **{f"phq9_{n}": 2 for n in range(1, 10)},
        **{f"gad7_{n}": 1 for n in range(1, 8)},
        **{f"pc_ptsd5_{n}": "yes" for n in range(1, 6)},
    ),
    maria(asq_4="yes", suicide_attempt_12mo="no", asq_5="no", bp_systolic=None, bp_diastolic=None),
    *vignette_answers(),
]


@pytest.mark.parametrize("answers", RESPONSE_CASES)
def test_a_response_is_valid_and_mirrors_the_questionnaire(
    answers: dict[str, Any], exported: dict[str, Any]
) -> None:
    response = response_json(answers)
    again = QuestionnaireResponse.model_validate_json(json.dumps(response))
    assert again.model_dump(mode="json", exclude_none=True) == response
    assert response["questionnaire"] == f"{QUESTIONNAIRE_URL}|{QUESTIONNAIRE.version}"
    assert response["authored"] == AS_OF.isoformat()
    places = {item["linkId"]: (parent, item) for parent, item in walk(exported["item"])}
    codes = answered_codes(response)
    answered = set()
    for parent, item in walk(response["item"]):
        expected_parent, definition = places[item["linkId"]]
        assert parent == expected_parent
        assert enabled(definition, codes), item["linkId"]
        for answer in item.get("answer", []):
            if "valueCoding" in answer:
                options = [o["valueCoding"] for o in definition["answerOption"]]
                assert answer["valueCoding"] in options
        if "answer" in item:
            answered.add(item["linkId"])
    unanswered = {k for k, v in answers.items() if v is None or v == []}
    assert answered == set(answers) - unanswered


def items_due(
    items: list[dict[str, Any]], codes: dict[str, set[str]], present: set[str]
) -> Iterator[dict[str, Any]]:
    """The items a response must hold: enabled, and inside groups that are required or given."""
    for item in items:
        skipped_group = item["type"] == "group" and not item.get("required")
        if enabled(item, codes) and not (skipped_group and item["linkId"] not in present):
            yield item
            yield from items_due(item.get("item", []), codes, present)


@pytest.mark.parametrize("answers", RESPONSE_CASES)
def test_every_enabled_required_question_is_answered(
    answers: dict[str, Any], exported: dict[str, Any]
) -> None:
    response = response_json(answers)
    present = {item["linkId"] for _, item in walk(response["item"])}
    for item in items_due(exported["item"], answered_codes(response), present):
        if item.get("required"):
            assert item["linkId"] in present


def test_the_outcome_is_recorded_in_the_outcome_extension() -> None:
    response = response_json(
        maria(peg_1=9, conditions=["crps", "depression"], **{f"phq9_{n}": 1 for n in range(1, 10)})
    )
    (extension,) = response["extension"]
    assert extension["url"] == OUTCOME_EXTENSION_URL
    parts = extension["extension"]
    assert [p["valueCode"] for p in parts if p["url"] == "outcome"] == ["clinician_review"]
    assert [p["valueCode"] for p in parts if p["url"] == "reason"] == [
        "severe_crps",
        "suicidal_ideation",
    ]
    assert [p["valueCode"] for p in parts if p["url"] == "referral"] == [
        "crisis_988",
        "iv_infusion_clinic",
    ]
    assert [p["valueCode"] for p in parts if p["url"] == "pathway"] == ["crps"]
    scores = {
        score["extension"][0]["valueCode"]: score["extension"][1:]
        for score in parts
        if score["url"] == "score"
    }
    assert set(scores) == {"age", "phq9", "peg", "budapest_symptom_categories", "prior_treatments"}
    assert scores["phq9"] == [
        {"url": "value", "valueInteger": 9},
        {"url": "code", "valueCoding": {"system": LOINC, "code": "44261-6"}},
    ]
    assert scores["peg"][0] == {"url": "value", "valueDecimal": 6.7}
    assert scores["peg"][1]["valueCoding"]["code"] == "91147-9"


def test_a_gated_response_carries_only_what_was_asked() -> None:
    answers = {"state": "NY", "zip": "10001", "date_of_birth": "1980-05-17"}
    response = response_json(answers)
    assert [g["linkId"] for g in response["item"]] == ["section-location"]
    assert "authored" in response


def test_answer_values_have_the_right_types() -> None:
    response = response_json(maria())
    values = {
        item["linkId"]: item["answer"] for _, item in walk(response["item"]) if "answer" in item
    }
    assert values["date_of_birth"] == [{"valueDate": "1980-05-17"}]
    assert values["zip"] == [{"valueString": "33133"}]
    assert values["county"] == [{"valueString": "Miami-Dade"}]
    assert values["peg_1"] == [{"valueInteger": 6}]
    assert [a["valueCoding"]["code"] for a in values["crps_symptoms"]] == [
        "sensory",
        "vasomotor",
        "motor_trophic",
    ]


def test_the_version_2_questions_and_medicines_are_in_the_health_group(
    exported: dict[str, Any], items: dict[str, dict[str, Any]]
) -> None:
    assert exported["version"] == "2.0.0"
    parents = {item["linkId"]: parent for parent, item in walk(exported["item"])}
    for link_id in ("aneurysm_avm", "urinary_symptoms"):
        assert parents[link_id] == "section-health"
        assert items[link_id]["type"] == "choice"
        assert items[link_id]["required"] is True
        assert "enableWhen" not in items[link_id]
        assert [o["valueCoding"]["code"] for o in items[link_id]["answerOption"]] == ["yes", "no"]
    medicines = [o["valueCoding"]["code"] for o in items["medications"]["answerOption"]]
    assert medicines == [
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
        "other",
    ]


def test_a_response_carries_the_version_2_answers_and_reasons() -> None:
    response = response_json(
        maria(
            aneurysm_avm="yes",
            urinary_symptoms="yes",
            medications=["sleep_medicine", "memantine_or_dextromethorphan"],
            bp_systolic=150,
            bp_diastolic=55,
        )
    )
    assert response["questionnaire"].endswith("|2.0.0")
    values = {
        item["linkId"]: [a["valueCoding"]["code"] for a in item["answer"]]
        for _, item in walk(response["item"])
        if "answer" in item and "valueCoding" in item["answer"][0]
    }
    assert values["aneurysm_avm"] == ["yes"]
    assert values["urinary_symptoms"] == ["yes"]
    assert values["medications"] == ["sleep_medicine", "memantine_or_dextromethorphan"]
    parts = response["extension"][0]["extension"]
    assert [p["valueCode"] for p in parts if p["url"] == "outcome"] == ["ineligible"]
    assert [p["valueCode"] for p in parts if p["url"] == "reason"] == [
        "elevated_blood_pressure",
        "interacting_medications",
        "low_blood_pressure",
        "urinary_symptoms",
        "vascular_malformation",
    ]
