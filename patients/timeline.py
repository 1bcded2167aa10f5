"""Writing a patient's timeline: one row per step of their course.

Every app's verbs call `add_timeline_event`; the summary never holds health details.
"""

from typing import Any

from django.db.models import Q, QuerySet

from patients.models import Patient, TimelineEvent

PRACTICE_STEPS = (
    "patient.",
    "billing.",
    "care.consult_booked",
    "care.consult_rescheduled",
    "care.consult_cancelled",
)
"""Kinds of step that run the practice: joining, ID, consents, messages, billing, booking.
Every other step (a note, a diagnosis, a session, a check-in, an adverse event, a fill)
is part of the clinical record."""


def add_timeline_event(
    patient: Patient,
    kind: str,
    *,
    summary: str,
    actor: Any = None,
    detail: dict[str, Any] | None = None,
) -> TimelineEvent:
    signed_in = actor is not None and getattr(actor, "is_authenticated", False)
    return TimelineEvent.objects.create(
        patient=patient,
        kind=kind,
        actor=actor if signed_in else None,
        summary=summary,
        detail=detail or {},
    )


def timeline_shown(patient: Patient, *, clinical: bool) -> QuerySet[TimelineEvent]:
    """The patient's timeline, newest first, as someone sees it who may (`clinical`) or may
    not see the clinical record: a coordinator sees only the practice's steps."""
    events = patient.timeline.all()
    if clinical:
        return events
    practice = Q()
    for kind in PRACTICE_STEPS:
        practice |= Q(kind__startswith=kind)
    return events.filter(practice)
