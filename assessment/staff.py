"""Staff looking at completed assessments: clinicians see those from the states where
they hold an active licence, and no one else sees any (the answers are health data; an
administrator's view of patients is the dispensing record only). Every look is audited.
"""

from django.db.models import QuerySet
from django.http import Http404

from accounts.models import User
from accounts.roles import Role
from assessment.models import Assessment
from audit.events import record_event
from credentials.actions import licensed_states

RECENT = 200


def visible_assessments(user: User) -> QuerySet[Assessment]:
    if Role.CLINICIAN in user.roles:
        return Assessment.objects.filter(state__in=licensed_states(user.pk))
    return Assessment.objects.none()


def assessments_for(user: User) -> list[Assessment]:
    rows = list(visible_assessments(user).order_by("-completed_at")[:RECENT])
    record_event("assessment.list_viewed", actor=user, detail={"count": len(rows)})
    return rows


def access_assessment(user: User, public_id: str) -> Assessment:
    assessment = visible_assessments(user).filter(public_id=public_id).first()
    if assessment is None:
        record_event("assessment.access_refused", actor=user, detail={"public_id": str(public_id)})
        raise Http404("No such assessment")
    record_event("assessment.viewed", actor=user, target=assessment)
    return assessment
