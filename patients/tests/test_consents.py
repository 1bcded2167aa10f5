"""Consents: versioned documents in our own words, signed with typed name, time, IP
and the document's hash; a changed document must be signed again."""

from typing import Any

import pytest
from django.urls import reverse

from care.consults import check_can_book
from patients.actions import PatientRuleError, do_publish_consent_document, do_sign_consent
from patients.consents import (
    REQUIRED_KINDS,
    consents_complete,
    current_documents,
    unsigned_documents,
)
from patients.models import Consent, ConsentDocument, Patient
from patients.tests.helpers import fill_profile, join, sign_consents
from tests.personas import client_for
from workspace.joining import next_steps


@pytest.fixture
def patient(db: Any) -> Patient:
    return fill_profile(join())


def test_the_four_documents_ship_with_the_code(db: Any) -> None:
    documents = current_documents()
    assert set(documents) == set(REQUIRED_KINDS)
    telehealth = documents["telehealth"].body
    assert "ask to see a physician" in telehealth
    assert "copy of your record to your own doctor" in telehealth
    ketamine = documents["ketamine"].body
    for words in ("dissociation", "blood pressure", "bladder", "habit-forming", "not approved"):
        assert words in ketamine
    agreement = documents["controlled_substance"].body
    for words in ("never sell, give, lend or share", "locked box", "not drive", "take-back"):
        assert words in agreement


def test_signing_records_name_time_address_and_hash(patient: Patient) -> None:
    document = current_documents()["telehealth"]
    url = reverse("patients:consent_sign", args=["telehealth"])
    client = client_for(patient.user)
    assert document.title in client.get(url).content.decode()
    response = client.post(
        url,
        {"typed_name": "rosa  delgado", "agree": "on", "document_sha256": document.sha256},
        REMOTE_ADDR="198.51.100.7",
    )
    assert response.status_code == 302
    consent = Consent.objects.get(patient=patient)
    assert consent.document == document
    assert consent.document_sha256 == document.sha256
    assert consent.typed_name == "rosa delgado"
    assert consent.ip == "198.51.100.7"
    assert consent.signed_at is not None
    assert patient.timeline.filter(kind="patient.consent_signed").exists()


def test_the_typed_name_must_be_the_legal_name(patient: Patient) -> None:
    document = current_documents()["privacy"]
    response = client_for(patient.user).post(
        reverse("patients:consent_sign", args=["privacy"]),
        {"typed_name": "R D", "agree": "on", "document_sha256": document.sha256},
    )
    assert response.status_code == 400
    assert "Rosa Delgado" in " ".join(response.context["form"].errors["typed_name"])
    assert response.context["form"]["typed_name"].value() == "R D"
    assert not Consent.objects.exists()


def test_the_box_must_be_ticked(patient: Patient) -> None:
    document = current_documents()["privacy"]
    response = client_for(patient.user).post(
        reverse("patients:consent_sign", args=["privacy"]),
        {"typed_name": "Rosa Delgado", "document_sha256": document.sha256},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["agree"]


def test_a_document_changed_while_reading_is_not_signed(patient: Patient) -> None:
    old = current_documents()["telehealth"]
    new = do_publish_consent_document("telehealth", title=old.title, body=old.body + "\n\nMore.")
    response = client_for(patient.user).post(
        reverse("patients:consent_sign", args=["telehealth"]),
        {"typed_name": "Rosa Delgado", "agree": "on", "document_sha256": old.sha256},
    )
    assert response.status_code == 400
    assert "updated while you were reading" in response.content.decode()
    assert new.sha256 in response.content.decode(), "the new version is offered to sign"
    assert not Consent.objects.exists()


def test_a_changed_document_forces_re_signing(patient: Patient) -> None:
    sign_consents(patient)
    assert consents_complete(patient)
    old = current_documents()["ketamine"]
    new = do_publish_consent_document(
        "ketamine", title=old.title, body=old.body + "\n\nA new paragraph about a new risk."
    )
    assert new.version == old.version + 1
    assert [document.kind for document in unsigned_documents(patient)] == ["ketamine"]
    assert not consents_complete(patient)
    assert "consents" in [blocker.key for blocker in check_can_book(patient)]
    step = next(step for step in next_steps(patient) if step.key == "consents")
    assert step.state == "attention"
    assert "sign the new version" in step.detail

    do_sign_consent(
        patient, new, by=patient.user, typed_name="Rosa Delgado", shown_sha256=new.sha256
    )
    assert consents_complete(patient)
    assert Consent.objects.filter(patient=patient, document=old).exists(), "the old one is kept"


def test_an_unchanged_text_is_not_republished(db: Any) -> None:
    document = current_documents()["privacy"]
    again = do_publish_consent_document("privacy", title=document.title, body=document.body)
    assert again.pk == document.pk
    assert ConsentDocument.objects.filter(kind="privacy", language="en").count() == 1


def test_signing_needs_a_complete_profile(db: Any) -> None:
    patient = join()
    document = current_documents()["privacy"]
    with pytest.raises(PatientRuleError):
        do_sign_consent(
            patient, document, by=patient.user, typed_name="", shown_sha256=document.sha256
        )


def test_signing_twice_keeps_one_signature(patient: Patient) -> None:
    sign_consents(patient)
    sign_consents(patient)
    assert Consent.objects.filter(patient=patient).count() == len(REQUIRED_KINDS)


def test_an_unknown_document_is_a_404(patient: Patient) -> None:
    response = client_for(patient.user).get(reverse("patients:consent_sign", args=["nonsense"]))
    assert response.status_code == 404
