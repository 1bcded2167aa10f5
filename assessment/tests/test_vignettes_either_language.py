"""The engine is language-free: every worked case walked through the web pages gives the
same outcome (or the same questions sent back) in English and under /es/."""

import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from assessment.models import Assessment
from assessment.tests.answering import post_section
from questionnaires.assessment import QUESTIONNAIRE
from questionnaires.tests.assessment.people import VIGNETTES

pytestmark = pytest.mark.django_db

CASES = sorted(VIGNETTES.glob("*.json"))
_ERROR = re.compile(r'<p class="errorlist" id="err-([\w-]+)">')


def walk(given: dict[str, Any], language: str) -> tuple[str, ...]:
    """Post each section as a browser would until the flow stops: the outcome, reasons
    and pathways reached, or the section and the questions it sent back."""
    client = Client()
    with translation.override(language):
        for section in QUESTIONNAIRE.sections:
            response = post_section(client, section.id, given)
            if response.status_code != 302:
                errors = _ERROR.findall(response.content.decode())
                return ("sent back", section.id, *sorted(set(errors)))
            location = response["Location"].removeprefix("/es")
            if not location.startswith("/assessment/") or location.endswith("/result/"):
                break
        finished = Assessment.objects.order_by("-pk").first()
        assert finished is not None, "the walk ended without an assessment"
        assert response["Location"] == reverse("assessment:result") or not location.startswith(
            "/assessment/"
        )
    return (finished.outcome, *finished.reasons, "|", *finished.pathways)


@pytest.mark.parametrize("case", CASES, ids=lambda path: path.stem)
def test_a_worked_case_ends_the_same_in_either_language(case: Path) -> None:
    given = json.loads(case.read_text())["input"]["answers"]
    english = walk(given, "en")
    spanish = walk(given, "es")
    assert spanish == english
