"""Credentials decide whom a clinician may see, in Chromium at 390 px: Dr Rivera, licensed
in Florida only, cannot find a New Jersey patient; an administrator (password and code,
then "confirm it's you") records her New Jersey licence and DEA registration; now she
finds him, opens his chart and records an in-person evaluation. Every page is checked
for accessibility."""

from typing import Any

import pytest

from care.models import InPersonEvaluation
from credentials.models import DeaRegistration, Licence
from demo.people import DEMO_PASSWORD
from tests.browser import assert_accessible, assert_fits_width, sign_in_with_code, sign_out
from tests.personas import make

pytestmark = pytest.mark.browser


def check(page: Any) -> None:
    assert_accessible(page)
    assert_fits_width(page)


def search(page: Any, term: str) -> str:
    page.goto("/care/search/")
    page.get_by_label("Name, email address or date of birth").fill(term)
    page.get_by_role("button", name="Search").click()
    page.wait_for_load_state()
    check(page)
    return str(page.locator("main").inner_text())


def test_a_new_jersey_licence_lets_a_florida_clinician_find_a_new_jersey_patient(
    page: Any,
) -> None:
    james = make("patient_nj")
    sign_in_with_code(page, "clinician_fl")
    assert "No patient found" in search(page, "James Walsh")
    sign_out(page)

    sign_in_with_code(page, "admin")
    page.goto("/care/credentials/")
    page.wait_for_url("**/reauthenticate/**")
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("#id_password").press("Enter")
    page.wait_for_url("**/care/credentials/")
    check(page)
    page.get_by_role("link", name="Add a state licence for Dr Ana Rivera").click()
    check(page)
    page.get_by_label("State", exact=True).select_option("NJ")
    page.get_by_label("Licence number").fill("25MA09876543")
    page.get_by_label("Expiry date").fill("2028-06-30")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/care/credentials/")
    page.get_by_role("link", name="Add a DEA registration for Dr Ana Rivera").click()
    page.get_by_label("DEA number").fill("BR1234562")
    page.get_by_role("button", name="Save").click()
    summary = page.locator("[data-error-summary]")
    summary.wait_for()
    check(page)
    assert page.get_by_label("DEA number").input_value() == "BR1234562", "nothing typed is lost"
    page.get_by_label("DEA number").fill("BR1234563")
    page.get_by_label("State", exact=True).select_option("NJ")
    page.get_by_label("Schedule III non-narcotic (covers ketamine)").check()
    page.get_by_label("Expiry date").fill("2028-06-30")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/care/credentials/")
    check(page)
    rivera = make("clinician_fl")
    assert Licence.objects.filter(clinician=rivera, state="NJ").exists()
    assert DeaRegistration.objects.filter(clinician=rivera, state="NJ", number="BR1234563")
    sign_out(page)

    sign_in_with_code(page, "clinician_fl")
    page.goto("/care/profile/")
    check(page)
    assert "25MA09876543" in page.locator("main").inner_text()
    assert "1 patient found" in search(page, "James Walsh")
    page.get_by_role("link", name="James Walsh").click()
    page.wait_for_url("**/care/patients/*/")
    check(page)
    page.get_by_role("link", name="In-person evaluation").click()
    check(page)
    page.get_by_label("Date of the in-person evaluation").fill("2026-11-20")
    page.get_by_label("I confirm a clinician evaluated this patient in person").check()
    page.get_by_role("button", name="Record the evaluation").click()
    page.wait_for_url("**/care/patients/*/")
    assert InPersonEvaluation.objects.filter(patient=james.patient).exists()
