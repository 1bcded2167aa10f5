"""Writing a patient's timeline: one row per step of their course.

A verb records a step of a patient's course with `record_step`: the audit event and the
timeline entry under one kind. `add_timeline_event` alone is for a step with no row of
its own to audit. The summary never holds health details.
"""

from typing import Any

from django.db.models import Model, Q, QuerySet

from accounts.models import User
from audit.events import record_event
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
    actor: User | None = None,
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


def record_step(
    patient: Patient,
    kind: str,
    target: Model,
    *,
    by: User | None,
    summary: str,
    audit: dict[str, Any] | None = None,
    timeline: dict[str, Any] | None = None,
) -> None:
    """One step of the patient's course: the audit event about `target` (with `audit` as
    its detail) and the timeline entry that says `summary` (with `timeline` as its detail,
    by default the id of `target`), both of kind `kind` and by `by`."""
    record_event(kind, actor=by, target=target, patient=patient, detail=audit)
    add_timeline_event(
        patient,
        kind,
        summary=summary,
        actor=by,
        detail={"id": target.pk} if timeline is None else timeline,
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
