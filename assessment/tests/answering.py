"""Answer sets and helpers for driving the web flow in tests."""

import copy
from typing import Any

from django.http import QueryDict
from django.test import Client
from django.urls import reverse

from assessment.engine import QUESTIONNAIRE

# The worked case shared/vignettes/baseline_fl_crps.json: an eligible Florida CRPS patient.
ELIGIBLE_FL_CRPS: dict[str, Any] = {
    "state": "FL",
    "county": "Miami-Dade",
    "zip": "33133",
    "date_of_birth": "1980-05-17",
    "asq_1": "no",
    "asq_2": "no",
    "asq_3": "no",
    "asq_4": "no",
    "conditions": ["crps"],
    "crps_diagnosed": "yes",
    "crps_symptoms": ["sensory", "vasomotor", "motor_trophic"],
    "iv_ketamine_recent": "no",
    "pain_duration_months": 18,
    "peg_1": 6,
    "peg_2": 6,
    "peg_3": 5,
    "prior_treatments": ["physical_therapy", "gabapentinoid", "nerve_block"],
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
    "monitor_available": "yes",
}


def answers(**changes: Any) -> dict[str, Any]:
    """The eligible Florida CRPS answers with some changed (None removes a key)."""
    result = copy.deepcopy(ELIGIBLE_FL_CRPS)
    for key, value in changes.items():
        if value is ...:
            result.pop(key, None)
        else:
            result[key] = value
    return result


def form_for(section_id: str, given: dict[str, Any]) -> QueryDict:
    """The form a browser would post for this section with these answers."""
    form = QueryDict(mutable=True)
    for question in QUESTIONNAIRE.section(section_id).questions:
        name = question.link_id
        if name not in given:
            continue
        value = given[name]
        if isinstance(value, list):
            form.setlist(name, [str(v) for v in value])
            form[f"{name}__shown"] = "1"
        elif value is None:
            form[f"{name}__shown"] = "1"
        else:
            form[name] = str(value)
    return form


def post_section(client: Client, section_id: str, given: dict[str, Any]) -> Any:
    return client.post(
        reverse("assessment:section", args=[section_id]),
        form_for(section_id, given).urlencode(),
        content_type="application/x-www-form-urlencoded",
    )


def complete(client: Client, given: dict[str, Any]) -> Any:
    """Post every section in order until the flow leaves the sections."""
    response = None
    for section in QUESTIONNAIRE.sections:
        response = post_section(client, section.id, given)
        assert response.status_code == 302, response.content.decode()[:2000]
        if not response["Location"].startswith("/assessment/") or response["Location"].endswith(
            "/result/"
        ):
            break
    return response
