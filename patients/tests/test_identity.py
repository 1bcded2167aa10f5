"""The photo ID: kept in private storage, opened only by its patient and coordinators,
verified by a coordinator or asked for again."""

from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from audit.models import AuditEvent
from patients.models import IdentityDocument, Patient
from patients.tests.helpers import fill_profile, id_upload, join, tiny_png, upload_id
from tests.personas import client_for

IDENTITY = reverse("patients:identity")


@pytest.fixture
def patient(db: Any) -> Patient:
    return fill_profile(join())


def file_url(document: IdentityDocument) -> str:
    return reverse("patients:identity_file", args=[document.public_id])


def test_an_upload_is_stored_privately_under_a_random_name(
    patient: Patient, private_storage: Path
) -> None:
    response = client_for(patient.user).post(IDENTITY, {"document": id_upload("Rosa ID.png")})
    assert response.status_code == 302
    document = IdentityDocument.objects.get(patient=patient)
    assert document.content_type == "image/png"
    assert document.status == "submitted"
    name = str(document.file.name)
    assert (private_storage / name).read_bytes() == tiny_png()
    assert "Rosa" not in name
    assert name.startswith("identity/")
    with pytest.raises(ValueError, match="not accessible via a URL"):
        document.file.url  # noqa: B018 — the storage has no public address


def test_the_file_is_not_reachable_by_any_public_address(patient: Patient, client: Any) -> None:
    document = upload_id(patient)
    for path in (
        f"/{document.file.name}",
        f"/media/{document.file.name}",
        f"/static/{document.file.name}",
        f"/private/{document.file.name}",
        f"/var/private/{document.file.name}",
    ):
        assert client_for(patient.user).get(path).status_code == 404


def test_the_patient_and_coordinators_open_it(patient: Patient, coordinator: Any) -> None:
    document = upload_id(patient)
    for user in (patient.user, coordinator):
        response: Any = client_for(user).get(file_url(document))
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == tiny_png()
        assert response["Content-Type"] == "image/png"
        assert response["Cache-Control"] == "private, no-store"
    assert AuditEvent.objects.filter(
        action="patient.identity_document_opened", actor=coordinator, patient=patient
    ).exists()


@pytest.mark.parametrize(
    "persona",
    [
        "patient_fl",
        "patient_nj",
        "clinician_fl",
        "clinician_nj",
        "pharmacist",
        "editor",
        "admin_user",
    ],
)
def test_no_one_else_opens_it(request: Any, patient: Patient, persona: str) -> None:
    document = upload_id(patient)
    user = request.getfixturevalue(persona)
    response = client_for(user).get(file_url(document))
    assert response.status_code == 404
    assert AuditEvent.objects.filter(
        action="patient.access_refused", actor=user, patient=patient
    ).exists()


def test_a_visitor_is_sent_to_sign_in(patient: Patient, visitor: Any) -> None:
    document = upload_id(patient)
    response = visitor.get(file_url(document))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.txt", b"hello, this is not a picture of anything at all" * 5, "Upload a photo"),
        ("fake.png", b"MZ\x90\x00" + b"\x00" * 200, "Upload a photo"),
        ("tiny.png", b"\x89PNG\r\n\x1a\n", "too small"),
    ],
)
def test_a_file_that_is_not_an_id_photo_is_refused(
    patient: Patient, name: str, content: bytes, message: str
) -> None:
    response = client_for(patient.user).post(IDENTITY, {"document": id_upload(name, content)})
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors["document"])
    assert "data-error-summary" in response.content.decode()
    assert not IdentityDocument.objects.exists()


def test_nothing_chosen_says_so(patient: Patient) -> None:
    response = client_for(patient.user).post(IDENTITY, {})
    assert response.status_code == 400
    assert response.context["form"].errors["document"] == ["Choose a photo of your ID to upload."]


def test_a_coordinator_verifies_it(patient: Patient, coordinator: Any) -> None:
    document = upload_id(patient)
    client = client_for(coordinator)
    assert patient.display_name in client.get(reverse("patients:identity_queue")).content.decode()
    review = reverse("patients:identity_review", args=[document.public_id])
    assert client.get(review).status_code == 200
    assert client.post(review, {"decision": "verify"}).status_code == 302
    document.refresh_from_db()
    assert document.status == "verified"
    assert document.reviewed_by == coordinator
    assert patient.timeline.filter(kind="patient.id_verified").exists()


def test_a_coordinator_asks_again_and_the_patient_is_told_why(
    patient: Patient, coordinator: Any
) -> None:
    document = upload_id(patient)
    review = reverse("patients:identity_review", args=[document.public_id])
    response = client_for(coordinator).post(review, {"decision": "ask_again"})
    assert response.status_code == 400, "a reason is required"
    reason = "The photo is blurred or too dark to read."
    client_for(coordinator).post(review, {"decision": "ask_again", "reason": reason})
    document.refresh_from_db()
    assert document.status == "asked_again"
    page = client_for(patient.user).get(IDENTITY).content.decode()
    assert reason in page
    email = mail.outbox[-1]
    assert email.to == [patient.user.email]
    assert "upload your photo ID again" in email.subject
    assert "ketamine" not in email.body.lower()


@pytest.mark.parametrize("persona", ["clinician_fl", "pharmacist", "patient_fl"])
def test_only_coordinators_review_ids(request: Any, patient: Patient, persona: str) -> None:
    document = upload_id(patient)
    user = request.getfixturevalue(persona)
    client = client_for(user)
    assert client.get(reverse("patients:identity_queue")).status_code == 403
    review = reverse("patients:identity_review", args=[document.public_id])
    assert client.post(review, {"decision": "verify"}).status_code == 403
    document.refresh_from_db()
    assert document.status == "submitted"
