"""A clinician records an adverse event the patient told them about: only a clinician
licensed in the patient's state, recorded as its reporter, every look audited."""

from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from audit.models import AuditEvent
from care.holds import open_holds
from care.models import AdverseEvent
from clinical.holds import Hold
from journal.tests.helpers import treated
from tests.personas import client_for
from workspace.worklist import Urgency, work_for

SERIOUS = {
    "grade": "serious",
    "description": "Phone call: fainted in the kitchen two hours after the dose, seen in the ER.",
}
MODERATE = {
    "grade": "moderate",
    "description": "Video visit: nausea the whole evening after each session this week.",
}


@pytest.fixture
def patient(db: Any, clinician_fl: Any) -> Any:
    return treated(clinician_fl)


def page(patient: Any) -> str:
    return reverse("care:new_adverse_event", args=[patient.public_id])


def chart(patient: Any) -> str:
    return reverse("workspace:chart", args=[patient.public_id])


def test_the_chart_links_to_the_form_and_the_form_asks_how_the_patient_told_you(
    patient: Any, clinician_fl: Any
) -> None:
    client = client_for(clinician_fl)
    assert page(patient) in client.get(chart(patient)).content.decode()
    response = client.get(page(patient))
    body = response.content.decode()
    assert response.status_code == 200
    assert "<fieldset" in body and "<legend" in body and "Grade" in body
    assert "a phone call, a message, a video visit" in body
    assert 'for="id_description"' in body
    assert AuditEvent.objects.filter(
        action="care.adverse_event_form_viewed", actor=clinician_fl, patient=patient
    ).exists()


def test_a_serious_event_entered_by_the_clinician_alerts_and_holds(
    patient: Any, clinician_fl: Any
) -> None:
    mail.outbox.clear()
    client = client_for(clinician_fl)
    saved = client.post(page(patient), SERIOUS)
    assert saved.status_code == 302
    assert saved["Location"] == chart(patient) + "#adverse-events"

    event = AdverseEvent.objects.get(patient=patient)
    assert event.reported_by == clinician_fl
    assert event.grade == "serious"
    assert event.description == SERIOUS["description"]
    assert open_holds(patient) == {Hold.ADVERSE_EVENT}
    assert AuditEvent.objects.filter(
        action="care.adverse_event_reported", actor=clinician_fl, patient=patient
    ).exists()

    alerts = [message for message in mail.outbox if clinician_fl.email in message.to]
    assert len(alerts) == 1
    text = f"{alerts[0].subject}\n{alerts[0].body}".lower()
    assert "fainted" not in text and "serious" not in text
    assert patient.legal_name.lower() not in text

    shown = client.get(saved["Location"]).content.decode()
    assert 'data-hold="adverse_event"' in shown and SERIOUS["description"] in shown
    assert ("Serious adverse event", Urgency.URGENT) in [
        (item.kind, item.urgency)
        for item in work_for(clinician_fl)
        if item.patient_id == patient.public_id
    ]


def test_a_moderate_event_holds_nothing_and_waits_for_review(
    patient: Any, clinician_fl: Any
) -> None:
    mail.outbox.clear()
    assert client_for(clinician_fl).post(page(patient), MODERATE).status_code == 302
    event = AdverseEvent.objects.get(patient=patient)
    assert event.grade == "moderate" and event.reviewed_at is None
    assert open_holds(patient) == frozenset()
    assert not [message for message in mail.outbox if clinician_fl.email in message.to]
    assert ("Moderate adverse event", Urgency.ADVERSE_EVENT) in [
        (item.kind, item.urgency)
        for item in work_for(clinician_fl)
        if item.patient_id == patient.public_id
    ]


def test_bad_input_keeps_what_was_typed(patient: Any, clinician_fl: Any) -> None:
    client = client_for(clinician_fl)
    no_grade = client.post(page(patient), {"description": MODERATE["description"]})
    body = no_grade.content.decode()
    assert no_grade.status_code == 400
    assert "data-error-summary" in body and "Choose a grade." in body
    assert MODERATE["description"] in body

    no_words = client.post(page(patient), {"grade": "serious", "description": "   "})
    body = no_words.content.decode()
    assert no_words.status_code == 400
    assert "Describe what happened, and how the patient told you." in body
    assert 'value="serious" required id="id_grade_2" checked' in body

    made_up = client.post(page(patient), {**MODERATE, "grade": "catastrophic"})
    assert made_up.status_code == 400
    assert "Choose mild, moderate or serious." in made_up.content.decode()
    assert not AdverseEvent.objects.exists()


def test_the_new_jersey_clinician_cannot_enter_one_for_a_florida_patient(
    patient: Any, clinician_nj: Any
) -> None:
    client = client_for(clinician_nj)
    assert client.get(page(patient)).status_code == 404
    assert client.post(page(patient), SERIOUS).status_code == 404
    assert not AdverseEvent.objects.exists()
    assert AuditEvent.objects.filter(
        action="patient.access_refused", actor=clinician_nj, patient=patient
    ).exists()


@pytest.mark.parametrize("who", ["pharmacist", "coordinator", "editor", "patient_fl"])
def test_staff_who_are_not_clinicians_and_patients_are_refused(
    patient: Any, who: str, request: pytest.FixtureRequest
) -> None:
    client = client_for(request.getfixturevalue(who))
    assert client.get(page(patient)).status_code == 403
    assert client.post(page(patient), SERIOUS).status_code == 403
    assert not AdverseEvent.objects.exists()


def test_the_patient_themself_cannot_use_the_staff_page(patient: Any) -> None:
    client = client_for(patient.user)
    assert client.get(page(patient)).status_code == 403
    assert client.post(page(patient), SERIOUS).status_code == 403
    assert not AdverseEvent.objects.exists()


def test_a_visitor_is_sent_to_sign_in(patient: Any, visitor: Any) -> None:
    for response in (visitor.get(page(patient)), visitor.post(page(patient), SERIOUS)):
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]
    assert not AdverseEvent.objects.exists()


@pytest.mark.browser
def test_the_form_is_accessible_and_fits_a_phone(page: Any, live_server: Any) -> None:
    from tests.browser import assert_accessible, assert_fits_width, sign_in_as
    from tests.personas import make

    clinician = make("clinician_fl")
    patient = treated(clinician)
    sign_in_as(page, clinician, live_server.url)
    page.goto(chart(patient))
    page.get_by_role("link", name="Record an adverse event").click()
    assert_accessible(page)
    assert_fits_width(page)

    page.get_by_role("button", name="Record the adverse event").click()
    assert page.locator("[data-error-summary]").is_visible()
    assert_accessible(page)
    assert_fits_width(page)

    page.get_by_label("Moderate: limited the patient's usual activities").check()
    page.locator("#id_description").fill(MODERATE["description"])
    page.get_by_role("button", name="Record the adverse event").click()
    page.wait_for_url("**/patients/*/#adverse-events")
    assert MODERATE["description"] in page.locator("main").inner_text()
