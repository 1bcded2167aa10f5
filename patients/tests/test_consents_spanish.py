"""Consents in Spanish: each document has its own Spanish versions, a patient who reads
Spanish signs the Spanish one, and the record (the patient's pages, the chart, the export)
says which language and version was signed."""

import re
from typing import Any, cast

import pytest
from django.urls import reverse
from django.utils import translation

from patients.actions import do_publish_consent_document, do_sign_consent
from patients.consents import (
    REQUIRED_KINDS,
    TEXT_DIR,
    TRANSLATED_FROM,
    consents_complete,
    current_document,
    current_documents,
    shipped_text,
    unsigned_documents,
)
from patients.models import Consent, ConsentDocument, Patient
from patients.tests.helpers import fill_profile, join
from records.mapping import build_consent, build_consent_text
from tests.personas import client_for, make


@pytest.fixture
def patient(db: Any) -> Patient:
    return fill_profile(join())


@pytest.fixture
def reads_spanish(patient: Patient) -> Patient:
    patient.user.language = "es"
    patient.user.save(update_fields=["language"])
    return patient


def sign_url(kind: str, language: str) -> str:
    with translation.override(language):
        return reverse("patients:consent_sign", args=[kind])


def consents_url(language: str) -> str:
    with translation.override(language):
        return reverse("patients:consents")


def sign_on_the_page(patient: Patient, kind: str, language: str) -> Consent:
    client = client_for(patient.user)
    url = sign_url(kind, language)
    shown = client.get(url)
    assert shown.status_code == 200
    document = shown.context["document"]
    response = client.post(
        url,
        {"typed_name": "Rosa Delgado", "agree": "on", "document_sha256": document.sha256},
    )
    assert response.status_code == 302, response.content.decode()
    return Consent.objects.get(patient=patient, document__kind=kind)


# The texts ------------------------------------------------------------------------------


def test_every_document_ships_in_spanish_as_its_own_version_1(db: Any) -> None:
    spanish = current_documents("es")
    assert set(spanish) == set(REQUIRED_KINDS)
    for kind, document in spanish.items():
        english = current_document(kind)
        assert english is not None
        assert document.language == "es"
        assert document.version == 1
        assert document.pk != english.pk
        assert document.translates_sha256 == english.sha256
    assert ConsentDocument.objects.filter(language="es").count() == len(REQUIRED_KINDS)


@pytest.mark.parametrize("kind", [str(kind) for kind in REQUIRED_KINDS])
def test_each_translation_says_the_same_as_the_english_text_shipped(kind: str) -> None:
    """An English text changed: bring consent_texts/es/ up to date, then renew the hash in
    patients.consents.TRANSLATED_FROM."""
    title, body = shipped_text(kind)
    assert TRANSLATED_FROM["es"][kind] == ConsentDocument.hash_text(title, body), (
        f"consent_texts/{kind}.md changed: update consent_texts/es/{kind}.md and its hash"
    )


@pytest.mark.parametrize("kind", [str(kind) for kind in REQUIRED_KINDS])
def test_each_translation_keeps_every_section_and_point(kind: str) -> None:
    english = (TEXT_DIR / f"{kind}.md").read_text(encoding="utf-8")
    spanish = (TEXT_DIR / "es" / f"{kind}.md").read_text(encoding="utf-8")
    for pattern in (r"^## ", r"^- ", r"\*\*"):
        assert len(re.findall(pattern, spanish, re.MULTILINE)) == len(
            re.findall(pattern, english, re.MULTILINE)
        ), pattern


def test_the_spanish_texts_keep_the_obligations_and_risks(db: Any) -> None:
    spanish = {kind: document.body for kind, document in current_documents("es").items()}
    for words in ("pedir en cualquier momento que lo atienda un médico", "911", "988"):
        assert words in spanish["telehealth"]
    assert "oprima 2 para español" in spanish["telehealth"]
    for words in (
        "no está aprobada",
        "disociación",
        "presión arterial",
        "vejiga",
        "puede crear hábito",
        "respiración lenta",
        "acompañante de tratamiento",
    ):
        assert words in spanish["ketamine"]
    for words in (
        "Nunca lo venderé, regalaré, prestaré ni compartiré",
        "con llave",
        "No manejaré",
        "18 años o más",
        "programa estatal de vigilancia de recetas",
        "resurtidos",
    ):
        assert words in spanish["controlled_substance"]
    assert "No vendemos su información" in spanish["privacy"]


# Signing ---------------------------------------------------------------------------------


def test_a_patient_reading_spanish_is_shown_the_spanish_document(reads_spanish: Patient) -> None:
    response = client_for(reads_spanish.user).get(sign_url("ketamine", "es"))
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="es"' in page
    assert '<article class="consent-document" lang="es">' in page
    assert "Consentimiento informado para el tratamiento con ketamina en casa" in page
    assert "no está aprobada por la Administración de Alimentos y" in page
    assert response.context["document"].language == "es"


def test_signing_in_spanish_records_the_spanish_version(reads_spanish: Patient) -> None:
    consent = sign_on_the_page(reads_spanish, "telehealth", "es")
    spanish = current_document("telehealth", "es")
    assert spanish is not None and spanish.language == "es"
    assert consent.document == spanish
    assert consent.document_sha256 == spanish.sha256
    step = reads_spanish.timeline.get(kind="patient.consent_signed")
    assert "Spanish version 1" in step.summary


def test_signing_every_document_in_spanish_completes_the_consents(
    reads_spanish: Patient,
) -> None:
    assert [d.language for d in unsigned_documents(reads_spanish)] == ["es"] * 4
    for kind in REQUIRED_KINDS:
        sign_on_the_page(reads_spanish, kind, "es")
    assert consents_complete(reads_spanish)
    assert not unsigned_documents(reads_spanish)
    assert set(Consent.objects.values_list("document__language", flat=True)) == {"es"}


def test_one_language_signed_is_enough(patient: Patient) -> None:
    english = current_document("privacy")
    spanish = current_document("privacy", "es")
    assert english is not None and spanish is not None
    do_sign_consent(
        patient, spanish, by=patient.user, typed_name="Rosa Delgado", shown_sha256=spanish.sha256
    )
    assert "privacy" not in [d.kind for d in unsigned_documents(patient)]
    # On the English page the patient sees what they signed, and in which language.
    response = client_for(patient.user).get(sign_url("privacy", "en"))
    page = response.content.decode()
    assert "You signed this version" in page
    assert "Signed in Spanish, version 1." in page


def test_the_english_flow_is_unchanged(patient: Patient) -> None:
    response = client_for(patient.user).get(sign_url("telehealth", "en"))
    page = response.content.decode()
    assert '<html lang="en"' in page
    assert "Consent to telehealth care" in page
    assert "Consentimiento" not in page
    consent = sign_on_the_page(patient, "telehealth", "en")
    assert consent.document == current_document("telehealth")
    assert consent.document.language == "en"
    step = patient.timeline.get(kind="patient.consent_signed")
    assert (
        step.summary == f"Signed: Consent to telehealth care (version {consent.document.version})"
    )


def test_a_stale_translation_is_never_offered(reads_spanish: Patient) -> None:
    old_spanish = current_document("ketamine", "es")
    english = current_document("ketamine")
    assert old_spanish is not None and english is not None
    do_sign_consent(
        reads_spanish,
        old_spanish,
        by=reads_spanish.user,
        typed_name="Rosa Delgado",
        shown_sha256=old_spanish.sha256,
    )
    new_english = do_publish_consent_document(
        "ketamine", title=english.title, body=english.body + "\n\nA new risk."
    )
    # Until the translation catches up, the patient is asked to sign the English version.
    assert current_document("ketamine", "es") == new_english
    assert [d.pk for d in unsigned_documents(reads_spanish) if d.kind == "ketamine"] == [
        new_english.pk
    ]
    with pytest.raises(Exception, match="updated while you were reading"):
        do_sign_consent(
            reads_spanish,
            old_spanish,
            by=reads_spanish.user,
            typed_name="Rosa Delgado",
            shown_sha256=old_spanish.sha256,
        )
    new_spanish = do_publish_consent_document(
        "ketamine",
        title=old_spanish.title,
        body=old_spanish.body + "\n\nUn riesgo nuevo.",
        language="es",
        translates_sha256=new_english.sha256,
    )
    assert new_spanish.version == 2
    assert current_document("ketamine", "es") == new_spanish
    assert [d.pk for d in unsigned_documents(reads_spanish) if d.kind == "ketamine"] == [
        new_spanish.pk
    ]


# The record ------------------------------------------------------------------------------


def test_the_patient_sees_which_language_and_version_they_signed(reads_spanish: Patient) -> None:
    sign_on_the_page(reads_spanish, "privacy", "es")
    client = client_for(reads_spanish.user)
    spanish = client.get(consents_url("es")).content.decode()
    assert "Firmado en español, versión 1." in spanish
    reads_spanish.user.language = "en"  # else the plain address leads back to /es/
    reads_spanish.user.save(update_fields=["language"])
    english = client.get(consents_url("en")).content.decode()
    assert "Signed in Spanish, version 1." in english


def test_the_chart_shows_the_language_and_version_signed(
    reads_spanish: Patient, clinician_fl: Any
) -> None:
    sign_on_the_page(reads_spanish, "controlled_substance", "es")
    with translation.override("en"):  # staff pages are English (the signing left Spanish on)
        chart = reverse("workspace:chart", args=[reads_spanish.public_id])
    response = client_for(clinician_fl).get(chart)
    assert response.status_code == 200
    page = response.content.decode()
    assert (
        'Controlled-substance agreement, <span class="consent-language">Spanish</span> version 1'
    ) in page
    assert "Acuerdo sobre sustancias controladas" in page


def test_the_export_carries_the_language(reads_spanish: Patient, patient: Patient) -> None:
    consent = sign_on_the_page(reads_spanish, "privacy", "es")
    resource = build_consent(consent, cast(Any, None))
    assert resource["language"] == "es"
    text = build_consent_text(consent.document, cast(Any, None))
    assert text["language"] == "es"
    assert text["content"][0]["attachment"]["language"] == "es"
    assert text["description"] == "Acuse de recibo del aviso de privacidad, Spanish version 1"
    english = current_document("privacy")
    assert english is not None
    assert build_consent_text(english, cast(Any, None))["language"] == "en"


def test_the_admin_publishes_a_translation_of_the_current_english_version(db: Any) -> None:
    client = client_for(make("admin"))
    url = reverse("admin:patients_consentdocument_add")
    english = {"kind": "privacy", "title": "Privacy notice", "body": "We keep your data safe.\n"}
    assert client.post(url, english).status_code == 302, "left out, the language is English"
    new_english = current_document("privacy")
    assert new_english is not None and new_english.version == 2
    assert current_document("privacy", "es") == new_english, "the old translation is stale"
    spanish = {"kind": "privacy", "language": "es", "title": "Aviso", "body": "Cuidamos.\n"}
    assert client.post(url, spanish).status_code == 302
    new_spanish = current_document("privacy", "es")
    assert new_spanish is not None
    assert (new_spanish.language, new_spanish.version) == ("es", 2)
    assert new_spanish.translates_sha256 == new_english.sha256
