"""Properties that hold for every valid answer set, and a validator that never crashes."""

import json
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from questionnaires.assessment import QUESTIONNAIRE, RULES, Level, Outcome, cli, evaluate, validate
from questionnaires.assessment.rules import FIRST_LINE_TREATMENTS, age_on, stopping_gate
from servicearea import SERVED_STATES, counties, zip_state

PROPERTY_SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
FUZZ_SETTINGS = settings(max_examples=300, deadline=None)

HOME_ZIPS = {
    "FL": ("33133", "32501", "32801", "33101", "34236"),
    "NJ": ("07030", "08540", "07601", "08401"),
    "NY": ("10001",),
    "CA": ("90210",),
    "TX": ("75201",),
    "PR": ("00901",),
}
RANK = {level.code: int(level) for level in Level}
LEVEL_OF = {rule.code: rule.level for rule in RULES}


def yes_no() -> st.SearchStrategy[str]:
    return st.sampled_from(["yes", "no"])


def codes(link_id: str) -> list[Any]:
    return [option.value for option in QUESTIONNAIRE.questions[link_id].options]


def some_of(link_id: str, at_least: int = 0) -> st.SearchStrategy[list[Any]]:
    unique = not QUESTIONNAIRE.questions[link_id].repeats_allowed
    return st.lists(st.sampled_from(codes(link_id)), min_size=at_least, unique=unique)


@st.composite
def location(draw: st.DrawFn, as_of: date) -> dict[str, Any]:
    state = draw(st.sampled_from(sorted(HOME_ZIPS)))
    answers: dict[str, Any] = {"state": state, "zip": draw(st.sampled_from(HOME_ZIPS[state]))}
    if state in SERVED_STATES:
        answers["county"] = draw(st.sampled_from(counties(state)))
    born = st.dates(date(as_of.year - 121, 1, 1), as_of).filter(lambda d: age_on(d, as_of) <= 120)
    answers["date_of_birth"] = draw(born).isoformat()
    return answers


@st.composite
def safety(draw: st.DrawFn) -> dict[str, Any]:
    answers: dict[str, Any] = {f"asq_{n}": draw(yes_no()) for n in range(1, 5)}
    if answers["asq_4"] == "yes":
        answers["suicide_attempt_12mo"] = draw(yes_no())
    if "yes" in answers.values():
        answers["asq_5"] = draw(yes_no())
    return answers


@st.composite
def conditions(draw: st.DrawFn) -> dict[str, Any]:
    chosen = draw(some_of("conditions", at_least=1))
    answers: dict[str, Any] = {"conditions": chosen}
    if "crps" in chosen:
        answers["crps_diagnosed"] = draw(st.sampled_from(codes("crps_diagnosed")))
        answers["crps_symptoms"] = draw(some_of("crps_symptoms"))
        answers["iv_ketamine_recent"] = draw(yes_no())
    if {"crps", "chronic_pain_other", "fibromyalgia", "migraine"} & set(chosen):
        answers["pain_duration_months"] = draw(st.integers(0, 600))
        answers.update({f"peg_{n}": draw(st.integers(0, 10)) for n in range(1, 4)})
    if "depression" in chosen:
        answers.update({f"phq9_{n}": draw(st.integers(0, 3)) for n in range(1, 10)})
    if {"anxiety", "social_anxiety"} & set(chosen):
        answers.update({f"gad7_{n}": draw(st.integers(0, 3)) for n in range(1, 8)})
    if "ptsd" in chosen:
        answers.update({f"pc_ptsd5_{n}": draw(yes_no()) for n in range(1, 6)})
    answers["prior_treatments"] = draw(some_of("prior_treatments"))
    return answers


@st.composite
def health(draw: st.DrawFn) -> dict[str, Any]:
    known = draw(st.booleans())
    return {
        "pregnancy_status": draw(st.sampled_from(codes("pregnancy_status"))),
        "psychosis_history": draw(yes_no()),
        "bipolar": draw(st.sampled_from(codes("bipolar"))),
        "mania_current": draw(yes_no()),
        "bp_systolic": draw(st.integers(60, 260)) if known else None,
        "bp_diastolic": draw(st.integers(30, 160)) if known else None,
        "cardiac_event_6mo": draw(yes_no()),
        "heart_condition": draw(yes_no()),
        "aneurysm_avm": draw(yes_no()),
        "liver_disease": draw(st.sampled_from(codes("liver_disease"))),
        "icp_iop": draw(yes_no()),
        "respiratory_disease": draw(yes_no()),
        "hyperthyroid_uncontrolled": draw(yes_no()),
        "substance_use_12mo": draw(yes_no()),
        "ketamine_misuse_history": draw(yes_no()),
        "ketamine_adverse_reaction": draw(yes_no()),
        "urinary_symptoms": draw(yes_no()),
        "medications": draw(some_of("medications")),
    }


@st.composite
def assessments(draw: st.DrawFn) -> tuple[dict[str, Any], date]:
    """A whole valid input: answers that honour every asked-when condition and gate."""
    as_of = draw(st.dates(date(2024, 1, 1), date(2032, 12, 31)))
    answers = draw(location(as_of))
    after_gate = _gate(answers, as_of)
    if not after_gate or draw(st.booleans()):
        answers.update(draw(safety()))
    after_gate = after_gate or _gate(answers, as_of)
    for section in (conditions(), health(), st.just({"monitor_available": draw(yes_no())})):
        if not after_gate or draw(st.booleans()):
            answers.update(draw(section))
    return answers, as_of


def _gate(answers: dict[str, Any], as_of: date) -> bool:
    born = date.fromisoformat(answers["date_of_birth"])
    return stopping_gate({**answers, "date_of_birth": born}, as_of) is not None


def assess(answers: dict[str, Any], as_of: date) -> Outcome:
    clean, errors = validate({"as_of": as_of.isoformat(), "answers": answers})
    assert errors == [], errors
    return evaluate(clean.answers, clean.as_of)


def test_the_home_zips_are_in_their_states() -> None:
    for state, zips in HOME_ZIPS.items():
        assert {zip_state(z) for z in zips} == {state}


@PROPERTY_SETTINGS
@given(assessments())
def test_every_valid_answer_set_gets_exactly_one_of_the_four_outcomes(
    case: tuple[dict[str, Any], date],
) -> None:
    outcome = assess(*case)
    assert outcome.outcome in RANK
    assert list(outcome.reasons) == sorted(set(outcome.reasons))
    assert list(outcome.referrals) == sorted(set(outcome.referrals))
    assert list(outcome.pathways) == sorted(set(outcome.pathways))
    highest = max((LEVEL_OF[code] for code in outcome.reasons), default=Level.ELIGIBLE)
    assert outcome.outcome == highest.code
    assert outcome.questionnaire == QUESTIONNAIRE.reference
    json.dumps(outcome.as_json())


@PROPERTY_SETTINGS
@given(assessments())
def test_a_positive_acute_screen_is_always_a_crisis(case: tuple[dict[str, Any], date]) -> None:
    answers, as_of = case
    outcome = assess(_acute_screen(answers, as_of), as_of)
    assert outcome.outcome == "crisis"
    assert "crisis_988" in outcome.referrals


@PROPERTY_SETTINGS
@given(assessments())
def test_scores_are_null_exactly_when_their_questions_were_not_asked(
    case: tuple[dict[str, Any], date],
) -> None:
    answers, as_of = case
    scores = assess(answers, as_of).scores
    assert (scores.phq9 is None) is ("phq9_1" not in answers)
    assert (scores.gad7 is None) is ("gad7_1" not in answers)
    assert (scores.pc_ptsd5 is None) is ("pc_ptsd5_1" not in answers)
    assert (scores.peg is None) is ("peg_1" not in answers)
    assert (scores.budapest_symptom_categories is None) is ("crps_symptoms" not in answers)
    assert (scores.prior_treatments is None) is ("prior_treatments" not in answers)
    assert scores.age is not None and 0 <= scores.age <= 120


def _in_health(**changes: Any) -> Callable[[dict[str, Any], date], dict[str, Any]]:
    def add(answers: dict[str, Any], as_of: date) -> dict[str, Any]:
        assume("pregnancy_status" in answers)
        return {**answers, **changes}

    return add


def _outside_service_area(answers: dict[str, Any], as_of: date) -> dict[str, Any]:
    moved = {k: v for k, v in answers.items() if k != "county"}
    return {**moved, "state": "NY", "zip": "10001"}


def _under_18(answers: dict[str, Any], as_of: date) -> dict[str, Any]:
    return {**answers, "date_of_birth": (as_of - timedelta(days=365 * 10)).isoformat()}


def _acute_screen(answers: dict[str, Any], as_of: date) -> dict[str, Any]:
    assume("asq_1" in answers)
    return {**answers, "asq_1": "yes", "asq_5": "yes"}


EXCLUSIONS = [
    _outside_service_area,
    _under_18,
    _acute_screen,
    _in_health(pregnancy_status="pregnant"),
    _in_health(psychosis_history="yes"),
    _in_health(mania_current="yes"),
    _in_health(bp_systolic=180, bp_diastolic=110),
    _in_health(cardiac_event_6mo="yes"),
    _in_health(liver_disease="severe"),
    _in_health(icp_iop="yes"),
    _in_health(substance_use_12mo="yes"),
    _in_health(ketamine_misuse_history="yes"),
    _in_health(ketamine_adverse_reaction="yes"),
    _in_health(aneurysm_avm="yes"),
]


@PROPERTY_SETTINGS
@given(assessments(), st.sampled_from(EXCLUSIONS))
def test_adding_an_exclusion_never_improves_the_outcome(
    case: tuple[dict[str, Any], date],
    exclude: Callable[[dict[str, Any], date], dict[str, Any]],
) -> None:
    answers, as_of = case
    before = assess(answers, as_of)
    after = assess(exclude(answers, as_of), as_of)
    assert RANK[after.outcome] >= RANK[before.outcome]
    assert RANK[after.outcome] >= RANK["ineligible"]


@PROPERTY_SETTINGS
@given(assessments())
def test_low_blood_pressure_fires_exactly_for_a_reading_below_90_or_60(
    case: tuple[dict[str, Any], date],
) -> None:
    answers, as_of = case
    reasons = assess(answers, as_of).reasons
    systolic, diastolic = answers.get("bp_systolic"), answers.get("bp_diastolic")
    low = systolic is not None and diastolic is not None and (systolic < 90 or diastolic < 60)
    assert ("low_blood_pressure" in reasons) is low


@PROPERTY_SETTINGS
@given(assessments())
def test_first_line_not_tried_fires_exactly_as_the_contract_says(
    case: tuple[dict[str, Any], date],
) -> None:
    answers, as_of = case
    outcome = assess(answers, as_of)
    pathways = set(outcome.pathways)
    tried = set(answers.get("prior_treatments", [])) & FIRST_LINE_TREATMENTS
    expected = bool(pathways) and pathways <= {"depression", "anxiety", "ptsd"} and len(tried) < 2
    assert ("first_line_not_tried" in outcome.reasons) is expected


@PROPERTY_SETTINGS
@given(assessments(), st.randoms())
def test_repeating_or_reordering_prior_treatments_changes_no_rule(
    case: tuple[dict[str, Any], date], random: Any
) -> None:
    answers, as_of = case
    assume(answers.get("prior_treatments"))
    shuffled = [*answers["prior_treatments"], *answers["prior_treatments"]]
    random.shuffle(shuffled)
    before = assess(answers, as_of)
    after = assess({**answers, "prior_treatments": shuffled}, as_of)
    assert (after.outcome, after.reasons, after.referrals, after.pathways) == (
        before.outcome,
        before.reasons,
        before.referrals,
        before.pathways,
    )


def json_values() -> st.SearchStrategy[Any]:
    leaves = (
        st.none()
        | st.booleans()
        | st.integers()
        | st.floats(allow_nan=True, allow_infinity=True)
        | st.text(max_size=12)
        | st.sampled_from(["yes", "no", "FL", "33133", "1980-05-17", "crps", "Miami-Dade"])
    )
    return st.recursive(
        leaves,
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(st.text(max_size=8), children, max_size=4)
        ),
        max_leaves=12,
    )


def answers_with_real_link_ids() -> st.SearchStrategy[dict[str, Any]]:
    return st.dictionaries(st.sampled_from(sorted(QUESTIONNAIRE.questions)), json_values())


def assert_well_formed(errors: list[Any]) -> None:
    for error in errors:
        assert set(error) == {"field", "message"}
        assert isinstance(error["field"], str) and error["field"]
        assert isinstance(error["message"], str) and error["message"]
    fields = [error["field"] for error in errors if error["field"] != "answers"]
    assert len(fields) == len(set(fields))
    json.dumps(errors)


@FUZZ_SETTINGS
@given(json_values())
def test_the_validator_never_crashes_on_any_json(payload: Any) -> None:
    _, errors = validate(payload)
    assert_well_formed(errors)
    assert errors


@FUZZ_SETTINGS
@given(st.one_of(json_values(), st.just(None)), answers_with_real_link_ids())
def test_the_validator_never_crashes_on_junk_under_real_link_ids(
    as_of: Any, answers: dict[str, Any]
) -> None:
    clean, errors = validate({"as_of": as_of, "answers": answers})
    assert_well_formed(errors)
    if not errors:
        evaluate(clean.answers, clean.as_of)


@FUZZ_SETTINGS
@given(assessments(), st.sampled_from(sorted(QUESTIONNAIRE.questions)), json_values())
def test_one_junk_answer_in_a_valid_set_is_caught_or_harmless(
    case: tuple[dict[str, Any], date], link_id: str, junk: Any
) -> None:
    answers, as_of = case
    clean, errors = validate({"as_of": as_of.isoformat(), "answers": {**answers, link_id: junk}})
    assert_well_formed(errors)
    if not errors:
        assert evaluate(clean.answers, clean.as_of).outcome in RANK


@FUZZ_SETTINGS
@given(json_values())
def test_the_command_line_always_answers_0_or_2(payload: Any) -> None:
    result = cli.assess_text(json.dumps(payload))
    assert result.exit_code in (0, 2)
    assert (result.stdout == "") is (result.exit_code == 2)
