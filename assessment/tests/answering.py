"""Answer sets and helpers for driving the web flow in tests."""

from typing import Any

from django.http import QueryDict
from django.test import Client
from django.urls import reverse

from questionnaires.assessment import QUESTIONNAIRE
from questionnaires.assessment.examples import eligible_crps

# The worked case shared/vignettes/baseline_fl_crps.json: an eligible Florida CRPS patient.
ELIGIBLE_FL_CRPS = eligible_crps()


def answers(**changes: Any) -> dict[str, Any]:
    """The eligible Florida CRPS answers with some changed (``...`` removes a key)."""
    return eligible_crps(**changes)


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
    """Post every section in order until the flow leaves the sections.

    The addresses are those of the active language: inside ``translation.override("es")``
    the walk is the Spanish one, under /es/.
    """
    response = None
    for section in QUESTIONNAIRE.sections:
        response = post_section(client, section.id, given)
        assert response.status_code == 302, response.content.decode()[:2000]
        location = response["Location"].removeprefix("/es")
        if not location.startswith("/assessment/") or location.endswith("/result/"):
            break
    return response
