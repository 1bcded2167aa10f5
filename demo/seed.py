"""Create the demo practice. Safe to run again: what exists is left as it is."""

import datetime
from collections.abc import Iterator

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.db import transaction

from accounts.actions import do_create_person, do_grant_role
from accounts.models import User
from accounts.roles import Role
from care.models import DeaRegistration, Licence
from demo.people import DEMO_PASSWORD, PATIENTS, STAFF, Persona
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
