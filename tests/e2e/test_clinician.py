"""The clinician's workspace in a real browser: a Florida physician takes a CRPS
candidate from the queue to a signed prescription, every page accessible at 390 px."""

from typing import Any

import pytest
from django.utils import timezone

from care.models import Prescription
from care.tests.workspace import CRPS_SIGNS, CRPS_SYMPTOMS, book_visit, candidate, id_verified
from demo.people import DEMO_PASSWORD
from patients.actions import publish_shipped_documents
from tests.browser import assert_accessible, assert_fits_width, sign_in_with_code
from tests.personas import make

pytestmark = pytest.mark.browser


def check(page: Any) -> None:
    assert_accessible(page)
    assert_fits_width(page)


def save_and_return_to_chart(page: Any) -> None:
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/care/patients/*/")
    check(page)


def take_candidate_to_prescription(page: Any, patient: Any) -> Prescription:
    """From the queue to a signed prescription, as the signed-in Florida clinician."""
    page.goto("/care/queue/")
    check(page)
    page.get_by_role("link", name=patient.legal_name).first.click()
    page.wait_for_url("**/care/patients/*/")
    check(page)

    page.get_by_role("link", name="Write the note of this visit").click()
    check(page)
    page.locator("#id_subjective").fill("Burning pain in the right hand for 18 months.")
    page.locator("#id_assessment").fill("CRPS type I, right upper limb.")
    page.locator("#id_audio_video_confirmed").check()
    save_and_return_to_chart(page)

    page.get_by_role("link", name="Budapest criteria").click()
    check(page)
    page.locator("#id_continuing_disproportionate_pain").check()
    for finding in CRPS_SYMPTOMS:
        page.locator(f'input[name="symptoms"][value="{finding}"]').check()
    for finding in CRPS_SIGNS:
        page.locator(f'input[name="signs"][value="{finding}"]').check()
    save_and_return_to_chart(page)
    assert "clinical criteria met" in page.content()

    page.get_by_role("link", name="CRPS Severity Score").click()
    check(page)
    for item in ["continuing_pain", "allodynia_or_hyperalgesia", "oedema"]:
        page.locator(f'input[name="symptoms"][value="{item}"]').check()
    page.locator('input[name="signs"][value="allodynia"]').check()
    save_and_return_to_chart(page)
    assert "4 of 16 (baseline)" in page.content()

    page.get_by_role("link", name="Add a diagnosis").click()
    check(page)
    page.locator("#id_code").select_option("G90.511")
    save_and_return_to_chart(page)

    page.get_by_role("link", name="Record the weight").click()
    check(page)
    page.locator("#id_kg").fill("68.5")
    page.locator("#id_measured_on").fill(timezone.localdate().isoformat())
    save_and_return_to_chart(page)
    assert "68.5 kg" in page.content()

    page.get_by_role("link", name="Decide").click()
    check(page)
    page.locator('input[name="decision"][value="approve"]').check()
    page.locator("#id_why").fill("Budapest criteria met; no exclusions.")
    save_and_return_to_chart(page)

    page.get_by_role("link", name="Treatment plan").click()
    check(page)
    page.locator("#id_indication").fill("CRPS type I, right arm")
    page.locator("#id_induction_mg_per_session").fill("100")
    page.locator("#id_induction_sessions_per_week").fill("3")
    page.locator("#id_maintenance_mg_per_session").fill("100")
    page.locator("#id_maintenance_sessions_per_week").fill("2")
    save_and_return_to_chart(page)

    page.get_by_role("link", name="PDMP check").click()
    check(page)
    page.locator("#id_reference").fill("EF-2026-0042")
    page.locator("#id_summary").fill("No other controlled substances in 12 months.")
    page.locator("#id_attest").check()
    save_and_return_to_chart(page)

    page.get_by_role("link", name="Prescribe").click()
    page.wait_for_url("**/reauthenticate/**")
    check(page)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("#id_password").press("Enter")
    page.wait_for_url("**/prescribe/")
    check(page)
    page.locator('input[name="form"][value="troche"]').check()
    page.locator("#id_dose_mg").fill("100")
    page.locator("#id_strength_mg").fill("50")
    page.locator("#id_units_per_dose").fill("2")
    page.locator("#id_doses_per_week").fill("3")
    page.locator("#id_refills").fill("1")
    page.locator("#id_pharmacy_name").fill("Bayshore Compounding Pharmacy")
    save_and_return_to_chart(page)

    prescription = Prescription.objects.get(patient=patient)
    assert prescription.directions == (
        "Place 2 troches (50 mg each, 100 mg in all) under your tongue and let them dissolve "
        "without swallowing for 15 minutes, then spit out what is left. Take 1 dose at most "
        "once a day and no more than 3 doses in 7 days, only with your treatment monitor "
        "present."
    )
    assert prescription.directions in page.locator(".directions").inner_text()
    return prescription


def test_a_florida_clinician_takes_a_crps_candidate_to_a_signed_prescription(
    page: Any, live_server: Any
) -> None:
    publish_shipped_documents()
    clinician = make("clinician_fl")
    patient = candidate("rosa.delgado@example.com", "FL")
    id_verified(patient)
    book_visit(patient, clinician)
    sign_in_with_code(page, "clinician_fl")
    check(page)

    prescription = take_candidate_to_prescription(page, patient)
    assert prescription.prescriber == clinician
    assert prescription.status == "signed"
