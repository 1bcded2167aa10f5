"""Joining in a real browser: from an eligible assessment to a booked video visit with
a Florida-licensed physician, every page accessible and fitting a 390 px phone."""

import re
from typing import Any

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore

from patients.actions import publish_shipped_documents
from patients.joining import COMPLETED_SESSION_KEY
from patients.models import Patient
from patients.tests.helpers import complete_assessment, offer_time, standard_plan, tiny_png
from tests.browser import assert_accessible, assert_fits_width, email_to, sign_in_with_code
from tests.personas import make

pytestmark = pytest.mark.browser

# Uploaded IDs go to a temporary private folder, not the developer's var/private/.

EMAIL = "rosa.delgado@example.com"
PASSWORD = "a-long-pass-phrase-9"


def check(page: Any) -> None:
    assert_accessible(page)
    assert_fits_width(page)


def start_with_completed_assessment(page: Any, live_server: Any) -> None:
    """The assessment pages hand over through the session; put one there directly."""
    assessment = complete_assessment("FL")
    assert assessment.outcome == "eligible"
    session = SessionStore()
    session[COMPLETED_SESSION_KEY] = str(assessment.public_id)
    session.create()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session.session_key,
                "url": live_server.url,
            }
        ]
    )


def sign_up_and_verify(page: Any) -> None:
    page.goto("/patients/join/")
    check(page)
    page.get_by_role("link", name="Create your account").click()
    page.wait_for_url("**/accounts/signup/**")
    check(page)
    page.locator("#id_email").fill(EMAIL)
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    page.wait_for_url("**/accounts/confirm-email/")
    check(page)

    body = email_to(EMAIL)
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", body)
    assert link, body
    page.goto(link.group(1))
    check(page)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url("**/patients/")


def fill_profile(page: Any) -> None:
    page.get_by_role("link", name="Add your details").click()
    page.wait_for_url("**/patients/profile/")
    check(page)
    page.get_by_label("Full legal name").fill("Rosa Delgado")
    page.get_by_label("Date of birth", exact=True).fill("1980-05-17")
    page.get_by_label("Mobile phone number").fill("(305) 555-0123")
    page.get_by_label("Address line 1").fill("PO Box 1234")
    page.get_by_label("City or town").fill("Miami")
    page.get_by_label("State").select_option("FL")
    page.get_by_label("ZIP code").fill("33133")
    page.get_by_label("Emergency contact's name").fill("Luis Delgado")
    page.get_by_label("How they know you").fill("Brother")
    page.get_by_label("Emergency contact's phone number").fill("(305) 555-0188")
    page.get_by_role("button", name="Save your details").click()

    # A PO box is refused next to the field, the summary takes focus, nothing is lost.
    summary = page.locator("[data-error-summary]")
    summary.wait_for()
    assert "We cannot ship to a PO box" in summary.inner_text()
    page.wait_for_function(
        "() => document.activeElement && document.activeElement.matches('[data-error-summary]')"
    )
    assert page.get_by_label("Emergency contact's name").input_value() == "Luis Delgado"
    assert page.get_by_label("ZIP code").input_value() == "33133"
    check(page)
    page.get_by_label("Address line 1").fill("2100 South Bayshore Drive")
    page.get_by_role("button", name="Save your details").click()
    page.wait_for_url("**/patients/")


def name_monitor(page: Any) -> None:
    page.get_by_role("link", name="Name your monitor").click()
    page.wait_for_url("**/patients/monitor/")
    check(page)
    page.get_by_role("link", name="Read the monitor guide").click()
    page.wait_for_url("**/patients/monitor/guide/")
    assert "Call 911 straight away if" in page.content()
    check(page)
    page.go_back()
    page.get_by_label("Your monitor's name").fill("Carmen Diaz")
    page.get_by_label("How they know you").fill("Friend")
    page.get_by_label("Your monitor's phone number").fill("(305) 555-0144")
    page.get_by_label("My monitor is 18 or older.").check()
    page.get_by_label("My monitor has read the monitor guide").check()
    page.get_by_role("button", name="Save your monitor").click()
    page.wait_for_url("**/patients/")


def upload_id(page: Any) -> None:
    page.get_by_role("link", name="Upload your ID").click()
    page.wait_for_url("**/patients/identity/")
    check(page)
    page.get_by_label("Photo of your ID").set_input_files(
        {"name": "licence.png", "mimeType": "image/png", "buffer": tiny_png(64, 40)}
    )
    page.get_by_role("button", name="Upload your ID").click()
    page.wait_for_url("**/patients/")


def sign_consents(page: Any) -> None:
    page.get_by_role("link", name="Read and sign").click()
    page.wait_for_url("**/patients/consents/")
    check(page)
    page.locator(".document-list a").first.click()
    for _ in range(4):
        page.wait_for_url("**/patients/consents/*/")
        check(page)
        page.get_by_label("I have read this document and agree to it.").check()
        page.get_by_label("Type your full legal name to sign").fill("Rosa Delgado")
        page.get_by_role("button", name="Sign this document").click()
    page.wait_for_url("**/patients/")


def subscribe(page: Any) -> None:
    page.get_by_role("link", name="Choose your plan").click()
    page.wait_for_url("**/billing/")
    check(page)
    page.get_by_role("button", name="Choose Standard plan").click()
    page.wait_for_url("**/integrations/payments/local/checkout/**")
    check(page)
    page.get_by_label("Card number").fill("4242 4242 4242 4242")
    page.get_by_role("button", name="Pay $250").click()
    page.wait_for_url("**/billing/welcome/")
    assert "Your plan is active" in page.locator("h1").inner_text()
    check(page)


def book_visit(page: Any) -> None:
    page.get_by_role("link", name="Book your video visit").click()
    page.wait_for_url("**/care/book/")
    check(page)
    assert "Dr Ana Rivera" in page.content()
    page.locator(".slot").first.click()
    page.get_by_role("button", name="Book this time").click()
    page.wait_for_url("**/care/consults/*/")
    assert "Dr Ana Rivera" in page.locator("main").inner_text()
    check(page)


@pytest.mark.parametrize("width", [390, 1280])
def test_from_an_eligible_assessment_to_a_booked_visit(
    page: Any, live_server: Any, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    publish_shipped_documents()
    standard_plan()
    offer_time(make("clinician_fl"), hour=10, hours=2)
    offer_time(make("clinician_nj"), hour=14, hours=2)
    start_with_completed_assessment(page, live_server)

    sign_up_and_verify(page)
    assert "0 of 6 done" in page.locator("main").inner_text()
    check(page)
    fill_profile(page)
    name_monitor(page)
    upload_id(page)
    sign_consents(page)
    subscribe(page)
    book_visit(page)
    assert "Dr Daniel Okafor" not in page.content(), "only Florida-licensed clinicians"

    page.goto("/patients/")
    main = page.locator("main").inner_text()
    assert "6 of 6 done" in main
    states = page.locator("[data-step-state]").evaluate_all(
        "els => els.map(e => e.dataset.stepState)"
    )
    assert states == ["done"] * 6
    check(page)

    patient = Patient.objects.get(user__email=EMAIL)
    assert patient.assessment is not None and patient.assessment.user_id == patient.user_id
    assert patient.consults.get().clinician.email == "dr.rivera@ketaclinic.example"


def test_the_care_team_pages_work_on_a_phone(page: Any) -> None:
    from patients.actions import do_start_thread
    from patients.tests.helpers import fill_profile, join, upload_id

    patient = fill_profile(join())
    upload_id(patient)
    do_start_thread(
        patient, by=patient.user, subject="My first visit", topic="scheduling", body="Hello!"
    )

    sign_in_with_code(page, "coordinator")
    page.goto("/patients/identity/review/")
    check(page)
    page.get_by_role("link", name="Check the ID of Rosa Delgado").click()
    page.wait_for_url("**/patients/identity/review/*/")
    assert page.locator("img.id-preview").evaluate("img => img.naturalWidth") > 0
    check(page)
    page.get_by_label("Verified: it matches the profile").check()
    page.get_by_role("button", name="Save the decision").click()
    page.wait_for_url("**/patients/identity/review/")

    page.goto("/patients/messages/")
    check(page)
    page.get_by_role("link", name="My first visit").click()
    check(page)
    page.get_by_label("Your reply").fill("Welcome! Book any time that suits you.")
    page.get_by_role("button", name="Send", exact=True).click()
    assert "Welcome! Book any time" in page.locator(".message-list").inner_text()
    page.goto(f"/patients/{patient.public_id}/")
    check(page)
    page.goto("/care/schedule/")
    check(page)
