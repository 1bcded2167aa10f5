"""Worked answer sets, in the JSON form `manage.py assess` reads.

Maria's answers are the contract's baseline case (shared/vignettes/baseline_fl_crps.json):
46, in Miami, with diagnosed CRPS and no red flags, so eligible as she stands. The demo
practice and the tests all start from her, section by section.
"""

import copy
from typing import Any

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
    "aneurysm_avm": "no",
    "liver_disease": "none",
    "icp_iop": "no",
    "respiratory_disease": "no",
    "hyperthyroid_uncontrolled": "no",
    "substance_use_12mo": "no",
    "ketamine_misuse_history": "no",
    "ketamine_adverse_reaction": "no",
    "urinary_symptoms": "no",
    "medications": [],
}

SUPPORT: dict[str, Any] = {"monitor_available": "yes"}

IN_NEW_JERSEY: dict[str, Any] = {"state": "NJ", "county": "Essex", "zip": "07102"}


def eligible_crps(**changes: Any) -> dict[str, Any]:
    """Maria's answers, with `changes` replacing some (a value of ``...`` removes one)."""
    answers = copy.deepcopy({**LOCATION, **SAFETY, **CRPS_CONDITIONS, **HEALTH, **SUPPORT})
    for link_id, value in changes.items():
        if value is ...:
            answers.pop(link_id, None)
        else:
            answers[link_id] = value
    return answers
