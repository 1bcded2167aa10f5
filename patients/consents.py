"""Consent documents: which version is current, and which a patient still has to sign.

The texts ship with the code (patients/consent_texts/<kind>.md); when a text changes,
`publish_shipped_documents` (run after every migrate) publishes it as a new version,
and every patient is asked to sign that version before the next step that needs it.
"""

from pathlib import Path

from patients.models import Consent, ConsentDocument, ConsentKind, Patient
from patients.text import split_title

TEXT_DIR = Path(__file__).resolve().parent / "consent_texts"

ENGLISH = "en"

# Every kind must be signed in its current version before a consult is booked.
REQUIRED_KINDS: tuple[ConsentKind, ...] = tuple(ConsentKind)

# Each translation ships in consent_texts/<language>/<kind>.md, with the hash
# (ConsentDocument.hash_text) of the English text it says the same as. When an English text
# changes, this no longer matches: patients who read that language are shown the English
# version (never an out-of-date translation) and a test fails until the translation is
# brought up to date and its hash here renewed.
TRANSLATED_FROM: dict[str, dict[str, str]] = {
    "es": {
        "telehealth": "fbf6772199edaa6af8f0ca5c611a26dd27af378a380fb305a91b116f1dd0344b",
        "ketamine": "cb88f21577847e1bd57e10684dca8b8ef0aa92af5312f7478e396df450402ed6",
        "privacy": "12ca38600e2e96a7c08af4af32908467ec1f31becc3d853bd5980beecd581978",
        "controlled_substance": "1f51181c33a2d5433d01fd27638f28cad1485af8b2fe610d42296eefcc9a2efb",
    },
}


def shipped_text(kind: str, language: str = ENGLISH) -> tuple[str, str]:
    folder = TEXT_DIR if language == ENGLISH else TEXT_DIR / language
    return split_title((folder / f"{kind}.md").read_text(encoding="utf-8"))


def _newest_by_kind_and_language() -> dict[tuple[str, str], ConsentDocument]:
    newest: dict[tuple[str, str], ConsentDocument] = {}
    for document in ConsentDocument.objects.order_by("kind", "language", "-version"):
        newest.setdefault((document.kind, document.language), document)
    return newest


def _signable(
    newest: dict[tuple[str, str], ConsentDocument], kind: str
) -> dict[str, ConsentDocument]:
    """The documents of a kind a patient may sign now, by language: the newest English one,
    and the newest translation of each language that says the same as it."""
    english = newest.get((kind, ENGLISH))
    if english is None:
        return {}
    signable = {ENGLISH: english}
    for (each_kind, language), document in newest.items():
        if (
            each_kind == kind
            and language != ENGLISH
            and document.translates_sha256 == english.sha256
        ):
            signable[language] = document
    return signable


def signable_documents(kind: str) -> dict[str, ConsentDocument]:
    return _signable(_newest_by_kind_and_language(), kind)


def current_documents(language: str = ENGLISH) -> dict[str, ConsentDocument]:
    """The current version of each kind of document, by kind: in `language` where an
    up-to-date translation exists, else in English."""
    newest = _newest_by_kind_and_language()
    documents = {}
    for kind in ConsentKind.values:
        signable = _signable(newest, kind)
        if signable:
            documents[kind] = signable.get(language, signable[ENGLISH])
    return documents


def current_document(kind: str, language: str = ENGLISH) -> ConsentDocument | None:
    return current_documents(language).get(kind)


def signed_document_ids(patient: Patient) -> set[int]:
    return set(Consent.objects.filter(patient=patient).values_list("document_id", flat=True))


def current_signatures(patient: Patient) -> dict[str, Consent]:
    """The patient's signature of the current version of each kind, in whichever language
    they signed it."""
    newest = _newest_by_kind_and_language()
    current = {
        document.pk: kind
        for kind in ConsentKind.values
        for document in _signable(newest, kind).values()
    }
    signatures: dict[str, Consent] = {}
    for consent in Consent.objects.filter(patient=patient, document_id__in=current).select_related(
        "document"
    ):
        signatures.setdefault(current[consent.document_id], consent)
    return signatures


def unsigned_documents(patient: Patient, language: str | None = None) -> list[ConsentDocument]:
    """Current documents the patient has not signed in any language (a newer version counts
    as unsigned), each in `language` (by default the patient's own) where it exists."""
    current = current_documents(language or patient.user.language)
    signed = current_signatures(patient)
    return [current[kind] for kind in REQUIRED_KINDS if kind in current and kind not in signed]


def consents_complete(patient: Patient) -> bool:
    current = current_documents()
    if any(kind not in current for kind in REQUIRED_KINDS):
        return False
    return not unsigned_documents(patient)


def has_signed_an_older_version(patient: Patient, kind: str) -> bool:
    return Consent.objects.filter(patient=patient, document__kind=kind).exists()
