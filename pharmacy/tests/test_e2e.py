"""The pharmacy in a real browser. A Florida clinician signs a prescription through the
workspace; a pharmacist, signed in with password and authenticator code through the real
pages, fills and ships it; the carrier posts "out for delivery" to its webhook and the
pharmacist records the signed delivery; the patient sees it shipped, then delivered, and is
told by email and text. Then a refill: asked for after a check-in, approved by the
clinician, filled by the pharmacist. Every page is checked for accessibility at 390 px."""

import json
import time
from typing import Any

import pytest
import requests
from django.core import mail

from care.tests.workspace import book_visit, candidate, id_verified
from integrations.carrier.webhooks import sign
from integrations.sms import SentSms
from pharmacy.models import Fill, FillStatus, Shipment, ShipmentStatus
from pharmacy.tests.helpers import good_fill_details, signed_prescription
from tests.browser import (
    assert_accessible,
    assert_fits_width,
    sign_in_as,
    sign_in_with_code,
    sign_out,
    switch_user,
)
from tests.e2e.test_clinician import take_candidate_to_prescription
from tests.personas import make

pytestmark = pytest.mark.browser

TRACKING = "1Z999AA10123456784"
WEBHOOK_SECRET = "e2e-carrier-secret"


def check(page: Any) -> None:
    assert_accessible(page)
    assert_fits_width(page)


def sign_in_as_pharmacist(page: Any) -> Any:
    """Leave the last person's session, then sign in through the login and code pages."""
    sign_out(page)
    pharmacist = sign_in_with_code(page, "pharmacist")
    check(page)
    return pharmacist


def fill_the_order(page: Any, lot_number: str) -> None:
    details = good_fill_details()
    page.get_by_role("button", name="Verify the order").click()
    page.wait_for_url("**/pharmacy/orders/*/")
    page.locator("#id_lot_number").fill(lot_number)
    page.locator("#id_beyond_use_date").fill(details["beyond_use_date"].isoformat())
    page.locator("#id_quantity").fill(str(details["quantity"]))
    check(page)
    page.get_by_role("button", name="Record the fill").click()
    page.wait_for_url("**/pharmacy/orders/*/")
    check(page)


def carrier_posts(live_server_url: str, event: dict[str, Any]) -> Any:
    body = json.dumps(event).encode()
    return requests.post(
        f"{live_server_url}/integrations/carrier/webhook/",
        data=body,
        headers={
            "Content-Type": "application/json",
            "Carrier-Signature": sign(body, WEBHOOK_SECRET, int(time.time())),
        },
        timeout=10,
    )


def test_a_pharmacist_fills_and_ships_the_clinicians_prescription_and_the_patient_sees_it(
    page: Any, live_server: Any, settings: Any, sms_outbox: list[SentSms]
) -> None:
    from patients.actions import publish_shipped_documents

    settings.CARRIER_WEBHOOK_SECRET = WEBHOOK_SECRET
    publish_shipped_documents()
    clinician = make("clinician_fl")
    patient = candidate("rosa.delgado@example.com", "FL")
    id_verified(patient)
    book_visit(patient, clinician)
    sign_in_with_code(page, "clinician_fl")
    prescription = take_candidate_to_prescription(page, patient)

    sign_in_as_pharmacist(page)
    page.goto("/pharmacy/queue/")
    check(page)
    page.get_by_role("button", name="Start this order").click()
    page.wait_for_url("**/pharmacy/orders/*/")
    check(page)
    fill_the_order(page, "KX-2611-07")
    page.get_by_role("link", name="Print the label and leaflet").first.click()
    page.wait_for_url("**/label/")
    check(page)
    assert prescription.directions in page.content()
    page.go_back()
    mail.outbox.clear()
    page.locator("#id_carrier_name").select_option("UPS")
    page.locator("#id_tracking_number").fill(TRACKING)
    page.get_by_role("button", name="Ship").click()
    page.wait_for_url("**/pharmacy/orders/*/")
    check(page)
    fill = Fill.objects.get(prescription=prescription)
    assert fill.status == FillStatus.SHIPPED
    shipment = Shipment.objects.get(fill=fill)
    assert shipment.signature_required

    patient_page = page.context.browser.new_page()
    sign_in_as(patient_page, patient.user, live_server.url)
    patient_page.goto(live_server.url + "/pharmacy/my-orders/")
    check(patient_page)
    assert TRACKING in patient_page.content()
    assert "Shipped" in patient_page.content()

    on_the_van = carrier_posts(
        live_server.url,
        {
            "id": "evt_e2e_1",
            "tracking_number": TRACKING,
            "status": "out_for_delivery",
            "occurred_at": "2026-11-26T13:00:00+00:00",
        },
    )
    assert on_the_van.status_code == 200 and on_the_van.json()["recorded"] is True
    patient_page.reload()
    assert "Out for delivery" in patient_page.content()

    page.reload()
    page.locator("#id_kind").select_option("delivered")
    page.locator("#id_signed_by").fill("Rosa Delgado")
    page.get_by_role("button", name="Record").click()
    page.wait_for_url("**/pharmacy/orders/*/")
    check(page)
    shipment.refresh_from_db()
    assert shipment.status == ShipmentStatus.DELIVERED

    patient_page.reload()
    check(patient_page)
    assert "Delivered" in patient_page.content()
    assert "signed for by Rosa Delgado" in patient_page.content()
    assert TRACKING in patient_page.content()
    patient_page.close()

    # Told twice, by email and by text, with the tracking link and nothing about health.
    emails = [m for m in mail.outbox if patient.user.email in m.to]
    assert [m.subject for m in emails] == ["Your order has shipped", "Your order was delivered"]
    texts = [text.body for text in sms_outbox if text.to == patient.phone]
    assert [body.split(". ")[0] for body in texts] == [
        "ketaclinic: your order has shipped",
        "ketaclinic: your order was delivered",
    ]
    for words in texts + [m.body for m in emails]:
        assert shipment.tracking_url in words
        assert "ketamine" not in words.lower() and "crps" not in words.lower()


def test_the_patient_asks_for_a_refill_after_a_check_in_the_clinician_approves_it_is_filled(
    page: Any, live_server: Any
) -> None:
    from demo.people import DEMO_PASSWORD
    from journal.actions import do_complete_check_in
    from patients.actions import publish_shipped_documents
    from pharmacy import actions
    from pharmacy.tests.helpers import delivered, doses_taken
    from questionnaires.instruments import InstrumentCode

    publish_shipped_documents()
    clinician = make("clinician_fl")
    pharmacist = make("pharmacist")
    prescription = signed_prescription(clinician)
    patient = prescription.patient
    first = actions.do_queue_original_fill(prescription)
    delivered(first, pharmacist, days_ago=12)
    first.refresh_from_db()
    assert first.quantity_dispensed is not None
    doses_taken(first, first.quantity_dispensed * 6 // 10)  # 60% taken: early, allowed
    do_complete_check_in(
        patient,
        by=patient.user,
        instrument=InstrumentCode.PHQ9,
        responses={f"phq9_{n}": 1 for n in range(1, 9)} | {"phq9_9": 0},
    )

    sign_in_as(page, patient.user, live_server.url)
    page.goto("/pharmacy/my-orders/")
    check(page)
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
    check(page)

    refill = Fill.objects.get(kind="refill")
    sign_in_as_pharmacist(page)
    page.goto("/pharmacy/queue/")
    check(page)
    page.goto(f"/pharmacy/orders/{refill.public_id}/")
    check(page)
    fill_the_order(page, "KX-2612-01")
    refill.refresh_from_db()
    assert refill.status == FillStatus.FILLED and refill.lot_number == "KX-2612-01"
    assert refill.filled_by == pharmacist
