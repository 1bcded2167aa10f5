"""Building patients at each step of joining, through the real verbs (never rows by hand).

Shared by the tests of patients, billing, care and the browser tests.
"""

import datetime
import struct
import zlib
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.actions import do_create_person
from assessment.actions import do_complete_assessment
from assessment.models import Assessment
from patients import actions
from patients.consents import current_documents
from patients.models import Patient
from questionnaires.assessment.examples import IN_NEW_JERSEY, eligible_crps

AS_OF = datetime.date(2026, 11, 25)

# The answers of shared/vignettes/baseline_fl_crps.json: an eligible Floridian.
ANSWERS_FL: dict[str, Any] = eligible_crps()
ANSWERS_NJ: dict[str, Any] = eligible_crps(**IN_NEW_JERSEY)

PROFILE_FL: dict[str, Any] = {
    "legal_name": "Rosa Delgado",
    "date_of_birth": datetime.date(1980, 5, 17),
    "date_of_birth_differs": False,
    "phone": "+13055550123",
    "address_line1": "2100 South Bayshore Drive",
    "address_line2": "Apt 4",
    "city": "Miami",
    "state": "FL",
    "zip_code": "33133",
    "emergency_contact_name": "Luis Delgado",
    "emergency_contact_phone": "+13055550188",
    "emergency_contact_relationship": "Brother",
    "texts_allowed": True,
}
PROFILE_NJ: dict[str, Any] = {
    **PROFILE_FL,
    "legal_name": "Sean Murphy",
    "phone": "+19735550182",
    "address_line1": "1 Washington Street",
    "city": "Newark",
    "state": "NJ",
    "zip_code": "07102",
    "emergency_contact_phone": "+19735550199",
}


def complete_assessment(state: str = "FL", **changes: Any) -> Assessment:
    answers = {**(ANSWERS_NJ if state == "NJ" else ANSWERS_FL), **changes}
    return do_complete_assessment(answers, as_of=AS_OF)


def new_person(email: str) -> Any:
    return do_create_person(email, full_name="", password="a-long-pass-phrase-9", roles=())


def join(email: str = "rosa.delgado@example.com", state: str = "FL") -> Patient:
    patient = actions.do_join_from_assessment(new_person(email), complete_assessment(state))
    assert patient is not None
    return patient


def fill_profile(patient: Patient, **changes: Any) -> Patient:
    base = PROFILE_NJ if patient.state == "NJ" else PROFILE_FL
    profile = {**base, **changes}
    return actions.do_update_profile(patient, actions.ProfileChange(**profile), by=patient.user)


def name_monitor(patient: Patient) -> None:
    actions.do_name_monitor(
        patient,
        by=patient.user,
        name="Carmen Diaz",
        phone="+13055550144",
        relationship="Friend",
        confirmed_adult=True,
        guide_read=True,
    )


def tiny_png(width: int = 24, height: int = 16) -> bytes:
    """A real PNG image (grey noise), big enough to pass the upload's size check."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(
        b"\x00" + bytes((x * 7 + y * 13) % 256 for x in range(width)) for y in range(height)
    )
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def id_upload(name: str = "licence.png", content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content or tiny_png(), content_type="image/png")


def upload_id(patient: Patient) -> Any:
    return actions.do_upload_id(patient, id_upload(), by=patient.user)


def sign_consents(patient: Patient) -> None:
    for document in current_documents().values():
        actions.do_sign_consent(
            patient,
            document,
            by=patient.user,
            typed_name=patient.legal_name,
            shown_sha256=document.sha256,
        )


def standard_plan() -> Any:
    """The $250-a-month plan (billing.seeding owns its definition)."""
    from billing.seeding import ensure_standard_plan

    made: Any = ensure_standard_plan()
    return made[0] if isinstance(made, tuple) else made


def subscribe(patient: Patient, *, card: str = "4242424242424242") -> Any:
    """Pay for the standard plan through the local gateway, as the checkout page does."""
    from billing.actions import do_start_subscription
    from billing.standing import current_subscription
    from billing.webhooks import receive_webhook
    from integrations.payments.local_gateway import LocalGateway

    plan = standard_plan()
    do_start_subscription(
        patient, plan, by=patient.user, success_url="/billing/welcome/", cancel_url="/billing/"
    )
    subscription = patient.subscriptions.get(status="incomplete")
    for payload, signature in LocalGateway().complete_checkout(
        reference=str(subscription.public_id), plan=plan, card=card
    ):
        receive_webhook("local", payload.encode(), signature)
    return current_subscription(patient)


def ready_to_book(patient: Patient) -> Patient:
    """Profile, monitor, ID, consents and an active plan: everything before booking."""
    if not patient.profile_complete:
        fill_profile(patient)
    name_monitor(patient)
    upload_id(patient)
    sign_consents(patient)
    subscribe(patient)
    patient.refresh_from_db()
    return patient


def next_weekday_at(
    hour: int, *, days_ahead: int = 3, zone: str = "America/New_York"
) -> datetime.datetime:
    """A time some days from now, on the hour in the given zone."""
    from zoneinfo import ZoneInfo

    day = timezone.localdate() + datetime.timedelta(days=days_ahead)
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=ZoneInfo(zone))


def offer_time(clinician: Any, *, hour: int = 10, hours: int = 2, days_ahead: int = 3) -> Any:
    from care.consults import do_publish_availability

    starts = next_weekday_at(hour, days_ahead=days_ahead)
    return do_publish_availability(
        clinician, starts_at=starts, ends_at=starts + datetime.timedelta(hours=hours)
    )
