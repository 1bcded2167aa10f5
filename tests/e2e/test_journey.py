"""The whole journey in Chromium at 390 px, from the first article to the first check-in.

One person reads about CRPS, takes the assessment, opens an account, signs the consents,
subscribes and books a video visit; a Florida physician (password and authenticator
code) approves and prescribes; a pharmacist (the same) fills, ships and records the
signed delivery; the patient runs a home session and a check-in; then both the patient
and the physician see the result. Each part is driven through the pages a person uses,
by the same steps the narrower browser tests use.
"""

from typing import Any

import pytest

from assessment.tests.answering import answers
from content.seeding import seed_content
from journal.models import CheckIn, HomeSession
from patients.actions import publish_shipped_documents
from patients.models import Patient
from patients.tests.helpers import offer_time
from pharmacy.models import Fill, ShipmentStatus
from questionnaires.assessment import QUESTIONNAIRE
from tests.browser import assert_accessible, assert_fits_width, sign_in_with_code, sign_out
from tests.e2e.test_assessment import fill_section
from tests.e2e.test_clinician import take_candidate_to_prescription
from tests.e2e.test_joining import (
    EMAIL,
    PASSWORD,
    book_visit,
    fill_profile,
    name_monitor,
    sign_consents,
    sign_up_and_verify,
    subscribe,
    upload_id,
)
from tests.e2e.test_journal import safety_check
from tests.personas import make

pytestmark = pytest.mark.browser

TRACKING = "1Z999AA10123456784"


def check(page: Any) -> None:
    assert_accessible(page)
    assert_fits_width(page)


def read_an_article_and_take_the_assessment(page: Any) -> None:
    page.goto("/articles/")
    check(page)
    page.get_by_role("link", name="Ketamine for CRPS").first.click()
    page.wait_for_url("**/articles/*/")
    check(page)
    page.get_by_role("link", name="Take the free assessment").first.click()
    page.get_by_role("link", name="Start the assessment").click()
    given = answers()
    for section in QUESTIONNAIRE.sections:
        fill_section(page, section.id, given)
    page.wait_for_url("**/assessment/result/")
    assert page.locator("h1").inner_text() == "You may qualify for treatment"
    check(page)


def fill_and_ship(page: Any) -> None:
    """As the signed-in pharmacist: verify, fill, print, ship, and record the delivery."""
    page.goto("/pharmacy/queue/")
    check(page)
    page.get_by_role("button", name="Start this order").click()
    page.wait_for_url("**/pharmacy/orders/*/")
    check(page)
    page.get_by_role("button", name="Verify the order").click()
    page.wait_for_url("**/pharmacy/orders/*/")
    page.locator("#id_lot_number").fill("KET-2611-07")
    page.locator("#id_beyond_use_date").fill("2027-02-15")
    page.locator("#id_quantity").fill("24")
    check(page)
    page.get_by_role("button", name="Record the fill").click()
    page.wait_for_url("**/pharmacy/orders/*/")
    page.locator("#id_carrier_name").select_option("UPS")
    page.locator("#id_tracking_number").fill(TRACKING)
    page.get_by_role("button", name="Ship").click()
    page.wait_for_url("**/pharmacy/orders/*/")
    check(page)
    page.locator("#id_kind").select_option("delivered")
    page.locator("#id_signed_by").fill("Rosa Delgado")
    page.get_by_role("button", name="Record").click()
    page.wait_for_url("**/pharmacy/orders/*/")
    check(page)


def verify_the_photo_id(page: Any, patient: Patient) -> None:
    """As the signed-in coordinator: check the patient's photo ID and mark it verified."""
    page.goto("/patients/identity/review/")
    check(page)
    page.get_by_role("link", name=f"Check the ID of {patient.display_name}").click()
    page.wait_for_url("**/identity/review/*/")
    assert page.locator("img.id-preview").evaluate("img => img.naturalWidth") > 0
    check(page)
    page.locator('input[name="decision"][value="verify"]').check()
    page.get_by_role("button", name="Save the decision").click()
    page.wait_for_url("**/identity/review/")


def sign_in_as_the_patient(page: Any) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/patients/")


def take_a_home_session(page: Any) -> None:
    page.goto("/journal/")
    check(page)
    page.get_by_role("link", name="Start a home session").click()
    assert page.locator("[data-directions]").inner_text().startswith("Place 2 troches")
    safety_check(page, "124")
    page.wait_for_url("**/session/*/")
    check(page)
    page.locator("input[name='pain_now'][value='3']").check()
    page.locator("input[name='dissociation'][value='3']").check()
    page.get_by_role("button", name="Save how it went").click()
    page.wait_for_url("**/after/")
    check(page)


def complete_a_peg_check_in(page: Any) -> None:
    page.goto("/journal/")
    page.get_by_role("link", name="PEG").first.click()
    check(page)
    for number, score in enumerate(("4", "3", "3"), start=1):
        page.locator(f"input[name='peg_{number}'][value='{score}']").check()
    page.get_by_role("button", name="Send your answers").click()
    page.wait_for_url("**/check-in/done/*/")
    check(page)


def test_from_the_first_article_to_the_first_check_in(page: Any) -> None:
    publish_shipped_documents()
    seed_content(editor=make("editor"), reviewer=make("clinician_fl"))
    offer_time(make("clinician_fl"), hour=10, hours=2)

    read_an_article_and_take_the_assessment(page)
    page.get_by_role("link", name="Create your account").click()
    sign_up_and_verify(page)
    fill_profile(page)
    name_monitor(page)
    upload_id(page)
    sign_consents(page)
    subscribe(page)
    book_visit(page)
    patient = Patient.objects.get(user__email=EMAIL)
    sign_out(page)

    sign_in_with_code(page, "coordinator")
    verify_the_photo_id(page, patient)
    sign_out(page)

    sign_in_with_code(page, "clinician_fl")
    prescription = take_candidate_to_prescription(page, patient)
    sign_out(page)

    sign_in_with_code(page, "pharmacist")
    fill_and_ship(page)
    fill = Fill.objects.get(prescription=prescription)
    assert fill.shipment.status == ShipmentStatus.DELIVERED
    sign_out(page)

    sign_in_as_the_patient(page)
    page.goto("/pharmacy/my-orders/")
    check(page)
    orders = page.locator("main").inner_text()
    assert "Delivered" in orders and TRACKING in orders
    take_a_home_session(page)
    complete_a_peg_check_in(page)
    assert HomeSession.objects.filter(patient=patient, finished_at__isnull=False).count() == 1
    check_in = CheckIn.objects.get(patient=patient, completed_at__isnull=False)

    page.get_by_role("link", name="Back to your journal").click()
    page.get_by_role("link", name="See your progress").click()
    check(page)
    assert page.locator("svg.chart").count() == 1
    assert check_in.score["total"] in page.locator("table").first.inner_text()
    sign_out(page)

    sign_in_with_code(page, "clinician_fl")
    page.goto(f"/care/patients/{patient.public_id}/")
    check(page)
    chart = page.locator("main").inner_text()
    assert "Home session" in chart
    assert "PEG" in chart and check_in.score["total"] in chart
