"""The Budapest criteria: which categories count, each threshold, and the plain words."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clinical.budapest import (
    SIGNS,
    SYMPTOMS,
    BudapestExam,
    Category,
    Finding,
    evaluate_budapest,
)

F = Finding

ALL_SYMPTOMS = frozenset({F.ALLODYNIA, F.SKIN_COLOUR_CHANGE, F.OEDEMA, F.WEAKNESS})
TWO_SIGNS = frozenset({F.ALLODYNIA_TO_LIGHT_TOUCH, F.TEMPERATURE_ASYMMETRY})


def exam(
    symptoms: frozenset[Finding] = ALL_SYMPTOMS,
    signs: frozenset[Finding] = TWO_SIGNS,
    *,
    pain: bool = True,
    better_explained: bool = False,
) -> BudapestExam:
    return BudapestExam(
        continuing_disproportionate_pain=pain,
        symptoms=symptoms,
        signs=signs,
        better_explained_by_another_diagnosis=better_explained,
    )


def test_symptoms_in_all_four_and_signs_in_two_meet_both_criteria() -> None:
    result = evaluate_budapest(exam())
    assert result.clinical_criteria_met
    assert result.research_criteria_met
    assert result.explanation == (
        "The clinical and the research criteria are both met: symptoms are reported in 4 of "
        "the 4 categories (sensory, vasomotor, sudomotor/oedema, motor/trophic) and signs are "
        "seen in 2 of the 4 categories (sensory, vasomotor)."
    )


def test_symptoms_in_three_categories_meet_the_clinical_criteria_but_not_the_research() -> None:
    result = evaluate_budapest(exam(symptoms=frozenset({F.HYPERESTHESIA, F.OEDEMA, F.TREMOR})))
    assert result.clinical_criteria_met
    assert not result.research_criteria_met
    assert result.unmet_research_criteria == (
        "Symptoms are reported in 3 of the 4 categories (sensory, sudomotor/oedema, "
        "motor/trophic); the research criteria need 4 (none in vasomotor).",
    )
    assert result.explanation == (
        "The clinical criteria are met; the research criteria are not. "
        + result.unmet_research_criteria[0]
    )


def test_symptoms_in_two_categories_do_not_meet_the_clinical_criteria() -> None:
    result = evaluate_budapest(exam(symptoms=frozenset({F.ALLODYNIA, F.SWEATING_CHANGE})))
    assert not result.clinical_criteria_met
    assert result.unmet_clinical_criteria == (
        "Symptoms are reported in 2 of the 4 categories (sensory, sudomotor/oedema); the "
        "clinical criteria need 3 (none in vasomotor, motor/trophic).",
    )


def test_signs_in_two_categories_are_enough() -> None:
    assert evaluate_budapest(exam(signs=TWO_SIGNS)).clinical_criteria_met


def test_signs_in_one_category_are_not_enough_for_either_criteria() -> None:
    signs = frozenset({F.HYPERALGESIA_TO_PINPRICK, F.ALLODYNIA_TO_JOINT_MOVEMENT})
    result = evaluate_budapest(exam(signs=signs))
    assert not result.clinical_criteria_met
    assert not result.research_criteria_met
    assert result.explanation == (
        "The clinical criteria are not met. Signs are seen in 1 of the 4 categories "
        "(sensory); the clinical criteria need 2 (none in vasomotor, sudomotor/oedema, "
        "motor/trophic)."
    )


def test_no_signs_at_all_reads_as_none_of_the_categories() -> None:
    result = evaluate_budapest(exam(signs=frozenset()))
    assert "Signs are seen in none of the 4 categories; the clinical criteria need 2" in (
        result.explanation
    )


def test_it_refuses_without_continuing_disproportionate_pain() -> None:
    result = evaluate_budapest(exam(pain=False))
    assert not result.clinical_criteria_met
    assert result.unmet_clinical_criteria == (
        "Continuing pain out of proportion to any inciting event is not recorded.",
    )


def test_it_refuses_when_another_diagnosis_explains_it_better() -> None:
    result = evaluate_budapest(exam(better_explained=True))
    assert not result.clinical_criteria_met
    assert not result.research_criteria_met
    assert result.unmet_clinical_criteria == (
        "Another diagnosis better explains the signs and symptoms.",
    )


def test_several_findings_in_one_category_count_as_one_category() -> None:
    vasomotor = frozenset({F.TEMPERATURE_ASYMMETRY, F.SKIN_COLOUR_CHANGE, F.SKIN_COLOUR_ASYMMETRY})
    result = evaluate_budapest(exam(symptoms=vasomotor | {F.ALLODYNIA}))
    assert result.symptom_categories == {Category.VASOMOTOR, Category.SENSORY}


def test_every_missing_part_is_named_at_once() -> None:
    result = evaluate_budapest(
        exam(symptoms=frozenset(), signs=frozenset(), pain=False, better_explained=True)
    )
    assert len(result.unmet_clinical_criteria) == 4


@pytest.mark.parametrize(
    "finding", [F.HYPERALGESIA_TO_PINPRICK, F.ALLODYNIA_TO_LIGHT_TOUCH, F.ALLODYNIA_TO_TEMPERATURE]
)
def test_a_sign_only_the_clinician_can_elicit_is_not_a_reported_symptom(finding: Finding) -> None:
    with pytest.raises(ValueError, match="is not a symptom the patient reports"):
        exam(symptoms=frozenset({finding}))


@pytest.mark.parametrize("finding", [F.HYPERESTHESIA, F.ALLODYNIA])
def test_a_reported_sensation_is_not_a_sign_seen_at_the_exam(finding: Finding) -> None:
    with pytest.raises(ValueError, match="is not a sign seen at the exam"):
        exam(signs=frozenset({finding}))


def test_the_category_labels_read_as_clinicians_write_them() -> None:
    assert [category.label for category in Category] == [
        "sensory",
        "vasomotor",
        "sudomotor/oedema",
        "motor/trophic",
    ]


def test_the_sensory_signs_are_pinprick_and_the_four_kinds_of_allodynia() -> None:
    assert {finding.label for finding in SIGNS[Category.SENSORY]} == {
        "hyperalgesia to pinprick",
        "allodynia to light touch",
        "allodynia to temperature",
        "allodynia to deep pressure",
        "allodynia to joint movement",
    }


_symptom_sets = st.frozensets(st.sampled_from(sorted(frozenset().union(*SYMPTOMS.values()))))
_sign_sets = st.frozensets(st.sampled_from(sorted(frozenset().union(*SIGNS.values()))))


@given(_symptom_sets, _sign_sets, st.booleans(), st.booleans())
def test_the_result_follows_the_published_thresholds(
    symptoms: frozenset[Finding], signs: frozenset[Finding], pain: bool, better: bool
) -> None:
    result = evaluate_budapest(exam(symptoms, signs, pain=pain, better_explained=better))
    symptom_categories = {c for c in Category if symptoms & SYMPTOMS[c]}
    sign_categories = {c for c in Category if signs & SIGNS[c]}
    base = pain and not better and len(sign_categories) >= 2
    assert result.clinical_criteria_met == (base and len(symptom_categories) >= 3)
    assert result.research_criteria_met == (base and len(symptom_categories) == 4)
    assert not result.research_criteria_met or result.clinical_criteria_met
    assert bool(result.unmet_clinical_criteria) != result.clinical_criteria_met
