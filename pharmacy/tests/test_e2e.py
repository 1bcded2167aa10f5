"""The pharmacy in a real browser: a pharmacist with a second factor fills and ships the
clinician's prescription, records the delivery; the patient sees it shipped, then delivered.
Every page is checked for accessibility at 390 px."""

from typing import Any

import pytest

from pharmacy.models import Fill, FillStatus, ShipmentStatus
from pharmacy.tests.helpers import good_fill_details, signed_prescription
from tests.browser import assert_accessible, assert_fits_width, sign_in_as, switch_user
from tests.personas import make

pytestmark = pytest.mark.browser


def check(page: Any) -> None:
    assert_accessible(page)
    assert_fits_width(page)


def test_a_pharmacist_fills_and_ships_and_the_patient_sees_it_delivered(
    page: Any, live_server: Any
) -> None:
    from patients.actions import publish_shipped_documents

    publish_shipped_documents()
    prescription = signed_prescription(make("clinician_fl"))
    patient = prescription.patient
    pharmacist = make("pharmacist")
    sign_in_as(page, pharmacist, live_server.url)

    page.goto("/pharmacy/queue/")
    check(page)
    page.get_by_role("button", name="Start this order").click()
    page.wait_for_url("**/pharmacy/orders/*/")
    check(page)
    page.get_by_role("button", name="Verify the order").click()
    page.wait_for_url("**/pharmacy/orders/*/")
    details = good_fill_details()
    page.locator("#id_lot_number").fill(details["lot_number"])
    page.locator("#id_beyond_use_date").fill(details["beyond_use_date"].isoformat())
    page.locator("#id_quantity").fill(str(details["quantity"]))
    check(page)
    page.get_by_role("button", name="Record the fill").click()
    page.wait_for_url("**/pharmacy/orders/*/")
    page.get_by_role("link", name="Print the label and leaflet").first.click()
    page.wait_for_url("**/label/")
    check(page)
    assert prescription.directions in page.content()
    page.go_back()
    page.locator("#id_carrier_name").select_option("UPS")
    page.locator("#id_tracking_number").fill("1Z999AA10123456784")
    page.get_by_role("button", name="Ship").click()
    page.wait_for_url("**/pharmacy/orders/*/")
    check(page)
    fill = Fill.objects.get(prescription=prescription)
    assert fill.status == FillStatus.SHIPPED

    patient_page = page.context.browser.new_page()
    sign_in_as(patient_page, patient.user, live_server.url)
    patient_page.goto(live_server.url + "/pharmacy/my-orders/")
    check(patient_page)
    assert "1Z999AA10123456784" in patient_page.content()
    assert "Shipped" in patient_page.content()

    page.locator("#id_kind").select_option("delivered")
    page.locator("#id_signed_by").fill("Rosa Delgado")
    page.get_by_role("button", name="Record").click()
    page.wait_for_url("**/pharmacy/orders/*/")
    assert fill.shipment.__class__.objects.get(fill=fill).status == ShipmentStatus.DELIVERED

    patient_page.reload()
    assert "Delivered" in patient_page.content()
    assert "signed for by Rosa Delgado" in patient_page.content()
    patient_page.close()


def test_the_patient_asks_for_a_refill_after_a_check_in_the_clinician_approves_it_is_filled(
    page: Any, live_server: Any
) -> None:
    from demo.people import DEMO_PASSWORD
    from journal.actions import do_complete_check_in
    from journal.instruments import InstrumentCode
    from patients.actions import publish_shipped_documents
    from pharmacy import actions
    from pharmacy.tests.helpers import shipped

    publish_shipped_documents()
    clinician = make("clinician_fl")
    pharmacist = make("pharmacist")
    prescription = signed_prescription(clinician)
    patient = prescription.patient
    shipped(actions.do_queue_original_fill(prescription), pharmacist)
    do_complete_check_in(
        patient,
        by=patient.user,
        instrument=InstrumentCode.PHQ9,
        responses={f"phq9_{n}": 1 for n in range(1, 9)} | {"phq9_9": 0},
    )

    sign_in_as(page, patient.user, live_server.url)
    page.goto("/pharmacy/my-orders/")
    page.get_by_role("button", name="Ask for a refill").click()
    page.wait_for_url("**/pharmacy/my-orders/")
    check(page)
    assert "Your request is with your clinician" in page.content()

    switch_user(page, clinician, live_server.url)
    page.goto("/pharmacy/refills/")
    check(page)
    page.get_by_role("link", name=patient.legal_name).click()
    page.wait_for_url("**/reauthenticate/**")
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("#id_password").press("Enter")
    page.wait_for_url("**/pharmacy/refills/*/")
    check(page)
    assert "Early" in page.content()
    page.get_by_role("button", name="Approve the refill").click()
    page.wait_for_url("**/pharmacy/refills/")

    refill = Fill.objects.get(kind="refill")
    switch_user(page, pharmacist, live_server.url)
    page.goto(f"/pharmacy/orders/{refill.public_id}/")
    page.get_by_role("button", name="Verify the order").click()
    page.wait_for_url("**/pharmacy/orders/*/")
    details = good_fill_details()
    page.locator("#id_lot_number").fill("KX-2612-01")
    page.locator("#id_beyond_use_date").fill(details["beyond_use_date"].isoformat())
    page.locator("#id_quantity").fill(str(details["quantity"]))
    page.get_by_role("button", name="Record the fill").click()
    page.wait_for_url("**/pharmacy/orders/*/")
    refill.refresh_from_db()
    assert refill.status == FillStatus.FILLED and refill.lot_number == "KX-2612-01"
