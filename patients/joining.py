"""Joining from the assessment: the web flow leaves the completed assessment's id in the
session; once the person has an account with a verified email and signs in, the
assessment joins their record and they become a patient.
"""

import uuid
from typing import Any

from allauth.account.models import EmailAddress
from django.http import HttpRequest

from accounts.models import User
from assessment.models import Assessment
from patients.actions import JOINABLE_OUTCOMES, do_join_from_assessment
from patients.models import Patient

# Set by the assessment web flow when an assessment completes.
COMPLETED_SESSION_KEY = "assessment.completed"


def completed_assessment(request: HttpRequest) -> Assessment | None:
    public_id = request.session.get(COMPLETED_SESSION_KEY) if hasattr(request, "session") else None
    try:
        parsed = uuid.UUID(str(public_id)) if public_id else None
    except ValueError:  # not one of our ids
        return None
    return Assessment.objects.filter(public_id=parsed).first() if parsed else None


def joinable(assessment: Assessment | None, user: User | None = None) -> bool:
    if assessment is None or assessment.outcome not in JOINABLE_OUTCOMES:
        return False
    return assessment.user_id is None or (user is not None and assessment.user_id == user.pk)


def claim_from_session(request: HttpRequest | None, user: User) -> Patient | None:
    """Join the person to the assessment in their session, once their email is verified."""
    if request is None or not hasattr(request, "session"):
        return None
    assessment = completed_assessment(request)
    if not joinable(assessment, user):
        return None
    if not EmailAddress.objects.filter(user=user, verified=True).exists():
        return None
    patient = do_join_from_assessment(user, assessment)
    if patient is not None:
        request.session.pop(COMPLETED_SESSION_KEY, None)
    return patient


def on_sign_in(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    claim_from_session(request, user)
