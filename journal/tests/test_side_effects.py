"""The patient tells us about a side effect from the journal: who may, what it records,
what it holds, and what the patient reads next."""

from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from audit.models import AuditEvent
from care.models import AdverseEvent
from journal.models import HomeSession
from journal.tests.helpers import SAFETY_FORM, treated
from pharmacy.actions import do_request_refill
from tests.personas import client_for
from workspace.worklist import Urgency, work_for

NORMAL = SAFETY_FORM
SERIOUS = {
    "description": "Shaking and a racing heart after my dose; my husband drove me to urgent care.",
    "grade": "serious",
}
MILD = {"description": "A dull headache the evening after my session.", "grade": "mild"}


@pytest.fixture
def patient(db: Any, clinician_fl: Any) -> Any:
    return treated(clinician_fl)


def page(patient: Any) -> str:
    return reverse("journal:side_effect", args=[patient.public_id])


def report(patient: Any, answers: dict[str, str]) -> str:
    """Send the form as the patient; the confirmation page they land on."""
    client = client_for(patient.user)
    sent = client.post(page(patient), answers)
    assert sent.status_code == 302
    assert sent["Location"].startswith(page(patient) + "?reported=")
    return client.get(sent["Location"]).content.decode()


def queue_items(clinician: Any, patient: Any) -> list[Any]:
    return [item for item in work_for(clinician) if item.patient_id == patient.public_id]


def test_the_emergency_numbers_come_before_the_form(patient: Any) -> None:
    body = client_for(patient.user).get(page(patient)).content.decode()
    assert "If you are in danger now, call" in body
    assert "If you are thinking of harming yourself, call or text" in body
    form = body.index("<textarea")
    assert body.index('href="tel:911"') < form and body.index('href="tel:988"') < form
    assert "<fieldset" in body and "<legend" in body and "How bad was it?" in body
    assert "Serious: I needed urgent help, or it frightened me" in body
    assert 'for="id_description"' in body
    assert AuditEvent.objects.filter(action="journal.side_effect_viewed").exists()


def test_the_journal_links_to_the_page(patient: Any) -> None:
    overview = reverse("journal:overview", args=[patient.public_id])
    assert page(patient) in client_for(patient.user).get(overview).content.decode()


def test_a_serious_side_effect_alerts_the_clinician_and_holds_doses_and_refills(
    patient: Any, clinician_fl: Any
) -> None:
    mail.outbox.clear()
    confirmation = report(patient, SERIOUS)

    event = AdverseEvent.objects.get(patient=patient)
    assert event.grade == "serious" and event.reported_by == patient.user
    assert event.description == SERIOUS["description"] and event.is_serious

    assert "We have told your clinician now" in confirmation
    assert "doses and refills are paused" in confirmation
    assert "Do not take another dose" in confirmation
    assert confirmation.index('href="tel:911"') < confirmation.index("data-next-steps")

    alerts = [message for message in mail.outbox if clinician_fl.email in message.to]
    assert len(alerts) == 1
    for message in mail.outbox:
        text = f"{message.subject}\n{message.body}".lower()
        for private in ("shaking", "urgent care", "serious", "adverse", "side effect"):
            assert private not in text
        assert patient.legal_name.lower() not in text

    refused = client_for(patient.user).post(
        reverse("journal:safety", args=[patient.public_id]), NORMAL
    )
    assert refused.status_code == 409
    assert 'data-refusal="adverse_event_hold"' in refused.content.decode()
    assert not HomeSession.objects.exists()

    asked = do_request_refill(patient, by=patient.user)
    assert "adverse_event_hold" in asked.decision.refusals

    items = queue_items(clinician_fl, patient)
    assert [(item.kind, item.urgency) for item in items] == [
        ("Serious adverse event", Urgency.URGENT)
    ]


def test_a_mild_side_effect_holds_nothing_and_waits_for_review(
    patient: Any, clinician_fl: Any
) -> None:
    mail.outbox.clear()
    confirmation = report(patient, MILD)

    event = AdverseEvent.objects.get(patient=patient)
    assert event.grade == "mild" and event.reviewed_at is None
    assert "Your care team will review what you told us" in confirmation
    assert "paused" not in confirmation
    assert not [message for message in mail.outbox if clinician_fl.email in message.to]

    started = client_for(patient.user).post(
        reverse("journal:safety", args=[patient.public_id]), NORMAL
    )
    assert started.status_code == 302
    assert HomeSession.objects.filter(patient=patient).exists()

    items = queue_items(clinician_fl, patient)
    assert [(item.kind, item.urgency) for item in items] == [
        ("Mild adverse event", Urgency.ADVERSE_EVENT)
    ]


def test_an_empty_description_is_explained_and_the_grade_is_kept(patient: Any) -> None:
    response = client_for(patient.user).post(
        page(patient), {"description": "  ", "grade": "moderate"}
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "data-error-summary" in body
    assert "Tell us what happened, in a few words or more." in body
    assert 'value="moderate" required id="id_grade_1" checked' in body  # nothing lost
    assert not AdverseEvent.objects.exists()


def test_a_missing_grade_keeps_the_description(patient: Any) -> None:
    response = client_for(patient.user).post(page(patient), {"description": MILD["description"]})
    body = response.content.decode()
    assert response.status_code == 400
    assert "Choose how bad it was." in body
    assert "A dull headache the evening after my session." in body
    assert not AdverseEvent.objects.exists()


def test_a_made_up_grade_is_refused_without_an_error_page(patient: Any) -> None:
    response = client_for(patient.user).post(page(patient), {**MILD, "grade": "catastrophic"})
    assert response.status_code == 400
    assert "Choose how bad it was." in response.content.decode()
    assert not AdverseEvent.objects.exists()


def test_a_report_id_that_is_not_the_patients_shows_the_form(
    patient: Any, clinician_nj: Any
) -> None:
    other = treated(clinician_nj, "sam@example.com", "NJ")
    report(other, MILD)
    theirs = AdverseEvent.objects.get(patient=other)
    client = client_for(patient.user)
    for query in (f"?reported={theirs.public_id}", "?reported=not-a-uuid", "?reported="):
        response = client.get(page(patient) + query)
        body = response.content.decode()
        assert response.status_code == 200
        assert "<form" in body and "What happens next" not in body


@pytest.mark.parametrize(
    "who",
    [
        "patient_fl",
        "patient_nj",
        "clinician_nj",
        "clinician_fl",
        "pharmacist",
        "coordinator",
        "editor",
    ],
)
def test_only_the_patient_can_open_or_send_the_page(
    patient: Any, who: str, request: pytest.FixtureRequest
) -> None:
    client = client_for(request.getfixturevalue(who))
    assert client.get(page(patient)).status_code == 404
    assert client.post(page(patient), SERIOUS).status_code == 404
    assert not AdverseEvent.objects.exists()
    assert AuditEvent.objects.filter(action="patient.access_refused").exists()


def test_another_patient_cannot_see_a_report_through_their_own_id(
    patient: Any, clinician_nj: Any
) -> None:
    report(patient, SERIOUS)
    event = AdverseEvent.objects.get(patient=patient)
    other = treated(clinician_nj, "sam@example.com", "NJ")
    response = client_for(other.user).get(page(patient) + f"?reported={event.public_id}")
    assert response.status_code == 404


def test_a_visitor_is_sent_to_sign_in(patient: Any, visitor: Any) -> None:
    for response in (visitor.get(page(patient)), visitor.post(page(patient), SERIOUS)):
        assert response.status_code == 302 and "login" in response["Location"]
    assert not AdverseEvent.objects.exists()


@pytest.mark.browser
def test_the_page_reads_well_on_a_phone(page: Any, live_server: Any) -> None:
    from tests.browser import assert_accessible, assert_fits_width, sign_in_as
    from tests.personas import make

    patient = treated(make("clinician_fl"))
    sign_in_as(page, patient.user, live_server.url)
    page.goto(reverse("journal:overview", args=[patient.public_id]))
    page.get_by_role("link", name="Tell us about a side effect").click()
    assert page.locator("main a[href='tel:911']").first.is_visible()
    assert_accessible(page)
    assert_fits_width(page)

    page.get_by_role("button", name="Send to your care team").click()
    assert page.locator("[data-error-summary]").is_visible()
    assert_accessible(page)
    assert_fits_width(page)

    page.locator("#id_description").fill("I felt faint and had to lie down for an hour.")
    page.get_by_label("Serious: I needed urgent help, or it frightened me").check()
    page.get_by_role("button", name="Send to your care team").click()
    assert page.locator("[data-on-hold]").is_visible()
    assert_accessible(page)
    assert_fits_width(page)
