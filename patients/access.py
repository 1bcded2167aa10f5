"""Who may see which patient, and the one way views fetch a patient's record.

`access_patient` both checks the caller and writes the audit event, so a view
cannot show health data without leaving a trace.
"""

import uuid
from enum import StrEnum

from django.http import Http404

from accounts.models import User
from accounts.roles import Role
from audit.events import record_event
from credentials.actions import licensed_states
from patients.models import Patient


class Scope(StrEnum):
    """What part of the record the caller needs."""

    CLINICAL = "clinical"  # notes, diagnoses, assessments, prescriptions, journal
    DEMOGRAPHICS = "demographics"  # name, contact, address, scheduling, billing
    PHARMACY = "pharmacy"  # what a fill and a shipment need
    MESSAGES = "messages"  # threads with the care team (clinicians: clinical threads only)
    IDENTITY = "identity"  # the photo ID: the patient and coordinators only


# What a coordinator may open: everything that runs the practice, nothing clinical.
_COORDINATOR_SCOPES = frozenset({Scope.DEMOGRAPHICS, Scope.MESSAGES, Scope.IDENTITY})


def can_access(user: User, patient: Patient, scope: Scope) -> bool:
    if not user.is_authenticated:
        return False
    if patient.user_id == user.pk:
        return True
    roles = user.roles
    if (
        Role.CLINICIAN in roles
        and scope != Scope.IDENTITY
        and patient.state in licensed_states(user.pk)
    ):
        return True
    if Role.COORDINATOR in roles and scope in _COORDINATOR_SCOPES:
        return True
    # The pharmacist for fills; the administrator for the controlled-substance
    # dispensing record (pharmacy views other than that record stay pharmacist-only).
    return bool(roles & {Role.PHARMACIST, Role.ADMIN}) and scope == Scope.PHARMACY


def access_patient(
    user: User,
    public_id: uuid.UUID | str,
    *,
    scope: Scope = Scope.CLINICAL,
    action: str = "patient.viewed",
) -> Patient:
    """Return the patient if `user` may see `scope` of the record, recording the access.

    Anyone else gets a 404, whether or not the patient exists, and the refusal is
    recorded too.
    """
    patient = Patient.objects.filter(public_id=public_id).first()
    if patient is None or not can_access(user, patient, scope):
        record_event(
            "patient.access_refused",
            actor=user,
            target=patient,
            patient=patient,
            detail={"scope": str(scope)},
        )
        raise Http404("No such patient")
    record_event(action, actor=user, target=patient, patient=patient, detail={"scope": str(scope)})
    return patient
