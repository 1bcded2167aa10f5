"""People who take the assessment in the tests, as answer sets, and a way to assess them."""

from datetime import date
from pathlib import Path
from typing import Any

from questionnaires.assessment import Outcome, evaluate, validate
from questionnaires.assessment.examples import (
    CRPS_CONDITIONS,
    HEALTH,
    LOCATION,
    SAFETY,
    SUPPORT,
    eligible_crps,
)

AS_OF = date(2026, 11, 25)

REPO_ROOT = Path(__file__).resolve().parents[3]
SHARED = REPO_ROOT / ".." / "shared"
VIGNETTES = REPO_ROOT / "contracts" / "vignettes"
CONTRACT = SHARED / "contracts" / "assessment.md"


__all__ = ["CRPS_CONDITIONS", "HEALTH", "LOCATION", "SAFETY", "SUPPORT"]


def maria(**changes: Any) -> dict[str, Any]:
    """Maria, 46, in Miami with diagnosed CRPS and no red flags: eligible as she stands.

    Keyword arguments replace her answers; a value of ``...`` removes that answer.
    """
    return eligible_crps(**changes)


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
