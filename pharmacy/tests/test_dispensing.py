"""One patient's dispensing record for a month, as CSV: for the pharmacist and the
administrator only, after a fresh sign-in, and every export audited."""

import uuid
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from patients.models import Patient
from pharmacy import actions
from pharmacy.tests.helpers import filled, signed_prescription
from tests.personas import client_for

MONTH = "?month={:%Y-%m}"


@pytest.fixture
def rosa(db: Any, clinician_fl: Any, clinician_nj: Any, pharmacist: Any) -> Patient:
    """Rosa's fill and another patient's, in the same month."""
    prescription = signed_prescription(clinician_fl)
    filled(actions.do_queue_original_fill(prescription), pharmacist)
    other = signed_prescription(clinician_nj, email="ana@example.com", state="NJ")
    filled(actions.do_queue_original_fill(other), pharmacist)
    return prescription.patient


def url(patient_id: Any) -> str:
    return reverse("pharmacy:patient_dispensing", args=[patient_id]) + MONTH.format(
        timezone.localdate()
    )


def fresh_client(user: Any, password: str, next_url: str) -> Client:
    client = client_for(user)
    client.post(reverse("account_reauthenticate") + f"?next={next_url}", {"password": password})
    return client


@pytest.mark.parametrize("who", ["pharmacist", "admin_user"])
def test_the_pharmacist_and_the_administrator_export_one_patients_month(
    rosa: Patient, who: str, password: str, request: pytest.FixtureRequest
) -> None:
    user = request.getfixturevalue(who)
    first = client_for(user).get(url(rosa.public_id))
    assert first["Location"].startswith(reverse("account_reauthenticate"))

    response = fresh_client(user, password, url(rosa.public_id)).get(url(rosa.public_id))
    assert response.status_code == 200 and response["Content-Type"] == "text/csv"
    assert str(rosa.public_id) in response["Content-Disposition"]
    header, *rows = response.content.decode().splitlines()
    assert header.startswith("patient_id,patient_name,date_of_birth,filled_at")
    assert len(rows) == 1
    assert rows[0].startswith(f"{rosa.public_id},{rosa.legal_name}")
    assert "KX-2611-07" in rows[0] and "ana@example.com" not in response.content.decode()
    assert AuditEvent.objects.filter(
        action="pharmacy.dispensing_exported", actor=user, patient=rosa
    ).exists()


def test_the_administrator_opens_the_monthly_record_too(
    rosa: Patient, admin_user: Any, password: str
) -> None:
    monthly = reverse("pharmacy:dispensing") + MONTH.format(timezone.localdate())
    response = fresh_client(admin_user, password, monthly).get(monthly)
    assert response.status_code == 200
    assert len(response.content.decode().splitlines()) == 3


def test_the_form_without_a_month_and_a_bad_month(
    rosa: Patient, pharmacist: Any, password: str
) -> None:
    bare = reverse("pharmacy:patient_dispensing", args=[rosa.public_id])
    client = fresh_client(pharmacist, password, bare)
    page = client.get(bare)
    assert page.status_code == 200 and "Download CSV" in page.content.decode()
    bad = client.get(bare + "?month=2026-13")
    assert bad.status_code == 400
    assert AuditEvent.objects.filter(action="pharmacy.dispensing_opened", patient=rosa).exists()


@pytest.mark.parametrize("who", ["clinician_fl", "coordinator", "editor"])
def test_other_staff_are_refused(rosa: Patient, who: str, request: pytest.FixtureRequest) -> None:
    response = client_for(request.getfixturevalue(who)).get(url(rosa.public_id))
    assert response.status_code == 403


def test_the_patient_is_refused_their_own_record_here(rosa: Patient) -> None:
    assert client_for(rosa.user).get(url(rosa.public_id)).status_code == 403


def test_a_visitor_is_sent_to_sign_in(rosa: Patient) -> None:
    response = Client().get(url(rosa.public_id))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_an_unknown_patient_is_not_found_and_the_refusal_recorded(
    rosa: Patient, pharmacist: Any, password: str
) -> None:
    missing = url(uuid.uuid4())
    response = fresh_client(pharmacist, password, missing).get(missing)
    assert response.status_code == 404
    assert AuditEvent.objects.filter(action="patient.access_refused", actor=pharmacist).exists()


def test_the_order_page_links_to_the_patients_record(rosa: Patient, pharmacist: Any) -> None:
    fill = rosa.prescriptions.get().fills.get()
    page = client_for(pharmacist).get(reverse("pharmacy:order", args=[fill.public_id]))
    assert reverse("pharmacy:patient_dispensing", args=[rosa.public_id]) in page.content.decode()
