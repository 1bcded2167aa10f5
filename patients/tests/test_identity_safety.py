"""The photo ID cannot be used against the practice: one upload waits at a time, a PDF that
acts when opened is refused and no PDF opens inside the site, and a changed name or date
of birth sends a verified ID back to a coordinator, holding prescriptions and fills."""

import datetime as dt
import os
import zlib
from typing import Any

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from patients import actions
from patients.models import IdentityDocument, IdentityStatus, Patient
from patients.rules import pdf_has_active_content
from patients.tests.helpers import fill_profile, id_upload, join, upload_id
from tests.personas import client_for

PLAIN_PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n" + b"%" * 200 + b"\n%%EOF\n"
)


def pdf_with(catalogue: bytes) -> bytes:
    return (
        b"%PDF-1.7\n1 0 obj << /Type /Catalog "
        + catalogue
        + b" >> endobj\n"
        + b"%" * 200
        + b"\n%%EOF\n"
    )


@pytest.fixture
def patient(db: Any) -> Patient:
    return fill_profile(join())


@pytest.mark.parametrize(
    "pdf",
    [
        pdf_with(b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>"),
        pdf_with(b"/Op#65nAction 3 0 R"),
        pdf_with(b"/AA << /O 4 0 R >>"),
        pdf_with(b"/Names << /EmbeddedFiles 5 0 R >>"),
        b"%PDF-1.7\n4 0 obj << /Type /ObjStm /Filter /FlateDecode >>\nstream\n"
        + zlib.compress(b"<< /Type /Catalog /OpenAction 9 0 R >>")
        + b"\nendstream\nendobj\n"
        + b"%" * 200,
    ],
)
def test_a_pdf_that_acts_when_opened_is_found(pdf: bytes) -> None:
    assert pdf_has_active_content(pdf)


def test_a_plain_pdf_is_not_flagged() -> None:
    assert not pdf_has_active_content(PLAIN_PDF)
    assert not pdf_has_active_content(pdf_with(b"/Pages 2 0 R /AAPL 1"))


def test_an_active_pdf_upload_is_refused_in_plain_words(patient: Patient) -> None:
    bad = id_upload("id.pdf", pdf_with(b"/OpenAction << /S /JavaScript /JS (x) >>"))
    with pytest.raises(actions.PatientRuleError, match="scripts, links or actions"):
        actions.do_upload_id(patient, bad, by=patient.user)
    assert not IdentityDocument.objects.exists()


def test_a_plain_pdf_is_downloaded_sandboxed_not_opened_in_the_site(
    patient: Patient, coordinator: Any
) -> None:
    document = actions.do_upload_id(patient, id_upload("id.pdf", PLAIN_PDF), by=patient.user)
    url = reverse("patients:identity_file", args=[document.public_id])
    response = client_for(coordinator).get(url)
    assert response["Content-Disposition"].startswith("attachment;")
    assert "sandbox" in response["Content-Security-Policy"]


def test_a_new_upload_replaces_the_one_waiting_and_its_file(patient: Patient) -> None:
    first = upload_id(patient)
    path = first.file.path
    second = upload_id(patient)
    assert list(IdentityDocument.objects.all()) == [second]
    assert not os.path.exists(path)
    assert AuditEvent.objects.filter(action="patient.id_replaced").count() == 1


def test_a_verified_id_is_not_replaced(patient: Patient, coordinator: Any) -> None:
    actions.do_verify_id(upload_id(patient), by=coordinator)
    with pytest.raises(actions.PatientRuleError, match="already verified"):
        upload_id(patient)


@pytest.mark.parametrize(
    "change",
    [
        {"legal_name": "Rosa M. Delgado"},
        {"date_of_birth": dt.date(1981, 5, 17)},
    ],
)
def test_a_changed_name_or_birth_date_sends_the_id_back_to_review(
    patient: Patient, coordinator: Any, change: dict[str, Any]
) -> None:
    document = actions.do_verify_id(upload_id(patient), by=coordinator)
    fill_profile(patient, **change, date_of_birth_differs=True)
    document.refresh_from_db()
    assert document.status == IdentityStatus.SUBMITTED and document.reviewed_by is None
    assert AuditEvent.objects.filter(action="patient.id_back_to_review").exists()
    waiting = client_for(coordinator).get(reverse("patients:identity_queue")).content.decode()
    assert patient.legal_name in waiting


def test_other_profile_changes_leave_the_id_verified(patient: Patient, coordinator: Any) -> None:
    document = actions.do_verify_id(upload_id(patient), by=coordinator)
    fill_profile(patient, phone="+13055550199")
    document.refresh_from_db()
    assert document.status == IdentityStatus.VERIFIED
