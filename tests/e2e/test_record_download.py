"""A patient downloads their whole record from the portal on a 390 px phone: they ask,
see their copy, open the readable document (their medicines, home sessions, scores and
visit notes) and download the FHIR Bundle. Every portal page on the way is axe clean."""

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from tests.browser import assert_accessible, assert_fits_width, sign_in_as
from tests.personas import make

pytestmark = pytest.mark.browser


def test_a_patient_downloads_their_record_from_the_portal(page: Any, live_server: Any) -> None:
    call_command("seed_demo", stdout=StringIO())
    elena = make("patient_in_treatment").patient
    sign_in_as(page, elena.user, live_server.url)

    page.goto("/patients/")
    page.get_by_role("link", name="Download your whole record").click()
    page.wait_for_url("**/records/mine/")
    assert page.get_by_role("heading", name="Download your whole record").is_visible()
    assert "You have not asked for a copy yet." in page.locator("main").inner_text()
    assert_accessible(page)
    assert_fits_width(page)

    page.get_by_role("button", name="Prepare my record").click()
    page.wait_for_url("**/records/mine/")
    copies = page.locator("[data-copies]")
    assert "Thank you: your record is being prepared" in page.locator("main").inner_text()
    assert "Available until" in copies.inner_text()
    assert_accessible(page)
    assert_fits_width(page)

    with page.expect_download() as download:
        copies.get_by_role("link", name="Your record in FHIR (JSON)").click()
    bundle = json.loads(Path(download.value.path()).read_text())
    kinds = {entry["resource"]["resourceType"] for entry in bundle["entry"]}
    assert {"Patient", "MedicationRequest", "MedicationAdministration"} <= kinds

    # The document opens sandboxed (no scripts may run in it, Playwright's included), so
    # it is fetched with the patient's session and read, and checked with axe, as a page.
    link = copies.get_by_role("link", name="Your record to read and print (HTML)")
    answer = page.request.get(link.get_attribute("href"))
    assert answer.ok and "no-store" in answer.headers["cache-control"]
    assert answer.headers["content-security-policy"].startswith("sandbox")
    html = answer.text()
    page.goto("about:blank")
    page.set_content(html)
    document = page.locator("body").inner_text()
    assert "Health record of Elena Torres" in document
    assert "Medicines" in document and "Ketamine 100 mg" in document  # medicines
    assert "Home sessions" in document and "100 mg" in document  # sessions
    assert "CRPS Severity Score 6 out of 16 (baseline)" in document  # scores
    assert "Pain and how it affects you (PEG)" in document
    assert "Subjective: Burning pain" in document  # visit notes
    assert_accessible(page)
    assert_fits_width(page)
