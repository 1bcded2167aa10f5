"""Staff see completed assessments by role and licence, and each look is audited."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from assessment.actions import do_complete_assessment
from assessment.models import Assessment
from assessment.tests.answering import answers
from audit.models import AuditEvent
from tests.personas import client_for


@pytest.fixture
def fl_assessment(db: Any) -> Assessment:
    return do_complete_assessment(answers())


@pytest.fixture
def nj_assessment(db: Any) -> Assessment:
    return do_complete_assessment(answers(state="NJ", county="Essex", zip="07102"))


def detail(assessment: Assessment) -> str:
    return reverse("assessment:staff_detail", args=[assessment.public_id])


def test_a_clinician_sees_the_version_rules_and_answers(
    clinician_fl: Any, fl_assessment: Assessment
) -> None:
    page = client_for(clinician_fl).get(detail(fl_assessment)).content.decode()
    assert fl_assessment.questionnaire in page
    assert "every rule passed" in page
    assert "Miami-Dade" in page
    assert AuditEvent.objects.filter(action="assessment.viewed", actor=clinician_fl).exists()


def test_a_clinician_sees_assessments_from_their_licensed_state(
    clinician_fl: Any, fl_assessment: Assessment, nj_assessment: Assessment
) -> None:
    client = client_for(clinician_fl)
    assert client.get(detail(fl_assessment)).status_code == 200
    assert client.get(detail(nj_assessment)).status_code == 404
    listing = client.get(reverse("assessment:staff_list")).content.decode()
    assert str(fl_assessment.public_id) in listing
    assert str(nj_assessment.public_id) not in listing


def test_a_new_jersey_clinician_never_sees_a_florida_assessment(
    clinician_nj: Any, fl_assessment: Assessment
) -> None:
    assert client_for(clinician_nj).get(detail(fl_assessment)).status_code == 404
    assert AuditEvent.objects.filter(
        action="assessment.access_refused", actor=clinician_nj
    ).exists()


@pytest.mark.parametrize(
    "persona", ["patient_fl", "pharmacist", "coordinator", "editor", "admin_user"]
)
def test_other_personas_are_refused(request: Any, persona: str, fl_assessment: Assessment) -> None:
    client = client_for(request.getfixturevalue(persona))
    assert client.get(detail(fl_assessment)).status_code == 403
    assert client.get(reverse("assessment:staff_list")).status_code == 403


def test_the_visitor_is_sent_to_sign_in(visitor: Client, fl_assessment: Assessment) -> None:
    response = visitor.get(detail(fl_assessment))
    assert response["Location"].startswith(reverse("account_login"))
