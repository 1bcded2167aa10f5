"""Secure messages: patient and care team; coordinators triage every thread, clinicians
see clinical threads of patients in their states; email says only that one is waiting."""

from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from patients.actions import do_send_message, do_start_thread
from patients.models import MessageThread, Patient
from patients.tests.helpers import fill_profile, join
from tests.personas import client_for

SECRET = "my left foot burns since the new dose"


@pytest.fixture
def patient(db: Any) -> Patient:
    return fill_profile(join())


def start(patient: Patient, topic: str = "clinical") -> MessageThread:
    return do_start_thread(patient, by=patient.user, subject="A question", topic=topic, body=SECRET)


def thread_url(thread: MessageThread) -> str:
    return reverse("patients:thread", args=[thread.public_id])


def test_a_patient_writes_to_the_care_team(patient: Patient, coordinator: Any) -> None:
    client = client_for(patient.user)
    response = client.post(
        reverse("patients:message_new"),
        {"topic": "scheduling", "subject": "Moving my visit", "body": "Can we move it?"},
    )
    assert response.status_code == 302
    thread = MessageThread.objects.get(patient=patient)
    assert thread.awaiting_care_team
    assert "Can we move it?" in client.get(thread_url(thread)).content.decode()


def test_a_new_message_form_keeps_what_was_typed(patient: Patient) -> None:
    response = client_for(patient.user).post(
        reverse("patients:message_new"), {"subject": "Hello", "body": "Some words"}
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["topic"] == ["Choose what your message is about."]
    assert form["body"].value() == "Some words"


def test_the_email_says_only_that_a_message_is_waiting(
    patient: Patient, coordinator: Any, clinician_fl: Any, clinician_nj: Any
) -> None:
    start(patient)
    recipients = {address for email in mail.outbox for address in email.to}
    assert recipients == {coordinator.email, clinician_fl.email}
    for email in mail.outbox:
        assert SECRET not in email.body
        assert "ketamine" not in email.body.lower()

    mail.outbox.clear()
    thread = MessageThread.objects.get(patient=patient)
    do_send_message(thread, by=clinician_fl, body="Please stop and call us.")
    (email,) = mail.outbox
    assert email.to == [patient.user.email]
    assert email.subject == "You have a new message"
    assert "Please stop" not in email.body


def test_a_coordinator_sees_and_answers_every_thread(patient: Patient, coordinator: Any) -> None:
    thread = start(patient, topic="billing")
    client = client_for(coordinator)
    assert "A question" in client.get(reverse("patients:messages")).content.decode()
    response = client.post(thread_url(thread), {"body": "We will look into it."})
    assert response.status_code == 302
    thread.refresh_from_db()
    assert not thread.awaiting_care_team


def test_clinicians_see_clinical_threads_in_their_states_only(
    patient: Patient, clinician_fl: Any, clinician_nj: Any
) -> None:
    clinical, billing = start(patient), start(patient, topic="billing")
    assert client_for(clinician_fl).get(thread_url(clinical)).status_code == 200
    assert client_for(clinician_fl).get(thread_url(billing)).status_code == 404
    assert client_for(clinician_nj).get(thread_url(clinical)).status_code == 404
    inbox = client_for(clinician_fl).get(reverse("patients:messages")).content.decode()
    assert thread_url(clinical) in inbox
    assert thread_url(billing) not in inbox
    assert (
        thread_url(clinical)
        not in client_for(clinician_nj).get(reverse("patients:messages")).content.decode()
    )


def test_a_coordinator_routes_a_thread_to_the_clinicians(
    patient: Patient, coordinator: Any, clinician_fl: Any
) -> None:
    thread = start(patient, topic="other")
    assert client_for(clinician_fl).get(thread_url(thread)).status_code == 404
    response = client_for(coordinator).post(
        reverse("patients:thread_triage", args=[thread.public_id]),
        {"topic": "clinical", "is_open": "1"},
    )
    assert response.status_code == 302
    assert client_for(clinician_fl).get(thread_url(thread)).status_code == 200


def test_only_coordinators_triage(patient: Patient, clinician_fl: Any) -> None:
    thread = start(patient)
    response = client_for(clinician_fl).post(
        reverse("patients:thread_triage", args=[thread.public_id]),
        {"topic": "billing", "is_open": "0"},
    )
    assert response.status_code == 403
    thread.refresh_from_db()
    assert thread.topic == "clinical"


@pytest.mark.parametrize(
    "persona", ["patient_fl", "patient_nj", "pharmacist", "editor", "admin_user"]
)
def test_everyone_else_is_refused(request: Any, patient: Patient, persona: str) -> None:
    thread = start(patient)
    client = client_for(request.getfixturevalue(persona))
    assert client.get(thread_url(thread)).status_code == 404
    assert client.post(thread_url(thread), {"body": "Hello"}).status_code == 404
    assert thread.messages.count() == 1


def test_a_patient_sees_only_their_own_threads(patient: Patient, patient_fl: Any) -> None:
    start(patient)
    page = client_for(patient_fl).get(reverse("patients:messages")).content.decode()
    assert "A question" not in page


def test_messages_still_work_while_payment_is_past_due(patient: Patient) -> None:
    from patients.tests.helpers import subscribe

    assert subscribe(patient, card="4000000000000341").status == "past_due"
    response = client_for(patient.user).post(
        reverse("patients:message_new"),
        {"topic": "billing", "subject": "My card", "body": "My card expired."},
    )
    assert response.status_code == 302
