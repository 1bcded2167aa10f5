"""Verbs of the patient record: joining, profile, monitor, photo ID, consents, messages.

Each verb changes state in one transaction, writes an audit event and, where it is a
step of the patient's course, a timeline entry. Views, the admin and commands call
these; nothing else saves these models directly.
"""

import datetime
import hashlib
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from accounts.actions import do_grant_role
from accounts.models import User
from accounts.roles import Role
from assessment.actions import do_claim_assessment
from audit.events import record_event
from background.queue import enqueue
from foundation.middleware import current_request_context
from foundation.refusals import Refused
from patients.consents import (
    ENGLISH,
    REQUIRED_KINDS,
    TRANSLATED_FROM,
    shipped_text,
    signable_documents,
)
from patients.models import (
    Consent,
    ConsentDocument,
    IdentityDocument,
    IdentityStatus,
    Message,
    MessageThread,
    MessageTopic,
    Patient,
    TreatmentMonitor,
)
from patients.rules import county_of, pdf_has_active_content, time_zone_for
from patients.signals import joining_step_changed, moving_state
from patients.text import monitor_guide
from patients.timeline import add_timeline_event, record_step

JOINABLE_OUTCOMES = frozenset({"eligible", "clinician_review"})

MAX_ID_BYTES = 10 * 1024 * 1024
MIN_ID_BYTES = 100


class PatientRuleError(Refused):
    """A change the rules refuse; `field` names the form field it belongs to, if any."""

    code = "patient_rule"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__([message])
        self.message = message
        self.field = field


# Joining -------------------------------------------------------------------------


@transaction.atomic
def do_join_from_assessment(user: User, assessment: Any) -> Patient | None:
    """The person behind a completed assessment becomes a patient, the assessment in
    their record. None when the assessment cannot lead to care, belongs to someone
    else, or the person is staff."""
    if assessment.outcome not in JOINABLE_OUTCOMES or user.is_staff_member:
        return None
    claimed = do_claim_assessment(assessment, user)
    if claimed.user_id != user.pk:
        return None
    patient = Patient.objects.select_for_update().filter(user=user).first()
    if patient is not None:
        if patient.assessment_id is None:
            patient.assessment = claimed
            patient.save(update_fields=["assessment"])
        add_timeline_event(
            patient,
            "assessment.added",
            summary="A new online assessment joined the record",
            actor=user,
            detail={"assessment": str(claimed.public_id)},
        )
        return patient
    patient = Patient.objects.create(
        user=user, legal_name="", state=claimed.state, assessment=claimed
    )
    do_grant_role(user, Role.PATIENT, by=user)
    record_step(
        patient,
        "patient.joined",
        patient,
        by=user,
        summary="Created an account from the online assessment",
        audit={"assessment": str(claimed.public_id), "outcome": claimed.outcome},
        timeline={"assessment": str(claimed.public_id)},
    )
    return patient


def assessment_date_of_birth(patient: Patient) -> datetime.date | None:
    """The date of birth the patient gave in the assessment they joined from."""
    if patient.assessment is None:
        return None
    raw = patient.assessment.answers.get("date_of_birth")
    try:
        return datetime.date.fromisoformat(str(raw))
    except ValueError:
        return None


# Profile -------------------------------------------------------------------------


@dataclass(frozen=True)
class ProfileChange:
    legal_name: str
    date_of_birth: datetime.date
    date_of_birth_differs: bool
    phone: str
    address_line1: str
    address_line2: str
    city: str
    state: str
    zip_code: str
    emergency_contact_name: str
    emergency_contact_phone: str
    emergency_contact_relationship: str
    texts_allowed: bool = False


def check_state_change(patient: Patient, new_state: str) -> None:
    """Ask the layers above whether the patient may move to ``new_state``; a receiver of
    ``moving_state`` refuses with ``PatientRuleError`` (care: a booked visit may not be
    stranded with a clinician who is not licensed there)."""
    if new_state != patient.state:
        moving_state.send(sender=Patient, patient=patient, new_state=new_state)


@transaction.atomic
def do_update_profile(patient: Patient, change: ProfileChange, *, by: User) -> Patient:
    check_state_change(patient, change.state)
    before = {
        "state": patient.state,
        "zip_code": patient.zip_code,
        "date_of_birth": patient.date_of_birth,
        "legal_name": patient.legal_name,
    }
    first_time = patient.profile_completed_at is None
    patient.legal_name = change.legal_name
    patient.date_of_birth = change.date_of_birth
    patient.date_of_birth_differs = change.date_of_birth_differs
    patient.phone = change.phone
    patient.texts_allowed = change.texts_allowed
    patient.address_line1 = change.address_line1
    patient.address_line2 = change.address_line2
    patient.city = change.city
    patient.state = change.state
    patient.zip_code = change.zip_code
    patient.county = county_of(change.zip_code)
    patient.time_zone = time_zone_for(change.zip_code, change.state)
    patient.emergency_contact_name = change.emergency_contact_name
    patient.emergency_contact_phone = change.emergency_contact_phone
    patient.emergency_contact_relationship = change.emergency_contact_relationship
    if first_time:
        patient.profile_completed_at = timezone.now()
    patient.save()
    changed = sorted(
        key for key, value in before.items() if value != getattr(patient, key) and value
    )
    record_event(
        "patient.profile_updated",
        actor=by,
        target=patient,
        patient=patient,
        detail={"first_time": first_time, "changed": changed},
    )
    add_timeline_event(
        patient,
        "patient.profile_completed" if first_time else "patient.profile_updated",
        summary="Completed their profile" if first_time else "Updated their profile",
        actor=by,
        detail={"changed": changed},
    )
    if change.date_of_birth_differs and before["date_of_birth"] != change.date_of_birth:
        add_timeline_event(
            patient,
            "patient.date_of_birth_differs",
            summary="Confirmed a date of birth that differs from the assessment",
            actor=by,
        )
    if before["state"] and before["state"] != patient.state:
        add_timeline_event(
            patient,
            "patient.state_changed",
            summary=f"Moved their address from {before['state']} to {patient.state}",
            actor=by,
        )
    if before["legal_name"] != patient.legal_name or (
        before["date_of_birth"] and before["date_of_birth"] != patient.date_of_birth
    ):
        _send_id_back_to_review(patient, by=by)
    joining_step_changed.send(sender=Patient, patient=patient, by=by)
    return patient


def _send_id_back_to_review(patient: Patient, *, by: User) -> None:
    """The name or date of birth changed after the ID was checked: the ID goes back to a
    coordinator, and nothing is prescribed or dispensed until it is verified again (the
    prescribing gate and the pharmacy's checks both ask for a verified ID)."""
    document = latest_identity_document(patient)
    if document is None or document.status != IdentityStatus.VERIFIED:
        return
    document.status = IdentityStatus.SUBMITTED
    document.reviewed_by = None
    document.reviewed_at = None
    document.review_note = ""
    document.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
    record_step(
        patient,
        "patient.id_back_to_review",
        document,
        by=by,
        summary="Photo ID to be checked again after a change of name or date of birth",
        audit={"why": "name or date of birth changed"},
        timeline={},
    )


# Treatment monitor ----------------------------------------------------------------


@transaction.atomic
def do_name_monitor(
    patient: Patient,
    *,
    by: User,
    name: str,
    phone: str,
    relationship: str,
    confirmed_adult: bool,
    guide_read: bool,
) -> TreatmentMonitor:
    if not confirmed_adult:
        raise PatientRuleError(
            gettext("Your monitor must be 18 or older."), field="confirmed_adult"
        )
    if not guide_read:
        raise PatientRuleError(
            gettext("Your monitor needs to read the monitor guide first."), field="guide_read"
        )
    _, _, version = monitor_guide()
    monitor, created = TreatmentMonitor.objects.update_or_create(
        patient=patient,
        defaults={
            "name": name,
            "phone": phone,
            "relationship": relationship,
            "confirmed_adult": True,
            "guide_version": version,
            "guide_confirmed_at": timezone.now(),
            "updated_at": timezone.now(),
        },
    )
    record_step(
        patient,
        "patient.monitor_named",
        monitor,
        by=by,
        summary="Named a treatment monitor, who has read the monitor guide"
        if created
        else "Updated their treatment monitor",
        audit={"guide_version": version, "first_time": created},
        timeline={"guide_version": version},
    )
    return monitor


def monitor_ready(patient: Patient) -> bool:
    monitor = TreatmentMonitor.objects.filter(patient=patient).first()
    return bool(monitor and monitor.guide_version == monitor_guide()[2])


# Photo ID ------------------------------------------------------------------------

_SIGNATURES: tuple[tuple[bytes, int, str, str], ...] = (
    (b"\xff\xd8\xff", 0, "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", 0, "image/png", "png"),
    (b"%PDF-", 0, "application/pdf", "pdf"),
    (b"ftypheic", 4, "image/heic", "heic"),
    (b"ftypheix", 4, "image/heic", "heic"),
    (b"ftypmif1", 4, "image/heic", "heic"),
)


def check_identity_upload(upload: UploadedFile) -> tuple[str, str]:
    """(content type, extension) of an acceptable photo ID, read from its first bytes
    rather than its name; PatientRuleError otherwise."""
    size = upload.size or 0
    if size > MAX_ID_BYTES:
        raise PatientRuleError(
            gettext(
                "That file is larger than 10 MB. Take the photo again at a lower resolution, "
                "or upload a smaller copy."
            ),
            field="document",
        )
    if size < MIN_ID_BYTES:
        raise PatientRuleError(
            gettext("That file is empty or too small to show an ID. Choose the photo again."),
            field="document",
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for signature, offset, content_type, extension in _SIGNATURES:
        if head[offset : offset + len(signature)] == signature:
            if content_type == "application/pdf":
                _check_pdf(upload)
            return content_type, extension
    raise PatientRuleError(
        gettext(
            "Upload a photo (JPEG, PNG or HEIC) or a PDF of your ID. Other kinds of file "
            "cannot be read."
        ),
        field="document",
    )


def _check_pdf(upload: UploadedFile) -> None:
    content = b"".join(upload.chunks())
    upload.seek(0)
    if pdf_has_active_content(content):
        raise PatientRuleError(
            gettext(
                "That PDF contains scripts, links or actions that a photo ID does not need, "
                "so it cannot be accepted. Take a photo of your ID instead, or save it again "
                "as a plain PDF."
            ),
            field="document",
        )


@transaction.atomic
def do_upload_id(patient: Patient, upload: UploadedFile, *, by: User) -> IdentityDocument:
    """Keep the patient's photo ID. While one waits to be checked, a new upload replaces it
    (its file is deleted), so a coordinator checks only the latest and no pile builds up;
    a verified ID is not replaced."""
    content_type, extension = check_identity_upload(upload)
    waiting = IdentityDocument.objects.filter(patient=patient, status=IdentityStatus.SUBMITTED)
    latest = latest_identity_document(patient)
    if latest is not None and latest.status == IdentityStatus.VERIFIED:
        raise PatientRuleError(gettext("Your photo ID is already verified."), field="document")
    for replaced in waiting:
        replaced.file.delete(save=False)
        record_event("patient.id_replaced", actor=by, target=replaced, patient=patient)
        replaced.delete()
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    document = IdentityDocument(
        patient=patient,
        content_type=content_type,
        size=upload.size or 0,
        sha256=digest.hexdigest(),
    )
    # The stored name is random; the name on the patient's phone is never kept.
    document.file.save(f"upload.{extension}", upload, save=False)
    document.save()
    record_step(
        patient,
        "patient.id_uploaded",
        document,
        by=by,
        summary="Uploaded a photo ID",
        audit={"content_type": content_type, "size": document.size},
        timeline={},
    )
    joining_step_changed.send(sender=Patient, patient=patient, by=by)
    return document


def latest_identity_document(patient: Patient) -> IdentityDocument | None:
    return IdentityDocument.objects.filter(patient=patient).first()


def identity_provided(patient: Patient) -> bool:
    """The patient has done their part: an ID that is verified or waiting to be checked."""
    document = latest_identity_document(patient)
    return document is not None and document.status != IdentityStatus.ASKED_AGAIN


def _check_reviewable(document: IdentityDocument) -> None:
    if document.status != IdentityStatus.SUBMITTED:
        raise PatientRuleError("This ID has already been reviewed.")
    if latest_identity_document(document.patient) != document:
        raise PatientRuleError("The patient has uploaded a newer ID; review that one instead.")


@transaction.atomic
def do_verify_id(document: IdentityDocument, *, by: User) -> IdentityDocument:
    document = IdentityDocument.objects.select_for_update().get(pk=document.pk)
    _check_reviewable(document)
    document.status = IdentityStatus.VERIFIED
    document.reviewed_by = by
    document.reviewed_at = timezone.now()
    document.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    record_step(
        document.patient,
        "patient.id_verified",
        document,
        by=by,
        summary="Photo ID verified",
        timeline={},
    )
    return document


@transaction.atomic
def do_ask_for_id_again(document: IdentityDocument, *, by: User, reason: str) -> IdentityDocument:
    document = IdentityDocument.objects.select_for_update().get(pk=document.pk)
    _check_reviewable(document)
    document.status = IdentityStatus.ASKED_AGAIN
    document.reviewed_by = by
    document.reviewed_at = timezone.now()
    document.review_note = reason
    document.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
    record_step(
        document.patient,
        "patient.id_asked_again",
        document,
        by=by,
        summary="Asked to upload the photo ID again",
        audit={"reason": reason},
        timeline={},
    )
    enqueue("patients.tasks.send_id_asked_again_notice", document.patient.user_id)
    return document


# Consents ------------------------------------------------------------------------


def names_match(typed: str, legal_name: str) -> bool:
    def key(text: str) -> str:
        return " ".join(text.casefold().replace(".", " ").split())

    return bool(legal_name) and key(typed) == key(legal_name)


@transaction.atomic
def do_sign_consent(
    patient: Patient,
    document: ConsentDocument,
    *,
    by: User,
    typed_name: str,
    shown_sha256: str,
) -> Consent:
    """Sign exactly the version shown: typed name, time, address and the text's hash."""
    current = signable_documents(document.kind).get(document.language)
    if current is None or current.pk != document.pk or shown_sha256 != document.sha256:
        raise PatientRuleError(
            gettext(
                "This document was updated while you were reading it. Please read the new "
                "version below before signing."
            ),
            field="typed_name",
        )
    if not patient.profile_complete:
        raise PatientRuleError(gettext("Please complete your profile before signing."))
    if not names_match(typed_name, patient.legal_name):
        raise PatientRuleError(
            gettext("Type your full legal name exactly as it is in your profile: %(name)s.")
            % {"name": patient.legal_name},
            field="typed_name",
        )
    existing = Consent.objects.filter(patient=patient, document=document).first()
    if existing is not None:
        return existing
    context = current_request_context()
    consent = Consent.objects.create(
        patient=patient,
        document=document,
        document_sha256=document.sha256,
        typed_name=" ".join(typed_name.split()),
        ip=context.ip,
        user_agent=context.user_agent,
    )
    record_step(
        patient,
        "patient.consent_signed",
        consent,
        by=by,
        summary=(
            f"Signed: {document.title} (version {document.version})"
            if document.language == ENGLISH
            else f"Signed: {document.title} ({document.language_name} version {document.version})"
        ),
        audit={
            "kind": document.kind,
            "language": document.language,
            "version": document.version,
            "sha256": document.sha256,
        },
        timeline={
            "kind": document.kind,
            "language": document.language,
            "version": document.version,
        },
    )
    joining_step_changed.send(sender=Patient, patient=patient, by=by)
    return consent


@transaction.atomic
def do_publish_consent_document(
    kind: str,
    *,
    title: str,
    body: str,
    language: str = ENGLISH,
    translates_sha256: str = "",
    by: User | None = None,
) -> ConsentDocument:
    """Publish a text as the next version of its kind in its language (the same text is
    not republished).

    Patients who signed an earlier version are asked to sign this one before the next
    step that needs it. A translation (language other than English) names the English
    version it says the same as by that version's hash; it is offered to sign only while
    that English version is the current one.
    """
    if language == ENGLISH:
        translates_sha256 = ""
    digest = ConsentDocument.hash_text(title, body)
    latest = (
        ConsentDocument.objects.select_for_update()
        .filter(kind=kind, language=language)
        .order_by("-version")
        .first()
    )
    if latest is not None and (latest.sha256, latest.translates_sha256) == (
        digest,
        translates_sha256,
    ):
        return latest
    document = ConsentDocument.objects.create(
        kind=kind,
        language=language,
        version=(latest.version + 1) if latest else 1,
        title=title,
        body=body,
        sha256=digest,
        translates_sha256=translates_sha256,
    )
    record_event(
        "consent_document.published",
        actor=by,
        target=document,
        detail={
            "kind": kind,
            "language": language,
            "version": document.version,
            "sha256": digest,
            **({"translates_sha256": translates_sha256} if translates_sha256 else {}),
        },
    )
    return document


def publish_shipped_documents() -> list[ConsentDocument]:
    """Publish each text in patients/consent_texts/ (and its translations in
    consent_texts/<language>/) that differs from its latest version."""
    published = []
    for kind in REQUIRED_KINDS:
        title, body = shipped_text(kind)
        published.append(do_publish_consent_document(kind, title=title, body=body))
        for language, sources in TRANSLATED_FROM.items():
            title, body = shipped_text(kind, language)
            published.append(
                do_publish_consent_document(
                    kind,
                    title=title,
                    body=body,
                    language=language,
                    translates_sha256=sources[kind],
                )
            )
    return published


# Messages ------------------------------------------------------------------------


def can_see_thread(user: User, thread: MessageThread) -> bool:
    """On top of access_patient(scope=MESSAGES): clinicians see only clinical threads."""
    if thread.patient.user_id == user.pk or Role.COORDINATOR in user.roles:
        return True
    return Role.CLINICIAN in user.roles and thread.is_clinical


@transaction.atomic
def do_start_thread(
    patient: Patient, *, by: User, subject: str, topic: str, body: str
) -> MessageThread:
    if topic not in MessageTopic.values:
        raise PatientRuleError(gettext("Choose what your message is about."), field="topic")
    thread = MessageThread.objects.create(patient=patient, subject=subject, topic=topic)
    record_event(
        "patient.thread_started",
        actor=by,
        target=thread,
        patient=patient,
        detail={"topic": topic},
    )
    do_send_message(thread, by=by, body=body)
    return thread


@transaction.atomic
def do_send_message(thread: MessageThread, *, by: User, body: str) -> Message:
    text = body.strip()
    if not text:
        raise PatientRuleError(gettext("Write your message before sending it."), field="body")
    from_patient = thread.patient.user_id == by.pk
    if not from_patient and not can_see_thread(by, thread):
        raise PatientRuleError(gettext("You cannot write in this conversation."))
    message = Message.objects.create(thread=thread, author=by, from_patient=from_patient, body=text)
    thread.last_message_at = message.sent_at
    thread.awaiting_care_team = from_patient
    thread.is_open = True
    thread.save(update_fields=["last_message_at", "awaiting_care_team", "is_open"])
    record_step(
        thread.patient,
        "patient.message_sent",
        message,
        by=by,
        summary="Sent a message to the care team" if from_patient else "The care team replied",
        audit={"thread": str(thread.public_id), "from_patient": from_patient},
        timeline={"thread": str(thread.public_id)},
    )
    enqueue("patients.tasks.send_new_message_notice", message.pk)
    return message


@transaction.atomic
def do_triage_thread(
    thread: MessageThread, *, by: User, topic: str, is_open: bool
) -> MessageThread:
    """A coordinator routes a thread (clinical ones reach clinicians) or closes it."""
    if Role.COORDINATOR not in by.roles:
        raise PatientRuleError("Only care coordinators triage messages.")
    if topic not in MessageTopic.values:
        raise PatientRuleError("Choose a topic.", field="topic")
    before = {"topic": thread.topic, "is_open": thread.is_open}
    thread.topic = topic
    thread.is_open = is_open
    if not is_open:
        thread.awaiting_care_team = False
    thread.save(update_fields=["topic", "is_open", "awaiting_care_team"])
    record_event(
        "patient.thread_triaged",
        actor=by,
        target=thread,
        patient=thread.patient,
        detail={"before": before, "topic": topic, "is_open": is_open},
    )
    return thread
