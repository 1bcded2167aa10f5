"""Every check-in instrument exports as an R4 Observation with the right codes and values,
and says whose words the patient answered; each instrument exports as the R4 Questionnaire
it was asked from."""

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.questionnaire import Questionnaire

from questionnaires.check_in_fhir import (
    CHECK_IN_CODES,
    WORDING_EXTENSION,
    check_in_observation,
    check_in_observation_json,
    check_in_questionnaire,
    check_in_questionnaire_json,
)
from questionnaires.instruments import INSTRUMENTS, InstrumentCode

LOINC = "http://loinc.org"
SUBJECT = "Patient/7f3c2a"
COMPLETED = datetime(2026, 3, 2, 9, 30, tzinfo=timezone(timedelta(hours=-5)))

RESPONSES: dict[InstrumentCode, dict[str, Any]] = {
    InstrumentCode.PEG: {"peg_1": 7, "peg_2": 6, "peg_3": 6},
    InstrumentCode.PHQ9: {f"phq9_{n}": 2 for n in range(1, 9)} | {"phq9_9": 0},
    InstrumentCode.GAD7: {f"gad7_{n}": 1 for n in range(1, 8)},
    InstrumentCode.PC_PTSD5: {f"pc_ptsd5_{n}": n != 3 for n in range(1, 6)},
    InstrumentCode.PCL5: {f"pcl5_{n}": 2 for n in range(1, 21)},
    InstrumentCode.PAIN_NOW: {"pain_now": 4},
}

COMPONENT_CODES = {
    InstrumentCode.PEG: [
        (CHECK_IN_CODES, "peg_1"),
        (LOINC, "91145-3"),
        (LOINC, "91146-1"),
        (LOINC, "91147-9"),
    ],
    InstrumentCode.PHQ9: [
        (LOINC, code)
        for code in (
            "44250-9",
            "44255-8",
            "44259-0",
            "44254-1",
            "44251-7",
            "44258-2",
            "44252-5",
            "44253-3",
            "44260-8",
            "44261-6",
        )
    ],
    InstrumentCode.GAD7: [
        (LOINC, code)
        for code in (
            "69725-0",
            "68509-9",
            "69733-4",
            "69734-2",
            "69735-9",
            "69689-8",
            "69736-7",
            "70274-6",
        )
    ],
    InstrumentCode.PC_PTSD5: [(CHECK_IN_CODES, f"pc_ptsd5_{n}") for n in range(1, 6)],
    InstrumentCode.PCL5: [
        *((CHECK_IN_CODES, f"pcl5_{n}") for n in range(1, 21)),
        (LOINC, "101698-9"),
    ],
    InstrumentCode.PAIN_NOW: [],
}

OBSERVATION_CODES = {
    InstrumentCode.PEG: (LOINC, "91148-7"),
    InstrumentCode.PHQ9: (LOINC, "44249-1"),
    InstrumentCode.GAD7: (LOINC, "69737-5"),
    InstrumentCode.PC_PTSD5: (CHECK_IN_CODES, "pc_ptsd5"),
    InstrumentCode.PCL5: (LOINC, "101697-1"),
    InstrumentCode.PAIN_NOW: (LOINC, "72514-3"),
}


def export(code: InstrumentCode) -> dict[str, Any]:
    return check_in_observation_json(
        INSTRUMENTS[code], RESPONSES[code], subject_reference=SUBJECT, effective=COMPLETED
    )


def coding(concept: dict[str, Any]) -> tuple[str, str]:
    (first,) = concept["coding"]
    return first["system"], first["code"]


@pytest.mark.parametrize("code", list(InstrumentCode))
def test_every_instrument_builds_a_valid_r4_observation(code: InstrumentCode) -> None:
    observation = check_in_observation(
        INSTRUMENTS[code], RESPONSES[code], subject_reference=SUBJECT, effective=COMPLETED
    )
    assert isinstance(observation, Observation)
    assert type(observation).__module__ == "fhir.resources.R4B.observation"
    reparsed = Observation.model_validate(observation.model_dump(mode="json", exclude_none=True))
    assert reparsed.model_dump(mode="json") == observation.model_dump(mode="json")


@pytest.mark.parametrize("code", list(InstrumentCode))
def test_every_observation_is_a_final_survey_about_the_patient_at_the_time_done(
    code: InstrumentCode,
) -> None:
    observation = export(code)
    assert observation["status"] == "final"
    assert [coding(c) for c in observation["category"]] == [
        ("http://terminology.hl7.org/CodeSystem/observation-category", "survey")
    ]
    assert observation["subject"] == {"reference": SUBJECT}
    assert datetime.fromisoformat(observation["effectiveDateTime"]) == COMPLETED


@pytest.mark.parametrize("code", list(InstrumentCode))
def test_every_observation_carries_its_panel_code_and_item_codes(code: InstrumentCode) -> None:
    observation = export(code)
    assert coding(observation["code"]) == OBSERVATION_CODES[code]
    components = observation.get("component", [])
    assert [coding(c["code"]) for c in components] == COMPONENT_CODES[code]


@pytest.mark.parametrize("code", list(InstrumentCode))
def test_no_component_repeats_the_observation_code(code: InstrumentCode) -> None:
    observation = export(code)
    codes = {coding(c["code"]) for c in observation.get("component", [])}
    assert coding(observation["code"]) not in codes


def test_peg_carries_its_mean_as_a_score_quantity_in_the_value_and_total() -> None:
    observation = export(InstrumentCode.PEG)
    quantity = {"value": 6.3, "unit": "score", "system": "http://unitsofmeasure.org"}
    assert observation["valueQuantity"] == quantity | {"code": "{score}"}
    assert observation["component"][-1]["valueQuantity"]["value"] == 6.3
    assert [c.get("valueInteger") for c in observation["component"][:3]] == [7, 6, 6]


def test_phq9_carries_its_total_its_items_and_its_band() -> None:
    observation = export(InstrumentCode.PHQ9)
    assert observation["valueInteger"] == 16
    assert [c["valueInteger"] for c in observation["component"]] == [2] * 8 + [0, 16]
    assert observation["interpretation"] == [{"text": "moderately severe"}]


def test_gad7_carries_its_total_and_band() -> None:
    observation = export(InstrumentCode.GAD7)
    assert observation["valueInteger"] == 7
    assert observation["interpretation"] == [{"text": "mild"}]


def test_pc_ptsd5_carries_yes_no_items_its_count_and_a_coded_screen_result() -> None:
    observation = export(InstrumentCode.PC_PTSD5)
    assert observation["valueInteger"] == 4
    assert [c["valueBoolean"] for c in observation["component"]] == [True, True, False, True, True]
    (interpretation,) = observation["interpretation"]
    assert coding(interpretation) == (
        "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation",
        "POS",
    )


def test_a_negative_pc_ptsd5_screen_is_coded_neg() -> None:
    observation = check_in_observation_json(
        INSTRUMENTS[InstrumentCode.PC_PTSD5],
        {f"pc_ptsd5_{n}": n == 1 for n in range(1, 6)},
        subject_reference=SUBJECT,
        effective=COMPLETED,
    )
    assert coding(observation["interpretation"][0])[1] == "NEG"


def test_pain_now_is_one_value_with_no_components() -> None:
    observation = export(InstrumentCode.PAIN_NOW)
    assert observation["valueInteger"] == 4
    assert "component" not in observation


def test_item_components_keep_the_words_the_patient_saw() -> None:
    observation = export(InstrumentCode.GAD7)
    labels = [item.label for item in INSTRUMENTS[InstrumentCode.GAD7].items]
    assert [c["code"]["text"] for c in observation["component"][:7]] == labels


def test_a_completion_time_without_a_time_zone_is_refused() -> None:
    with pytest.raises(ValueError, match="time zone"):
        check_in_observation(
            INSTRUMENTS[InstrumentCode.PAIN_NOW],
            {"pain_now": 3},
            subject_reference=SUBJECT,
            effective=datetime(2026, 3, 2, 9, 30),  # noqa: DTZ001
        )


def test_invalid_responses_are_refused_before_any_export() -> None:
    with pytest.raises(ValueError, match="Question 1"):
        check_in_observation(
            INSTRUMENTS[InstrumentCode.PAIN_NOW],
            {"pain_now": 11},
            subject_reference=SUBJECT,
            effective=datetime.now(UTC),
        )


def test_pcl5_carries_its_total_and_whether_it_reaches_the_cut_point() -> None:
    observation = export(InstrumentCode.PCL5)
    assert observation["valueInteger"] == 40
    assert observation["component"][-1]["valueInteger"] == 40
    assert coding(observation["interpretation"][0])[1] == "POS"


ADAPTED = [code for code in InstrumentCode if code is not InstrumentCode.PAIN_NOW]


@pytest.mark.parametrize("code", ADAPTED)
def test_an_observation_in_our_own_wording_says_it_is_adapted(code: InstrumentCode) -> None:
    observation = export(code)
    (note,) = observation["note"]
    name = INSTRUMENTS[code].name
    assert note["text"].startswith(f"Adapted from the {name}:")
    assert "validated wording" in note["text"]
    (extension,) = observation["extension"]
    slug = "check-in-" + code.value.replace("_", "-")
    assert extension == {
        "url": WORDING_EXTENSION,
        "valueCanonical": f"https://ketaclinic.org/fhir/Questionnaire/{slug}|adapted-1",
    }


def test_the_pain_now_rating_is_said_to_be_our_own_question() -> None:
    (note,) = export(InstrumentCode.PAIN_NOW)["note"]
    assert "our own" in note["text"]


@pytest.mark.parametrize("code", list(InstrumentCode))
def test_every_instrument_builds_a_valid_r4_questionnaire(code: InstrumentCode) -> None:
    questionnaire = check_in_questionnaire(INSTRUMENTS[code])
    assert type(questionnaire).__module__ == "fhir.resources.R4B.questionnaire"
    as_json = check_in_questionnaire_json(INSTRUMENTS[code])
    assert Questionnaire.model_validate(as_json).model_dump(mode="json") == (
        questionnaire.model_dump(mode="json")
    )
    (group,) = as_json["item"]
    asked = [item["linkId"] for item in group["item"] if item["type"] != "display"]
    assert asked == list(INSTRUMENTS[code].item_ids)


@pytest.mark.parametrize("code", ADAPTED)
def test_a_questionnaire_in_our_own_wording_says_so_in_title_description_and_copyright(
    code: InstrumentCode,
) -> None:
    questionnaire = check_in_questionnaire_json(INSTRUMENTS[code])
    name = INSTRUMENTS[code].name
    assert questionnaire["version"] == "adapted-1"
    assert questionnaire["title"].endswith(", adapted wording")
    assert questionnaire["description"].startswith(f"Adapted from the {name}:")
    assert "no text of the" in questionnaire["copyright"]


def test_questionnaire_answers_keep_their_values_and_the_words_shown() -> None:
    (group,) = check_in_questionnaire_json(INSTRUMENTS[InstrumentCode.PCL5])["item"]
    first = next(item for item in group["item"] if item["linkId"] == "pcl5_1")
    assert first["type"] == "choice"
    values = [option["valueCoding"]["code"] for option in first["answerOption"]]
    assert values == ["0", "1", "2", "3", "4"]
    assert first["text"] == INSTRUMENTS[InstrumentCode.PCL5].items[0].label
