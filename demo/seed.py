"""Create the demo practice. Safe to run again: what exists is left as it is."""

import datetime
from collections.abc import Iterator

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.db import transaction
from django.utils import timezone

from accounts.actions import do_create_person, do_grant_role
from accounts.models import User
from accounts.roles import Role
from billing.seeding import ensure_standard_plan
from care.consults import CHANGE_CUTOFF, do_book_consult, open_slots, upcoming_consult
from credentials.models import DeaRegistration, Licence
from demo.joining import DEMO_ANSWERS, give_assessment, offer_weekday_mornings, ready_for_care
from demo.people import DEMO_PASSWORD, PATIENTS, STAFF, Persona
from demo.treatment import seed_hold, seed_treatment
from patients import actions
from patients.actions import publish_shipped_documents
from patients.models import Patient

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


def _maria_done_everything(maria: User, coordinator: User, clinician: User) -> None:
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
        # Two days ahead at least, so the demo (and the tests built on it) can still move or
        # cancel the visit online, which closes 24 hours before it.
        soonest = timezone.now() + CHANGE_CUTOFF * 2
        slots = [
            slot
            for slot in open_slots(patient)
            if slot.clinician.pk == clinician.pk and slot.starts_at >= soonest
        ]
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
    publish_shipped_documents()
    ensure_standard_plan()
    offer_weekday_mornings(people["clinician_fl"], 9)
    offer_weekday_mornings(people["clinician_nj"], 13)
    with transaction.atomic():
        _maria_done_everything(people["patient_fl"], people["coordinator"], people["clinician_fl"])
        seed_treatment(people)
        seed_hold(people)
        give_assessment(
            people["patient_nj"], {**DEMO_ANSWERS, "state": "NJ", "county": "Essex", "zip": "07102"}
        )
