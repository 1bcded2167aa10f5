"""People who take the assessment in the tests, as answer sets, and a way to assess them."""

from datetime import date
from pathlib import Path
from typing import Any

from assessment.engine import Outcome, evaluate, validate

AS_OF = date(2026, 11, 25)

REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED = REPO_ROOT / ".." / "shared"
VIGNETTES = SHARED / "vignettes"
CONTRACT = SHARED / "contracts" / "assessment.md"

LOCATION: dict[str, Any] = {
    "state": "FL",
    "county": "Miami-Dade",
    "zip": "33133",
    "date_of_birth": "1980-05-17",
}

SAFETY: dict[str, Any] = {"asq_1": "no", "asq_2": "no", "asq_3": "no", "asq_4": "no"}

CRPS_CONDITIONS: dict[str, Any] = {
    "conditions": ["crps"],
    "crps_diagnosed": "yes",
    "crps_symptoms": ["sensory", "vasomotor", "motor_trophic"],
    "iv_ketamine_recent": "no",
    "pain_duration_months": 18,
    "peg_1": 6,
    "peg_2": 6,
    "peg_3": 5,
    "prior_treatments": ["physical_therapy", "gabapentinoid", "nerve_block"],
}

HEALTH: dict[str, Any] = {
    "pregnancy_status": "none",
    "psychosis_history": "no",
    "bipolar": "none",
    "mania_current": "no",
    "bp_systolic": 128,
    "bp_diastolic": 82,
    "cardiac_event_6mo": "no",
    "heart_condition": "no",
    "liver_disease": "none",
    "icp_iop": "no",
    "respiratory_disease": "no",
    "hyperthyroid_uncontrolled": "no",
    "substance_use_12mo": "no",
    "ketamine_misuse_history": "no",
    "ketamine_adverse_reaction": "no",
    "medications": [],
}

SUPPORT: dict[str, Any] = {"monitor_available": "yes"}


def maria(**changes: Any) -> dict[str, Any]:
    """Maria, 46, in Miami with diagnosed CRPS and no red flags: eligible as she stands.

    Keyword arguments replace her answers; a value of ``...`` removes that answer.
    """
    answers = {**LOCATION, **SAFETY, **CRPS_CONDITIONS, **HEALTH, **SUPPORT}
    for link_id, value in changes.items():
        if value is ...:
            answers.pop(link_id, None)
        else:
            answers[link_id] = value
    return answers


def without_conditions(answers: dict[str, Any]) -> dict[str, Any]:
    """The answers with section 3 taken out, ready for another set of conditions."""
    return {k: v for k, v in answers.items() if k not in CRPS_CONDITIONS}


def assess(answers: dict[str, Any], as_of: date = AS_OF) -> Outcome:
    """Validate and evaluate, failing the test if the answers are not valid."""
    clean, errors = validate({"as_of": as_of.isoformat(), "answers": answers})
    assert errors == [], errors
    return evaluate(clean.answers, clean.as_of)


def error_fields(answers: Any, as_of: str | None = AS_OF.isoformat()) -> list[str]:
    """The fields ``validate`` names for these answers."""
    payload: dict[str, Any] = {"answers": answers}
    if as_of is not None:
        payload["as_of"] = as_of
    return [error["field"] for error in validate(payload)[1]]
