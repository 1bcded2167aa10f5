"""The pharmacist's pages and the patient's orders: the right people only, every look
audited, blocking reasons shown, the queue in a constant number of queries."""

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from care.models import Prescription, PrescriptionStatus
from credentials.models import DeaRegistration
from patients.actions import do_start_thread
from patients.models import Patient
from pharmacy import actions, records
from pharmacy.models import Fill, FillStatus, NewPrescription, RefillRequest, ShipmentStatus
from pharmacy.receivers import note_new_prescriptions
from pharmacy.tests.helpers import (
    checked_in,
    delivered,
    doses_taken,
    filled,
    good_fill_details,
    shipped,
    signed_prescription,
)
from tests.personas import client_for

QUEUE = reverse("pharmacy:queue")
DISPENSING = reverse("pharmacy:dispensing")
ORDERS = reverse("pharmacy:orders")


@pytest.fixture
def prescription(db: Any, clinician_fl: Any) -> Prescription:
    return signed_prescription(clinician_fl)


@pytest.fixture
def fill(prescription: Prescription) -> Fill:
    return actions.do_queue_original_fill(prescription)


def order_urls(fill: Fill) -> dict[str, str]:
    return {
        name: reverse(f"pharmacy:{name}", args=[fill.public_id])
        for name in ("order", "verify", "fill", "ship", "event", "label")
    }


def test_the_queue_shows_new_prescriptions_oldest_first_and_links_from_home(
    prescription: Prescription, pharmacist: Any
) -> None:
    client = client_for(pharmacist)
    page = client.get(QUEUE)
    assert page.status_code == 200
    assert prescription.patient.legal_name in page.content.decode()
    assert QUEUE in client.get(reverse("accounts:home")).content.decode()


def test_the_queue_takes_a_constant_number_of_queries(
    db: Any, clinician_fl: Any, clinician_nj: Any, pharmacist: Any
) -> None:
    client = client_for(pharmacist)
    florida = signed_prescription(clinician_fl)
    client.get(QUEUE)
    with CaptureQueriesContext(connection) as few:
        client.get(QUEUE)
    actions.do_queue_original_fill(florida)
    signed_prescription(clinician_nj, email="sean@example.com", state="NJ")
    with CaptureQueriesContext(connection) as many:
        page = client.get(QUEUE)
    assert page.content.decode().count("<tr>") == 3
    assert len(many) == len(few)


def test_a_started_prescription_is_no_longer_new(
    prescription: Prescription, pharmacist: Any
) -> None:
    assert NewPrescription.objects.filter(prescription=prescription).exists()
    actions.do_queue_original_fill(prescription)
    assert not NewPrescription.objects.filter(prescription=prescription).exists()
    body = client_for(pharmacist).get(QUEUE).content.decode()
    assert "New prescription" not in body
    assert "Original: waiting to be verified" in body


def test_a_prescription_with_a_fill_written_some_other_way_is_not_new(
    prescription: Prescription, pharmacist: Any
) -> None:
    Fill.objects.create(prescription=prescription, kind="original")
    assert "New prescription" not in client_for(pharmacist).get(QUEUE).content.decode()


def test_a_cancelled_prescription_is_not_new(prescription: Prescription, pharmacist: Any) -> None:
    Prescription.objects.filter(pk=prescription.pk).update(status=PrescriptionStatus.CANCELLED)
    assert "Nothing is waiting." in client_for(pharmacist).get(QUEUE).content.decode()


def test_prescriptions_written_in_bulk_are_noted_as_new(
    prescription: Prescription, pharmacist: Any
) -> None:
    NewPrescription.objects.all().delete()
    assert "Nothing is waiting." in client_for(pharmacist).get(QUEUE).content.decode()
    assert note_new_prescriptions() == 1
    assert note_new_prescriptions() == 0, "noted once"
    assert "New prescription" in client_for(pharmacist).get(QUEUE).content.decode()


def test_the_queue_shows_the_oldest_of_each_kind_and_says_more_wait(
    db: Any, clinician_fl: Any, pharmacist: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(records, "MOST_PER_KIND", 2)
    first = signed_prescription(clinician_fl)
    # Two more prescriptions like it, signed a minute and two minutes later.
    same = {
        f.attname: getattr(first, f.attname)
        for f in Prescription._meta.concrete_fields
        if f.name not in ("id", "public_id", "issued_at")
    }
    for minutes in (1, 2):
        Prescription.objects.create(
            **same, issued_at=first.issued_at + dt.timedelta(minutes=minutes)
        )
    body = client_for(pharmacist).get(QUEUE).content.decode()
    assert body.count("New prescription") == 2
    assert "More are waiting: the 2 new prescriptions and the 2 orders" in body
    actions.do_queue_original_fill(first)
    body = client_for(pharmacist).get(QUEUE).content.decode()
    assert body.count("New prescription") == 2
    assert "More are waiting" not in body


def test_a_pharmacist_starts_verifies_fills_prints_and_ships(
    prescription: Prescription, pharmacist: Any
) -> None:
    client = client_for(pharmacist)
    started = client.post(reverse("pharmacy:start", args=[prescription.public_id]))
    fill = Fill.objects.get(prescription=prescription)
    urls = order_urls(fill)
    assert started["Location"] == urls["order"]
    page = client.get(urls["order"]).content.decode()
    assert "DEA" in page and "2100 South Bayshore Drive" in page
    client.post(urls["verify"])
    details = good_fill_details()
    too_many = client.post(urls["fill"], {**details, "quantity": 30})
    assert too_many.status_code == 400
    assert "more than prescribed (24)" in too_many.content.decode()
    assert client.post(urls["fill"], details).status_code == 302
    label = client.get(urls["label"]).content.decode()
    assert prescription.directions in label
    assert "style=" not in label and "<style" not in label
    assert "pharmacy/label.css" in label
    assert (
        client.post(urls["ship"], {"carrier_name": "UPS", "tracking_number": "1Z999AA1012"})[
            "Location"
        ]
        == urls["order"]
    )
    fill.refresh_from_db()
    assert fill.status == FillStatus.SHIPPED
    client.post(urls["event"], {"kind": "delivered", "signed_by": "Rosa Delgado"})
    assert fill.shipment.__class__.objects.get(fill=fill).status == ShipmentStatus.DELIVERED
    assert AuditEvent.objects.filter(action="pharmacy.order_viewed", actor=pharmacist).exists()


def test_a_blocked_order_says_why(fill: Fill, pharmacist: Any, clinician_fl: Any) -> None:
    Patient.objects.filter(pk=fill.prescription.patient_id).update(address_line1="P.O. Box 9")
    DeaRegistration.objects.filter(clinician=clinician_fl).update(expires_on=timezone.localdate())
    client = client_for(pharmacist)
    page = client.get(order_urls(fill)["order"]).content.decode()
    assert "This order cannot go ahead" in page
    assert "PO box" in page and "DEA registration for FL is missing or expired" in page
    followed = client.post(order_urls(fill)["verify"], follow=True).content.decode()
    assert "PO box" in followed
    fill.refresh_from_db()
    assert fill.status == FillStatus.QUEUED


@pytest.mark.parametrize(
    "who", ["clinician_fl", "coordinator", "editor", "patient_fl", "admin_user"]
)
def test_no_one_but_a_pharmacist_opens_the_pharmacy_pages(
    fill: Fill, who: str, request: pytest.FixtureRequest
) -> None:
    client = client_for(request.getfixturevalue(who))
    prescription = fill.prescription
    filled_fill = fill
    for url in [QUEUE, *order_urls(filled_fill).values()]:
        assert client.get(url).status_code in (403, 405), url
        assert client.post(url).status_code == 403, url
    assert client.post(reverse("pharmacy:start", args=[prescription.public_id])).status_code == 403
    # The administrator opens the dispensing record (after a fresh sign-in); no one else.
    assert client.get(DISPENSING).status_code == (302 if who == "admin_user" else 403)
    fill.refresh_from_db()
    assert fill.status == FillStatus.QUEUED


def test_a_visitor_is_sent_to_sign_in(fill: Fill, visitor: Any) -> None:
    for url in [QUEUE, DISPENSING, ORDERS, *order_urls(fill).values()]:
        assert visitor.get(url).status_code == 302


def test_a_pharmacist_never_sees_consult_notes_or_messages(
    prescription: Prescription, pharmacist: Any
) -> None:
    patient = prescription.patient
    thread = do_start_thread(
        patient, by=patient.user, subject="A question", topic="clinical", body="private words"
    )
    consult = patient.consults.get()
    client = client_for(pharmacist)
    assert client.get(reverse("workspace:chart", args=[patient.public_id])).status_code == 403
    assert client.get(reverse("care:note", args=[consult.public_id])).status_code in (403, 404)
    assert client.get(reverse("patients:thread", args=[thread.public_id])).status_code in (
        403,
        404,
    )
    fill = actions.do_queue_original_fill(prescription)
    page = client.get(order_urls(fill)["order"]).content.decode()
    assert "Burning pain" not in page and "private words" not in page
    assert "CRPS type I" not in page


def test_the_dispensing_record_needs_a_fresh_sign_in_and_lists_the_month(
    fill: Fill, pharmacist: Any, password: str
) -> None:
    filled(fill, pharmacist)
    client = client_for(pharmacist)
    month = timezone.localdate().strftime("%Y-%m")
    url = f"{DISPENSING}?month={month}"
    response = client.get(url)
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate") + f"?next={url}", {"password": password})
    csv = client.get(url)
    assert csv["Content-Type"] == "text/csv"
    lines = csv.content.decode().splitlines()
    assert lines[0].startswith("patient_id,patient_name")
    assert len(lines) == 2 and "KX-2611-07" in lines[1] and pharmacist.email in lines[1]


def test_the_patient_sees_orders_and_tracking_and_asks_for_a_refill(
    fill: Fill, pharmacist: Any
) -> None:
    shipment = shipped(fill, pharmacist)
    patient = fill.prescription.patient
    client = client_for(patient.user)
    page = client.get(ORDERS).content.decode()
    assert shipment.tracking_number in page and "Shipped" in page
    asked = client.post(
        reverse("pharmacy:ask_for_refill", args=[fill.prescription.public_id]), follow=True
    )
    assert "Please complete a check-in first" in asked.content.decode()
    assert RefillRequest.objects.get().status == "refused"


def test_a_patient_cannot_ask_for_anothers_refill(
    fill: Fill, patient_fl: Any, pharmacist: Any
) -> None:
    client = client_for(patient_fl)
    url = reverse("pharmacy:ask_for_refill", args=[fill.prescription.public_id])
    assert client.post(url).status_code in (302, 404)
    assert not RefillRequest.objects.exists()


@pytest.fixture
def awaiting(fill: Fill, pharmacist: Any) -> RefillRequest:
    """Half the first fill taken and a check-in done: the request waits, flagged early."""
    delivered(fill, pharmacist)
    doses_taken(fill, 12)
    patient = fill.prescription.patient
    checked_in(patient)
    asked = actions.do_request_refill(patient, by=patient.user)
    assert asked.request is not None
    return asked.request


def test_the_clinician_sees_the_flagged_request_and_approves_after_a_fresh_sign_in(
    awaiting: RefillRequest, clinician_fl: Any, pharmacist: Any, password: str
) -> None:
    client = client_for(clinician_fl)
    listing = client.get(reverse("pharmacy:refills")).content.decode()
    assert awaiting.prescription.patient.legal_name in listing and "early" in listing
    url = reverse("pharmacy:refill_request", args=[awaiting.public_id])
    approve = reverse("pharmacy:approve_refill", args=[awaiting.public_id])
    assert client.get(url)["Location"].startswith(reverse("account_reauthenticate"))
    assert client.post(approve)["Location"].startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": password})
    assert "Early: less than three quarters" in client.get(url).content.decode()
    assert client.post(approve)["Location"] == reverse("pharmacy:refills")
    refill_fill = Fill.objects.get(refill_request=awaiting)
    assert refill_fill.status == FillStatus.QUEUED
    queue = client_for(pharmacist).get(QUEUE).content.decode()
    assert reverse("pharmacy:order", args=[refill_fill.public_id]) in queue


def test_the_clinician_declines_with_a_reason_the_patient_reads(
    awaiting: RefillRequest, clinician_fl: Any, password: str
) -> None:
    client = client_for(clinician_fl)
    client.post(reverse("account_reauthenticate"), {"password": password})
    url = reverse("pharmacy:refill_request", args=[awaiting.public_id])
    assert client.post(url, {"reason": ""}).status_code == 400
    client.post(url, {"reason": "Let us talk at your visit first."})
    awaiting.refresh_from_db()
    assert awaiting.status == "declined"
    orders = client_for(awaiting.prescription.patient.user).get(ORDERS).content.decode()
    assert "Let us talk at your visit first." in orders


@pytest.mark.parametrize("who", ["clinician_nj", "pharmacist", "coordinator", "patient_fl"])
def test_only_a_clinician_licensed_in_the_state_decides_a_refill(
    awaiting: RefillRequest, who: str, request: pytest.FixtureRequest, password: str
) -> None:
    client = client_for(request.getfixturevalue(who))
    client.post(reverse("account_reauthenticate"), {"password": password})
    page = reverse("pharmacy:refill_request", args=[awaiting.public_id])
    assert client.get(page).status_code in (403, 404)
    assert client.post(page, {"reason": "No."}).status_code in (403, 404)
    assert client.post(
        reverse("pharmacy:approve_refill", args=[awaiting.public_id])
    ).status_code in (403, 404)
    awaiting.refresh_from_db()
    assert awaiting.status == "awaiting_clinician"
    if who == "clinician_nj":
        listing = client.get(reverse("pharmacy:refills")).content.decode()
        assert awaiting.prescription.patient.legal_name not in listing


def test_a_refill_held_by_a_missed_check_in_says_so_in_plain_words(
    fill: Fill, pharmacist: Any
) -> None:
    from journal.actions import do_complete_check_in, patient_today
    from journal.models import CheckIn
    from questionnaires.instruments import InstrumentCode

    delivered(fill, pharmacist)
    doses_taken(fill, 12)
    patient = fill.prescription.patient
    do_complete_check_in(
        patient,
        by=patient.user,
        instrument=InstrumentCode.PHQ9,
        responses={f"phq9_{n}": 1 for n in range(1, 9)} | {"phq9_9": 0},
    )
    CheckIn.objects.create(
        patient=patient,
        instrument=InstrumentCode.GAD7,
        due_on=patient_today(patient) - dt.timedelta(days=3),
    )
    client = client_for(patient.user)
    asked = client.post(
        reverse("pharmacy:ask_for_refill", args=[fill.prescription.public_id]), follow=True
    )
    page = asked.content.decode()
    assert "A check-in you were due to complete is overdue, so refills are on hold." in page
    assert page.count("refills are on hold") == 2  # the message, and the request's reasons
    assert "GAD" not in page


def test_the_refill_page_shows_what_is_still_open_beside_the_request(
    db: Any, clinician_fl: Any, password: str
) -> None:
    from care.tests.course import bladder_flag, refill_awaiting, treated

    patient = treated(clinician_fl)
    refill = refill_awaiting(patient)
    bladder_flag(patient)
    client = client_for(clinician_fl)
    client.post(reverse("account_reauthenticate"), {"password": password})
    page = client.get(reverse("pharmacy:refill_request", args=[refill.public_id])).content.decode()
    assert "Bladder symptoms after a session" in page
    assert f"/care/patients/{patient.public_id}/" in page
