"""Joining: from an eligible or clinician-review assessment to a patient with a record."""

import re
from typing import Any

from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.roles import Role
from patients.actions import do_join_from_assessment
from patients.joining import COMPLETED_SESSION_KEY
from patients.models import Patient
from patients.tests.helpers import complete_assessment, new_person
from tests.personas import client_for

JOIN = reverse("patients:join")


def visitor_with(assessment: Any) -> Client:
    client = Client()
    session = client.session
    session[COMPLETED_SESSION_KEY] = str(assessment.public_id)
    session.save()
    return client


def test_without_an_assessment_it_asks_for_the_assessment_first(visitor: Client, db: Any) -> None:
    response = visitor.get(JOIN)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Take the assessment first" in body
    assert reverse("account_signup") not in body


def test_an_ineligible_assessment_does_not_open_joining(db: Any) -> None:
    assessment = complete_assessment(bp_systolic=190, bp_diastolic=120, pregnancy_status="pregnant")
    assert assessment.outcome not in {"eligible", "clinician_review"}
    body = visitor_with(assessment).get(JOIN).content.decode()
    assert "Take the assessment first" in body


def test_an_eligible_assessment_explains_and_links_to_sign_up(db: Any) -> None:
    body = visitor_with(complete_assessment()).get(JOIN).content.decode()
    assert "Create your account" in body
    assert f"{reverse('account_signup')}?next={reverse('workspace:home')}" in body


def test_the_page_that_speaks_of_the_outcome_is_never_cached_and_is_audited(db: Any) -> None:
    from audit.models import AuditEvent

    assessment = complete_assessment()
    response = visitor_with(assessment).get(JOIN)
    assert "no-store" in response["Cache-Control"]
    shown = AuditEvent.objects.get(action="assessment.result_viewed")
    assert shown.object_id == str(assessment.pk)
    assert shown.detail == {"page": "join"}


def test_sign_up_and_email_verification_carry_the_assessment_into_the_record(db: Any) -> None:
    assessment = complete_assessment()
    client = visitor_with(assessment)
    response = client.post(
        reverse("account_signup") + "?next=" + reverse("workspace:home"),
        {
            "email": "rosa.delgado@example.com",
            "password1": "a-long-pass-phrase-9",
            "password2": "a-long-pass-phrase-9",
        },
    )
    assert response.status_code == 302
    assert not Patient.objects.exists(), "no record before the email address is verified"

    body = str(mail.outbox[-1].body)
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", body)
    assert link, body
    path = link.group(0).split("://", 1)[1].split("/", 1)[1]
    response = client.post("/" + path)
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:home")

    patient = Patient.objects.get(user__email="rosa.delgado@example.com")
    assessment.refresh_from_db()
    assert assessment.user_id == patient.user_id
    assert patient.assessment_id == assessment.pk
    assert patient.state == "FL"
    assert patient.user.has_role(Role.PATIENT)
    assert patient.timeline.filter(kind="patient.joined").exists()
    assert COMPLETED_SESSION_KEY not in client.session
    assert client.get(reverse("workspace:home")).status_code == 200


def test_a_clinician_review_outcome_can_join_too(db: Any) -> None:
    assessment = complete_assessment(crps_diagnosed="unsure")
    if assessment.outcome != "clinician_review":  # the rules decide; find one that needs review
        assessment = complete_assessment(bp_systolic=None, bp_diastolic=None)
    assert assessment.outcome == "clinician_review"
    assert do_join_from_assessment(new_person("review@example.com"), assessment) is not None


def test_signing_in_with_an_existing_account_joins_too(db: Any) -> None:
    person = new_person("existing@example.com")
    client = visitor_with(complete_assessment())
    client.force_login(person)
    assert Patient.objects.filter(user=person).exists()


def test_an_unverified_address_does_not_join(db: Any) -> None:
    person = new_person("unverified@example.com")
    EmailAddress.objects.filter(user=person).update(verified=False)
    client = visitor_with(complete_assessment())
    client.force_login(person)
    assert not Patient.objects.filter(user=person).exists()


def test_someone_elses_assessment_is_not_claimed(db: Any) -> None:
    assessment = complete_assessment()
    do_join_from_assessment(new_person("first@example.com"), assessment)
    second = new_person("second@example.com")
    assert do_join_from_assessment(second, assessment) is None
    assert not Patient.objects.filter(user=second).exists()


def test_staff_do_not_become_patients(clinician_fl: Any) -> None:
    client = visitor_with(complete_assessment())
    client.force_login(clinician_fl)
    assert not Patient.objects.filter(user=clinician_fl).exists()


def test_a_signed_in_patient_is_sent_to_their_dashboard(patient_fl: Any) -> None:
    response = client_for(patient_fl).get(JOIN)
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:home")


def test_a_tampered_session_value_is_harmless(db: Any) -> None:
    client = Client()
    session = client.session
    session[COMPLETED_SESSION_KEY] = "not-a-uuid"
    session.save()
    assert client.get(JOIN).status_code == 200
