"""Writing a patient's timeline: one row per step of their course.

Every app's verbs call `add_timeline_event`; the summary never holds health details.
"""

from typing import Any

from patients.models import Patient, TimelineEvent


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
