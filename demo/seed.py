"""Create the demo practice. Safe to run again: what exists is left as it is."""

import datetime
from collections.abc import Iterator
from typing import TYPE_CHECKING

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.db import transaction

from accounts.actions import do_create_person, do_grant_role
from accounts.models import User
from accounts.roles import Role
from clinical.assessment.examples import eligible_crps
from credentials.models import DeaRegistration, Licence
from demo.people import DEMO_PASSWORD, PATIENTS, STAFF, Persona
from patients.models import Patient

if TYPE_CHECKING:
    from patients.actions import ProfileChange

LICENCE_EXPIRY = datetime.date(2028, 1, 31)


def ensure_person(persona: Persona) -> User:
    user = User.objects.filter(email=persona.email).first()
    if user is None:
        user = do_create_person(
            persona.email, full_name=persona.full_name, password=DEMO_PASSWORD, roles=persona.roles
        )
        if Role.ADMIN in persona.roles:
            User.objects.filter(pk=user.pk).update(is_staff=True, is_superuser=True)
    for role in persona.roles:
        do_grant_role(user, role)
    if (
        persona.totp_secret
        and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    ):
        TOTP.activate(user, persona.totp_secret)
    for number, state in enumerate(persona.licence_states, start=1):
        Licence.objects.get_or_create(
            clinician=user,
            state=state,
            defaults={
                "number": f"{state}ME{100000 + user.pk * 10 + number}",
                "expires_on": LICENCE_EXPIRY,
            },
        )
        DeaRegistration.objects.get_or_create(
            clinician=user,
            state=state,
            defaults={"number": f"BR{1234560 + user.pk:07d}"[:9], "expires_on": LICENCE_EXPIRY},
        )
    if persona.patient_state:
        Patient.objects.get_or_create(
            user=user,
            defaults={
                "legal_name": persona.full_name,
                "date_of_birth": persona.date_of_birth,
                "state": persona.patient_state,
            },
        )
    return user


@transaction.atomic
def seed_people() -> Iterator[tuple[Persona, User]]:
    for persona in (*STAFF, *PATIENTS):
        yield persona, ensure_person(persona)


# Joining: the demo patients at different stages -------------------------------------
#
# Maria (Florida) has done everything: profile, monitor, photo ID (verified), consents,
# an active plan and a video visit booked with Dr Rivera. James (New Jersey) has just
# joined from his assessment. Clinicians offer time over the coming weekdays.

DEMO_ANSWERS: dict[str, object] = eligible_crps()


def _sample_id_image() -> bytes:
    """A plain grey PNG standing in for a photo ID in the demo."""
    import struct
    import zlib

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


def _give_assessment(user: User, answers: dict[str, object]) -> Patient | None:
    from assessment.actions import do_complete_assessment
    from patients.actions import do_join_from_assessment

    patient = Patient.objects.filter(user=user).first()
    if patient is not None and patient.assessment_id is not None:
        return patient
    dob = patient.date_of_birth if patient is not None else None
    if dob is not None:
        answers = {**answers, "date_of_birth": dob.isoformat()}
    return do_join_from_assessment(user, do_complete_assessment(answers))


def _offer_weekday_mornings(clinician: User, hour: int) -> None:
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    from care.consults import do_publish_availability
    from care.models import ClinicianAvailability

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


def ready_for_care(user: User, coordinator: User, profile: "ProfileChange") -> Patient:
    """Assessment, profile, a monitor, a verified photo ID, consents and a paid plan."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from billing.standing import current_subscription
    from billing.webhooks import receive_webhook
    from integrations.payments import stripe_configured
    from integrations.payments.local_gateway import PAYS, LocalGateway
    from patients import actions
    from patients.consents import unsigned_documents

    patient = _give_assessment(user, DEMO_ANSWERS)
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
        upload = SimpleUploadedFile("id.png", _sample_id_image(), content_type="image/png")
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
        from billing.actions import do_start_subscription
        from billing.models import Plan

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


def _maria_done_everything(maria: User, coordinator: User, clinician: User) -> None:
    from care.consults import do_book_consult, open_slots, upcoming_consult
    from patients import actions

    patient = ready_for_care(
        maria,
        coordinator,
        actions.ProfileChange(
            legal_name="Maria Gomez",
            date_of_birth=datetime.date(1980, 5, 17),
            date_of_birth_differs=False,
            phone="+13055550123",
            address_line1="2100 South Bayshore Drive",
            address_line2="Apt 4",
            city="Miami",
            state="FL",
            zip_code="33133",
            emergency_contact_name="Luis Gomez",
            emergency_contact_phone="+13055550188",
            texts_allowed=True,
            emergency_contact_relationship="Brother",
        ),
    )
    if upcoming_consult(patient) is None:
        slots = [slot for slot in open_slots(patient) if slot.clinician.pk == clinician.pk]
        if slots:
            do_book_consult(patient, slots[0].value, by=maria)
    if not patient.threads.exists():
        thread = actions.do_start_thread(
            patient,
            by=maria,
            subject="Before my first visit",
            topic="scheduling",
            body="Hello, should I have my blood pressure monitor with me at the video visit?",
        )
        actions.do_send_message(
            thread,
            by=coordinator,
            body="Yes please, and a list of the medicines you take. See you soon!",
        )


def seed_joining(people: dict[str, User]) -> None:
    """The demo patients at different stages of joining (idempotent)."""
    from billing.seeding import ensure_standard_plan
    from demo.treatment import seed_hold, seed_treatment
    from patients.actions import publish_shipped_documents

    publish_shipped_documents()
    ensure_standard_plan()
    _offer_weekday_mornings(people["clinician_fl"], 9)
    _offer_weekday_mornings(people["clinician_nj"], 13)
    with transaction.atomic():
        _maria_done_everything(people["patient_fl"], people["coordinator"], people["clinician_fl"])
        seed_treatment(people)
        seed_hold(people)
        _give_assessment(
            people["patient_nj"], {**DEMO_ANSWERS, "state": "NJ", "county": "Essex", "zip": "07102"}
        )
