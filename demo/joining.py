"""Demo people taken through joining by the real verbs: an assessment, a profile, a
monitor, a verified photo ID, every consent and a paid plan (``ready_for_care``), and
clinicians' open hours to book."""

import datetime
import struct
import zlib
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import User
from assessment.actions import do_complete_assessment
from billing.actions import do_start_subscription
from billing.models import Plan
from billing.standing import current_subscription
from billing.webhooks import receive_webhook
from care.consults import do_publish_availability
from care.models import ClinicianAvailability
from integrations.payments import stripe_configured
from integrations.payments.local_gateway import PAYS, LocalGateway
from patients import actions
from patients.actions import ProfileChange, do_join_from_assessment
from patients.consents import unsigned_documents
from patients.models import Patient
from questionnaires.assessment.examples import eligible_crps

DEMO_ANSWERS: dict[str, object] = eligible_crps()


def sample_id_image() -> bytes:
    """A plain grey PNG standing in for a photo ID in the demo."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    width, height = 320, 200
    rows = b"".join(b"\x00" + bytes([200]) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def give_assessment(user: User, answers: dict[str, object]) -> Patient | None:
    patient = Patient.objects.filter(user=user).first()
    if patient is not None and patient.assessment_id is not None:
        return patient
    dob = patient.date_of_birth if patient is not None else None
    if dob is not None:
        answers = {**answers, "date_of_birth": dob.isoformat()}
    return do_join_from_assessment(user, do_complete_assessment(answers))


def offer_weekday_mornings(clinician: User, hour: int) -> None:
    eastern = ZoneInfo("America/New_York")
    today = timezone.localdate()
    for ahead in range(1, 15):
        day = today + datetime.timedelta(days=ahead)
        if day.weekday() >= 5:
            continue
        starts = datetime.datetime.combine(day, datetime.time(hour), tzinfo=eastern)
        ends = starts + datetime.timedelta(hours=3)
        if not ClinicianAvailability.objects.filter(
            clinician=clinician, starts_at__lt=ends, ends_at__gt=starts
        ).exists():
            do_publish_availability(clinician, starts_at=starts, ends_at=ends)


def ready_for_care(user: User, coordinator: User, profile: ProfileChange) -> Patient:
    """Assessment, profile, a monitor, a verified photo ID, consents and a paid plan."""
    patient = give_assessment(user, DEMO_ANSWERS)
    assert patient is not None
    if not patient.profile_complete:
        actions.do_update_profile(patient, profile, by=user)
    if not actions.monitor_ready(patient):
        actions.do_name_monitor(
            patient,
            by=user,
            name="Carmen Diaz",
            phone="+13055550144",
            relationship="Friend",
            confirmed_adult=True,
            guide_read=True,
        )
    if actions.latest_identity_document(patient) is None:
        upload = SimpleUploadedFile("id.png", sample_id_image(), content_type="image/png")
        document = actions.do_upload_id(patient, upload, by=user)
        actions.do_verify_id(document, by=coordinator)
    for consent_document in unsigned_documents(patient):
        actions.do_sign_consent(
            patient,
            consent_document,
            by=user,
            typed_name=profile.legal_name,
            shown_sha256=consent_document.sha256,
        )
    subscription = current_subscription(patient)
    if (subscription is None or not subscription.is_live) and not stripe_configured():
        plan = Plan.objects.filter(active=True).order_by("price_cents").first()
        if plan is not None:
            do_start_subscription(patient, plan, by=user, success_url="/", cancel_url="/")
            pending = patient.subscriptions.filter(status="incomplete").first()
            if pending is not None:
                for payload, signature in LocalGateway().complete_checkout(
                    reference=str(pending.public_id), plan=plan, card=PAYS
                ):
                    receive_webhook("local", payload.encode(), signature)
    patient.refresh_from_db()
    return patient
