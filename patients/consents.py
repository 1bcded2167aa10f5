"""Consent documents: which version is current, and which a patient still has to sign.

The texts ship with the code (patients/consent_texts/<kind>.md); when a text changes,
`publish_shipped_documents` (run after every migrate) publishes it as a new version,
and every patient is asked to sign that version before the next step that needs it.
"""

from pathlib import Path

from django.db.models import Max

from patients.models import Consent, ConsentDocument, ConsentKind, Patient
from patients.text import split_title

TEXT_DIR = Path(__file__).resolve().parent / "consent_texts"

# Every kind must be signed in its current version before a consult is booked.
REQUIRED_KINDS: tuple[ConsentKind, ...] = tuple(ConsentKind)


def shipped_text(kind: str) -> tuple[str, str]:
    return split_title((TEXT_DIR / f"{kind}.md").read_text(encoding="utf-8"))


def current_documents() -> dict[str, ConsentDocument]:
    """The newest version of each kind of document, by kind."""
    newest = ConsentDocument.objects.values("kind").annotate(latest=Max("version"))
    wanted = {row["kind"]: row["latest"] for row in newest}
    documents = ConsentDocument.objects.filter(kind__in=wanted)
    return {
        document.kind: document
        for document in documents
        if wanted[document.kind] == document.version
    }


def current_document(kind: str) -> ConsentDocument | None:
    return ConsentDocument.objects.filter(kind=kind).order_by("-version").first()


def signed_document_ids(patient: Patient) -> set[int]:
    return set(Consent.objects.filter(patient=patient).values_list("document_id", flat=True))


def unsigned_documents(patient: Patient) -> list[ConsentDocument]:
    """Current documents the patient has not signed (a newer version counts as unsigned)."""
    current = current_documents()
    signed = signed_document_ids(patient)
    return [
        current[kind]
        for kind in REQUIRED_KINDS
        if kind in current and current[kind].pk not in signed
    ]


def consents_complete(patient: Patient) -> bool:
    current = current_documents()
    if any(kind not in current for kind in REQUIRED_KINDS):
        return False
    return not unsigned_documents(patient)


def has_signed_an_older_version(patient: Patient, kind: str) -> bool:
    return Consent.objects.filter(patient=patient, document__kind=kind).exists()
